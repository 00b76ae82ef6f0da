package org.hoverla.hal.gnss;

import org.hoverla.testsupport.SocatPtyPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.UbxTestFrames.ascii;
import static org.hoverla.hal.gnss.UbxTestFrames.concat;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.bus.JSerialCommUart;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real jSerialComm path: GNSS bytes written into one end of a socat pseudo-terminal pair, paced
 * at the receiver's baud rate, come out of {@link JSerialCommUart} + {@link SerialGnssReceiver} at
 * the other end as the same fixes the parsers give for the same bytes fed directly. Skipped (with a
 * line) without socat, like SerialLinkTest; the real capture is skipped without the data set.
 */
class SerialGnssSocatTest {

    private static final Pattern PTY = Pattern.compile("PTY is (\\S+)");
    private static final long WAIT_NS = 15_000_000_000L;
    private static final int CHUNK = 64;

    /** One epoch as both paths see it. */
    record Fix(int fixType, double latDeg, double lonDeg, double altMslM, long utcMs) {
        static Fix of(GnssSample s, long utcMs) {
            return new Fix(s.fixType, s.latDeg, s.lonDeg, s.altMslM, utcMs);
        }
    }

    private SocatPtyPair socat;

    @BeforeEach
    void startSocat() throws Exception {
        socat = SocatPtyPair.start("SerialGnssSocatTest");
    }

    @AfterEach
    void stopSocat() throws Exception {
        if (socat != null) {
            socat.close();
        }
    }

    /** The fixes the parsers give for {@code bytes} fed in one go (NMEA flushed at the end, as the receiver does on silence). */
    static List<Fix> direct(byte[] bytes) {
        List<Fix> fixes = new ArrayList<>();
        UbxParser[] ubx = new UbxParser[1];
        ubx[0] = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample s) {
                fixes.add(Fix.of(s, ubx[0].hasUtcTime() ? ubx[0].utcTimeMs() : -1));
            }
        });
        NmeaParser nmea = new NmeaParser(f -> fixes.add(Fix.of(f.sample,
                f.hasDate && f.utcTimeOfDayMs >= 0 ? f.utcEpochMs() : -1)));
        ubx[0].feed(bytes, 0, bytes.length);
        nmea.feed(bytes, 0, bytes.length);
        nmea.flush();
        return fixes;
    }

    /** Writes {@code bytes} into the far end at about {@code baud}, and returns the fixes the receiver produced. */
    private List<Fix> throughPty(byte[] bytes, int baud, int expected) throws Exception {
        List<Fix> got = new CopyOnWriteArrayList<>();
        SerialGnssReceiver[] holder = new SerialGnssReceiver[1];
        // A 1 s quiet flush: a scheduler hiccup on a loaded machine must not split an epoch.
        SerialGnssReceiver.Config config = new SerialGnssReceiver.Config(1024, 50, 500_000_000L, 2_000_000_000L,
                1_000_000_000L, false);
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> JSerialCommUart.open(socat.near(), baud),
                s -> got.add(Fix.of(s, holder[0].lastFixUtcMs())), System::nanoTime, config);
        holder[0] = rx;
        Thread driver = new Thread(rx, "gnss-driver");
        driver.setDaemon(true);
        driver.start();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            long deadline = System.nanoTime() + WAIT_NS;
            while (rx.opens() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(rx.opens()).as("port opened").isEqualTo(1);
            // Paced by chunk: 10 bits per byte at 8N1.
            long chunkNs = CHUNK * 10L * 1_000_000_000L / baud;
            long next = System.nanoTime();
            for (int off = 0; off < bytes.length; off += CHUNK) {
                far.write(bytes, off, Math.min(CHUNK, bytes.length - off));
                far.flush();
                next += chunkNs;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            while ((got.size() < expected || rx.bytesRead() < bytes.length) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(rx.bytesRead()).as("bytes through the pty").isEqualTo(bytes.length);
            assertThat(rx.readErrors()).isZero();
            System.out.printf("SerialGnssSocatTest: %d bytes at %d baud -> %d fixes, parser errors %d%n",
                    rx.bytesRead(), baud, rx.fixes(), rx.parserErrors());
        } finally {
            rx.stop();
            driver.join(5_000);
        }
        assertThat(driver.isAlive()).as("driver thread ended").isFalse();
        return new ArrayList<>(got);
    }

    @Test
    void shouldTurnHandWrittenNmeaIntoTheSameFixesAsTheParser() throws Exception {
        // Given three NMEA epochs (GGA + RMC) with boot noise before them
        byte[] bytes = concat(ascii("garbage\r\n$GPG"),
                SerialGnssReceiverTest.withChecksums(SerialGnssReceiverTest.NMEA
                        + "$GPGGA,123521.00,4807.040,N,01131.002,E,1,09,0.8,545.6,M,46.9,M,,*00\r\n"
                        + "$GPRMC,123521.00,A,4807.040,N,01131.002,E,022.4,084.4,230394,003.1,W*00\r\n"));
        List<Fix> expected = direct(bytes);

        // When they are written into the pty at 9600 baud
        List<Fix> got = throughPty(bytes, 9600, expected.size());

        // Then the same fixes come out
        assertThat(expected).hasSize(3);
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(got.get(2).utcMs()).isPositive();
    }

    @Test
    void shouldTurnAUbxNavPvtStreamIntoTheSameFixesAsTheParser() throws Exception {
        // Given five NAV-PVT epochs after some receiver boot text
        byte[] bytes = concat(ascii("u-blox boot\r\n"), pvtFrame(1000), pvtFrame(2000), pvtFrame(3000),
                pvtFrame(4000), pvtFrame(5000));
        List<Fix> expected = direct(bytes);

        // When written at 38400 baud
        List<Fix> got = throughPty(bytes, 38400, expected.size());

        // Then
        assertThat(expected).hasSize(5);
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldTurnARealNmeaCaptureIntoTheSameFixesAsTheParser() throws Exception {
        // Given gpsd's BU-353-S4 capture (SiRF IV, NMEA), as its bytes, header included
        byte[] bytes = Files.readAllBytes(TestData.file("gnss/bu353s4.log"));
        List<Fix> expected = direct(bytes);

        // When written at 38400 baud
        List<Fix> got = throughPty(bytes, 38400, expected.size());

        // Then every epoch comes out the same: count, fix, position, altitude, time
        assertThat(expected).isNotEmpty();
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldCountAndRetryWhenThePortVanishes() throws Exception {
        // Given a receiver getting fixes through the pty
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> JSerialCommUart.open(socat.near(), 38400), s -> { },
                System::nanoTime);
        Thread driver = new Thread(rx, "gnss-driver");
        driver.setDaemon(true);
        driver.start();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            long deadline = System.nanoTime() + WAIT_NS;
            while (rx.opens() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            far.write(concat(pvtFrame(1000), pvtFrame(2000)));
            far.flush();
            while (rx.fixes() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(rx.healthy()).isTrue();

            // When socat dies: both pseudo-terminals vanish
            socat.process().destroy();
            assertThat(socat.process().waitFor(5, TimeUnit.SECONDS)).isTrue();
            while ((rx.readErrors() == 0 || rx.openFailures() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            // Then the failed read is counted, the receiver is unhealthy, and reopening is retried
            System.out.printf("SerialGnssSocatTest: port gone -> read errors %d, failed reopens %d%n",
                    rx.readErrors(), rx.openFailures());
            assertThat(rx.readErrors()).isEqualTo(1);
            assertThat(rx.openFailures()).isPositive();
            assertThat(rx.healthy()).isFalse();
            assertThat(driver.isAlive()).isTrue();
        } finally {
            rx.stop();
            driver.join(5_000);
        }
        assertThat(driver.isAlive()).isFalse();
    }

    @Test
    void shouldRefuseAPathWithNoDevice() {
        // Given / When / Then: a clear error, not a hang
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JSerialCommUart.open("/dev/hoverla-no-such-tty", 9600))
                .isInstanceOf(org.hoverla.hal.bus.BusException.class)
                .hasMessageContaining("/dev/hoverla-no-such-tty");
    }
}
