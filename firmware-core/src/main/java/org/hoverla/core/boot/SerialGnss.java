package org.hoverla.core.boot;

import java.util.function.Consumer;
import org.hoverla.core.time.Clock;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.bus.JSerialCommUart;
import org.hoverla.hal.gnss.SerialGnssReceiver;

/**
 * A GNSS receiver on a serial port, as a board file names it ({@code uart: {path, baud}}): a
 * {@link SerialGnssReceiver} (UBX and NMEA) on its own driver thread, handing each fix to the
 * flight thread through a {@link BackendChannel.GnssChannel}, with the receiver's read and parser
 * errors stamped on the samples so the GNSS frontend sees them. A port that is missing at boot is
 * not a boot error: the receiver keeps trying to open it, and the GNSS checks refuse to arm
 * until fixes come (a USB receiver may enumerate late).
 *
 * <p>A {@code ublox} chip gets the u-blox set-up at each start-up and after each reboot the
 * receiver shows ({@link SerialGnssReceiver.UbxSetup#defaults}: baud detection from the board's
 * rate, then configuration by ACK); a set-up failure is a counted, retried error with its reason
 * in {@link #status()}, never a hang of the boot. An {@code nmea} chip is read as it comes. Every
 * field of the samples (UTC time, velocity valid, jamming and spoofing state) crosses to the flight
 * thread whole through the channel's seqlock copy.
 */
final class SerialGnss implements AutoCloseable {
    private final BackendChannel.GnssChannel channel;
    private final SerialGnssReceiver receiver;
    private Thread thread;

    private SerialGnss(BackendChannel.GnssChannel channel, SerialGnssReceiver receiver) {
        this.channel = channel;
        this.receiver = receiver;
    }

    static SerialGnss open(DeviceConfig.Bus.Uart uart, BackendChannel.GnssChannel channel, Clock clock) {
        return open(uart, channel, clock, false);
    }

    /** @param ublox whether the receiver is a u-blox to detect and configure */
    static SerialGnss open(DeviceConfig.Bus.Uart uart, BackendChannel.GnssChannel channel, Clock clock,
                           boolean ublox) {
        return open(() -> JSerialCommUart.open(uart.path(), uart.baud()), channel, clock,
                ublox ? SerialGnssReceiver.UbxSetup.defaults(uart.baud()) : null);
    }

    /** For tests: any port opener and set-up. */
    static SerialGnss open(SerialGnssReceiver.PortOpener opener, BackendChannel.GnssChannel channel, Clock clock,
                           SerialGnssReceiver.UbxSetup setup) {
        ErrorStamp stamp = new ErrorStamp(channel);
        SerialGnssReceiver receiver = new SerialGnssReceiver(opener, stamp, clock::nanoTime,
                SerialGnssReceiver.Config.defaults(), setup);
        stamp.receiver = receiver;
        return new SerialGnss(channel, receiver);
    }

    /** Copies the receiver's error count onto each fix, then publishes it (receiver thread). */
    private static final class ErrorStamp implements Consumer<GnssSample> {
        private final BackendChannel.GnssChannel channel;
        private SerialGnssReceiver receiver;

        ErrorStamp(BackendChannel.GnssChannel channel) {
            this.channel = channel;
        }

        @Override
        public void accept(GnssSample sample) {
            // Set-up failures and receiver reboots are faults of the receiver too: the frontend's
            // health sees the count move.
            channel.setErrorCount(receiver.readErrors() + receiver.parserErrors() + receiver.setupFailures()
                    + receiver.receiverReboots());
            channel.accept(sample);
        }
    }

    /** One line for logs and status: set-up state, counters, the last set-up error. */
    String status() {
        SerialGnssReceiver r = receiver;
        return "setup " + r.setupState() + (r.baudRate() > 0 ? " at " + r.baudRate() + " baud" : "")
                + ", configured " + r.configurations() + "x, reboots " + r.receiverReboots()
                + ", set-up failures " + r.setupFailures()
                + (r.lastSetupError().isEmpty() ? "" : " (" + r.lastSetupError() + ")")
                + ", fixes " + r.fixes() + ", parser errors " + r.parserErrors() + ", read errors " + r.readErrors()
                + (r.healthy() ? ", healthy" : ", not healthy");
    }

    BackendChannel.GnssChannel channel() {
        return channel;
    }

    SerialGnssReceiver receiver() {
        return receiver;
    }

    synchronized void start() {
        thread = new Thread(receiver, "driver-gnss");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        receiver.stop();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
