package org.hoverla.core.rc;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.ManualControlSetpoint;
import org.junit.jupiter.api.Test;

/** Arming, kill and mode slot by switches and sticks, PX4's rules. */
class RcArmingSwitchesTest {
    private static final long MS = 1_000_000L;
    private static final long STATE_PERIOD = 20 * MS;

    private final RcArmingSwitches switches = new RcArmingSwitches();
    private final ManualControlSetpoint in = new ManualControlSetpoint();
    private long now;

    RcArmingSwitchesTest() {
        switches.configure(true, false, 1_000 * MS, 5_000 * MS);
        in.source = ManualControlSetpoint.SOURCE_RC;
        in.count = 1;
        in.throttleNorm = 0.0;
        in.armSwitch = ManualControlSetpoint.SWITCH_OFF;
        in.killSwitch = ManualControlSetpoint.SWITCH_OFF;
        in.modeSlot = 1;
    }

    /** Runs state cycles for the given time; returns the first arm request seen (or NONE). */
    private int hold(double seconds, boolean armed) {
        int seen = RcArmingSwitches.NONE;
        for (long t = 0; t < (long) (seconds * 1e9); t += STATE_PERIOD) {
            now += STATE_PERIOD;
            switches.update(in, true, armed, now);
            if (seen == RcArmingSwitches.NONE) {
                seen = switches.armRequest();
            }
        }
        return seen;
    }

    @Test
    void shouldArmAfterTheGestureIsHeldForTheHysteresisOnce() {
        // Given throttle low and yaw full right
        in.yawNorm = 1.0;
        // When held 0.9 s, Then nothing yet
        assertThat(hold(0.9, false)).isEqualTo(RcArmingSwitches.NONE);
        // When held past 1 s, Then one arm request, and no repeat while still held
        assertThat(hold(0.2, false)).isEqualTo(RcArmingSwitches.ARM);
        assertThat(hold(2.0, false)).isEqualTo(RcArmingSwitches.NONE);
        // When yaw full left, Then a disarm request after 1 s
        in.yawNorm = -1.0;
        assertThat(hold(1.1, true)).isEqualTo(RcArmingSwitches.DISARM);
    }

    @Test
    void shouldNotGestureWithThrottleUpRightStickDeflectedOrGestureOff() {
        in.yawNorm = 1.0;
        in.throttleNorm = 0.5;
        assertThat(hold(2.0, false)).isEqualTo(RcArmingSwitches.NONE);
        in.throttleNorm = 0.0;
        in.rollNorm = 0.3;
        assertThat(hold(2.0, false)).isEqualTo(RcArmingSwitches.NONE);
        in.rollNorm = 0.0;
        switches.configure(false, false, 1_000 * MS, 5_000 * MS);
        assertThat(hold(2.0, false)).isEqualTo(RcArmingSwitches.NONE);
    }

    @Test
    void shouldArmAndDisarmOnArmSwitchChangesOnlyNotOnItsFirstPosition() {
        // Given the arm switch already ON when RC is first seen, Then no arming
        in.armSwitch = ManualControlSetpoint.SWITCH_ON;
        assertThat(hold(0.1, false)).isEqualTo(RcArmingSwitches.NONE);
        // When OFF then ON, Then disarm then arm
        in.armSwitch = ManualControlSetpoint.SWITCH_OFF;
        assertThat(hold(0.1, false)).isEqualTo(RcArmingSwitches.DISARM);
        in.armSwitch = ManualControlSetpoint.SWITCH_ON;
        assertThat(hold(0.1, false)).isEqualTo(RcArmingSwitches.ARM);
    }

    @Test
    void shouldToggleArmingWithAHeldButton() {
        switches.configure(true, true, 1_000 * MS, 5_000 * MS);
        hold(0.1, false);
        in.armSwitch = ManualControlSetpoint.SWITCH_ON;
        assertThat(hold(0.5, false)).isEqualTo(RcArmingSwitches.NONE);
        assertThat(hold(0.6, false)).isEqualTo(RcArmingSwitches.ARM);
        in.armSwitch = ManualControlSetpoint.SWITCH_OFF;
        hold(0.1, true);
        in.armSwitch = ManualControlSetpoint.SWITCH_ON;
        assertThat(hold(1.1, true)).isEqualTo(RcArmingSwitches.DISARM);
    }

    @Test
    void shouldIgnoreSwitchesOfAJoystickOrAStaleInput() {
        in.source = ManualControlSetpoint.SOURCE_MAVLINK;
        hold(0.1, false);
        in.armSwitch = ManualControlSetpoint.SWITCH_ON;
        assertThat(hold(0.1, false)).isEqualTo(RcArmingSwitches.NONE);
        in.source = ManualControlSetpoint.SOURCE_RC;
        now += STATE_PERIOD;
        switches.update(in, false, false, now);
        assertThat(switches.armRequest()).isEqualTo(RcArmingSwitches.NONE);
    }

    @Test
    void shouldRequestTheModeSlotOnlyOnChangeAndOnceBeforeArming() {
        // first sight while disarmed: the slot initialises the mode
        now += STATE_PERIOD;
        switches.update(in, true, false, now);
        assertThat(switches.modeSlotRequest()).isEqualTo(1);
        now += STATE_PERIOD;
        switches.update(in, true, false, now);
        assertThat(switches.modeSlotRequest()).isZero();
        in.modeSlot = 4;
        now += STATE_PERIOD;
        switches.update(in, true, true, now);
        assertThat(switches.modeSlotRequest()).isEqualTo(4);
    }

    @Test
    void shouldLockDownOnKillReleaseOnUnkillAndDisarmAfterTheDelay() {
        hold(0.1, true);
        in.killSwitch = ManualControlSetpoint.SWITCH_ON;
        now += STATE_PERIOD;
        switches.update(in, true, true, now);
        assertThat(switches.lockdown()).isTrue();
        assertThat(switches.killChange()).isEqualTo(1);
        // switched back within COM_KILL_DISARM: motors restored, no disarm
        hold(2.0, true);
        assertThat(switches.killDisarmDue(true, now)).isFalse();
        in.killSwitch = ManualControlSetpoint.SWITCH_OFF;
        now += STATE_PERIOD;
        switches.update(in, true, true, now);
        assertThat(switches.lockdown()).isFalse();
        assertThat(switches.killChange()).isEqualTo(-1);
        // engaged again and held 5 s: disarm due
        in.killSwitch = ManualControlSetpoint.SWITCH_ON;
        hold(4.9, true);
        assertThat(switches.killDisarmDue(true, now)).isFalse();
        hold(0.2, true);
        assertThat(switches.killDisarmDue(true, now)).isTrue();
    }

    @Test
    void shouldRefuseRcArmingWithThrottleUpOutsideManualModesOrKilledAndDisarmOnlyLanded() {
        assertThat(RcArmingSwitches.armRefusal(0.0, true, false)).isEmpty();
        assertThat(RcArmingSwitches.armRefusal(0.5, true, false)).isEqualTo(RcArmingSwitches.ARM_HIGH_THROTTLE);
        assertThat(RcArmingSwitches.armRefusal(Double.NaN, true, false)).isEqualTo(RcArmingSwitches.ARM_HIGH_THROTTLE);
        assertThat(RcArmingSwitches.armRefusal(0.0, false, false)).isEqualTo(RcArmingSwitches.ARM_NOT_MANUAL);
        assertThat(RcArmingSwitches.armRefusal(0.0, true, true)).isEqualTo(RcArmingSwitches.ARM_KILL_ENGAGED);
        assertThat(RcArmingSwitches.disarmRefusal(true, false, true)).isEmpty();
        assertThat(RcArmingSwitches.disarmRefusal(false, false, true)).isEqualTo(RcArmingSwitches.DISARM_NOT_LANDED);
        assertThat(RcArmingSwitches.disarmRefusal(false, true, true)).isEmpty();
        assertThat(RcArmingSwitches.disarmRefusal(false, true, false)).isEqualTo(RcArmingSwitches.DISARM_NOT_LANDED);
    }

    @Test
    void shouldRefuseACommandArmingInStabilizedWithoutInputOrThrottleUpAndInClimbModesAboveCentre() {
        // Stabilized (manual thrust): the input must be there and the throttle low
        assertThat(RcArmingSwitches.commandArmRefusal(true, false, false, 0.0))
                .isEqualTo(RcArmingSwitches.ARM_STABILIZED_NO_INPUT);
        assertThat(RcArmingSwitches.commandArmRefusal(true, false, true, 0.5)).isEqualTo(RcArmingSwitches.ARM_HIGH_THROTTLE);
        assertThat(RcArmingSwitches.commandArmRefusal(true, false, true, Double.NaN))
                .isEqualTo(RcArmingSwitches.ARM_HIGH_THROTTLE);
        assertThat(RcArmingSwitches.commandArmRefusal(true, false, true, 0.05)).isEmpty();
        // Position / Altitude (climb rate): centre is fine, above it (the stick takeoff) is not
        assertThat(RcArmingSwitches.commandArmRefusal(false, true, true, 0.5)).isEmpty();
        assertThat(RcArmingSwitches.commandArmRefusal(false, true, true, 0.8))
                .isEqualTo(RcArmingSwitches.ARM_THROTTLE_ABOVE_CENTRE);
        // without input (a vehicle flown by the ground station) and in auto modes the sticks do not count
        assertThat(RcArmingSwitches.commandArmRefusal(false, true, false, 1.0)).isEmpty();
        assertThat(RcArmingSwitches.commandArmRefusal(false, false, true, 1.0)).isEmpty();
    }
}
