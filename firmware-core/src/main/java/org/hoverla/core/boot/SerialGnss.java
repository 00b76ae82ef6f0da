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
        ErrorStamp stamp = new ErrorStamp(channel);
        SerialGnssReceiver receiver = new SerialGnssReceiver(() -> JSerialCommUart.open(uart.path(), uart.baud()),
                stamp, clock::nanoTime);
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
            channel.setErrorCount(receiver.readErrors() + receiver.parserErrors());
            channel.accept(sample);
        }
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
