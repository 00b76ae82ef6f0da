package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sensors.GnssFrontend;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.GnssInstances;
import org.hoverla.hal.GnssSample;
import org.hoverla.testsupport.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two serial GNSS receivers named in a board file, each on its own socat pseudo-terminal pair,
 * through jSerialComm, their driver threads and the seqlock channels to the GNSS frontend on the
 * test's "flight" loop: the primary degrades (loses its fix) and the second takes over; the
 * primary recovers and is taken back; the primary dies (silence) and the second takes over again.
 * Each switch is one STATUSTEXT. Wall-clock (real ports), bounded; skipped without socat.
 */
class SerialGnssFailoverBoardTest {
    private SocatPtyPair first;
    private SocatPtyPair second;

    @AfterEach
    void stopSocat() throws InterruptedException {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private static String nmea(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return "$" + body + String.format("*%02X\r\n", sum);
    }

    /** One 5 Hz epoch (GGA + RMC) at {@code tenths} of a second; with or without a fix. */
    private static byte[] epoch(long tenths, boolean fix, String lat) {
        String t = String.format("12%02d%02d.%d0", tenths / 600 % 60, tenths / 10 % 60, tenths % 10);
        String gga = fix ? "GPGGA," + t + "," + lat + ",N,00832.0000,E,1,09,0.9,488.0,M,47.0,M,,"
                : "GPGGA," + t + ",,,,,0,00,99.9,,M,,M,,";
        String rmc = fix ? "GPRMC," + t + ",A," + lat + ",N,00832.0000,E,0.10,45.0,041226,,,A"
                : "GPRMC," + t + ",V,,,,,,,041226,,,N";
        return (nmea(gga) + nmea(rmc)).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldSwitchReceiversWhenThePrimaryDegradesRecoversAndDies() throws Exception {
        // Given a board with two NMEA receivers, the first preferred
        first = SocatPtyPair.start("SerialGnssFailoverBoardTest");
        second = SocatPtyPair.start("SerialGnssFailoverBoardTest");
        BoardConfig board = BoardFile.parse("b.yaml", "board: two-gnss\nbuses: fake\ndevices:\n"
                + "  - role: imu\n    chip: mpu6050\n    i2c: {bus: 1, address: 0x68}\n"
                + "  - role: gnss\n    chip: nmea\n    uart: {path: " + first.near() + ", baud: 38400}\n    priority: 10\n"
                + "  - role: gnss\n    chip: nmea\n    uart: {path: " + second.near() + ", baud: 38400}\n    priority: 5\n",
                false);
        FlightParams params = new FlightParams(new ParamStore());
        BootDevices devices = BoardDevices.open(board, params, SystemClock.INSTANCE, FakeBuses.create(3), s -> { });
        FlightBus bus = new FlightBus();
        List<String> events = new ArrayList<>();
        VehicleEvent event = new VehicleEvent();
        try (FileOutputStream a = new FileOutputStream(first.far());
             FileOutputStream b = new FileOutputStream(second.far())) {
            devices.start();
            assertThat(devices.devices().gnss()).isInstanceOf(GnssInstances.class);
            GnssFrontend frontend = new GnssFrontend(((GnssInstances) devices.devices().gnss()).instances(),
                    bus.gnssRaw.advertise(), bus.sensorsStatusGnss.advertise(), bus.events);
            int[] selectedAt = new int[4];
            long tenths = 0;
            // Phases of 5 s: both good; A without fix; A good again (returns after 5 s of equal quality);
            // A silent (dead).
            for (int phase = 0; phase < 4; phase++) {
                long phaseEnd = System.nanoTime() + (phase == 2 ? 8_000_000_000L : 5_000_000_000L);
                long nextEpoch = System.nanoTime();
                while (System.nanoTime() < phaseEnd) {
                    if (System.nanoTime() - nextEpoch >= 0) {
                        tenths += 2;
                        if (phase != 3) {
                            write(a, epoch(tenths, phase != 1, "4724.0000"));
                        }
                        write(b, epoch(tenths, true, "4724.6000"));
                        nextEpoch += 200_000_000L;
                    }
                    frontend.run(System.nanoTime());
                    while (bus.events.poll(event)) {
                        events.add(event.text);
                    }
                    Thread.sleep(4);
                }
                selectedAt[phase] = frontend.selected();
            }

            // Then A, B (A lost its fix), A (back after the hold), B (A died), each switch announced once
            System.out.println("SerialGnssFailoverBoardTest: " + events);
            assertThat(selectedAt).containsExactly(0, 1, 0, 1);
            assertThat(events).hasSize(3);
            assertThat(events.get(0)).contains("better than").endsWith("switched to gnss2:nmea");
            assertThat(events.get(1)).contains("recovered, switched back from gnss2:nmea");
            assertThat(events.get(2)).startsWith("GNSS gnss1:nmea failed, switched to gnss2:nmea");
            GnssSample published = new GnssSample();
            bus.gnssRaw.subscribe().copy(published);
            assertThat(published.latDeg).isCloseTo(47.41, org.assertj.core.data.Offset.offset(1e-9));
        } finally {
            devices.close();
        }
    }

    private static void write(FileOutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }
}
