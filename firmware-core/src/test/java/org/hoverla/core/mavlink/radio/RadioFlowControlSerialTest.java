package org.hoverla.core.mavlink.radio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.RadioStatus;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.link.LinkSpec;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.SerialLink;
import org.hoverla.core.mavlink.telemetry.AutopilotVersionService;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.testsupport.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flow-control wiring over the real jSerialComm path: a radio at the far end of a socat
 * pseudo-terminal pair reports its buffer with RADIO_STATUS, and the ATTITUDE stream the
 * vehicle sends through the port slows down and comes back (skipped without socat). Wall-clock
 * windows of 2 s; the assertions leave a factor of two either way.
 */
class RadioFlowControlSerialTest {
    private static final long WINDOW_MS = 2000;
    private static final int SIK_SYSTEM = '3';
    private static final int SIK_COMPONENT = 'D';

    private SocatPtyPair socat;
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, System::nanoTime);
    private final ConcurrentLinkedQueue<Long> attitudeArrivals = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);

    @BeforeEach
    void startSocat() throws Exception {
        socat = SocatPtyPair.start("RadioFlowControlSerialTest");
    }

    @AfterEach
    void stop() throws Exception {
        reading.set(false);
        manager.close();
        if (socat != null) {
            socat.close();
        }
    }

    private long attitudesInNextWindow() throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(WINDOW_MS);
        long end = System.nanoTime();
        return attitudeArrivals.stream().filter(t -> t >= start && t < end).count();
    }

    @Test
    void shouldSlowStreamsWhileTheRadioBufferIsFullAndRecoverWhenItEmpties() throws Exception {
        // Given a vehicle's telemetry (ATTITUDE 20 Hz) and radio service on a serial link
        FlightBus bus = new FlightBus();
        bus.attitude.advertise().publish(new VehicleAttitude());
        VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 1L);
        StatusTextSender texts = new StatusTextSender(manager);
        TelemetryService telemetry = new TelemetryService(bus, identity, manager,
                new AutopilotVersionService(identity, 0L), null, System.nanoTime(), texts);
        RadioStatusService radio = new RadioStatusService(texts, manager::stats);
        telemetry.linkConditions(radio);
        manager.addService(radio);
        manager.addService(telemetry);
        SerialLink link = (SerialLink) manager.open(LinkSpec.parse("serial:" + socat.near() + ":57600"));
        manager.eventLoop().submit(() -> telemetry.addLink(link)).get();
        try (FileOutputStream radioOut = new FileOutputStream(socat.far());
             FileInputStream radioIn = new FileInputStream(socat.far())) {
            MavlinkConnection far = MavlinkConnection.create(radioIn, radioOut);
            Thread reader = new Thread(() -> {
                try {
                    while (reading.get()) {
                        MavlinkMessage<?> m = far.next();
                        if (m == null) {
                            return;
                        }
                        if (m.getPayload() instanceof Attitude) {
                            attitudeArrivals.add(System.nanoTime());
                        }
                    }
                } catch (IOException e) {
                    // port closed at the end of the test
                }
            }, "far-end reader");
            reader.setDaemon(true);
            reader.start();
            long fullRate = attitudesInNextWindow();

            // When the radio (SiK ids, MAVLink 1) reports an empty buffer five times, and a ground
            // station's relayed RADIO_STATUS says the same
            for (int i = 0; i < 5; i++) {
                far.send1(SIK_SYSTEM, SIK_COMPONENT, status(0));
            }
            far.send1(255, 190, status(0));
            await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(() -> radio.quality(link) != null
                    && radio.quality(link).flow().reports() == 5 && radio.quality(link).ignoredStatus() == 1));
            long throttled = attitudesInNextWindow();

            // Then ATTITUDE runs at 0.8^5 = 33 % of its rate
            assertThat(onLoop(() -> radio.rateMultiplier(link, System.nanoTime()))).isBetween(0.32, 0.33);
            assertThat(throttled).isLessThan(fullRate / 2);

            // When the radio reports room 50 times (1.025^50 > 3.4)
            for (int i = 0; i < 50; i++) {
                far.send1(SIK_SYSTEM, SIK_COMPONENT, status(100));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(() -> radio.rateMultiplier(link, System.nanoTime()) == 1.0));
            long recovered = attitudesInNextWindow();

            // Then the stream is back at its rate
            System.out.printf("RadioFlowControlSerialTest: ATTITUDE per %d ms: %d full, %d throttled, %d recovered%n",
                    WINDOW_MS, fullRate, throttled, recovered);
            assertThat(fullRate).isGreaterThan(20);
            assertThat(recovered).isGreaterThan(fullRate / 2);
            assertThat(recovered).isGreaterThan(throttled * 2);
        }
    }

    private static RadioStatus status(int txbuf) {
        return RadioStatus.builder().rssi(150).remrssi(140).txbuf(txbuf).noise(30).remnoise(31).rxerrors(0).fixed(0).build();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> c) throws Exception {
        return manager.eventLoop().submit(c).get(5, TimeUnit.SECONDS);
    }

}
