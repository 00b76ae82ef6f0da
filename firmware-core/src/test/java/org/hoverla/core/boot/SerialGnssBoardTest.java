package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.param.ParamStore;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A board file's serial GNSS receiver ({@code uart: {path, baud}}) brought up by the boot code:
 * NMEA written into one end of a socat pseudo-terminal pair reaches the flight thread's GNSS
 * device as fixes, through jSerialComm, the receiver's driver thread and the seqlock channel.
 * Skipped with one line without socat, as the serial link tests are.
 */
class SerialGnssBoardTest {
    private Process socat;
    private final List<String> ptys = new ArrayList<>();

    @AfterEach
    void stopSocat() throws InterruptedException {
        if (socat != null) {
            socat.destroy();
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private void startSocat() throws IOException {
        try {
            socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
        } catch (IOException e) {
            System.out.println("SerialGnssBoardTest skipped: socat is not installed (" + e.getMessage() + ")");
            Assumptions.abort("socat is not installed");
        }
        BufferedReader err = new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.UTF_8));
        Pattern pty = Pattern.compile("PTY is (\\S+)");
        String line;
        while (ptys.size() < 2 && (line = err.readLine()) != null) {
            Matcher m = pty.matcher(line);
            if (m.find()) {
                ptys.add(m.group(1));
            }
        }
        assertThat(ptys).hasSize(2);
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
        startSocat();
        BoardConfig board = BoardFile.parse("b.yaml", "board: serial\nbuses: fake\ndevices:\n"
                + "  - role: imu\n    chip: mpu6050\n    i2c: {bus: 1, address: 0x68}\n"
                + "  - role: gnss\n    chip: nmea\n    uart: {path: " + ptys.get(0) + ", baud: 9600}\n", false);
        FlightParams params = new FlightParams(new ParamStore());
        List<String> log = new ArrayList<>();
        BootDevices devices = BoardDevices.open(board, params, SystemClock.INSTANCE, FakeBuses.create(3), log::add);
        try {
            devices.start();
            assertThat(log).contains("gnss: nmea on uart " + ptys.get(0) + " at 9600 baud");
            // When a receiver writes one-second epochs at the other end
            GnssSample fix = new GnssSample();
            boolean got = false;
            long deadline = System.nanoTime() + 15_000_000_000L;
            try (FileOutputStream receiver = new FileOutputStream(ptys.get(1))) {
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
