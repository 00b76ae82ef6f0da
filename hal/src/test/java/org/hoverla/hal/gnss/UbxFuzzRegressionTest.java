package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.UbxTestFrames.pvt;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;

/** Inputs GnssParsersFuzzTest found, kept as regression tests. */
class UbxFuzzRegressionTest {

    private final List<GnssSample> epochs = new ArrayList<>();
    private final UbxParser parser = new UbxParser(new UbxParser.Listener() {
        @Override
        public void onEpoch(GnssSample s) {
            GnssSample c = new GnssSample();
            c.copyFrom(s);
            epochs.add(c);
        }
    });

    private void feed(byte[] b) {
        parser.feed(b, 0, b.length);
    }

    @Test
    void shouldPublishNoFixForNavPvtWithLatitude214Degrees() {
        // Given a checksum-valid NAV-PVT claiming a 3-D fix at lat 0x7FFFFFFF × 1e-7 = 214.7°
        byte[] frame = pvt(1000).put(28, 0x7FFF_FFFFL, 4).frame(1, 7);
        // When parsed
        feed(frame);
        // Then the epoch is published without a fix, and counted
        assertThat(epochs).hasSize(1);
        assertThat(epochs.get(0).fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(epochs.get(0).velocityValid).isFalse();
        assertThat(parser.offGlobeFixes()).isEqualTo(1);
        assertThat(epochs.get(0).errorCount).isEqualTo(1);
    }

    @Test
    void shouldPublishNoFixWhenNavHpposllhMovesTheFixBeyond180DegreesLongitude() {
        // Given (fuzz case ubx seed 17 #1738) a NAV-EOE stream: NAV-PVT, then a NAV-HPPOSLLH of the same
        // iTOW whose longitude is -200.0° (I4 1e-7 deg), then the NAV-EOE that closes the epoch
        feed(new UbxTestFrames.Payload(4).put(0, 900, 4).frame(1, 0x61));
        epochs.clear();
        feed(pvt(1000).frame(1, 7));
        feed(new UbxTestFrames.Payload(36).put(4, 1000, 4).put(8, -2_000_000_000L, 4).put(12, 504_501_234, 4)
                .frame(1, 0x14));
        feed(new UbxTestFrames.Payload(4).put(0, 1000, 4).frame(1, 0x61));
        // Then the epoch has no fix, and is counted
        assertThat(epochs).hasSize(1);
        assertThat(epochs.get(0).fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(parser.offGlobeFixes()).isEqualTo(1);
    }

    @Test
    void shouldStillPublishAFixAtTheEdgeOfTheGlobe() {
        // Given a NAV-PVT fix at exactly lat -90°, lon 180°
        feed(pvt(1000).put(28, -900_000_000L, 4).put(24, 1_800_000_000L, 4).frame(1, 7));
        // Then it is a 3-D fix
        assertThat(epochs.get(0).fixType).isEqualTo(GnssSample.FIX_3D);
        assertThat(parser.offGlobeFixes()).isZero();
    }
}
