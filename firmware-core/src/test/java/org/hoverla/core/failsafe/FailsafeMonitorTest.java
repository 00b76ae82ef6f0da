package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailsafeMonitorTest {
    private static final long S = 1_000_000_000L;
    private static final long STEP = 20_000_000L;

    private final FailsafeMonitor monitor = new FailsafeMonitor();
    private long now = 1_000 * S;

    /** A table where every trigger does {@code a}, immediately, kept until a mode is selected. */
    private static FailsafeTable everything(FailsafeAction a) {
        FailsafeTable t = new FailsafeTable();
        for (FailsafeTrigger tr : FailsafeTrigger.values()) {
            t.row(tr, a, 0.0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        }
        return t;
    }

    private FailsafeAction step(int mask) {
        return step(mask, FlightMode.POSITION, true, true);
    }

    private FailsafeAction step(int mask, FlightMode mode, boolean armed, boolean flying) {
        now += STEP;
        return monitor.update(now, mask, mode, armed, flying);
    }

    @TestFactory
    List<DynamicTest> shouldApplyEachTriggersActionFromItsRow() {
        // Given a table whose only acting row is the trigger under test, for every trigger and every action
        List<DynamicTest> tests = new ArrayList<>();
        for (FailsafeTrigger trigger : FailsafeTrigger.values()) {
            for (FailsafeAction action : FailsafeAction.values()) {
                tests.add(DynamicTest.dynamicTest(trigger + " -> " + action, () -> {
                    FailsafeMonitor m = new FailsafeMonitor();
                    FailsafeTable t = everything(FailsafeAction.NONE);
                    t.row(trigger, action, 0.0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
                    m.configure(t);
                    // When nothing is active, Then nothing is in force
                    assertThat(m.update(S, 0, FlightMode.POSITION, true, true)).isEqualTo(FailsafeAction.NONE);
                    // When the trigger becomes active in flight
                    FailsafeAction got = m.update(2 * S, trigger.bit(), FlightMode.POSITION, true, true);
                    // Then its row's action is in force, caused by it, and the transition is reported
                    assertThat(got).isEqualTo(action);
                    assertThat(m.becameActive()).isEqualTo(trigger.bit());
                    assertThat(m.actionChanged()).isEqualTo(action != FailsafeAction.NONE);
                    if (action != FailsafeAction.NONE) {
                        assertThat(m.cause()).isEqualTo(trigger);
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void shouldLetTheMostSevereOfSimultaneousTriggersWin() {
        // Given GCS loss → Return, geofence → Hold, motor failure → Land
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.GCS_LOSS, FailsafeAction.RETURN, 0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        t.row(FailsafeTrigger.GEOFENCE_BREACH, FailsafeAction.HOLD, 0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        t.row(FailsafeTrigger.MOTOR_FAILURE, FailsafeAction.LAND, 0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        monitor.configure(t);
        // When all three become active in one cycle
        FailsafeAction a = step(FailsafeTrigger.GCS_LOSS.bit() | FailsafeTrigger.GEOFENCE_BREACH.bit()
                | FailsafeTrigger.MOTOR_FAILURE.bit());
        // Then Land wins, caused by the motor failure
        assertThat(a).isEqualTo(FailsafeAction.LAND);
        assertThat(monitor.cause()).isEqualTo(FailsafeTrigger.MOTOR_FAILURE);
    }

    @Test
    void shouldNotDowngradeWhenALessSevereTriggerComesLater() {
        // Given GCS loss → Land in force
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.GCS_LOSS, FailsafeAction.LAND, 0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        t.row(FailsafeTrigger.GEOFENCE_BREACH, FailsafeAction.HOLD, 0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        monitor.configure(t);
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit())).isEqualTo(FailsafeAction.LAND);
        // When a geofence breach (Hold) follows, and even when the link comes back
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit() | FailsafeTrigger.GEOFENCE_BREACH.bit())).isEqualTo(FailsafeAction.LAND);
        assertThat(monitor.actionChanged()).isFalse();
        assertThat(step(FailsafeTrigger.GEOFENCE_BREACH.bit())).isEqualTo(FailsafeAction.LAND);
        // Then Land stays in force, the link's return reported as a cleared trigger
        assertThat(monitor.cleared()).isEqualTo(FailsafeTrigger.GCS_LOSS.bit());
    }

    @Test
    void shouldKeepTheActionAfterTheTriggerClearsUntilAModeIsSelected() {
        // Given GCS loss → Return
        monitor.configure(everything(FailsafeAction.RETURN));
        step(FailsafeTrigger.GCS_LOSS.bit());
        // When the link comes back
        FailsafeAction a = step(0);
        // Then Return is still in force (no snap back)
        assertThat(a).isEqualTo(FailsafeAction.RETURN);
        // When the pilot selects a mode
        monitor.modeSelected();
        // Then nothing is in force any more
        assertThat(step(0)).isEqualTo(FailsafeAction.NONE);
    }

    @Test
    void shouldNotActAgainOnAnAcknowledgedTriggerUntilItClearsAndReturns() {
        monitor.configure(everything(FailsafeAction.HOLD));
        step(FailsafeTrigger.GEOFENCE_BREACH.bit());
        // When the pilot takes over while the breach is still predicted
        monitor.modeSelected();
        // Then the breach does not take the vehicle again
        assertThat(step(FailsafeTrigger.GEOFENCE_BREACH.bit())).isEqualTo(FailsafeAction.NONE);
        // When it clears and comes back, Then it acts again
        step(0);
        assertThat(step(FailsafeTrigger.GEOFENCE_BREACH.bit())).isEqualTo(FailsafeAction.HOLD);
    }

    @Test
    void shouldEndWarningsWithTheirTrigger() {
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.GNSS_JAMMING, FailsafeAction.WARN, 0, false, 0, true, FailsafeRecovery.ENDS_WITH_TRIGGER);
        monitor.configure(t);
        assertThat(step(FailsafeTrigger.GNSS_JAMMING.bit())).isEqualTo(FailsafeAction.WARN);
        assertThat(step(0)).isEqualTo(FailsafeAction.NONE);
    }

    @Test
    void shouldLatchBatteryTriggersUntilDisarm() {
        // Given battery critical → Return, latched
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.BATTERY_CRITICAL, FailsafeAction.RETURN, 0, false, 0, true, FailsafeRecovery.LATCHED_UNTIL_DISARM);
        monitor.configure(t);
        step(FailsafeTrigger.BATTERY_CRITICAL.bit());
        // When the voltage recovers under a lighter load
        FailsafeAction a = step(0);
        // Then the trigger is still active (not cleared) and Return in force
        assertThat(a).isEqualTo(FailsafeAction.RETURN);
        assertThat(monitor.activeMask() & FailsafeTrigger.BATTERY_CRITICAL.bit()).isNotZero();
        assertThat(monitor.cleared()).isZero();
        // When the pilot selects a mode, Then it is acknowledged but stays active
        monitor.modeSelected();
        assertThat(step(0)).isEqualTo(FailsafeAction.NONE);
        assertThat(monitor.activeMask() & FailsafeTrigger.BATTERY_CRITICAL.bit()).isNotZero();
        // When disarmed, Then it clears
        step(0, FlightMode.HOLD, false, false);
        assertThat(monitor.activeMask()).isZero();
        assertThat(monitor.cleared()).isEqualTo(FailsafeTrigger.BATTERY_CRITICAL.bit());
    }

    @Test
    void shouldLetAMoreSevereBatteryLevelActAfterThePilotTookOver() {
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.BATTERY_CRITICAL, FailsafeAction.RETURN, 0, false, 0, true, FailsafeRecovery.LATCHED_UNTIL_DISARM);
        t.row(FailsafeTrigger.BATTERY_EMERGENCY, FailsafeAction.LAND, 0, false, 0, true, FailsafeRecovery.LATCHED_UNTIL_DISARM);
        monitor.configure(t);
        step(FailsafeTrigger.BATTERY_CRITICAL.bit());
        monitor.modeSelected();
        assertThat(step(FailsafeTrigger.BATTERY_CRITICAL.bit())).isEqualTo(FailsafeAction.NONE);
        assertThat(step(FailsafeTrigger.BATTERY_CRITICAL.bit() | FailsafeTrigger.BATTERY_EMERGENCY.bit()))
                .isEqualTo(FailsafeAction.LAND);
    }

    @Test
    void shouldWaitTheDelayAndHoldDuringItWhenTheRowSaysSo() {
        // Given offboard loss → Land after 5 s, holding meanwhile
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.LAND, 5.0, true, 0, false, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        t.row(FailsafeTrigger.BATTERY_CRITICAL, FailsafeAction.LAND, 5.0, false, 0, true, FailsafeRecovery.LATCHED_UNTIL_DISARM);
        monitor.configure(t);
        // When the stream is lost, Then Hold at once
        assertThat(step(FailsafeTrigger.OFFBOARD_LOSS.bit())).isEqualTo(FailsafeAction.HOLD);
        // and Land once 5 s have passed
        FailsafeAction a = FailsafeAction.HOLD;
        int cycles = 1;
        while (a == FailsafeAction.HOLD) {
            a = step(FailsafeTrigger.OFFBOARD_LOSS.bit());
            cycles++;
        }
        assertThat(a).isEqualTo(FailsafeAction.LAND);
        assertThat(cycles * STEP).isBetween(5 * S, 5 * S + 2 * STEP);
        // A row without hold-during-delay only warns while waiting
        FailsafeMonitor m = new FailsafeMonitor();
        m.configure(t);
        assertThat(m.update(S, FailsafeTrigger.BATTERY_CRITICAL.bit(), FlightMode.POSITION, true, true))
                .isEqualTo(FailsafeAction.WARN);
        assertThat(m.update(6 * S, FailsafeTrigger.BATTERY_CRITICAL.bit(), FlightMode.POSITION, true, true))
                .isEqualTo(FailsafeAction.LAND);
    }

    @Test
    void shouldDropAPendingActionWhoseTriggerClearsDuringTheDelay() {
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.LAND, 5.0, true, 0, false, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        monitor.configure(t);
        step(FailsafeTrigger.OFFBOARD_LOSS.bit());
        assertThat(step(0)).isEqualTo(FailsafeAction.NONE);
        assertThat(monitor.fired(FailsafeTrigger.OFFBOARD_LOSS)).isFalse();
    }

    @Test
    void shouldNotActInAnExceptedModeButActWhenTheModeChanges() {
        // Given RC loss → Return, excepted in Mission (COM_RCL_EXCEPT bit 0)
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.RC_LOSS, FailsafeAction.RETURN, 0, false, FailsafeParams.rcLossExceptModes(1), true,
                FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        monitor.configure(t);
        // When lost in Mission, Then only a warning
        assertThat(step(FailsafeTrigger.RC_LOSS.bit(), FlightMode.MISSION, true, true)).isEqualTo(FailsafeAction.WARN);
        // When the mode becomes Position with the link still lost, Then Return
        assertThat(step(FailsafeTrigger.RC_LOSS.bit(), FlightMode.POSITION, true, true)).isEqualTo(FailsafeAction.RETURN);
        // and once acting, going back to Mission does not undo it
        assertThat(step(FailsafeTrigger.RC_LOSS.bit(), FlightMode.MISSION, true, true)).isEqualTo(FailsafeAction.RETURN);
    }

    @Test
    void shouldOnlyWarnOnTheGroundForInFlightRowsAndActAfterTakeoff() {
        monitor.configure(everything(FailsafeAction.RETURN));
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, true, false)).isEqualTo(FailsafeAction.WARN);
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, true, true)).isEqualTo(FailsafeAction.RETURN);
    }

    @Test
    void shouldActOnTheGroundForRowsThatAreNotInFlightOnly() {
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.IMU_LOST, FailsafeAction.TERMINATE, 0, false, 0, false, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        monitor.configure(t);
        assertThat(step(FailsafeTrigger.IMU_LOST.bit(), FlightMode.HOLD, true, false)).isEqualTo(FailsafeAction.TERMINATE);
    }

    @Test
    void shouldDoNothingWhileDisarmedButReportTransitions() {
        monitor.configure(everything(FailsafeAction.LAND));
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, false, false)).isEqualTo(FailsafeAction.NONE);
        assertThat(monitor.becameActive()).isEqualTo(FailsafeTrigger.GCS_LOSS.bit());
        assertThat(step(0, FlightMode.HOLD, false, false)).isEqualTo(FailsafeAction.NONE);
        assertThat(monitor.cleared()).isEqualTo(FailsafeTrigger.GCS_LOSS.bit());
    }

    @Test
    void shouldResetOnDisarmAndCountDelaysFromArming() {
        FailsafeTable t = everything(FailsafeAction.NONE);
        t.row(FailsafeTrigger.GCS_LOSS, FailsafeAction.LAND, 2.0, false, 0, false, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        monitor.configure(t);
        // Given the link lost long before arming
        step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, false, false);
        now += 10 * S;
        // When armed, Then the delay counts from the arming
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, true, true)).isEqualTo(FailsafeAction.WARN);
        now += 2 * S;
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, true, true)).isEqualTo(FailsafeAction.LAND);
        // When disarmed, Then nothing is in force
        assertThat(step(FailsafeTrigger.GCS_LOSS.bit(), FlightMode.HOLD, false, false)).isEqualTo(FailsafeAction.NONE);
        assertThat(monitor.fired(FailsafeTrigger.GCS_LOSS)).isFalse();
    }

    @Test
    void shouldNotAllocate() {
        FailsafeTable t = everything(FailsafeAction.LAND);
        t.row(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.LAND, 1.0, true, 0, false, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        t.row(FailsafeTrigger.BATTERY_LOW, FailsafeAction.WARN, 0, false, 0, true, FailsafeRecovery.LATCHED_UNTIL_DISARM);
        FailsafeTable candidate = new FailsafeTable();
        monitor.configure(t);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        FlightMode[] modes = FlightMode.values();
        for (int i = 0; i < 20_000; i++) {
            exercise(r, modes, candidate, t, i);
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                exercise(r, modes, candidate, t, i);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        assertThat(smallest).isZero();
    }

    private void exercise(java.util.SplittableRandom r, FlightMode[] modes, FailsafeTable candidate, FailsafeTable t, int i) {
        now += STEP;
        monitor.update(now, r.nextInt() & ((1 << FailsafeTrigger.COUNT) - 1), modes[r.nextInt(modes.length)],
                r.nextInt(20) != 0, r.nextBoolean());
        if (i % 97 == 0) {
            monitor.modeSelected();
        }
        if (i % 50 == 0) {
            candidate.copyFrom(t);
            if (candidate.contradiction().isEmpty()) {
                monitor.configure(candidate);
            }
        }
    }
}
