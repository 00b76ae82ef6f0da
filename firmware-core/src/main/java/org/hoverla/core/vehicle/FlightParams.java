package org.hoverla.core.vehicle;

import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;
import org.hoverla.mission.exec.GroundStart;

import java.util.Map;

/**
 * Every tunable gain and limit of the flight stack, registered in one {@link ParamStore} at
 * boot. Names follow PX4's where the meaning is the same, so that tuning knowledge carries
 * over; defaults are tuned for the default simulated airframe (a 1.6 kg 450 mm quad-X).
 *
 * <p>Handles are read by flight tasks, which re-apply them to their algorithms at most once a
 * second (when {@link ParamStore#generation()} moved).
 */
public final class FlightParams {
    /** SYS_AUTOSTART of PX4's generic quad-X (ROMFS airframe 4001_quad_x). */
    public static final int AUTOSTART_QUAD_X = 4001;
    /** SYS_AUTOSTART of PX4's generic quad-+ (5001_quad_+). */
    public static final int AUTOSTART_QUAD_PLUS = 5001;
    /** SYS_AUTOSTART of PX4's generic hexa-X (6001_hexa_x). */
    public static final int AUTOSTART_HEXA_X = 6001;
    /** COM_OBL_ACT values (PX4 meanings). */
    public static final int OBL_LAND = 0;
    public static final int OBL_HOLD = 1;
    public static final int OBL_RETURN = 2;
    /** COM_POSCTL_NAVL values (PX4 meanings). */
    public static final int POSCTL_NAVL_ALTITUDE = 0;
    public static final int POSCTL_NAVL_LAND = 1;

    public final ParamStore store;

    // Rate controller (normalised torque per rad/s), PX4 MC_*RATE_*
    public final FloatParam rollRateP;
    public final FloatParam rollRateI;
    public final FloatParam rollRateD;
    public final FloatParam pitchRateP;
    public final FloatParam pitchRateI;
    public final FloatParam pitchRateD;
    public final FloatParam yawRateP;
    public final FloatParam yawRateI;
    public final FloatParam yawRateD;
    public final FloatParam rateIntegratorLimit;
    public final FloatParam rateDCutoffHz;
    public final FloatParam gyroCutoffHz;
    // PX4 MC_*RATE_K: a gain on the whole PID output (P, I and D scaled alike)
    public final FloatParam rollRateK;
    public final FloatParam pitchRateK;
    public final FloatParam yawRateK;

    // Attitude controller
    public final FloatParam rollP;
    public final FloatParam pitchP;
    public final FloatParam yawP;
    public final FloatParam rollRateMaxDegps;
    public final FloatParam pitchRateMaxDegps;
    public final FloatParam yawRateMaxDegps;
    public final FloatParam yawWeight;

    // Position controller, PX4 MPC_*
    public final FloatParam xyP;
    public final FloatParam zP;
    public final FloatParam xyVelP;
    public final FloatParam xyVelI;
    public final FloatParam xyVelD;
    public final FloatParam zVelP;
    public final FloatParam zVelI;
    public final FloatParam zVelD;
    public final FloatParam xyVelMax;
    public final FloatParam zVelMaxUp;
    public final FloatParam zVelMaxDown;
    public final FloatParam tiltMaxDeg;
    public final FloatParam thrustMin;
    public final FloatParam thrustMax;
    public final FloatParam thrustHover;
    public final FloatParam accelUpMax;
    /** Manual (joystick) flight in Position and Altitude modes; see ManualPositionControl. */
    public final FloatParam manualVelMps;
    public final FloatParam manualYawRateMaxDegps;
    public final FloatParam manualDeadzone;
    /** Stabilized and Altitude modes: tilt at full stick, thrust at zero throttle (Stabilized). */
    public final FloatParam manualTiltMaxDeg;
    public final FloatParam manualThrustMin;
    public final FloatParam takeoffSpeed;
    public final FloatParam landSpeed;

    // Motors
    public final FloatParam thrustExpo;
    public final FloatParam motorIdle;
    /** SYS_AUTOSTART: PX4 airframe id of the motor geometry (read at boot: see {@link #AUTOSTART_QUAD_X}). */
    /** FD_* and CA_FAILURE_MODE: failure detector and motor-failure allocation. */
    public final org.hoverla.core.failure.FailureDetectorParams failureDetector;
    public final IntParam airframe;
    /** SYS_AUTOCONFIG: 1 resets every parameter to its default at the next boot. */
    public final IntParam sysAutoconfig;
    /** MAV_SYS_ID: MAVLink system id, read when the MAVLink links start (boot). */
    public final IntParam mavSystemId;

    // Commander and navigator
    public final FloatParam disarmLandS;
    public final FloatParam disarmPreflightS;
    public final FloatParam armTiltMaxDeg;
    public final FloatParam batteryMinV;
    public final FloatParam takeoffAltM;
    public final FloatParam takeoffAltMaxM;
    public final FloatParam returnAltM;
    public final FloatParam cruiseSpeedMps;
    public final FloatParam landSlowAltM;
    public final FloatParam orbitRadiusMaxM;
    public final IntParam gcsLossTimeoutS;
    public final IntParam gcsLossAction;
    public final FloatParam offboardLossTimeoutS;
    public final IntParam offboardLossAction;
    public final FloatParam offboardLossHoldS;
    public final IntParam missionEndAction;
    public final FloatParam missionFirstWaypointMaxM;
    public final IntParam missionTakeoffLandRequired;
    /** Hoverla's own (PX4 has none): a mission started on the ground without a takeoff item. */
    public final IntParam missionGroundStart;
    public final IntParam fenceAction;
    public final FloatParam fenceMaxHorizontalM;
    public final FloatParam fenceMaxVerticalM;
    public final FloatParam fenceMarginM;
    public final FloatParam landMaxClimbRateMps;
    public final FloatParam landMaxHorizontalSpeedMps;
    public final FloatParam landLowThrustFraction;

    // Estimator
    public final FloatParam magDeclinationDeg;
    public final FloatParam posTauXyS;
    public final FloatParam posTauZS;
    public final IntParam gnssMinSatellites;
    public final FloatParam gnssMaxEphM;
    public final FloatParam gnssGateM;
    public final FloatParam gnssMaxEpvM;
    public final FloatParam gnssMaxSAccMps;
    public final FloatParam gnssMaxHDriftMps;
    public final FloatParam gnssMaxVDriftMps;
    public final FloatParam gnssCheckTimeS;
    public final IntParam gnssMonitorAction;
    public final FloatParam attAccelGain;
    public final FloatParam attMagGain;
    public final FloatParam attBiasGain;
    public final FloatParam velGainXy;
    public final FloatParam velGainZ;
    public final IntParam estType;
    public final FloatParam noAidTimeoutS;
    public final FloatParam gnssResetTimeoutS;
    public final FloatParam ekfDelayS;
    public final IntParam positionLossAction;
    /** Parameters new with the failsafe table (battery levels, failure and GNSS integrity actions). */
    public final org.hoverla.core.failsafe.FailsafeParams failsafe;
    /** Stored sensor calibration (CAL_* slots per device id, SENS_BOARD_*_OFF level trim). */
    public final org.hoverla.core.sensors.CalibrationParamSet calibration;
    /** PX4 parameters of QGC's setup pages (sensor ids, RC, RC-loss failsafe; the battery failsafe is in {@link #failsafe}), many read-only. */
    public final SetupParams setup;
    /** Loop timing limits and degradation (LOOP_*, docs/loop-timing.md). */
    public final org.hoverla.core.timing.LoopTimingParams loopTiming;
    /** The A/B update's boot check (UPD_*, docs/boot-check.md). */
    public final org.hoverla.core.update.UpdateParams update;
    public final org.hoverla.core.log.FlightLogParams log;
    /** SYS_FAILURE_EN: the gate of MAV_CMD_INJECT_FAILURE (docs/fault-injection.md). */
    public final org.hoverla.core.fault.FailureInjectionParams failureInjection;
    /** MAVLink flood limits (MAV_FLOOD_*; docs/link-floods.md). */
    public final org.hoverla.core.mavlink.flood.FloodParams flood;
    /** ESC pulse widths, output rate, spool-up and motor test (PX4 PWM_MAIN_*, COM_SPOOLUP_TIME). */
    public final PwmParams pwm;
    /** RC calibration, channel map, mode slots, arm/kill switches (PX4 RCn_*, RC_MAP_*, COM_FLTMODEn). */
    public final RcParams rc;
    /** IMU_GYRO_RATEMAX, IMU_INTEG_RATE, MPC_LOOP_RATE: the loop rates, read at boot. */
    public final LoopRateParams loopRates;

    // Battery state of charge (PX4 battery library names): see the last block of the constructor
    public final IntParam batteryCells;
    public final FloatParam batteryFullCellV;
    public final FloatParam batteryEmptyCellV;

    public FlightParams(ParamStore store) {
        this.store = store;
        rollRateP = store.addFloat("MC_ROLLRATE_P", 0.08, 0.0, 1.0, "norm/(rad/s)", "Roll rate P gain");
        rollRateI = store.addFloat("MC_ROLLRATE_I", 0.10, 0.0, 2.0, "norm/rad", "Roll rate I gain");
        rollRateD = store.addFloat("MC_ROLLRATE_D", 0.0015, 0.0, 0.05, "norm/(rad/s^2)", "Roll rate D gain");
        pitchRateP = store.addFloat("MC_PITCHRATE_P", 0.08, 0.0, 1.0, "norm/(rad/s)", "Pitch rate P gain");
        pitchRateI = store.addFloat("MC_PITCHRATE_I", 0.10, 0.0, 2.0, "norm/rad", "Pitch rate I gain");
        pitchRateD = store.addFloat("MC_PITCHRATE_D", 0.0015, 0.0, 0.05, "norm/(rad/s^2)", "Pitch rate D gain");
        yawRateP = store.addFloat("MC_YAWRATE_P", 0.6, 0.0, 2.0, "norm/(rad/s)", "Yaw rate P gain");
        yawRateI = store.addFloat("MC_YAWRATE_I", 0.2, 0.0, 2.0, "norm/rad", "Yaw rate I gain");
        yawRateD = store.addFloat("MC_YAWRATE_D", 0.0, 0.0, 0.05, "norm/(rad/s^2)", "Yaw rate D gain");
        rateIntegratorLimit = store.addFloat("MC_RATE_INT_LIM", 0.3, 0.0, 1.0, "norm", "Rate integrator limit");
        rateDCutoffHz = store.addFloat("MC_DTERM_CUTOFF", 40.0, 5.0, 200.0, "Hz", "D-term low-pass cutoff");
        gyroCutoffHz = store.addFloat("IMU_GYRO_CUTOFF", 80.0, 5.0, 400.0, "Hz", "Gyro low-pass cutoff for rate control");
        // PX4 mc_rate_control: output = K * (P e + I integral + D derivative), K in [0.01, 5].
        rollRateK = store.addFloat("MC_ROLLRATE_K", 1.0, 0.01, 5.0, "", "Roll rate controller gain: scales P, I and D");
        pitchRateK = store.addFloat("MC_PITCHRATE_K", 1.0, 0.01, 5.0, "", "Pitch rate controller gain: scales P, I and D");
        yawRateK = store.addFloat("MC_YAWRATE_K", 1.0, 0.01, 5.0, "", "Yaw rate controller gain: scales P, I and D");

        rollP = store.addFloat("MC_ROLL_P", 6.5, 0.0, 20.0, "1/s", "Roll attitude P gain");
        pitchP = store.addFloat("MC_PITCH_P", 6.5, 0.0, 20.0, "1/s", "Pitch attitude P gain");
        yawP = store.addFloat("MC_YAW_P", 2.8, 0.0, 10.0, "1/s", "Yaw attitude P gain");
        rollRateMaxDegps = store.addFloat("MC_ROLLRATE_MAX", 220.0, 10.0, 1800.0, "deg/s", "Max roll rate");
        pitchRateMaxDegps = store.addFloat("MC_PITCHRATE_MAX", 220.0, 10.0, 1800.0, "deg/s", "Max pitch rate");
        yawRateMaxDegps = store.addFloat("MC_YAWRATE_MAX", 200.0, 10.0, 1800.0, "deg/s", "Max yaw rate");
        yawWeight = store.addFloat("MC_YAW_WEIGHT", 0.4, 0.0, 1.0, "", "Yaw weight against roll/pitch");

        xyP = store.addFloat("MPC_XY_P", 1.2, 0.0, 5.0, "1/s", "Horizontal position P gain");
        zP = store.addFloat("MPC_Z_P", 1.0, 0.0, 5.0, "1/s", "Vertical position P gain");
        xyVelP = store.addFloat("MPC_XY_VEL_P_ACC", 3.0, 0.0, 10.0, "(m/s^2)/(m/s)", "Horizontal velocity P gain");
        xyVelI = store.addFloat("MPC_XY_VEL_I_ACC", 1.5, 0.0, 10.0, "(m/s^2)/m", "Horizontal velocity I gain");
        xyVelD = store.addFloat("MPC_XY_VEL_D_ACC", 0.2, 0.0, 2.0, "(m/s^2)/(m/s^2)", "Horizontal velocity D gain");
        zVelP = store.addFloat("MPC_Z_VEL_P_ACC", 4.0, 0.0, 20.0, "(m/s^2)/(m/s)", "Vertical velocity P gain");
        zVelI = store.addFloat("MPC_Z_VEL_I_ACC", 2.0, 0.0, 10.0, "(m/s^2)/m", "Vertical velocity I gain");
        zVelD = store.addFloat("MPC_Z_VEL_D_ACC", 0.0, 0.0, 2.0, "(m/s^2)/(m/s^2)", "Vertical velocity D gain");
        xyVelMax = store.addFloat("MPC_XY_VEL_MAX", 12.0, 0.0, 20.0, "m/s", "Max horizontal speed");
        zVelMaxUp = store.addFloat("MPC_Z_VEL_MAX_UP", 3.0, 0.5, 8.0, "m/s", "Max climb rate");
        zVelMaxDown = store.addFloat("MPC_Z_VEL_MAX_DN", 1.5, 0.5, 4.0, "m/s", "Max descent rate");
        tiltMaxDeg = store.addFloat("MPC_TILTMAX_AIR", 35.0, 5.0, 70.0, "deg", "Max tilt in the air");
        thrustMin = store.addFloat("MPC_THR_MIN", 0.08, 0.05, 0.5, "norm", "Min collective thrust in the air");
        thrustMax = store.addFloat("MPC_THR_MAX", 1.0, 0.5, 1.0, "norm", "Max collective thrust");
        thrustHover = store.addFloat("MPC_THR_HOVER", 0.46, 0.1, 0.8, "norm", "Collective thrust that hovers");
        accelUpMax = store.addFloat("MPC_ACC_UP_MAX", 3.0, 0.5, 10.0, "m/s^2", "Max vertical acceleration of auto trajectories");
        // PX4 names, meanings and defaults (mc_pos_control params); the sticks come from the RC
        // receiver or MAVLink MANUAL_CONTROL, as COM_RC_IN_MODE selects.
        manualVelMps = store.addFloat("MPC_VEL_MANUAL", 10.0, 3.0, 20.0, "m/s",
                "Position mode: horizontal speed at full stick (ground-station joystick)");
        manualYawRateMaxDegps = store.addFloat("MPC_MAN_Y_MAX", 150.0, 0.0, 400.0, "deg/s",
                "Position/Altitude mode: yaw rate at full yaw stick");
        manualDeadzone = store.addFloat("MPC_HOLD_DZ", 0.1, 0.0, 1.0, "",
                "Stick deadzone around centre in Position/Altitude mode (fraction of half travel)");
        // PX4 multicopter_stabilized_mode_params.c: MPC_MAN_TILT_MAX 35 deg, MPC_MANTHR_MIN 0.08.
        manualTiltMaxDeg = store.addFloat("MPC_MAN_TILT_MAX", 35.0, 1.0, 70.0, "deg",
                "Stabilized/Altitude mode: tilt at full roll or pitch stick");
        manualThrustMin = store.addFloat("MPC_MANTHR_MIN", 0.08, 0.0, 1.0, "norm",
                "Stabilized mode: collective thrust at zero throttle");
        takeoffSpeed = store.addFloat("MPC_TKO_SPEED", 1.5, 0.5, 5.0, "m/s", "Takeoff climb rate");
        landSpeed = store.addFloat("MPC_LAND_SPEED", 0.7, 0.2, 2.0, "m/s", "Landing descent rate");

        thrustExpo = store.addFloat("MOT_THST_EXPO", 1.0, 0.0, 1.0, "", "Thrust curve: 0 linear, 1 quadratic in command");
        motorIdle = store.addFloat("MOT_IDLE", 0.08, 0.0, 0.3, "norm", "Motor command when armed and idle");
        // PX4 ROMFS/px4fmu_common/init.d/airframes: 4001_quad_x, 5001_quad_+, 6001_hexa_x. Read
        // once when the flight stack is built, like PX4's rcS reads it: a change needs a reboot.
        airframe = store.addEnum("SYS_AUTOSTART", AUTOSTART_QUAD_X,
                "Airframe (PX4 airframe id); applies after a reboot", Map.of(
                        AUTOSTART_QUAD_X, "Generic Quadcopter (quad-X)",
                        AUTOSTART_QUAD_PLUS, "Generic Quadcopter + (quad-+)",
                        AUTOSTART_HEXA_X, "Generic Hexacopter x (hexa-X)"));
        // PX4 SYS_AUTOCONFIG 1 = reset parameters to the airframe's defaults at boot; QGC's
        // airframe page writes 1 with SYS_AUTOSTART, then reboots. Hoverla's airframes share one
        // set of defaults, so 1 resets every parameter but the airframe and the system id.
        sysAutoconfig = store.addEnum("SYS_AUTOCONFIG", 0, "Parameter reset at the next boot (cleared after it)", Map.of(
                0, "Keep parameters",
                1, "Reset parameters to airframe defaults"));
        mavSystemId = store.addInt("MAV_SYS_ID", 1, 1, 250, "",
                "MAVLink system id of this vehicle; applies after a reboot");

        disarmLandS = store.addFloat("COM_DISARM_LAND", 2.0, 0.0, 20.0, "s", "Disarm this long after landing (0 = never)");
        disarmPreflightS = store.addFloat("COM_DISARM_PRFLT", 10.0, 0.0, 60.0, "s", "Disarm when no takeoff this long after arming (0 = never)");
        armTiltMaxDeg = store.addFloat("COM_ARM_TILT", 10.0, 1.0, 60.0, "deg", "Max tilt for arming");
        batteryMinV = store.addFloat("BAT_ARM_MIN_V", 10.5, 0.0, 60.0, "V", "Min battery voltage for arming");
        takeoffAltM = store.addFloat("MIS_TAKEOFF_ALT", 2.5, 0.5, 500.0, "m", "Default takeoff altitude above home");
        takeoffAltMaxM = store.addFloat("MIS_TKO_ALT_MAX", 120.0, 1.0, 1000.0, "m", "Highest takeoff altitude accepted above home");

        returnAltM = store.addFloat("RTL_RETURN_ALT", 30.0, 2.0, 500.0, "m", "Return: minimum altitude above home to fly back at");
        cruiseSpeedMps = store.addFloat("MPC_XY_CRUISE", 5.0, 0.5, 20.0, "m/s", "Horizontal speed of auto modes (reposition, return)");
        // PX4 MPC_LAND_ALT2: below it the descent is limited to MPC_LAND_SPEED (ALT1 starts a ramp).
        landSlowAltM = store.addFloat("MPC_LAND_ALT2", 10.0, 1.0, 100.0, "m", "Below this height above home descend at MPC_LAND_SPEED");
        // PX4 MC_ORBIT_RAD_MAX (default 1000 m); the smallest radius is PX4 FlightTaskOrbit's 1 m.
        orbitRadiusMaxM = store.addFloat("MC_ORBIT_RAD_MAX", 1000.0, 1.0, 10_000.0, "m", "Largest DO_ORBIT radius accepted");
        // PX4 COM_DL_LOSS_T is INT32 seconds (PX4 range 5..300; Hoverla also allows 1..4).
        gcsLossTimeoutS = store.addInt("COM_DL_LOSS_T", 5, 1, 300, "s", "Ground-station link loss after this long without its heartbeat");
        // PX4 NAV_DLL_ACT values; PX4's 5 (Terminate) and 6 (Disarm) are not offered: Hoverla has neither.
        gcsLossAction = store.addEnum("NAV_DLL_ACT", 2, "Action when the ground-station link is lost while flying", Map.of(
                0, "Disabled",
                1, "Hold mode",
                2, "Return mode",
                3, "Land mode"));
        offboardLossTimeoutS = store.addFloat("COM_OF_LOSS_T", 1.0, 0.2, 60.0, "s", "Offboard stream lost after this long without a setpoint");
        // PX4 COM_OBL_ACT values (commander_params.c); PX4's -1, 3 (Terminate), 4 (Lockdown) are
        // not offered. Hoverla holds for COM_OBL_HOLD_T first, then does this.
        offboardLossAction = store.addEnum("COM_OBL_ACT", OBL_LAND, "Offboard loss action after holding COM_OBL_HOLD_T", Map.of(
                OBL_LAND, "Land mode",
                OBL_HOLD, "Hold mode",
                OBL_RETURN, "Return mode"));
        offboardLossHoldS = store.addFloat("COM_OBL_HOLD_T", 5.0, 0.0, 120.0, "s", "Hold this long after offboard loss before COM_OBL_ACT");
        missionEndAction = store.addEnum("MIS_END_ACT", 0, "After the last mission item", Map.of(
                0, "Hold",
                1, "Land",
                2, "Return"));
        missionFirstWaypointMaxM = store.addFloat("MIS_DIST_1WP", 900.0, 0.0, 10_000.0, "m", "Refuse missions whose first item is farther from home (0 = no limit)");
        missionTakeoffLandRequired = store.addEnum("MIS_TKO_LAND_REQ", 0, "Mission takeoff/landing requirement", Map.of(
                0, "No requirement",
                1, "Require a takeoff",
                2, "Require a landing",
                3, "Require a takeoff and a landing"));
        // Values are GroundStart.POLICY_*; PX4 flies the first leg from the ground, ArduCopter refuses.
        missionGroundStart = store.addEnum("MIS_GROUND_START", GroundStart.POLICY_CLIMB_FIRST,
                "Mission started on the ground whose first item is not a takeoff", Map.of(
                        GroundStart.POLICY_CLIMB_FIRST, "Climb vertically to MIS_TAKEOFF_ALT, then fly the mission",
                        GroundStart.POLICY_FIRST_LEG, "Fly the first leg from the ground (PX4)",
                        GroundStart.POLICY_REFUSE, "Refuse to start the mission (ArduCopter)"));
        // PX4 GF_ACTION values; PX4's 4 (Terminate: motors off) is not offered, Hoverla has none.
        fenceAction = store.addEnum("GF_ACTION", 2, "Geofence breach action", Map.of(
                0, "None",
                1, "Warning",
                2, "Hold mode",
                3, "Return mode",
                5, "Land mode"));
        fenceMaxHorizontalM = store.addFloat("GF_MAX_HOR_DIST", 0.0, 0.0, 100_000.0, "m", "Max horizontal distance from home (0 = off)");
        fenceMaxVerticalM = store.addFloat("GF_MAX_VER_DIST", 0.0, 0.0, 10_000.0, "m", "Max altitude above home (0 = off)");
        fenceMarginM = store.addFloat("GF_MARGIN", 2.0, 0.0, 100.0, "m", "Act when the predicted stopping point comes this close to the fence");
        landMaxClimbRateMps = store.addFloat("LNDMC_Z_VEL_MAX", 0.3, 0.1, 2.0, "m/s", "Max vertical speed on the ground");
        landMaxHorizontalSpeedMps = store.addFloat("LNDMC_XY_VEL_MAX", 1.0, 0.1, 5.0, "m/s", "Max horizontal speed on the ground");
        landLowThrustFraction = store.addFloat("LNDMC_LOW_T_THR", 0.3, 0.05, 0.9, "", "Low thrust for landing, as a fraction of hover thrust");

        magDeclinationDeg = store.addFloat("EST_MAG_DECL", 0.0, -180.0, 180.0, "deg", "Magnetic declination at the flying site");
        posTauXyS = store.addFloat("EST_POS_TAU_XY", 1.5, 0.2, 20.0, "s", "Horizontal position filter time constant");
        posTauZS = store.addFloat("EST_POS_TAU_Z", 1.0, 0.2, 20.0, "s", "Vertical position filter time constant");
        gnssMinSatellites = store.addInt("EST_GPS_MIN_SAT", 6, 4, 30, "", "Min satellites for GNSS use");
        gnssMaxEphM = store.addFloat("EST_GPS_MAX_EPH", 3.0, 0.5, 50.0, "m", "Max horizontal accuracy for GNSS use");
        gnssGateM = store.addFloat("EST_GPS_GATE", 10.0, 1.0, 100.0, "m", "GNSS position innovation gate");
        // GNSS quality checks before GNSS is used (PX4 EKF2_REQ_EPV, EKF2_REQ_SACC,
        // EKF2_REQ_HDRIFT, EKF2_REQ_VDRIFT and the 10 s the checks must pass continuously).
        gnssMaxEpvM = store.addFloat("EST_GPS_MAX_EPV", 5.0, 0.5, 100.0, "m", "Max vertical accuracy for GNSS use");
        gnssMaxSAccMps = store.addFloat("EST_GPS_MAX_SACC", 0.5, 0.1, 10.0, "m/s", "Max speed accuracy for GNSS use");
        gnssMaxHDriftMps = store.addFloat("EST_GPS_HDRIFT", 0.1, 0.01, 5.0, "m/s", "Max GNSS horizontal drift while landed");
        gnssMaxVDriftMps = store.addFloat("EST_GPS_VDRIFT", 0.2, 0.01, 5.0, "m/s", "Max GNSS vertical drift while landed");
        gnssCheckTimeS = store.addFloat("EST_GPS_CHK_T", 10.0, 0.0, 120.0, "s", "GNSS checks must pass this long before GNSS is used");
        gnssMonitorAction = store.addEnum("EST_GPS_MON", 1, "GNSS consistency monitor", Map.of(
                0, "Off",
                1, "Flag and warn",
                2, "Flag, warn and stop fusing GNSS while suspect"));
        attAccelGain = store.addFloat("EST_ATT_ACC_K", 0.4, 0.0, 10.0, "1/s", "Attitude filter accelerometer gain (Mahony Kp)");
        attMagGain = store.addFloat("EST_ATT_MAG_K", 0.3, 0.0, 10.0, "1/s", "Attitude filter magnetometer heading gain");
        attBiasGain = store.addFloat("EST_ATT_BIAS_K", 0.02, 0.0, 1.0, "1/s^2", "Attitude filter gyro bias gain (Mahony Ki)");
        velGainXy = store.addFloat("EST_VEL_K_XY", 2.0, 0.0, 20.0, "1/s", "GNSS horizontal velocity fusion gain");
        velGainZ = store.addFloat("EST_VEL_K_Z", 1.0, 0.0, 20.0, "1/s", "GNSS vertical velocity fusion gain");
        estType = store.addEnum("EST_TYPE", 1, "Estimator (latched at alignment)", Map.of(
                0, "Complementary filters",
                1, "EKF"));
        // PX4 EKF2_NOAID_TOUT (5 s): the EKF's horizontal solution stays valid this long on the
        // IMU alone. 5 s keeps PX4's default: in the lockstep hover the true drift after 5 s is
        // well inside the published eph (see EkfGnssLossInLoopTest), and a short budget makes a
        // position-needing mode give way to COM_POS_FS_ACT before the drift is large.
        noAidTimeoutS = store.addFloat("EST_NOAID_TOUT", 5.0, 0.5, 120.0, "s", "EKF: max time the horizontal position stays valid without GNSS fusion (dead reckoning)");
        // PX4 ekf2 resets its horizontal position/velocity to GPS when GPS fusion has failed for
        // reset_timeout_max (7 s) while GPS data keeps arriving; the same default here.
        gnssResetTimeoutS = store.addFloat("EST_GPS_RST_T", 7.0, 1.0, 60.0, "s", "EKF: reset position/velocity to GNSS after GNSS fails the gate this long with a good fix");
        // PX4 ekf2 fuses at a delayed horizon the size of its largest sensor delay (EKF2_GPS_DELAY
        // 110 ms); 150 ms covers the ~100 ms GNSS latency (the simulator's GnssSim latencyS) with
        // margin for the estimator period. A measurement older than the horizon when it arrives
        // is dropped and counted, so this must exceed the largest sensor latency.
        ekfDelayS = store.addFloat("EST_EKF_DELAY", 0.15, 0.05, 0.4, "s", "EKF: fusion horizon delay behind the IMU, >= the largest sensor latency (latched at alignment)");
        // 0 (altitude hold) by default, as PX4's COM_POSCTL_NAVL defaults to Altitude: the
        // vehicle keeps its height and zero estimated horizontal velocity and the pilot or GCS
        // decides; a vehicle flown without RC or GCS watch should set 1 (land).
        positionLossAction = store.addEnum("COM_POSCTL_NAVL", POSCTL_NAVL_ALTITUDE,
                "Horizontal position lost in a mode that needs it", Map.of(
                        POSCTL_NAVL_ALTITUDE, "Altitude mode (Land when the height is not valid either)",
                        POSCTL_NAVL_LAND, "Land mode"));
        failsafe = new org.hoverla.core.failsafe.FailsafeParams(store);
        calibration = new org.hoverla.core.sensors.CalibrationParamSet(store);
        setup = new SetupParams(store, calibration);
        pwm = new PwmParams(store);
        rc = new RcParams(store);
        loopRates = new LoopRateParams(store);
        loopTiming = new org.hoverla.core.timing.LoopTimingParams(store);
        update = new org.hoverla.core.update.UpdateParams(store);
        log = new org.hoverla.core.log.FlightLogParams(store);
        failureInjection = new org.hoverla.core.fault.FailureInjectionParams(store);
        failureDetector = new org.hoverla.core.failure.FailureDetectorParams(store);
        // ---- Link security (docs/link-security.md): trust, signing, command authority, rate limits.
        org.hoverla.core.mavlink.security.LinkTrust.registerParams(store);
        new org.hoverla.core.mavlink.signing.SigningParams(store); // MAV_SIGN_CFG (docs/mavlink-signing.md)
        new org.hoverla.core.mavlink.security.AuthorityParams(store);
        flood = new org.hoverla.core.mavlink.flood.FloodParams(store);

        // ---- Battery state of charge (BatteryStateOfCharge, run by the commander where the battery is
        // filtered; published as battery_status.remainingFraction, sent as battery_remaining in
        // SYS_STATUS and BATTERY_STATUS). PX4's names, types and meanings (src/lib/battery/module.yaml):
        // BAT1_N_CELLS is PX4's enum 1S..16S; its default here is the default simulated airframe's 3S
        // pack (PX4 ships 0 = "not configured"). BAT1_V_EMPTY / BAT1_V_CHARGED keep PX4's defaults
        // (3.6 / 4.05 V per cell under a mild load): on the simulated pack's rest-voltage curve they
        // read 0 % at ~8 % true charge and 100 % above ~85 %. A V_CHARGED not above V_EMPTY makes the
        // charge unknown (battery_remaining -1), never a wrong number.
        java.util.Map<Integer, String> cellCounts = new java.util.TreeMap<>();
        for (int cells = 1; cells <= 16; cells++) {
            cellCounts.put(cells, cells + "S Battery");
        }
        batteryCells = store.addEnum("BAT1_N_CELLS", 3, "Number of cells in series of battery 1", cellCounts);
        batteryFullCellV = store.addFloat("BAT1_V_CHARGED", 4.05, 3.0, 4.6, "V",
                "Full cell voltage of battery 1 (under a mild load)");
        batteryEmptyCellV = store.addFloat("BAT1_V_EMPTY", 3.6, 2.5, 4.2, "V",
                "Empty cell voltage of battery 1 (under load, above the steep drop-off)");
    }
}
