package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hoverla.hal.gnss.GnssBaudRateDetector.Protocol;
import org.hoverla.hal.gnss.GnssBaudRateDetector.Status;
import org.junit.jupiter.api.Test;

class GnssBaudRateDetectorTest {
    private static final long MS = 1_000_000L;

    /**
     * A receiver at {@code actualBaud}: at the right rate the port reads its frames (UBX NAV-PVT
     * every 100 ms, or an NMEA GGA every second); at a wrong rate, the same volume of noise.
     */
    private static final class SimulatedPort {
        final int actualBaud;
        final boolean nmea;
        final Random noise = new Random(7);
        int portBaud;
        final List<Integer> opened = new ArrayList<>();

        SimulatedPort(int actualBaud, boolean nmea) {
            this.actualBaud = actualBaud;
            this.nmea = nmea;
        }

        byte[] read(long nowNs) {
            boolean due = nmea ? nowNs % (1000 * MS) == 0 : nowNs % (100 * MS) == 0;
            if (!due) {
                return new byte[0];
            }
            byte[] frame = nmea
                    ? UbxTestFrames.ascii("$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76\r\n")
                    : UbxTestFrames.pvtFrame(nowNs / MS);
            if (portBaud == actualBaud) {
                return frame;
            }
            byte[] junk = new byte[frame.length];
            noise.nextBytes(junk);
            return junk;
        }
    }

    private long finishedAt;

    private void run(GnssBaudRateDetector d, SimulatedPort port) {
        for (long now = 0; now < 60_000 * MS; now += 10 * MS) {
            if (d.step(now)) {
                port.portBaud = d.baudRate();
                port.opened.add(d.baudRate());
            }
            if (d.status() != Status.LISTENING) {
                finishedAt = now;
                return;
            }
            byte[] in = port.read(now);
            d.onBytes(in, 0, in.length);
        }
    }

    @Test
    void shouldFindAUbxReceiverInPx4Order() {
        // Given a receiver sending UBX at 115200
        SimulatedPort port = new SimulatedPort(115_200, false);
        GnssBaudRateDetector d = new GnssBaudRateDetector();
        // When the detector runs
        run(d, port);
        // Then it tried 38400 and 9600 first (1.2 s each of noise), and found 115200 by UBX frames
        assertThat(port.opened).containsExactly(38_400, 9_600, 115_200);
        assertThat(d.status()).isEqualTo(Status.FOUND);
        assertThat(d.baudRate()).isEqualTo(115_200);
        assertThat(d.protocol()).isEqualTo(Protocol.UBX);
        assertThat(finishedAt).isLessThan(2400 * MS + 300 * MS);
    }

    @Test
    void shouldFindAnNmeaReceiverAt9600() {
        // Given a receiver that only sends NMEA at 9600, one GGA a second
        SimulatedPort port = new SimulatedPort(9_600, true);
        GnssBaudRateDetector d = new GnssBaudRateDetector();
        // When the detector runs
        run(d, port);
        // Then it keeps listening at 9600 after the first sentence (one dwell more) and decides on the second
        assertThat(d.status()).isEqualTo(Status.FOUND);
        assertThat(d.baudRate()).isEqualTo(9_600);
        assertThat(d.protocol()).isEqualTo(Protocol.NMEA);
        assertThat(port.opened).containsExactly(38_400, 9_600);
        assertThat(finishedAt).isEqualTo(3000 * MS + 10 * MS);
    }

    @Test
    void shouldFailWhenNoRateGivesValidFrames() {
        // Given a receiver at 57600, which the default list does not try: noise at every rate
        SimulatedPort port = new SimulatedPort(57_600, false);
        GnssBaudRateDetector d = new GnssBaudRateDetector();
        // When the detector runs
        run(d, port);
        // Then after two rounds of five rates, 1.2 s each, it fails
        assertThat(d.status()).isEqualTo(Status.FAILED);
        assertThat(d.protocol()).isEqualTo(Protocol.NONE);
        assertThat(port.opened).hasSize(10);
        assertThat(finishedAt).isEqualTo(12_000 * MS);
    }

    @Test
    void shouldNotCountAnNmeaSentenceWithABadChecksum() {
        // Given the detector listening at its first rate
        GnssBaudRateDetector d = new GnssBaudRateDetector(new int[] {4800}, 1000 * MS, 1, 1);
        d.step(0);
        // When a sentence with a wrong checksum arrives
        byte[] bad = UbxTestFrames.ascii("$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*77\r\n");
        d.onBytes(bad, 0, bad.length);
        // Then it is still listening; and the right one decides
        assertThat(d.step(10 * MS)).isFalse();
        assertThat(d.status()).isEqualTo(Status.LISTENING);
        byte[] good = UbxTestFrames.ascii("$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76\r\n");
        d.onBytes(good, 0, good.length);
        d.step(20 * MS);
        assertThat(d.status()).isEqualTo(Status.FOUND);
    }

    @Test
    void shouldOfferAMonVerPollAsProbe() {
        assertThat(new GnssBaudRateDetector().probe()).containsExactly(0xB5, 0x62, 0x0A, 0x04, 0x00, 0x00, 0x0E, 0x34);
    }

    @Test
    void shouldRejectAnEmptyRateList() {
        assertThatThrownBy(() -> new GnssBaudRateDetector(new int[0], MS, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
