package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;

import java.util.Map;

/**
 * The failsafe parameters that are new with the failsafe table, and the mapping of every
 * {@code *_ACT} parameter (old and new) to {@link FailsafeAction}: PX4's numbering for PX4's
 * parameters, {@link FailsafeAction#ofHoverlaCode} for Hoverla's own. {@link #fill} writes the
 * whole table from the parameters (allocation-free, so the commander can call it on the flight
 * thread when parameters change).
 */
public final class FailsafeParams {
    /** COM_LOW_BAT_ACT values (PX4 LowBatteryAction; 1, Return, is deprecated in PX4 and not offered). */
    public static final int LOW_BAT_WARN = 0;
    public static final int LOW_BAT_LAND = 2;
    public static final int LOW_BAT_RETURN_THEN_LAND = 3;

    public final FloatParam batteryLowThr;
    public final FloatParam batteryCritThr;
    public final FloatParam batteryEmergencyThr;
    public final IntParam lowBatteryAction;
    public final FloatParam batteryActionDelayS;
    public final IntParam flightTimeLowAction;
    public final FloatParam returnTimeFactor;
    public final FloatParam returnTimeMarginS;
    public final IntParam actuatorFailureAction;
    public final IntParam attitudeFailureAction;
    public final IntParam gnssJammingAction;
    public final IntParam gnssSpoofingAction;
    public final IntParam imuLossAction;

    private static Map<Integer, String> hoverlaActions() {
        return Map.of(0, "None", 1, "Warning", 2, "Hold mode", 3, "Return mode", 4, "Land mode",
                5, "Disarm", 6, "Terminate (motors off)");
    }

    public FailsafeParams(ParamStore store) {
        // PX4's battery thresholds (src/lib/battery/module.yaml defaults); ranges wide enough to
        // let a contradictory set be entered, which the table then refuses with a message.
        batteryLowThr = store.addFloat("BAT_LOW_THR", 0.15, 0.05, 0.5, "", "Battery low: warn at this state of charge");
        batteryCritThr = store.addFloat("BAT_CRIT_THR", 0.07, 0.02, 0.5, "", "Battery critical: COM_LOW_BAT_ACT at this state of charge");
        batteryEmergencyThr = store.addFloat("BAT_EMERGEN_THR", 0.05, 0.0, 0.5, "", "Battery emergency: land at this state of charge");
        // Hoverla defaults to 3 (PX4 ships 0, warning only): a vehicle nobody watches must still
        // come back before the pack is flat.
        lowBatteryAction = store.addEnum("COM_LOW_BAT_ACT", LOW_BAT_RETURN_THEN_LAND, "Battery failsafe action", Map.of(
                LOW_BAT_WARN, "Warning",
                LOW_BAT_LAND, "Land mode",
                LOW_BAT_RETURN_THEN_LAND, "Return at critical level, land at emergency level"));
        batteryActionDelayS = store.addFloat("COM_BAT_ACT_T", 5.0, 0.0, 25.0, "s",
                "Delay between a critical/emergency battery and its action");
        flightTimeLowAction = store.addEnum("COM_FLTT_LOW_ACT", 3, "Remaining flight time below the time to return", Map.of(
                0, "None",
                1, "Warning",
                3, "Return mode"));
        returnTimeFactor = store.addFloat("RTL_TIME_FACTOR", 1.1, 1.0, 3.0, "", "Safety factor on the estimated time to return");
        returnTimeMarginS = store.addFloat("RTL_TIME_MARGIN", 100.0, 0.0, 3600.0, "s", "Margin added to the estimated time to return");
        // PX4 COM_ACT_FAIL_ACT numbering; Hoverla defaults to Land (PX4: warning only).
        actuatorFailureAction = store.addEnum("COM_ACT_FAIL_ACT", 2, "Motor failure or thrust loss action", Map.of(
                0, "Warning",
                1, "Hold mode",
                2, "Land mode",
                3, "Return mode",
                4, "Terminate"));
        attitudeFailureAction = store.addEnum("COM_ATT_FAIL_ACT", 4, "Attitude failure (tilt beyond limit) action", hoverlaActions());
        gnssJammingAction = store.addEnum("COM_GPSJAM_ACT", 1, "GNSS jamming reported by the receiver", hoverlaActions());
        gnssSpoofingAction = store.addEnum("COM_GPSSPF_ACT", 1, "GNSS spoofing (receiver flag or consistency monitor)", hoverlaActions());
        imuLossAction = store.addEnum("COM_IMULOSS_ACT", 6, "No healthy IMU left", hoverlaActions());
    }

    /** NAV_DLL_ACT and NAV_RCL_ACT (PX4): 0 disabled (announce only), 1 hold, 2 return, 3 land, 5 terminate, 6 disarm. */
    public static FailsafeAction linkLossAction(int v) {
        switch (v) {
            case 0: return FailsafeAction.WARN;
            case 1: return FailsafeAction.HOLD;
            case 2: return FailsafeAction.RETURN;
            case 3: return FailsafeAction.LAND;
            case 5: return FailsafeAction.TERMINATE;
            case 6: return FailsafeAction.DISARM;
            default: return null;
        }
    }

    /** COM_OBL_ACT as Hoverla offers it (PX4's older numbering): 0 land, 1 hold, 2 return. */
    public static FailsafeAction offboardLossAction(int v) {
        switch (v) {
            case FlightParams.OBL_LAND: return FailsafeAction.LAND;
            case FlightParams.OBL_HOLD: return FailsafeAction.HOLD;
            case FlightParams.OBL_RETURN: return FailsafeAction.RETURN;
            default: return null;
        }
    }

    /** GF_ACTION (PX4): 0 none, 1 warning, 2 hold, 3 return, 4 terminate, 5 land. */
    public static FailsafeAction geofenceAction(int v) {
        switch (v) {
            case 0: return FailsafeAction.NONE;
            case 1: return FailsafeAction.WARN;
            case 2: return FailsafeAction.HOLD;
            case 3: return FailsafeAction.RETURN;
            case 4: return FailsafeAction.TERMINATE;
            case 5: return FailsafeAction.LAND;
            default: return null;
        }
    }

    /** COM_LOW_BAT_ACT at the critical level: 0 warning, 1 (deprecated) return, 2 land, 3 return. */
    public static FailsafeAction batteryCriticalAction(int v) {
        switch (v) {
            case 0: return FailsafeAction.WARN;
            case 1: return FailsafeAction.RETURN;
            case 2: return FailsafeAction.LAND;
            case 3: return FailsafeAction.RETURN;
            default: return null;
        }
    }

    /**
     * COM_LOW_BAT_ACT at the emergency level: 0 warning, 2 and 3 land; the deprecated 1 (return)
     * lands too, since a return started at the emergency level would not reach home.
     */
    public static FailsafeAction batteryEmergencyAction(int v) {
        switch (v) {
            case 0: return FailsafeAction.WARN;
            case 1:
            case 2:
            case 3: return FailsafeAction.LAND;
            default: return null;
        }
    }

    /** COM_FLTT_LOW_ACT (PX4): 0 none, 1 warning, 3 return. */
    public static FailsafeAction flightTimeLowAction(int v) {
        switch (v) {
            case 0: return FailsafeAction.NONE;
            case 1: return FailsafeAction.WARN;
            case 3: return FailsafeAction.RETURN;
            default: return null;
        }
    }

    /** COM_POSCTL_NAVL (PX4): 0 altitude mode (land when the height is lost too), 1 land. */
    public static FailsafeAction positionLossAction(int v) {
        switch (v) {
            case FlightParams.POSCTL_NAVL_ALTITUDE: return FailsafeAction.FALLBACK_ALTITUDE;
            case FlightParams.POSCTL_NAVL_LAND: return FailsafeAction.LAND;
            default: return null;
        }
    }

    /** COM_ACT_FAIL_ACT (PX4): 0 warning, 1 hold, 2 land, 3 return, 4 terminate. */
    public static FailsafeAction actuatorFailureAction(int v) {
        switch (v) {
            case 0: return FailsafeAction.WARN;
            case 1: return FailsafeAction.HOLD;
            case 2: return FailsafeAction.LAND;
            case 3: return FailsafeAction.RETURN;
            case 4: return FailsafeAction.TERMINATE;
            default: return null;
        }
    }

    /** COM_RCL_EXCEPT bits (PX4): 0 Mission, 1 Hold (and Takeoff), 2 Offboard → mode mask. */
    public static int rcLossExceptModes(int bits) {
        int mask = 0;
        if ((bits & 1) != 0) {
            mask |= FailsafeTable.modeBit(FlightMode.MISSION);
        }
        if ((bits & 2) != 0) {
            mask |= FailsafeTable.modeBit(FlightMode.HOLD) | FailsafeTable.modeBit(FlightMode.TAKEOFF);
        }
        if ((bits & 4) != 0) {
            mask |= FailsafeTable.modeBit(FlightMode.OFFBOARD);
        }
        return mask;
    }

    /** Time the loop-timing failure, the sensor losses and the attitude failure wait: none. */
    private static final double IMMEDIATE_S = 0.0;

    /**
     * Writes the table the parameters configure into {@code out} (call
     * {@link FailsafeTable#contradiction()} afterwards). Allocation-free.
     */
    public static void fill(FlightParams p, FailsafeTable out) {
        FailsafeParams f = p.failsafe;
        out.beginRefill();
        set(out, FailsafeTrigger.RC_LOSS, linkLossAction(p.setup.rcLossAction.get()), IMMEDIATE_S, false,
                rcLossExceptModes(p.setup.rcLossExceptions.get()), true);
        set(out, FailsafeTrigger.GCS_LOSS, linkLossAction(p.gcsLossAction.get()), IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.OFFBOARD_LOSS, offboardLossAction(p.offboardLossAction.get()),
                p.offboardLossHoldS.get(), true, 0, false);
        int lowBat = f.lowBatteryAction.get();
        double batDelayS = f.batteryActionDelayS.get();
        out.row(FailsafeTrigger.BATTERY_LOW, FailsafeAction.WARN, IMMEDIATE_S, false, 0, true,
                FailsafeRecovery.LATCHED_UNTIL_DISARM);
        out.row(FailsafeTrigger.BATTERY_CRITICAL, batteryCriticalAction(lowBat), batDelayS, false, 0, true,
                FailsafeRecovery.LATCHED_UNTIL_DISARM);
        out.row(FailsafeTrigger.BATTERY_EMERGENCY, batteryEmergencyAction(lowBat), batDelayS, false, 0, true,
                FailsafeRecovery.LATCHED_UNTIL_DISARM);
        set(out, FailsafeTrigger.FLIGHT_TIME_LOW, flightTimeLowAction(f.flightTimeLowAction.get()), IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.POSITION_INVALID, positionLossAction(p.positionLossAction.get()), IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.GNSS_JAMMING, FailsafeAction.ofHoverlaCode(f.gnssJammingAction.get()), IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.GNSS_SPOOFING, FailsafeAction.ofHoverlaCode(f.gnssSpoofingAction.get()), IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.GEOFENCE_BREACH, geofenceAction(p.fenceAction.get()), IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.ATTITUDE_FAILURE, FailsafeAction.ofHoverlaCode(f.attitudeFailureAction.get()), IMMEDIATE_S,
                false, 0, true);
        set(out, FailsafeTrigger.MOTOR_FAILURE, actuatorFailureAction(f.actuatorFailureAction.get()), IMMEDIATE_S, false, 0, true);
        // Fixed rows: the loop-timing failure lands (docs/loop-timing.md); barometer, magnetometer
        // and GNSS losses warn, because the estimator carries on without them (height from GNSS,
        // heading from the last estimate, dead reckoning) and POSITION_INVALID acts when the
        // position goes; an IMU loss leaves nothing to fly with (COM_IMULOSS_ACT).
        set(out, FailsafeTrigger.LOOP_TIMING_FAILURE, FailsafeAction.LAND, IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.IMU_LOST, FailsafeAction.ofHoverlaCode(f.imuLossAction.get()), IMMEDIATE_S, false, 0, false);
        set(out, FailsafeTrigger.BARO_LOST, FailsafeAction.WARN, IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.MAG_LOST, FailsafeAction.WARN, IMMEDIATE_S, false, 0, true);
        set(out, FailsafeTrigger.GNSS_LOST, FailsafeAction.WARN, IMMEDIATE_S, false, 0, true);
        out.battery(f.batteryLowThr.get(), f.batteryCritThr.get(), f.batteryEmergencyThr.get());
        out.returnBudget(f.returnTimeFactor.get(), f.returnTimeMarginS.get());
    }

    /** A row whose recovery follows its action: warnings end with the trigger, the rest are kept. */
    private static void set(FailsafeTable out, FailsafeTrigger t, FailsafeAction a, double delayS, boolean hold,
                            int exceptModes, boolean inFlightOnly) {
        out.row(t, a, delayS, hold, exceptModes, inFlightOnly,
                a != null && a.changesFlight() ? FailsafeRecovery.KEEP_UNTIL_MODE_SELECTED : FailsafeRecovery.ENDS_WITH_TRIGGER);
    }

    /** The parameters that configure a trigger's row (for `./hoverla failsafes` and the docs). */
    public static String parametersOf(FailsafeTrigger t) {
        switch (t) {
            case RC_LOSS: return "NAV_RCL_ACT, COM_RC_LOSS_T, COM_RCL_EXCEPT";
            case GCS_LOSS: return "NAV_DLL_ACT, COM_DL_LOSS_T";
            case OFFBOARD_LOSS: return "COM_OBL_ACT, COM_OF_LOSS_T, COM_OBL_HOLD_T";
            case BATTERY_LOW: return "BAT_LOW_THR";
            case BATTERY_CRITICAL: return "BAT_CRIT_THR, COM_LOW_BAT_ACT, COM_BAT_ACT_T";
            case BATTERY_EMERGENCY: return "BAT_EMERGEN_THR, COM_LOW_BAT_ACT, COM_BAT_ACT_T";
            case FLIGHT_TIME_LOW: return "COM_FLTT_LOW_ACT, RTL_TIME_FACTOR, RTL_TIME_MARGIN";
            case POSITION_INVALID: return "COM_POSCTL_NAVL, EST_NOAID_TOUT";
            case GNSS_JAMMING: return "COM_GPSJAM_ACT";
            case GNSS_SPOOFING: return "COM_GPSSPF_ACT, EST_GPS_MON";
            case GEOFENCE_BREACH: return "GF_ACTION, GF_MARGIN";
            case ATTITUDE_FAILURE: return "COM_ATT_FAIL_ACT";
            case MOTOR_FAILURE: return "COM_ACT_FAIL_ACT";
            case IMU_LOST: return "COM_IMULOSS_ACT";
            default: return "(fixed)";
        }
    }

    /** How the trigger is detected, with the current detection time where a parameter sets it. */
    public static String detectionOf(FailsafeTrigger t, FlightParams p) {
        switch (t) {
            case RC_LOSS: return "no manual input for COM_RC_LOSS_T=" + p.setup.rcLossTimeoutS.get() + " s";
            case GCS_LOSS: return "no GCS heartbeat for COM_DL_LOSS_T=" + p.gcsLossTimeoutS.get() + " s";
            case OFFBOARD_LOSS: return "no setpoint for COM_OF_LOSS_T=" + p.offboardLossTimeoutS.get() + " s in Offboard";
            case BATTERY_LOW: return "charge <= " + p.failsafe.batteryLowThr.get();
            case BATTERY_CRITICAL: return "charge <= " + p.failsafe.batteryCritThr.get();
            case BATTERY_EMERGENCY: return "charge <= " + p.failsafe.batteryEmergencyThr.get();
            case FLIGHT_TIME_LOW: return "remaining time < " + p.failsafe.returnTimeFactor.get() + " x time home + "
                    + p.failsafe.returnTimeMarginS.get() + " s";
            case POSITION_INVALID: return "no valid xy estimate in a position mode";
            case GNSS_JAMMING: return "receiver jamming flag";
            case GNSS_SPOOFING: return "receiver spoofing flag or consistency monitor";
            case GEOFENCE_BREACH: return "stopping point within GF_MARGIN=" + p.fenceMarginM.get() + " m of the fence";
            case ATTITUDE_FAILURE: return "failure detector: tilt beyond limit";
            case MOTOR_FAILURE: return "failure detector: motor failed or thrust lost";
            case LOOP_TIMING_FAILURE: return "loop timing governor at FAILSAFE";
            default: return "sensor frontend: no healthy instance";
        }
    }
}
