package org.hoverla.hal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RcInputSampleTest {
    @Test
    void shouldCopyEveryField() {
        // Given a sample with every field away from its default
        RcInputSample src = new RcInputSample();
        src.timestampSampleNs = 42;
        src.channelCount = 18;
        for (int i = 0; i < RcInputSample.MAX_CHANNELS; i++) {
            src.channelsUs[i] = 1000 + i;
        }
        src.failsafe = true;
        src.rssiPct = 77;
        src.linkQualityPct = 66;
        src.frameLost = true;
        src.rssiDbm = -71.5f;
        src.snrDb = 6f;
        // When it is copied
        RcInputSample dst = new RcInputSample();
        dst.copyFrom(src);
        // Then the copy equals it field by field (a new field missing from copyFrom fails here)
        assertThat(dst).usingRecursiveComparison().isEqualTo(src);
    }
}
