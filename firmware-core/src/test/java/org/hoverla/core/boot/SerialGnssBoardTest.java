package org.hoverla.core.boot;

import org.hoverla.testsupport.SocatPtyPair;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.param.ParamStore;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A board file's serial GNSS receiver ({@code uart: {path, baud}}) brought up by the boot code:
 * NMEA written into one end of a socat pseudo-terminal pair reaches the flight thread's GNSS
 * device as fixes, through jSerialComm, the receiver's driver thread and the seqlock channel.
 * Skipped with one line without socat, as the serial link tests are.
 */
class SerialGnssBoardTest {
    private SocatPtyPair socat;

    @AfterEach
    void stopSocat() throws InterruptedException {
        if (socat != null) {
            socat.close();
        }
    }

    /** An NMEA sentence with its checksum. */
    private static String nmea(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return "$" + body + String.format("*%02X\r\n", sum);
    }

    @Test
    void shouldDeliverFixesFromASerialReceiverNamedInTheBoardFile() throws Exception {
        // Given a board whose GNSS is an NMEA receiver on one end of a pseudo-terminal pair
        socat = SocatPtyPair.start("SerialGnssBoardTest");
        BoardConfig board = BoardFile.parse("b.yaml", "board: serial\nbuses: fake\ndevices:\n"
                + "  - role: imu\n    chip: mpu6050\n    i2c: {bus: 1, address: 0x68}\n"
                + "  - role: gnss\n    chip: nmea\n    uart: {path: " + socat.near() + ", baud: 9600}\n", false);
        FlightParams params = new FlightParams(new ParamStore());
        List<String> log = new ArrayList<>();
        BootDevices devices = BoardDevices.open(board, params, SystemClock.INSTANCE, FakeBuses.create(3), log::add);
        try {
            devices.start();
            assertThat(log).contains("gnss: nmea on uart " + socat.near() + " at 9600 baud");
            // When a receiver writes one-second epochs at the other end
            GnssSample fix = new GnssSample();
            boolean got = false;
            long deadline = System.nanoTime() + 15_000_000_000L;
            try (FileOutputStream receiver = new FileOutputStream(socat.far())) {
                for (int s = 10; !got && System.nanoTime() < deadline; s++) {
                    String t = String.format("1234%02d.00", s % 60);
                    receiver.write((nmea("GPGGA," + t + ",4724.0000,N,00832.0000,E,1,09,0.9,488.0,M,47.0,M,,")
                            + nmea("GPRMC," + t + ",A,4724.0000,N,00832.0000,E,0.10,45.0,041226,,,A"))
                            .getBytes(StandardCharsets.US_ASCII));
                    receiver.flush();
                    for (int i = 0; i < 20 && !got; i++) {
                        LockSupport.parkNanos(50_000_000L);
                        got = devices.devices().gnss().poll(fix);
                    }
                }
            }
            // Then the flight thread's GNSS device has the receiver's 3-D fix
            assertThat(got).as("a fix within 15 s").isTrue();
            assertThat(fix.fixType).isEqualTo(GnssSample.FIX_3D);
            assertThat(fix.latDeg).isCloseTo(47.4, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(fix.lonDeg).isCloseTo(8.533333333, org.assertj.core.data.Offset.offset(1e-8));
            assertThat(fix.altMslM).isCloseTo(488.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(fix.satellitesUsed).isEqualTo(9);
        } finally {
            devices.close();
        }
    }
}
