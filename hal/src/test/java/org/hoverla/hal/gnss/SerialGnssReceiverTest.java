package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.UbxTestFrames.ascii;
import static org.hoverla.hal.gnss.UbxTestFrames.concat;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.UartPort;
import org.junit.jupiter.api.Test;

/** The receiver driven through a fake UART: decoding, allocation, an unplugged receiver. */
class SerialGnssReceiverTest {

    static final String NMEA = "$GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*5F\r\n"
            + "$GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*7B\r\n"
            + "$GPGGA,123520.00,4807.039,N,01131.001,E,1,08,0.9,545.5,M,46.9,M,,*5F\r\n"
            + "$GPRMC,123520.00,A,4807.039,N,01131.001,E,022.4,084.4,230394,003.1,W*7B\r\n";

    /** A UART that serves a byte stream in fixed chunks, endlessly, and can be "unplugged". */
    static final class FakeUart implements UartPort {
        final byte[] stream;
        final int chunk;
        int pos;
        boolean unplugged;
        boolean closed;
        boolean once;
        long served;

        FakeUart(byte[] stream, int chunk) {
            this.stream = stream;
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] dst, int off, int len, int timeoutMs) throws BusException {
            if (unplugged || closed) {
                throw new BusException(BusException.Kind.IO, "gone");
            }
            if (once && served >= stream.length) {
                return 0;
            }
            int n = Math.min(Math.min(chunk, len), stream.length - pos);
            served += n;
            System.arraycopy(stream, pos, dst, off, n);
            pos = (pos + n) % stream.length;
            return n;
        }

        @Override
        public void write(byte[] src, int off, int len) {
        }

        @Override
        public void setBaud(int baud) {
        }

        @Override
        public String path() {
            return "fake";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Fixed checksums are computed here so the snippet stays readable. */
    static byte[] withChecksums(String sentences) {
        StringBuilder out = new StringBuilder();
        for (String line : sentences.split("\r\n")) {
            String body = line.substring(1, line.indexOf('*'));
            int x = 0;
            for (char c : body.toCharArray()) {
                x ^= c;
            }
            out.append('$').append(body).append(String.format("*%02X\r\n", x));
        }
        return ascii(out.toString());
    }

    @Test
    void shouldHandEveryUbxAndNmeaEpochToTheSinkStampedWithTheReceiveTime() {
        // Given a mixed stream (two NAV-PVT and two NMEA epochs) read in 7-byte chunks
        byte[] stream = concat(pvtFrame(1000), withChecksums(NMEA), pvtFrame(2000));
        FakeUart uart = new FakeUart(stream, 7);
        long[] clock = {1_000};
        List<GnssSample> got = new ArrayList<>();
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> uart, s -> {
            GnssSample c = new GnssSample();
            c.copyFrom(s);
            got.add(c);
        }, () -> clock[0] += 1_000);

        // When the stream is read once through
        while (rx.bytesRead() < stream.length) {
            rx.pollOnce();
        }

        // Then both UBX epochs and both NMEA epochs (the parser learned RMC ends the cycle) came out in order
        assertThat(got).hasSize(4);
        assertThat(got.get(0).latDeg).isCloseTo(50.4501234, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got.get(1).latDeg).isCloseTo(48.1173, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got.get(2).latDeg).isCloseTo(48.11731667, org.assertj.core.data.Offset.offset(1e-8));
        assertThat(got.get(3).lonDeg).isCloseTo(30.4567891, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got).allSatisfy(s -> assertThat(s.timestampSampleNs).isPositive());
        assertThat(got.get(0).timestampSampleNs).isLessThan(got.get(3).timestampSampleNs);
        assertThat(rx.parserErrors()).isZero();
        assertThat(rx.healthy()).isTrue();
        assertThat(rx.fixes()).isEqualTo(4);
    }

    @Test
    void shouldFlushTheNmeaEpochWhenTheLineGoesQuiet() {
        // Given one NMEA epoch, then silence
        byte[] stream = withChecksums(NMEA.substring(0, NMEA.indexOf("$GPGGA,123520")));
        FakeUart uart = new FakeUart(stream, 64);
        uart.once = true;
        long[] clock = {0};
        List<Long> times = new ArrayList<>();
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> uart, s -> times.add(clock[0]), () -> clock[0]);

        // When 0.2 s and then 0.4 s of silence follow
        for (int i = 0; i < 3; i++) {
            rx.pollOnce();
            clock[0] += 100_000_000L;
        }
        long before = rx.fixes();
        for (int i = 0; i < 3; i++) {
            rx.pollOnce();
            clock[0] += 100_000_000L;
        }

        // Then the epoch comes out only after the quiet time (0.3 s)
        assertThat(before).isZero();
        assertThat(rx.fixes()).isEqualTo(1);
    }

    @Test
    void shouldCountRetryAndRecoverWhenTheReceiverIsUnplugged() {
        // Given a receiver delivering fixes
        byte[] stream = concat(pvtFrame(1000), pvtFrame(2000));
        List<FakeUart> plugged = new ArrayList<>();
        boolean[] present = {true};
        long[] clock = {0};
        long[] delivered = {0};
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> {
            if (!present[0]) {
                throw new BusException(BusException.Kind.IO, "no such device");
            }
            FakeUart u = new FakeUart(stream, 50);
            plugged.add(u);
            return u;
        }, s -> delivered[0]++, () -> clock[0]);
        for (int i = 0; i < 10; i++) {
            rx.pollOnce();
            clock[0] += 10_000_000L;
        }
        assertThat(rx.healthy()).isTrue();
        long fixesBefore = rx.fixes();

        // When it is unplugged for 1.2 s (reads fail, the device is gone), then plugged back
        plugged.get(0).unplugged = true;
        present[0] = false;
        for (int i = 0; i < 120; i++) {
            assertThat(rx.pollOnce()).isFalse();
            assertThat(rx.healthy()).isFalse();
            clock[0] += 10_000_000L;
        }
        present[0] = true;
        for (int i = 0; i < 60; i++) {
            rx.pollOnce();
            clock[0] += 10_000_000L;
        }

        // Then the failure was counted, reopening retried every 0.5 s, and fixes resumed
        assertThat(rx.readErrors()).isEqualTo(1);
        assertThat(plugged.get(0).closed).isTrue();
        assertThat(rx.openFailures()).isEqualTo(2);
        assertThat(rx.opens()).isEqualTo(2);
        assertThat(rx.fixes()).isGreaterThan(fixesBefore);
        assertThat(rx.healthy()).isTrue();
    }

    @Test
    void shouldTurnUnhealthyOnBadChecksumsAndStaleData() {
        // Given a healthy receiver
        byte[] bad = pvtFrame(3000);
        bad[20] ^= 1;
        byte[] stream = concat(pvtFrame(1000), pvtFrame(2000));
        FakeUart uart = new FakeUart(concat(stream, bad), 100);
        long[] clock = {0};
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> uart, s -> { }, () -> clock[0] += 1_000_000L);
        rx.pollOnce();
        rx.pollOnce();
        assertThat(rx.healthy()).isTrue();

        // When the corrupted frame arrives
        rx.pollOnce();

        // Then it is counted and the receiver is unhealthy until a clean fix
        assertThat(rx.parserErrors()).isEqualTo(1);
        assertThat(rx.healthy()).isFalse();
    }

    @Test
    void shouldSurviveASinkThatThrows() throws Exception {
        // Given a sink that throws at every fix, run on its own thread
        FakeUart uart = new FakeUart(pvtFrame(1000), 100);
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> uart, s -> {
            throw new IllegalStateException("sink bug");
        }, System::nanoTime);
        Thread t = new Thread(rx, "gnss-test");
        t.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (rx.internalErrors() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        rx.stop();
        t.join(5_000);

        // Then the loop kept going and ended on stop, closing the port
        assertThat(t.isAlive()).isFalse();
        assertThat(rx.internalErrors()).isGreaterThanOrEqualTo(3);
        assertThat(uart.closed).isTrue();
    }

    @Test
    void shouldNotAllocatePerRead() {
        // Given a mixed UBX + NMEA stream with a corrupted frame, read in odd chunks
        byte[] bad = pvtFrame(3);
        bad[30] ^= 1;
        byte[] stream = concat(pvtFrame(1), withChecksums(NMEA), bad, pvtFrame(2), new byte[] {1, 2, '$', 0x00});
        FakeUart uart = new FakeUart(stream, 37);
        long[] sink = {0};
        SerialGnssReceiver rx = new SerialGnssReceiver(() -> uart, s -> sink[0] += s.satellitesUsed, System::nanoTime);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            rx.pollOnce();
        }

        // When it reads 3 windows of 10 000 chunks
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                rx.pollOnce();
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }

        // Then the smallest window allocated nothing, and fixes came out
        assertThat(smallest).isZero();
        assertThat(rx.fixes()).isGreaterThan(1000);
        assertThat(sink[0]).isPositive();
    }
}
