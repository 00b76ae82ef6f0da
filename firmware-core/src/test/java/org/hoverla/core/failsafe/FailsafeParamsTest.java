package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailsafeParamsTest {
    private final FlightParams params = new FlightParams(new ParamStore());
    private final FailsafeTable table = new FailsafeTable();

    private FailsafeTable filled() {
        FailsafeParams.fill(params, table);
        return table;
    }

    @Test
    void shouldBuildAConsistentTableFromTheDefaults() {
        FailsafeTable t = filled();
        assertThat(t.contradiction()).isEmpty();
        // PX4-named parameters with Hoverla's defaults
        assertThat(t.action(FailsafeTrigger.GCS_LOSS)).isEqualTo(FailsafeAction.RETURN);         // NAV_DLL_ACT 2
        assertThat(t.action(FailsafeTrigger.RC_LOSS)).isEqualTo(FailsafeAction.WARN);            // NAV_RCL_ACT 0
        assertThat(t.action(FailsafeTrigger.OFFBOARD_LOSS)).isEqualTo(FailsafeAction.LAND);      // COM_OBL_ACT 0
        assertThat(t.delayS(FailsafeTrigger.OFFBOARD_LOSS)).isEqualTo(5.0);                      // COM_OBL_HOLD_T
        assertThat(t.holdDuringDelay(FailsafeTrigger.OFFBOARD_LOSS)).isTrue();
        assertThat(t.action(FailsafeTrigger.GEOFENCE_BREACH)).isEqualTo(FailsafeAction.HOLD);    // GF_ACTION 2
        assertThat(t.action(FailsafeTrigger.POSITION_INVALID)).isEqualTo(FailsafeAction.FALLBACK_ALTITUDE);
        assertThat(t.action(FailsafeTrigger.BATTERY_LOW)).isEqualTo(FailsafeAction.WARN);
        assertThat(t.action(FailsafeTrigger.BATTERY_CRITICAL)).isEqualTo(FailsafeAction.RETURN); // COM_LOW_BAT_ACT 3
        assertThat(t.action(FailsafeTrigger.BATTERY_EMERGENCY)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.delayS(FailsafeTrigger.BATTERY_CRITICAL)).isEqualTo(5.0);                   // COM_BAT_ACT_T
        assertThat(t.recovery(FailsafeTrigger.BATTERY_CRITICAL)).isEqualTo(FailsafeRecovery.LATCHED_UNTIL_DISARM);
        assertThat(t.action(FailsafeTrigger.FLIGHT_TIME_LOW)).isEqualTo(FailsafeAction.RETURN);  // COM_FLTT_LOW_ACT 3
        assertThat(t.action(FailsafeTrigger.MOTOR_FAILURE)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.action(FailsafeTrigger.ATTITUDE_FAILURE)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.action(FailsafeTrigger.GNSS_JAMMING)).isEqualTo(FailsafeAction.WARN);
        assertThat(t.action(FailsafeTrigger.GNSS_SPOOFING)).isEqualTo(FailsafeAction.WARN);
        assertThat(t.action(FailsafeTrigger.LOOP_TIMING_FAILURE)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.action(FailsafeTrigger.IMU_LOST)).isEqualTo(FailsafeAction.TERMINATE);
        assertThat(t.inFlightOnly(FailsafeTrigger.IMU_LOST)).isFalse();
        assertThat(t.action(FailsafeTrigger.BARO_LOST)).isEqualTo(FailsafeAction.WARN);
        assertThat(t.batteryLowFraction()).isEqualTo(0.15);
        assertThat(t.batteryCriticalFraction()).isEqualTo(0.07);
        assertThat(t.batteryEmergencyFraction()).isEqualTo(0.05);
        // Warnings end with their trigger, actions are kept
        assertThat(t.recovery(FailsafeTrigger.GNSS_JAMMING)).isEqualTo(FailsafeRecovery.ENDS_WITH_TRIGGER);
        assertThat(t.recovery(FailsafeTrigger.GCS_LOSS)).isEqualTo(FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
    }

    @Test
    void shouldMapEachPx4ActionParameterWithPx4sNumbering() {
        assertThat(FailsafeParams.linkLossAction(0)).isEqualTo(FailsafeAction.WARN);
        assertThat(FailsafeParams.linkLossAction(1)).isEqualTo(FailsafeAction.HOLD);
        assertThat(FailsafeParams.linkLossAction(2)).isEqualTo(FailsafeAction.RETURN);
        assertThat(FailsafeParams.linkLossAction(3)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeParams.linkLossAction(4)).isNull();
        assertThat(FailsafeParams.linkLossAction(5)).isEqualTo(FailsafeAction.TERMINATE);
        assertThat(FailsafeParams.linkLossAction(6)).isEqualTo(FailsafeAction.DISARM);
        assertThat(FailsafeParams.geofenceAction(0)).isEqualTo(FailsafeAction.NONE);
        assertThat(FailsafeParams.geofenceAction(1)).isEqualTo(FailsafeAction.WARN);
        assertThat(FailsafeParams.geofenceAction(4)).isEqualTo(FailsafeAction.TERMINATE);
        assertThat(FailsafeParams.geofenceAction(5)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeParams.offboardLossAction(0)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeParams.offboardLossAction(1)).isEqualTo(FailsafeAction.HOLD);
        assertThat(FailsafeParams.offboardLossAction(2)).isEqualTo(FailsafeAction.RETURN);
        assertThat(FailsafeParams.batteryCriticalAction(0)).isEqualTo(FailsafeAction.WARN);
        assertThat(FailsafeParams.batteryCriticalAction(2)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeParams.batteryCriticalAction(3)).isEqualTo(FailsafeAction.RETURN);
        assertThat(FailsafeParams.batteryEmergencyAction(3)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeParams.flightTimeLowAction(0)).isEqualTo(FailsafeAction.NONE);
        assertThat(FailsafeParams.flightTimeLowAction(2)).isNull();
        assertThat(FailsafeParams.flightTimeLowAction(3)).isEqualTo(FailsafeAction.RETURN);
        assertThat(FailsafeParams.positionLossAction(0)).isEqualTo(FailsafeAction.FALLBACK_ALTITUDE);
        assertThat(FailsafeParams.positionLossAction(1)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeParams.actuatorFailureAction(0)).isEqualTo(FailsafeAction.WARN);
        assertThat(FailsafeParams.actuatorFailureAction(4)).isEqualTo(FailsafeAction.TERMINATE);
        assertThat(FailsafeAction.ofHoverlaCode(6)).isEqualTo(FailsafeAction.TERMINATE);
        assertThat(FailsafeAction.ofHoverlaCode(7)).isNull();
    }

    @Test
    void shouldOrderActionsBySeverity() {
        assertThat(FailsafeAction.values()).containsExactly(FailsafeAction.NONE, FailsafeAction.WARN,
                FailsafeAction.FALLBACK_ALTITUDE, FailsafeAction.HOLD, FailsafeAction.RETURN, FailsafeAction.LAND,
                FailsafeAction.DISARM, FailsafeAction.TERMINATE);
        assertThat(FailsafeAction.max(FailsafeAction.HOLD, FailsafeAction.LAND)).isEqualTo(FailsafeAction.LAND);
        assertThat(FailsafeAction.WARN.changesFlight()).isFalse();
        assertThat(FailsafeAction.FALLBACK_ALTITUDE.changesFlight()).isTrue();
    }

    @Test
    void shouldFollowTheParametersWhenTheyChange() {
        params.gcsLossAction.set(3);
        params.setup.rcLossAction.set(6);
        params.setup.rcLossExceptions.set(3);
        params.fenceAction.set(5);
        params.failsafe.lowBatteryAction.set(FailsafeParams.LOW_BAT_LAND);
        params.failsafe.gnssSpoofingAction.set(4);
        FailsafeTable t = filled();
        assertThat(t.contradiction()).isEmpty();
        assertThat(t.action(FailsafeTrigger.GCS_LOSS)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.action(FailsafeTrigger.RC_LOSS)).isEqualTo(FailsafeAction.DISARM);
        assertThat(t.exceptModes(FailsafeTrigger.RC_LOSS)).isEqualTo(FailsafeTable.modeBit(FlightMode.MISSION)
                | FailsafeTable.modeBit(FlightMode.HOLD) | FailsafeTable.modeBit(FlightMode.TAKEOFF));
        assertThat(t.action(FailsafeTrigger.GEOFENCE_BREACH)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.action(FailsafeTrigger.BATTERY_CRITICAL)).isEqualTo(FailsafeAction.LAND);
        assertThat(t.action(FailsafeTrigger.GNSS_SPOOFING)).isEqualTo(FailsafeAction.LAND);
    }

    @Test
    void shouldNameContradictoryBatteryThresholds() {
        // Given BAT_CRIT_THR above BAT_LOW_THR
        params.failsafe.batteryCritThr.set(0.2);
        assertThat(filled().contradiction()).isEqualTo(FailsafeTable.BAD_BATTERY_THRESHOLDS);
        // and an emergency level not below the critical one
        params.failsafe.batteryCritThr.set(0.07);
        params.failsafe.batteryEmergencyThr.set(0.07);
        assertThat(filled().contradiction()).isEqualTo(FailsafeTable.BAD_BATTERY_THRESHOLDS);
        params.failsafe.batteryEmergencyThr.set(0.05);
        assertThat(filled().contradiction()).isEmpty();
    }

    @Test
    void shouldNameAnEmergencyActionLessSevereThanTheCriticalOne() {
        FailsafeTable t = filled();
        t.row(FailsafeTrigger.BATTERY_EMERGENCY, FailsafeAction.HOLD, 0, false, 0, true, FailsafeRecovery.LATCHED_UNTIL_DISARM);
        assertThat(t.contradiction()).isEqualTo(FailsafeTable.BAD_BATTERY_ACTIONS);
    }

    @Test
    void shouldNameANegativeOrNonFiniteDelayAndAnUnknownAction() {
        FailsafeTable t = filled();
        t.row(FailsafeTrigger.GCS_LOSS, FailsafeAction.RETURN, -1.0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        assertThat(t.contradiction()).isEqualTo(FailsafeTable.BAD_DELAY);
        t.row(FailsafeTrigger.GCS_LOSS, FailsafeAction.RETURN, Double.NaN, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        assertThat(t.contradiction()).isEqualTo(FailsafeTable.BAD_DELAY);
        FailsafeTable u = filled();
        u.row(FailsafeTrigger.GCS_LOSS, null, 0.0, false, 0, true, FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED);
        assertThat(u.contradiction()).isEqualTo(FailsafeTable.BAD_ACTION);
        // A refill starts clean
        assertThat(filled().contradiction()).isEmpty();
    }

    @Test
    void shouldKeepContradictionTextsShortEnoughForOneStatustext() {
        for (String s : new String[] {FailsafeTable.BAD_BATTERY_THRESHOLDS, FailsafeTable.BAD_BATTERY_ACTIONS,
            FailsafeTable.BAD_DELAY, FailsafeTable.BAD_RETURN_BUDGET, FailsafeTable.BAD_ACTION}) {
            assertThat(s.length()).as(s).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void shouldKeepThePreTableMessageTexts() {
        assertThat(FailsafeMessages.action(FailsafeTrigger.GCS_LOSS, FailsafeAction.RETURN))
                .isEqualTo("Failsafe: ground station link lost, returning");
        assertThat(FailsafeMessages.action(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.HOLD))
                .isEqualTo("Failsafe: offboard setpoints lost, holding");
        assertThat(FailsafeMessages.action(FailsafeTrigger.POSITION_INVALID, FailsafeAction.FALLBACK_ALTITUDE))
                .isEqualTo("Failsafe: position estimate lost, altitude hold");
        assertThat(FailsafeMessages.action(FailsafeTrigger.LOOP_TIMING_FAILURE, FailsafeAction.LAND))
                .isEqualTo("Loop timing failure: landing");
        assertThat(FailsafeMessages.action(FailsafeTrigger.BATTERY_CRITICAL, FailsafeAction.RETURN))
                .isEqualTo("Failsafe: battery critical, returning");
        assertThat(FailsafeMessages.active(FailsafeTrigger.GCS_LOSS)).isEqualTo("Ground station link lost");
        assertThat(FailsafeMessages.cleared(FailsafeTrigger.GCS_LOSS)).isEqualTo("Ground station link regained");
    }

    @Test
    void shouldRefillAndJudgeTheTableWithoutAllocating() {
        // Given the commander's work when parameters change: refill a candidate, judge it, install it
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        FailsafeMonitor monitor = new FailsafeMonitor();
        String[] last = {""};
        Runnable refill = () -> {
            FailsafeParams.fill(params, table);
            String c = table.contradiction();
            if (c.isEmpty()) {
                monitor.configure(table);
            }
            last[0] = c;
        };
        params.failsafe.batteryCritThr.set(0.3);
        for (int i = 0; i < 20_000; i++) {
            refill.run();
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                refill.run();
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        // Then nothing is allocated, contradictory or not
        assertThat(last[0]).isEqualTo(FailsafeTable.BAD_BATTERY_THRESHOLDS);
        assertThat(smallest).isZero();
    }
}
