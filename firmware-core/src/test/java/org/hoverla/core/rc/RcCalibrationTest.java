package org.hoverla.core.rc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

class RcCalibrationTest {
    private static final float EPS = 1e-6f;
    private final RcCalibration cal = new RcCalibration();
    private final RcInputSample in = new RcInputSample();
    private final RcManualInput out = new RcManualInput();

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    /** AETR on channels 1..4, mode on 5, arm on 6, kill on 7; PX4 defaults otherwise. */
    private int configureAetr(int[] min, int[] trim, int[] max, float[] rev, int[] dz) {
        return cal.configure(min, trim, max, rev, dz, new int[] {1, 2, 4, 3, 5, 6, 7}, 0.75f, 0.75f);
    }

    private void frame(int... us) {
        in.failsafe = false;
        in.channelCount = 8;
        Arrays.fill(in.channelsUs, 1500);
        System.arraycopy(us, 0, in.channelsUs, 0, us.length);
    }

    @Test
    void shouldMapCentredSticksAndLowThrottleWithDefaults() {
        // Given PX4 defaults (1000/1500/2000, dz 10) and an AETR map
        configureAetr(new int[0], new int[0], new int[0], new float[0], new int[0]);
        // When roll, pitch and yaw are centred and the throttle is low
        frame(1500, 1500, 1000, 1500);
        // Then sticks are zero, throttle 0, and the input is valid
        assertThat(cal.map(in, out)).isTrue();
        assertThat(out.rollNorm).isZero();
        assertThat(out.pitchNorm).isZero();
        assertThat(out.yawNorm).isZero();
        assertThat(out.throttleNorm).isZero();
    }

    @Test
    void shouldScaleEachHalfAroundTrimOutsideTheDeadzone() {
        // Given dz 10 µs and trim 1500
        configureAetr(new int[0], new int[0], new int[0], new float[0], new int[0]);
        // Then 1510 is still 0, 1755 is (1755-1510)/(2000-1510) = 0.5, 1245 is -(1490-1245)/(1490-1000) = -0.5
        assertThat(cal.normalise(0, 1510)).isZero();
        assertThat(cal.normalise(0, 1490)).isZero();
        assertThat(cal.normalise(0, 1755)).isCloseTo(0.5f, within(EPS));
        assertThat(cal.normalise(0, 1245)).isCloseTo(-0.5f, within(EPS));
        assertThat(cal.normalise(0, 2000)).isEqualTo(1f);
        assertThat(cal.normalise(0, 1000)).isEqualTo(-1f);
    }

    @Test
    void shouldClampPulsesOutsideMinAndMax() {
        configureAetr(new int[0], new int[0], new int[0], new float[0], new int[0]);
        assertThat(cal.normalise(0, 2150)).isEqualTo(1f);
        assertThat(cal.normalise(0, 881)).isEqualTo(-1f);
    }

    @Test
    void shouldScaleBothHalvesSeparatelyWhenTrimIsOffCentre() {
        // Given min 1100, trim 1400, max 1900, no deadzone
        configureAetr(new int[] {1100}, new int[] {1400}, new int[] {1900}, new float[0], new int[] {0});
        // Then 1650 is 250/500 = 0.5 and 1250 is -150/300 = -0.5
        assertThat(cal.normalise(0, 1650)).isCloseTo(0.5f, within(EPS));
        assertThat(cal.normalise(0, 1250)).isCloseTo(-0.5f, within(EPS));
        assertThat(cal.normalise(0, 1400)).isZero();
    }

    @Test
    void shouldNegateAReversedChannel() {
        configureAetr(new int[0], new int[0], new int[0], new float[] {-1f, 1f}, new int[] {0, 0});
        assertThat(cal.normalise(0, 1750)).isCloseTo(-0.5f, within(EPS));
        assertThat(cal.normalise(1, 1750)).isCloseTo(0.5f, within(EPS));
    }

    @Test
    void shouldMoveAThrottleTrimAtTheLowEndToTheCentreAsPx4Does() {
        // Given QGroundControl's calibration: throttle (channel 3) trim equal to its minimum
        configureAetr(new int[] {1000, 1000, 1100}, new int[] {1500, 1500, 1100}, new int[] {2000, 2000, 1900},
                new float[0], new int[] {0, 0, 0});
        // Then the trim in use is the centre and the throttle spans 0..1
        assertThat(cal.trimUs(2)).isEqualTo(1500);
        frame(1500, 1500, 1100, 1500);
        cal.map(in, out);
        assertThat(out.throttleNorm).isZero();
        frame(1500, 1500, 1700, 1500);
        cal.map(in, out);
        assertThat(out.throttleNorm).isCloseTo(0.75f, within(EPS));
        frame(1500, 1500, 1900, 1500);
        cal.map(in, out);
        assertThat(out.throttleNorm).isEqualTo(1f);
    }

    @Test
    void shouldMapAReversedThrottleWithTrimAtItsHighEnd() {
        configureAetr(new int[] {1000, 1000, 1000}, new int[] {1500, 1500, 2000}, new int[] {2000, 2000, 2000},
                new float[] {1f, 1f, -1f}, new int[] {0, 0, 0});
        frame(1500, 1500, 2000, 1500);
        cal.map(in, out);
        assertThat(out.throttleNorm).isZero();
        frame(1500, 1500, 1000, 1500);
        cal.map(in, out);
        assertThat(out.throttleNorm).isEqualTo(1f);
    }

    @Test
    void shouldRouteChannelsThroughTheMap() {
        // Given AETR: roll ch1, pitch ch2, yaw ch4, throttle ch3, no deadzone
        configureAetr(new int[0], new int[0], new int[0], new float[0], filled(18, 0));
        frame(2000, 1000, 1500, 1750);
        cal.map(in, out);
        assertThat(out.rollNorm).isEqualTo(1f);
        assertThat(out.pitchNorm).isEqualTo(-1f);
        assertThat(out.throttleNorm).isCloseTo(0.5f, within(EPS));
        assertThat(out.yawNorm).isCloseTo(0.5f, within(EPS));
    }

    @Test
    void shouldReportInvalidWhenAStickIsUnmapped() {
        // Given yaw not mapped
        cal.configure(new int[0], new int[0], new int[0], new float[0], new int[0], new int[] {1, 2, 0, 3}, 0.75f, 0.75f);
        frame(2000, 1500, 1500, 1500);
        // Then the input is not valid and reads as neutral
        assertThat(cal.map(in, out)).isFalse();
        assertThat(out.rollNorm).isZero();
        assertThat(out.modeSlot).isEqualTo(RcManualInput.MODE_SLOT_NONE);
        assertThat(out.armSwitch).isEqualTo(RcManualInput.SWITCH_NONE);
    }

    @Test
    void shouldReportInvalidWhenAStickIsMappedBeyondTheReceiversChannels() {
        cal.configure(new int[0], new int[0], new int[0], new float[0], new int[0], new int[] {1, 2, 4, 9}, 0.75f, 0.75f);
        frame(2000, 1500, 1500, 1500);
        in.channelCount = 8;
        assertThat(cal.map(in, out)).isFalse();
    }

    @Test
    void shouldRejectImpossibleCalibrationsAndMapEntries() {
        // Given channel 1 with min above max, channel 2 with trim outside, channel 3 a negative dz,
        // and a map entry of 19
        int rejected = cal.configure(new int[] {2000, 1000, 1000}, new int[] {1500, 2100, 1500}, new int[] {1000, 2000, 2000},
                new float[0], new int[] {10, 10, -1}, new int[] {1, 2, 19, 4}, 0.75f, 0.75f);
        // Then four entries are rejected, those channels read 0, and the input is not valid
        assertThat(rejected).isEqualTo(4);
        assertThat(cal.channelValid(0)).isFalse();
        assertThat(cal.normalise(0, 1900)).isZero();
        frame(2000, 2000, 2000, 2000);
        assertThat(cal.map(in, out)).isFalse();
    }

    @Test
    void shouldNeverReportSticksFromAFailsafeSample() {
        configureAetr(new int[0], new int[0], new int[0], new float[0], new int[0]);
        frame(2000, 2000, 2000, 2000);
        in.failsafe = true;
        assertThat(cal.map(in, out)).isFalse();
        assertThat(out.valid).isFalse();
        assertThat(out.throttleNorm).isZero();
        assertThat(out.rollNorm).isZero();
        assertThat(out.channelCount).isZero();
    }

    @Test
    void shouldTreatFewerThanFourChannelsAsNoSignal() {
        configureAetr(new int[0], new int[0], new int[0], new float[0], new int[0]);
        frame(2000, 2000, 2000, 2000);
        in.channelCount = 3;
        assertThat(cal.map(in, out)).isFalse();
    }

    @Test
    void shouldReadTwoPositionSwitchesWithPx4Thresholds() {
        configureAetr(new int[0], new int[0], new int[0], new float[0], filled(18, 0));
        // 0.75 threshold on 0..1: ON above 1750 µs
        frame(1500, 1500, 1000, 1500, 1500, 2000, 1000);
        cal.map(in, out);
        assertThat(out.armSwitch).isEqualTo(RcManualInput.SWITCH_ON);
        assertThat(out.killSwitch).isEqualTo(RcManualInput.SWITCH_OFF);
        frame(1500, 1500, 1000, 1500, 1500, 1740, 1760);
        cal.map(in, out);
        assertThat(out.armSwitch).isEqualTo(RcManualInput.SWITCH_OFF);
        assertThat(out.killSwitch).isEqualTo(RcManualInput.SWITCH_ON);
        // A negative threshold inverts: ON below 0.25 of the range
        // (PX4 negates the 0..1 value and keeps the test "value > threshold")
        assertThat(RcCalibration.twoPosition(-1f, -0.25f)).isEqualTo(RcManualInput.SWITCH_ON);
        assertThat(RcCalibration.twoPosition(-0.6f, -0.25f)).isEqualTo(RcManualInput.SWITCH_ON);
        assertThat(RcCalibration.twoPosition(0f, -0.25f)).isEqualTo(RcManualInput.SWITCH_OFF);
        assertThat(RcCalibration.twoPosition(1f, -0.25f)).isEqualTo(RcManualInput.SWITCH_OFF);
    }

    @Test
    void shouldGiveSlotsOneFourSixForAThreePositionSwitchAsPx4Does() {
        assertThat(RcCalibration.modeSlot(-1f)).isEqualTo(1);
        assertThat(RcCalibration.modeSlot(0f)).isEqualTo(4);
        assertThat(RcCalibration.modeSlot(1f)).isEqualTo(6);
        // And six evenly spread positions give each slot once
        int[] slots = new int[6];
        for (int i = 0; i < 6; i++) {
            slots[i] = RcCalibration.modeSlot(-1f + i * 0.4f);
        }
        assertThat(slots).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void shouldNotAllocateWhileMapping() {
        configureAetr(new int[0], new int[0], new int[0], new float[0], new int[0]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int i = 0;
        for (; i < 20_000; i++) {
            in.channelsUs[0] = 1000 + i % 1000;
            cal.map(in, out);
        }
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 10_000; k++, i++) {
                in.channelsUs[0] = 1000 + i % 1000;
                in.failsafe = (i & 64) != 0;
                cal.map(in, out);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        assertThat(smallest).isZero();
    }
}
