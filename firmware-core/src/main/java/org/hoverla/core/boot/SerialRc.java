package org.hoverla.core.boot;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;
import org.hoverla.hal.bus.AnyRateUart;
import org.hoverla.hal.bus.JSerialCommUart;
import org.hoverla.hal.rc.SerialRcReceiver;

/**
 * An RC receiver on a serial port, as a board file names it:
 * <pre>
 *   - role: rc
 *     chip: crsf                                   # or sbus
 *     uart: {path: /dev/ttyAMA0}                   # baud: 420000 for crsf (default), 100000 for sbus
 *     options: {link_timeout_ms: 500, telemetry: 1}
 * </pre>
 * A {@link SerialRcReceiver} on its own driver thread ({@code driver-rc}) reads the port through
 * jSerialComm ({@link AnyRateUart}: CRSF at 420 000 baud 8N1, SBUS at 100 000 baud 8E2) and hands
 * each frame to the flight thread through a seqlock {@link Topic}: {@link #receiver()} is the
 * {@link RcReceiver} the flight stack polls, allocation-free and never waiting. A port missing at
 * boot is not a boot error: it is reopened every 0.5 s, as {@link SerialGnss} does, and until then
 * the flight stack sees no RC (the RC checks refuse to arm). CRSF telemetry (battery, attitude,
 * flight mode) is read from the flight bus by {@link CrsfFlightTelemetry} once {@link
 * #attach(FlightBus)} has been called at boot.
 */
final class SerialRc implements AutoCloseable {
    /** CRSF: the rate ExpressLRS and Crossfire receivers use by default (TBS CRSF specification). */
    static final int CRSF_BAUD = 420_000;
    /** SBUS: fixed by the protocol (Futaba), 8 data bits, even parity, 2 stop bits. */
    static final int SBUS_BAUD = 100_000;
    /** Rates a CRSF receiver may be set to besides 420 000 (ExpressLRS receivers offer higher ones). */
    static final List<Integer> CRSF_RATES = List.of(115_200, 400_000, 416_666, 420_000, 460_800, 921_600, 1_870_000);

    private final RcChannel channel;
    private final SerialRcReceiver receiver;
    private final boolean telemetry;
    private Thread thread;

    private SerialRc(RcChannel channel, SerialRcReceiver receiver, boolean telemetry) {
        this.channel = channel;
        this.receiver = receiver;
        this.telemetry = telemetry;
    }

    static boolean isRcChip(String chip) {
        return "crsf".equals(chip) || "sbus".equals(chip);
    }

    /** The rate a board file may leave out. */
    static int defaultBaud(String chip) {
        return "sbus".equals(chip) ? SBUS_BAUD : CRSF_BAUD;
    }

    /** @return why {@code baud} does not suit the chip, or null when it does */
    static String baudProblem(String chip, int baud) {
        if ("sbus".equals(chip)) {
            return baud == SBUS_BAUD ? null : "SBUS runs at " + SBUS_BAUD + " baud only, not " + baud;
        }
        return CRSF_RATES.contains(baud) ? null : baud + " is not a CRSF rate " + CRSF_RATES + " (receivers default to "
                + CRSF_BAUD + ")";
    }

    static SerialRc open(DeviceConfig d, Clock clock) {
        DeviceConfig.Bus.Uart uart = (DeviceConfig.Bus.Uart) d.bus();
        boolean sbus = "sbus".equals(d.chip());
        long timeoutNs = (long) (d.option("link_timeout_ms", 500) * 1_000_000L);
        boolean telemetry = !sbus && d.option("telemetry", 1) >= 1;
        RcChannel channel = new RcChannel("input_rc_" + d.chip());
        SerialRcReceiver.PortOpener opener = sbus
                ? () -> AnyRateUart.open(uart.path(), uart.baud(), JSerialCommUart.Parity.EVEN, 2, 2)
                : () -> AnyRateUart.open(uart.path(), uart.baud(), JSerialCommUart.Parity.NONE, 1, 10);
        SerialRcReceiver receiver = new SerialRcReceiver(sbus ? SerialRcReceiver.Protocol.SBUS
                : SerialRcReceiver.Protocol.CRSF, opener, channel::publish, clock::nanoTime, timeoutNs,
                telemetry ? SerialRcReceiver.DEFAULT_TELEMETRY_PERIOD_NS : 0,
                SerialRcReceiver.DEFAULT_RETRY_INTERVAL_NS);
        return new SerialRc(channel, receiver, telemetry);
    }

    /** The flight-thread side. */
    RcReceiver receiver() {
        return channel;
    }

    /** The driver: its counters (bad CRC, bad length, skipped bytes, …) for status and tests. */
    SerialRcReceiver driver() {
        return receiver;
    }

    /** Boot thread, before {@link #start()}: CRSF telemetry reads the flight state from this bus. */
    void attach(FlightBus bus) {
        if (telemetry) {
            receiver.telemetrySource(new CrsfFlightTelemetry(bus));
        }
    }

    synchronized void start() {
        thread = new Thread(receiver, "driver-rc");
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

    /**
     * The hand-over: the driver thread publishes into a seqlock topic, the flight thread copies the
     * newest sample out (never waiting, never allocating); {@link #poll} is true once per new sample.
     */
    static final class RcChannel implements RcReceiver {
        private final Publication<RcInputSample> publication;
        private final Subscription<RcInputSample> subscription;

        RcChannel(String name) {
            Topic<RcInputSample> topic = new Topic<>(name, new RcInputSample(), RcInputSample::copyFrom);
            publication = topic.advertise();
            subscription = topic.subscribe();
        }

        /** Driver thread. */
        void publish(RcInputSample sample) {
            publication.publish(sample);
        }

        /** Flight thread. */
        @Override
        public boolean poll(RcInputSample dst) {
            return subscription.update(dst);
        }
    }
}
