package org.hoverla.core.rc;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.ManualControlSetpoint;
import org.junit.jupiter.api.Test;

/** COM_RC_IN_MODE as PX4's ManualControlSelector applies it. */
class ManualInputSelectorTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT = 500 * MS;

    private final ManualInputSelector selector = new ManualInputSelector();
    private final ManualControlSetpoint rc = input(ManualControlSetpoint.SOURCE_RC);
    private final ManualControlSetpoint joystick = input(ManualControlSetpoint.SOURCE_MAVLINK);

    private static ManualControlSetpoint input(int source) {
        ManualControlSetpoint m = new ManualControlSetpoint();
        m.source = source;
        return m;
    }

    private boolean offer(ManualControlSetpoint m, long nowNs) {
        m.timestampNs = nowNs;
        return selector.offer(m, nowNs);
    }

    @Test
    void shouldTakeOnlyRcInModeZeroAndOnlyTheJoystickInModeOne() {
        selector.configure(ManualInputSelector.MODE_RC_ONLY, TIMEOUT);
        assertThat(offer(joystick, 0)).isFalse();
        assertThat(offer(rc, 10 * MS)).isTrue();
        assertThat(selector.selected().source).isEqualTo(ManualControlSetpoint.SOURCE_RC);

        ManualInputSelector other = new ManualInputSelector();
        other.configure(ManualInputSelector.MODE_MAVLINK_ONLY, TIMEOUT);
        rc.timestampNs = 0;
        joystick.timestampNs = 0;
        assertThat(other.offer(rc, 0)).isFalse();
        assertThat(other.offer(joystick, 0)).isTrue();
    }

    @Test
    void shouldKeepTheSelectedSourceAndFallBackWhenItGoesStaleInModeTwo() {
        // Given mode 2 and RC flying
        selector.configure(ManualInputSelector.MODE_FALLBACK, TIMEOUT);
        assertThat(offer(rc, 0)).isTrue();
        // When the joystick also sends, Then RC keeps control
        assertThat(offer(joystick, 100 * MS)).isFalse();
        assertThat(offer(rc, 200 * MS)).isTrue();
        // When RC stops for COM_RC_LOSS_T, Then the joystick takes over
        assertThat(offer(joystick, 700 * MS)).isTrue();
        assertThat(selector.selectedSource(700 * MS)).isEqualTo(ManualControlSetpoint.SOURCE_MAVLINK);
        // and keeps it when RC comes back (PX4: no switch back while the joystick is fresh)
        assertThat(offer(rc, 800 * MS)).isFalse();
    }

    @Test
    void shouldKeepTheFirstSourceForeverInModeThree() {
        selector.configure(ManualInputSelector.MODE_KEEP_FIRST, TIMEOUT);
        assertThat(offer(joystick, 0)).isTrue();
        // even after the joystick went stale, RC never takes over
        assertThat(offer(rc, 2_000 * MS)).isFalse();
        assertThat(selector.selectedSource(2_000 * MS)).isEqualTo(ManualControlSetpoint.SOURCE_NONE);
        assertThat(offer(joystick, 2_100 * MS)).isTrue();
    }

    @Test
    void shouldSelectNothingWhenDisabledOrUnknown() {
        for (int mode : new int[] {ManualInputSelector.MODE_DISABLED, 7, -1}) {
            ManualInputSelector s = new ManualInputSelector();
            s.configure(mode, TIMEOUT);
            rc.timestampNs = 0;
            joystick.timestampNs = 0;
            assertThat(s.offer(rc, 0)).as("mode %d", mode).isFalse();
            assertThat(s.offer(joystick, 0)).as("mode %d", mode).isFalse();
        }
    }

    @Test
    void shouldNeverRefreshAStaleInputAndRefuseOldSamples() {
        // Given RC selected at t = 0
        selector.configure(ManualInputSelector.MODE_RC_ONLY, TIMEOUT);
        assertThat(offer(rc, 0)).isTrue();
        long firstCount = selector.selected().count;
        // When a sample received 600 ms ago is offered now, Then it is refused
        rc.timestampNs = 0;
        assertThat(selector.offer(rc, 600 * MS)).isFalse();
        // and the selection keeps its own receive time (it ages; nothing renews it)
        assertThat(selector.selected().timestampNs).isZero();
        assertThat(selector.selected().count).isEqualTo(firstCount);
        assertThat(selector.selectedSource(600 * MS)).isEqualTo(ManualControlSetpoint.SOURCE_NONE);
    }

    @Test
    void shouldCopySticksAndSwitchesOfTheSelectedInput() {
        selector.configure(ManualInputSelector.MODE_KEEP_FIRST, TIMEOUT);
        rc.pitchNorm = 0.25;
        rc.throttleNorm = 0.05;
        rc.modeSlot = 4;
        rc.killSwitch = ManualControlSetpoint.SWITCH_ON;
        assertThat(offer(rc, 0)).isTrue();
        ManualControlSetpoint s = selector.selected();
        assertThat(s.pitchNorm).isEqualTo(0.25);
        assertThat(s.throttleNorm).isEqualTo(0.05);
        assertThat(s.modeSlot).isEqualTo(4);
        assertThat(s.killSwitch).isEqualTo(ManualControlSetpoint.SWITCH_ON);
        assertThat(s.count).isEqualTo(1);
    }
}
