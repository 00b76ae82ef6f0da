package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.estimation.gnss.GnssConsistencyMonitor;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.control.MotorTest;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.sensors.BatteryGauge;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import org.hoverla.core.msg.GcsLinkStatus;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.failsafe.FailsafeAction;
import org.hoverla.core.failsafe.FailsafeMessages;
import org.hoverla.core.failsafe.FailsafeMonitor;
import org.hoverla.core.failsafe.FailsafeParams;
import org.hoverla.core.failsafe.FailsafeTable;
import org.hoverla.core.failsafe.FailsafeTrigger;
import org.hoverla.core.failsafe.ManualControlLossFailsafe;
import org.hoverla.core.failsafe.PreArmChecks;
import org.hoverla.core.failsafe.ReturnTimeBudget;
import org.hoverla.core.msg.FailureDetectorStatus;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.rc.RcArmingSwitches;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.NavigatorStatus;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.navigation.GuidedCommandValidator;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.LandDetector;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.PendingTakeoff;
import org.hoverla.core.vehicle.RcParams;
import org.hoverla.core.vehicle.SetupParams;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.fence.Geofence;
import org.hoverla.mission.exec.GroundStart;

/**
 * The commander: executes vehicle commands, runs the arming state machine with its pre-arm
 * checks ({@link PreArmChecks}), the land detector, failsafes and automatic disarming, decides
 * the flight mode and publishes the vehicle status. Failsafes: each state cycle it works out
 * which {@link FailsafeTrigger}s are active, {@link FailsafeMonitor} decides the action from the
 * table the parameters configure ({@link FailsafeParams}; docs/failsafes.md), and this task
 * applies it (mode change or disarm) and says every transition. The battery is judged by {@link BatteryGauge} and the guided
 * commands' arguments by {@link GuidedCommandValidator}; this task wires them. Scheduled every cycle; when no command waits and its 20 ms
 * state period has not come, a run costs two queue reads. Every refusal carries a constant reason string (no string building on the
 * flight thread).
 */
public final class CommanderTask implements FlightTask {
    static final String EVENT_GNSS_SUSPECT = "GNSS inconsistent with IMU/baro: spoofing?";
    static final String EVENT_GNSS_CONSISTENT = "GNSS consistent with IMU/baro again";
    static final String EVENT_GNSS_JAMMING = "GNSS receiver reports jamming";
    static final String EVENT_GNSS_JAMMING_CLEAR = "GNSS receiver no longer reports jamming";
    static final String EVENT_GNSS_SPOOFED = "GNSS receiver reports spoofing";
    static final String EVENT_GNSS_SPOOFED_CLEAR = "GNSS receiver no longer reports spoofing";
    static final String MODE_NO_ALTITUDE = "Mode change refused: no height estimate";
    static final String MODE_NO_ATTITUDE = "Mode change refused: no attitude estimate";
    static final String MODE_NO_MANUAL_CONTROL = "Stabilized refused: no manual control input (RC or joystick)";
    static final String EVENT_POSITION_LOST_LAND = "Failsafe: position estimate lost, landing";
    static final String EVENT_POSITION_REGAINED = "Position estimate regained; mode unchanged";
    static final String DISARM_FLYING = "Disarm refused: vehicle is flying (use force)";
    static final String EVENT_TAKEOFF_NOT_ARMED = "Takeoff cancelled: not armed in time";
    static final String EVENT_TAKEOFF_DISARM = "Takeoff cancelled by disarm";
    static final String TAKEOFF_FLYING = "Takeoff refused: already flying";
    static final String TAKEOFF_NO_POSITION = "Takeoff refused: no position estimate";
    static final String TAKEOFF_ALT_INVALID = "Takeoff refused: altitude not a finite number";
    static final String TAKEOFF_ALT_RANGE = "Takeoff refused: altitude below 1 m or above MIS_TKO_ALT_MAX";
    static final String LAND_NOT_ARMED = "Land refused: vehicle not armed";
    static final String YAW_INVALID = "Command refused: yaw not a finite number";
    static final String HOLD_NO_POSITION = "Hold refused: no position estimate";
    static final String UNSUPPORTED = "Command not supported";
    static final String ARM_PARAM_INVALID = "Arm/disarm refused: param1 must be 0 or 1";
    static final String EVENT_TERMINATED = "Flight terminated by ground station: motors stopped";
    static final String ARM_TERMINATED = "Arming refused: flight terminated, restart the vehicle";
    static final String MODE_UNKNOWN = "Mode change refused: mode not supported";
    static final String MODE_NO_POSITION = "Mode change refused: no position estimate";
    static final String MODE_NOT_ARMED = "Mode change refused: vehicle not armed";
    static final String MODE_NO_HOME = "Return refused: no home position";
    static final String MODE_NO_MISSION = "Mission refused: no mission uploaded";
    static final String MODE_MISSION_NO_TAKEOFF = "Mission refused: on the ground and no takeoff item (MIS_GROUND_START)";
    static final String MODE_NO_OFFBOARD = "Offboard refused: no setpoint in the last 0.5 s";
    /**
     * A setpoint this recent (and younger than COM_OF_LOSS_T) lets Offboard start, as PX4's
     * offboardCheck.cpp does with COM_OF_LOSS_T alone; issue 19 fixes the window at 0.5 s. The rate
     * is not judged before the mode starts: the loss failsafe watches the stream afterwards.
     */
    static final long OFFBOARD_FRESH_NS = 500_000_000L;
    /**
     * Upward speed and height margin that make an offboard setpoint a takeoff from the ground,
     * PX4's FlightTask::_checkTakeoff (velocity below -0.3 m/s, position 0.2 m above).
     */
    static final double OFFBOARD_TAKEOFF_CLIMB_MPS = 0.3;
    static final double OFFBOARD_TAKEOFF_HEIGHT_M = 0.2;
    static final String MODE_CUSTOM_FLAG = "Mode change refused: base mode lacks CUSTOM_MODE_ENABLED";
    static final String REPOSITION_GROUND = "Reposition refused: vehicle on the ground";
    static final String SPEED_INVALID = "Change speed refused: speed type or value out of range";
    static final String HOME_INVALID = "Set home refused: position not finite or out of range";
    static final String EVENT_LANDED = "Landed";
    /** Braking assumed for the geofence's stopping-point prediction (m/s²). */
    private static final double FENCE_BRAKING_MPS2 = 3.0;
    static final String EVENT_MISSION_RETURN = "Mission: returning to launch";
    static final String EVENT_MISSION_END = "Mission complete: MIS_END_ACT";
    static final String EVENT_TAKEOFF = "Taking off";
    static final String ORBIT_NOT_FLYING = "Orbit refused: vehicle not flying";
    static final String ORBIT_USE_COMMAND = "Orbit is entered with DO_ORBIT (it needs a centre and radius)";
    static final String EVENT_MANUAL_LOST_HOLD = "Failsafe: manual control lost, holding";
    static final String EVENT_MANUAL_LOST_EXCEPTED = "Manual control lost: mode continues (COM_RCL_EXCEPT)";
    // Loop timing degradation (timing/LoopTimingGovernor; docs/loop-timing.md), one per transition;
    // its FAILSAFE level is the failsafe table's LOOP_TIMING_FAILURE (failsafe/FailsafeMessages).
    static final String EVENT_LOOP_DEGRADED = "Loop timing degraded: optional work dropped";
    static final String EVENT_LOOP_RECOVERED = "Loop timing recovered: optional work restored";
    static final String EVENT_MANUAL_REGAINED_KEPT = "Manual control regained: failsafe mode kept until a mode is selected";
    static final String EVENT_STICK_TAKEOVER = "Sticks moved: pilot takes over in Position mode";
    static final String EVENT_STICK_TAKEOVER_ALTITUDE = "Sticks moved: pilot takes over in Altitude mode";
    static final String EVENT_ORBIT_SPEED_CAPPED = "Orbit: speed reduced so the vehicle can hold the circle";

    /** MAVLink MAV_MODE_FLAG_CUSTOM_MODE_ENABLED. */
    private static final int CUSTOM_MODE_ENABLED = 1;

    private static final int MAX_COMMANDS_PER_CYCLE = 8;
    private final MotorTest motorTest = new MotorTest();
    private final int motorCount;
    /**
     * How long a Takeoff selected while disarmed waits for arming when COM_DISARM_PRFLT is 0: that
     * parameter's default. Its "0 = never" is about disarming, which a disarmed vehicle cannot do;
     * a waiting takeoff must always run out.
     */
    static final double TAKEOFF_WAIT_DEFAULT_S = 10.0;
    /**
     * The task runs every cycle so a command is answered within one cycle (DESIGN §10 aims at a
     * COMMAND_ACK p99 of 1 ms); checks, land detector and failsafes run at this period.
     */
    static final long STATE_PERIOD_NS = 20_000_000L;

    private final SpscQueue<VehicleCommand> commands;
    private final SpscQueue<VehicleCommandAck> acks;
    private final SpscQueue<VehicleCommand> gcsCommands;
    private final SpscQueue<VehicleCommandAck> gcsAcks;
    /** Where the answer to the command being handled goes. */
    private SpscQueue<VehicleCommandAck> replyTo;
    private final Subscription<EstimatorStatus> estimatorSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleAttitudeSetpoint> attitudeSpSub;
    private final Subscription<NavigatorStatus> navigatorSub;
    private final Subscription<OffboardSetpoint> offboardSub;
    private final Subscription<GcsLinkStatus> gcsSub;
    private final Subscription<ManualControlSetpoint> manualSub;
    private final ManualControlSetpoint manualInput = new ManualControlSetpoint();
    private final ManualControlLossFailsafe manualLoss = new ManualControlLossFailsafe();
    private boolean manualInputEnabled;
    private long manualLossTimeoutNs;
    /** True while this task applies the manual-loss failsafe's own mode change. */
    private boolean manualLossSwitching;
    private final SpscQueue<VehicleEvent> events;
    private final AtomicReference<Geofence> fenceRef;
    /** The plan installed before its MISSION_ACK was sent; the navigator loads it when it acts. */
    private final AtomicReference<MissionPlan> planRef;
    private int missionEndAction;
    private int missionGroundStart;
    private double fenceMarginM;
    private final Subscription<MissionStatus> missionSub;
    private final MissionStatus mission = new MissionStatus();
    private final BatteryGauge batteryGauge;
    private final Publication<VehicleStatus> statusPub;
    private final Publication<VehicleLandDetected> landPub;
    private final Publication<HomePosition> homePub;
    private final Publication<BatteryStatus> batteryPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final LandDetector landDetector = new LandDetector();
    private final GeoRef geoRef = new GeoRef();
    private final PendingTakeoff pendingTakeoff = new PendingTakeoff();
    private long takeoffWaitNs;

    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final EstimatorStatus estimator = new EstimatorStatus();
    private boolean gnssSuspectAnnounced;
    private boolean gnssJammingAnnounced;
    private boolean gnssSpoofingAnnounced;
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleAttitudeSetpoint attitudeSp = new VehicleAttitudeSetpoint();
    private final NavigatorStatus navigator = new NavigatorStatus();
    private final OffboardSetpoint offboard = new OffboardSetpoint();
    private final GcsLinkStatus gcs = new GcsLinkStatus();
    private final VehicleEvent event = new VehicleEvent();
    private final Vec3 ned = new Vec3();
    private final GuidedCommandValidator guided = new GuidedCommandValidator();
    private final GuidedCommandValidator.Reposition reposition = new GuidedCommandValidator.Reposition();
    private final GuidedCommandValidator.Orbit orbit = new GuidedCommandValidator.Orbit();
    private final GuidedCommandValidator.Orbit currentOrbit = new GuidedCommandValidator.Orbit();
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLandDetected landDetected = new VehicleLandDetected();
    private final HomePosition home = new HomePosition();
    private final Vec3 geodetic = new Vec3();

    private long lastRunNs = Long.MIN_VALUE;
    private boolean tookOff;
    /** MAV_CMD_DO_FLIGHTTERMINATION executed: no arming until the flight stack restarts. */
    private boolean terminated;
    private double landedForS;
    private double hoverThrust;
    private double disarmLandS;
    private double disarmPreflightS;
    private double armTiltMaxRad;
    private double batteryMinV;
    private double takeoffAltDefaultM;
    private double takeoffAltMaxM;
    private double maxHorizontalSpeed;
    private long gcsLossTimeoutNs;
    private long offboardLossTimeoutNs;
    private boolean wasLanded = true;
    private long cycleNowNs;
    private long modeEnteredNs;
    /** A position-loss failsafe happened and the position has not come back yet. */
    private boolean positionLost;
    // Arming, kill and mode by RC switches and sticks (RcArmingSwitches), from the selected manual input.
    private final RcArmingSwitches rcSwitches = new RcArmingSwitches();
    private final FlightMode[] slotModes = new FlightMode[6];
    /**
     * The mode switch's mode refused before arming (typically Position before the first fix: a
     * transmitter is on before the vehicle has a position), tried again each state cycle until
     * it is accepted, another mode is selected, or the vehicle arms; null when none.
     */
    private FlightMode pendingRcMode;
    private boolean disarmInManualThrust;
    /** Sensor calibration refusals (uncalibrated, another device's calibration, calibration running); null = none checked. */
    private org.hoverla.core.sensors.CalibrationCheck calibrationCheck;
    /** Loop timing pre-arm refusal and in-flight degradation level (timing thread's verdict). */
    private org.hoverla.core.timing.LoopTimingVerdict loopTiming = org.hoverla.core.timing.LoopTimingVerdict.NONE;
    private int loopTimingLevel;

    // ---- Failsafe table (failsafe/FailsafeMonitor; docs/failsafes.md)
    private final FailsafeMonitor failsafes = new FailsafeMonitor();
    /** Refilled from the parameters; installed only when consistent. */
    private final FailsafeTable candidateTable = new FailsafeTable();
    /** The contradiction of the parameters last seen ("" none), announced once per change. */
    private String failsafeContradiction = "";
    private final ReturnTimeBudget returnBudget = new ReturnTimeBudget();
    private final BatteryStatus battery = new BatteryStatus();
    private Subscription<FailureDetectorStatus> failureDetectorSub;
    private final FailureDetectorStatus failureDetector = new FailureDetectorStatus();
    private final Subscription<?>[] sensorSubs = new Subscription<?>[4];
    private final SensorsStatus[] sensors = {new SensorsStatus(), new SensorsStatus(), new SensorsStatus(), new SensorsStatus()};
    private static final FailsafeTrigger[] SENSOR_TRIGGERS = {FailsafeTrigger.IMU_LOST, FailsafeTrigger.BARO_LOST,
        FailsafeTrigger.MAG_LOST, FailsafeTrigger.GNSS_LOST};
    /** The offboard stream was lost while in Offboard and has not come back. */
    private boolean offboardLossEpisode;
    private double returnSpeedMps;
    private double landSpeedMps;

    public CommanderTask(SpscQueue<VehicleCommand> commands, SpscQueue<VehicleCommandAck> acks,
                         SpscQueue<VehicleCommand> gcsCommands, SpscQueue<VehicleCommandAck> gcsAcks,
                         Subscription<EstimatorStatus> estimatorSub, Subscription<VehicleLocalPosition> positionSub,
                         Subscription<VehicleAttitude> attitudeSub, Subscription<VehicleAttitudeSetpoint> attitudeSpSub,
                         Subscription<NavigatorStatus> navigatorSub, Subscription<OffboardSetpoint> offboardSub,
                         Subscription<GcsLinkStatus> gcsSub, Subscription<MissionStatus> missionSub,
                         SpscQueue<VehicleEvent> events, AtomicReference<Geofence> fenceRef,
                         AtomicReference<MissionPlan> planRef, BatteryMonitor battery,
                         Publication<VehicleStatus> statusPub, Publication<VehicleLandDetected> landPub,
                         Publication<HomePosition> homePub, Publication<BatteryStatus> batteryPub,
                         Subscription<ManualControlSetpoint> manualSub, FlightParams params) {
        this.manualSub = manualSub;
        this.commands = commands;
        this.acks = acks;
        this.gcsCommands = gcsCommands;
        this.gcsAcks = gcsAcks;
        this.estimatorSub = estimatorSub;
        this.positionSub = positionSub;
        this.attitudeSub = attitudeSub;
        this.attitudeSpSub = attitudeSpSub;
        this.navigatorSub = navigatorSub;
        this.offboardSub = offboardSub;
        this.gcsSub = gcsSub;
        this.missionSub = missionSub;
        this.events = events;
        this.fenceRef = fenceRef;
        this.planRef = planRef;
        this.batteryGauge = new BatteryGauge(battery);
        this.statusPub = statusPub;
        this.landPub = landPub;
        this.homePub = homePub;
        this.batteryPub = batteryPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
        // SYS_AUTOSTART applies at boot, as the flight stack's mixer reads it.
        this.motorCount = org.hoverla.core.vehicle.FlightStack.geometry(params.airframe.get()).motorCount();
        // The defaults' table is in force until the parameters give a consistent one (a stored
        // contradictory set must not leave the vehicle with no failsafe at all).
        FailsafeParams.fill(new FlightParams(new org.hoverla.core.param.ParamStore()), candidateTable);
        failsafes.configure(candidateTable);
        // Builds the transition texts now (class initialisation allocates), not at the first failsafe in flight.
        FailsafeMessages.active(FailsafeTrigger.GCS_LOSS);
    }

    /**
     * Adds the failure detector (attitude and motor failure) and the sensor frontends' health
     * (no healthy instance left) to the failsafe triggers; each may be null (boot thread).
     */
    public void watchFailuresWith(Subscription<FailureDetectorStatus> failureDetector, Subscription<SensorsStatus> imu,
                                  Subscription<SensorsStatus> baro, Subscription<SensorsStatus> mag,
                                  Subscription<SensorsStatus> gnss) {
        this.failureDetectorSub = failureDetector;
        sensorSubs[0] = imu;
        sensorSubs[1] = baro;
        sensorSubs[2] = mag;
        sensorSubs[3] = gnss;
    }

    /** The failsafe table in force (tests, `./hoverla failsafes`); read on the flight thread only. */
    public FailsafeMonitor failsafeMonitor() {
        return failsafes;
    }

    /** The contradiction of the current failsafe parameters, "" when they are consistent. */
    public String failsafeContradiction() {
        return failsafeContradiction;
    }

    @Override
    public void run(long nowNs) {
        boolean stateDue = lastRunNs == Long.MIN_VALUE || nowNs - lastRunNs >= STATE_PERIOD_NS;
        boolean commandsWaiting = commands.size() > 0 || gcsCommands.size() > 0;
        if (!stateDue && !commandsWaiting) {
            return;
        }
        cycleNowNs = nowNs;
        // Read-your-writes: a command is judged against every parameter already echoed, so when
        // one waits the store's generation is checked now rather than at the 1 Hz period.
        if (paramWatch.due(nowNs) || (commandsWaiting && paramWatch.changed())) {
            applyParams();
        }
        estimatorSub.update(estimator);
        positionSub.update(position);
        attitudeSub.update(attitude);
        attitudeSpSub.update(attitudeSp);
        navigatorSub.update(navigator);
        offboardSub.update(offboard);
        gcsSub.update(gcs);
        missionSub.update(mission);
        manualSub.update(manualInput);
        if (stateDue) {
            double dtS = lastRunNs == Long.MIN_VALUE ? STATE_PERIOD_NS * 1e-9 : (nowNs - lastRunNs) * 1e-9;
            lastRunNs = nowNs;
            if (batteryGauge.poll(nowNs)) {
                batteryPub.publish(batteryGauge.status());
                battery.copyFrom(batteryGauge.status());
            }
            status.preArmFailure = preArmFailure();
            status.preArmChecked = true;
            if (!status.armed() && !home.valid && estimator.positionValid && position.refValid) {
                // As PX4: home exists as soon as the position does, and moves to where the
                // vehicle arms.
                setHome(nowNs);
            }
            if (!status.armed()) {
                status.armingState = status.preArmFailure.isEmpty() ? ArmingState.STANDBY : ArmingState.STANDBY_ERROR;
            }
            handleCommands(nowNs);
            applyRcSwitches(nowNs);
            checkPendingTakeoff(nowNs);
            updateLandDetector(dtS);
            updateModes(nowNs);
            checkManualControl(nowNs);
            checkGnssIntegrity(nowNs);
            checkLoopTiming(nowNs);
            runFailsafes(nowNs, dtS);
            autoDisarm(nowNs, dtS);
            landDetected.timestampNs = nowNs;
            landDetected.landed = landDetector.landed();
            landDetected.maybeLanded = landDetector.maybeLanded();
            landDetected.groundContact = landDetector.groundContact();
            landPub.publish(landDetected);
        } else {
            handleCommands(nowNs);
        }
        status.timestampNs = nowNs;
        statusPub.publish(status);
    }

    private void handleCommands(long nowNs) {
        replyTo = acks;
        for (int i = 0; i < MAX_COMMANDS_PER_CYCLE && commands.poll(command); i++) {
            handle(command, nowNs);
        }
        replyTo = gcsAcks;
        for (int i = 0; i < MAX_COMMANDS_PER_CYCLE && gcsCommands.poll(command); i++) {
            handle(command, nowNs);
        }
    }

    private void applyParams() {
        hoverThrust = params.thrustHover.get();
        disarmLandS = params.disarmLandS.get();
        disarmPreflightS = params.disarmPreflightS.get();
        takeoffWaitNs = (long) ((disarmPreflightS > 0.0 ? disarmPreflightS : TAKEOFF_WAIT_DEFAULT_S) * 1e9);
        armTiltMaxRad = Math.toRadians(params.armTiltMaxDeg.get());
        batteryMinV = params.batteryMinV.get();
        takeoffAltDefaultM = params.takeoffAltM.get();
        takeoffAltMaxM = params.takeoffAltMaxM.get();
        maxHorizontalSpeed = params.xyVelMax.get();
        guided.setLimits(takeoffAltMaxM, maxHorizontalSpeed, params.orbitRadiusMaxM.get());
        gcsLossTimeoutNs = (long) (params.gcsLossTimeoutS.get() * 1e9);
        offboardLossTimeoutNs = (long) (params.offboardLossTimeoutS.get() * 1e9);
        returnSpeedMps = params.cruiseSpeedMps.get();
        landSpeedMps = params.landSpeed.get();
        FailsafeParams.fill(params, candidateTable);
        String contradiction = candidateTable.contradiction();
        if (contradiction.isEmpty()) {
            failsafes.configure(candidateTable);
        } else if (!contradiction.equals(failsafeContradiction)) {
            // The previous consistent table stays in force; said once per new contradiction.
            emit(VehicleEvent.CRITICAL, contradiction, cycleNowNs);
        }
        failsafeContradiction = contradiction;
        missionEndAction = params.missionEndAction.get();
        missionGroundStart = params.missionGroundStart.get();
        fenceMarginM = params.fenceMarginM.get();
        manualInputEnabled = params.setup.rcInMode.get() != SetupParams.RC_IN_MODE_DISABLED;
        manualLossTimeoutNs = (long) (params.setup.rcLossTimeoutS.get() * 1e9);
        manualLoss.configure(params.setup.rcLossTimeoutS.get(), params.setup.rcLossAction.get(),
                params.setup.rcLossExceptions.get(), params.setup.stickOverrideModes.get(),
                params.setup.stickOverridePct.get());
        landDetector.setThresholds(params.landMaxClimbRateMps.get(), params.landMaxHorizontalSpeedMps.get(),
                params.landLowThrustFraction.get());
        batteryGauge.configure(params.batteryCells.get(), params.batteryEmptyCellV.get(), params.batteryFullCellV.get());
        RcParams rc = params.rc;
        rcSwitches.configure(rc.armGesture.get() == 1 && rc.mapArmSwitch.get() == 0, rc.armSwitchIsButton.get() == 1,
                rc.armHysteresisMs.get() * 1_000_000L, (long) (rc.killDisarmS.get() * 1e9));
        for (int i = 0; i < slotModes.length; i++) {
            slotModes[i] = RcParams.flightModeOf(rc.flightModes[i].get());
        }
        disarmInManualThrust = rc.disarmInManualThrust.get() == 1;
    }

    /**
     * Arm/disarm, kill and mode slot from the pilot's switches and sticks, decided by
     * {@link RcArmingSwitches}; an RC arming also passes the pre-arm checks,
     * and every refusal is said (STATUSTEXT).
     */
    private void applyRcSwitches(long nowNs) {
        ManualControlSetpoint manual = manualInput;
        rcSwitches.update(manual, manualInputFresh(nowNs), status.armed(), nowNs);
        status.lockdown = rcSwitches.lockdown();
        if (rcSwitches.killChange() != 0 && status.armed()) {
            emit(VehicleEvent.CRITICAL, rcSwitches.killChange() > 0 ? RcArmingSwitches.EVENT_KILL
                    : RcArmingSwitches.EVENT_UNKILL, nowNs);
        }
        if (rcSwitches.killDisarmDue(status.armed(), nowNs)) {
            disarm();
            emit(VehicleEvent.CRITICAL, RcArmingSwitches.EVENT_KILL_DISARM, nowNs);
        }
        int slot = rcSwitches.modeSlotRequest();
        if (slot > 0) {
            selectModeFromRc(slotModes[slot - 1], nowNs);
        } else if (pendingRcMode != null) {
            if (status.armed() || pendingRcMode == status.mode) {
                pendingRcMode = null;
            } else if (modeRefusal(pendingRcMode, nowNs).isEmpty()) {
                selectModeFromRc(pendingRcMode, nowNs);
            }
        }
        int request = rcSwitches.armRequest();
        if (request == RcArmingSwitches.ARM && !status.armed()) {
            String refusal = RcArmingSwitches.armRefusal(manual.throttleNorm,
                    flownBySticks(status.mode), rcSwitches.lockdown());
            if (refusal.isEmpty() && terminated) {
                refusal = ARM_TERMINATED;
            }
            if (refusal.isEmpty()) {
                status.preArmFailure = preArmFailure();
                refusal = status.preArmFailure;
            }
            if (refusal.isEmpty()) {
                arm(nowNs);
            } else {
                emit(VehicleEvent.CRITICAL, refusal, nowNs);
            }
        } else if (request == RcArmingSwitches.DISARM && status.armed()) {
            // Stabilized is the one manual-thrust mode, where PX4's COM_DISARM_MAN lets the pilot disarm in the air.
            String refusal = RcArmingSwitches.disarmRefusal(landDetector.landed(),
                    status.mode == FlightMode.STABILIZED,
                    disarmInManualThrust);
            if (refusal.isEmpty()) {
                disarm();
            } else {
                emit(VehicleEvent.CRITICAL, refusal, nowNs);
            }
        }
    }

    /** The pilot's sticks against an arming by command ({@link RcArmingSwitches#commandArmRefusal}). */
    private String sticksArmRefusal(long nowNs) {
        return RcArmingSwitches.commandArmRefusal(status.mode == FlightMode.STABILIZED,
                status.mode == FlightMode.POSITION || status.mode == FlightMode.ALTITUDE, manualInputFresh(nowNs),
                manualInput.throttleNorm);
    }

    /** The selected manual input (RC or joystick) is there and younger than COM_RC_LOSS_T. */
    private boolean manualInputFresh(long nowNs) {
        return manualInputEnabled && manualInput.count > 0 && nowNs - manualInput.timestampNs < manualLossTimeoutNs;
    }

    /** Modes the pilot flies with the sticks; a mode added later that is neither auto nor external counts. */
    private static boolean flownBySticks(FlightMode m) {
        return !m.isAuto() && m != FlightMode.OFFBOARD && m != FlightMode.ORBIT;
    }

    /** COM_FLTMODEn's mode for a mode-switch slot (null = unassigned: nothing), refused as a command would be. */
    private void selectModeFromRc(FlightMode m, long nowNs) {
        if (m == null || m == status.mode) {
            return;
        }
        String refusal = modeRefusal(m, nowNs);
        if (!refusal.isEmpty()) {
            if (m != pendingRcMode) {
                emit(VehicleEvent.WARNING, refusal, nowNs);
            }
            // (setMode below clears it: any mode selection supersedes a pending one)
            pendingRcMode = status.armed() ? null : m;
            return;
        }
        status.commandYawRad = Double.NaN;
        if (m == FlightMode.TAKEOFF) {
            status.takeoffAltRelM = takeoffAltDefaultM;
        }
        FlightMode before = status.mode;
        setMode(m);
        if (m == FlightMode.TAKEOFF && !status.armed()) {
            pendingTakeoff.request(nowNs, before, status.modeSequence);
        }
        status.failsafe = false;
        failsafes.modeSelected();
    }

    /** Adds the sensor calibration to the pre-arm checks, checked first (boot thread, before the loop). */
    public void checkCalibrationWith(org.hoverla.core.sensors.CalibrationCheck check) {
        this.calibrationCheck = check;
    }

    /** Adds the measured loop timing to the pre-arm checks and its degradation to the failsafes (boot thread). */
    public void checkLoopTimingWith(org.hoverla.core.timing.LoopTimingVerdict verdict) {
        this.loopTiming = verdict == null ? org.hoverla.core.timing.LoopTimingVerdict.NONE : verdict;
    }

    /**
     * One STATUSTEXT per change of the loop timing level while armed; at FAILSAFE a flying vehicle lands
     * (the level is worked out by timing/LoopTimingGovernor; optional work is dropped by its readers).
     */
    private void checkLoopTiming(long nowNs) {
        if (!status.armed()) {
            // On the ground the pre-arm check speaks for the timing; announcements start at arming.
            loopTimingLevel = org.hoverla.core.timing.LoopTimingGovernor.NORMAL;
            return;
        }
        int level = loopTiming.degradation();
        if (level == loopTimingLevel) {
            return;
        }
        if (level == org.hoverla.core.timing.LoopTimingGovernor.FAILSAFE) {
            // LOOP_TIMING_FAILURE in the failsafe table says and does it.
        } else if (level == org.hoverla.core.timing.LoopTimingGovernor.DEGRADED && level > loopTimingLevel) {
            emit(VehicleEvent.WARNING, EVENT_LOOP_DEGRADED, nowNs);
        } else if (level == org.hoverla.core.timing.LoopTimingGovernor.NORMAL) {
            emit(VehicleEvent.NOTICE, EVENT_LOOP_RECOVERED, nowNs);
        }
        loopTimingLevel = level;
    }

    private String preArmFailure() {
        Geofence fence = fenceRef.get();
        return PreArmChecks.failure(calibrationCheck == null ? "" : calibrationCheck.failure(), estimator,
                attitude.q.tiltRad(), armTiltMaxRad, batteryGauge.voltageBelow(batteryMinV),
                fence != null && !fence.contains(position.posNedM.x, position.posNedM.y, position.posNedM.z),
                loopTiming.preArmFailure());
    }

    private void handle(VehicleCommand c, long nowNs) {
        switch (c.command) {
            case VehicleCommand.COMPONENT_ARM_DISARM:
                handleArm(c, nowNs);
                break;
            case VehicleCommand.DO_FLIGHTTERMINATION:
                // Reaches here only confirmed and with param1 > 0.5 (CommandService). As the failsafe
                // table's TERMINATE: no parachute or termination output, the motors stop.
                disarm();
                terminated = true;
                status.failsafe = true;
                emit(VehicleEvent.EMERGENCY, EVENT_TERMINATED, nowNs);
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
                break;
            case VehicleCommand.NAV_TAKEOFF:
                handleTakeoff(c, nowNs);
                break;
            case VehicleCommand.NAV_LAND:
                if (!status.armed()) {
                    answer(c, VehicleCommandAck.DENIED, LAND_NOT_ARMED, nowNs);
                } else if (Double.isInfinite(c.param4)) {
                    answer(c, VehicleCommandAck.DENIED, YAW_INVALID, nowNs);
                } else {
                    // Lands here (NaN latitude/longitude, as MAVSDK's action.land() sends them).
                    setMode(FlightMode.LAND);
                    failsafes.modeSelected();
                    status.commandYawRad = wrappedYawOrNaN(c.param4);
                    answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
                }
                break;
            case VehicleCommand.HOVERLA_HOLD:
                answerMode(c, FlightMode.HOLD, nowNs);
                break;
            case VehicleCommand.NAV_RETURN_TO_LAUNCH:
                answerMode(c, FlightMode.RETURN, nowNs);
                break;
            case VehicleCommand.MISSION_START:
                answerMode(c, FlightMode.MISSION, nowNs);
                break;
            case VehicleCommand.DO_SET_MODE:
                handleSetMode(c, nowNs);
                break;
            case VehicleCommand.DO_SET_STANDARD_MODE: {
                FlightMode m = Double.isFinite(c.param1) ? FlightMode.fromStandardMode((int) c.param1) : null;
                if (m == null) {
                    answer(c, VehicleCommandAck.UNSUPPORTED, MODE_UNKNOWN, nowNs);
                } else {
                    answerMode(c, m, nowNs);
                }
                break;
            }
            case VehicleCommand.DO_REPOSITION:
                handleReposition(c, nowNs);
                break;
            case VehicleCommand.DO_CHANGE_SPEED:
                handleChangeSpeed(c, nowNs);
                break;
            case VehicleCommand.DO_SET_HOME:
                handleSetHome(c, nowNs);
                break;
            case VehicleCommand.DO_ORBIT:
                handleOrbit(c, nowNs);
                break;
            case VehicleCommand.DO_SET_ROI_LOCATION:
                handleRoi(c, nowNs);
                break;
            case VehicleCommand.DO_MOTOR_TEST:
                handleMotorTest(c, nowNs);
                break;
            case VehicleCommand.DO_SET_ROI_NONE:
                // As PX4's navigator: always accepted, the ROI is forgotten.
                status.roiActive = false;
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
                break;
            default:
                answer(c, VehicleCommandAck.UNSUPPORTED, UNSUPPORTED, nowNs);
                break;
        }
    }

    private void handleSetMode(VehicleCommand c, long nowNs) {
        // An unset (NaN) sub mode is none, as PX4 reads a main mode without one.
        double subMode = Double.isNaN(c.param3) ? 0.0 : c.param3;
        if (!Double.isFinite(c.param1) || !Double.isFinite(c.param2) || !Double.isFinite(subMode)) {
            answer(c, VehicleCommandAck.DENIED, MODE_UNKNOWN, nowNs);
            return;
        }
        if ((((int) c.param1) & CUSTOM_MODE_ENABLED) == 0) {
            answer(c, VehicleCommandAck.DENIED, MODE_CUSTOM_FLAG, nowNs);
            return;
        }
        FlightMode m = FlightMode.fromPx4((int) c.param2, (int) subMode);
        if (m == null) {
            answer(c, VehicleCommandAck.UNSUPPORTED, MODE_UNKNOWN, nowNs);
        } else {
            answerMode(c, m, nowNs);
        }
    }

    /** Switches to a mode when it is possible now, answering the command either way. */
    private void answerMode(VehicleCommand c, FlightMode m, long nowNs) {
        String refusal = modeRefusal(m, nowNs);
        if (refusal.isEmpty()) {
            status.commandYawRad = Double.NaN;
            if (m == FlightMode.TAKEOFF) {
                status.takeoffAltRelM = takeoffAltDefaultM;
            }
            FlightMode before = status.mode;
            if (status.mode != m) {
                setMode(m);
            }
            if (m == FlightMode.TAKEOFF && !status.armed()) {
                pendingTakeoff.request(nowNs, before, status.modeSequence);
            }
            status.failsafe = false;
            failsafes.modeSelected();
            answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
        } else {
            answer(c, VehicleCommandAck.DENIED, refusal, nowNs);
        }
    }

    /** Why a mode cannot be entered now (a constant), or empty when it can. */
    private String modeRefusal(FlightMode m, long nowNs) {
        switch (m) {
            case MISSION:
                if (!missionInstalled()) {
                    return MODE_NO_MISSION;
                }
                if (missionRefusedOnGround()) {
                    return MODE_MISSION_NO_TAKEOFF;
                }
                return estimator.positionValid ? "" : MODE_NO_POSITION;
            case OFFBOARD:
                if (!estimator.positionValid) {
                    return MODE_NO_POSITION;
                }
                return offboard.count > 0 && nowNs - offboard.timestampNs <= Math.min(OFFBOARD_FRESH_NS, offboardLossTimeoutNs)
                        ? "" : MODE_NO_OFFBOARD;
            case RETURN:
                if (!status.armed()) {
                    return MODE_NOT_ARMED;
                }
                if (!home.valid) {
                    return MODE_NO_HOME;
                }
                return estimator.positionValid ? "" : MODE_NO_POSITION;
            case LAND:
                return status.armed() ? "" : MODE_NOT_ARMED;
            case TAKEOFF:
                if (status.armed() && !landDetector.landed()) {
                    return TAKEOFF_FLYING;
                }
                return estimator.positionValid ? "" : MODE_NO_POSITION;
            case STABILIZED:
                // Nothing holds height or position in Stabilized: without the pilot's sticks it
                // would drift at hover thrust (PX4 requires manual control for it too).
                if (!estimator.attitudeValid) {
                    return MODE_NO_ATTITUDE;
                }
                return manualInputFresh(nowNs) ? "" : MODE_NO_MANUAL_CONTROL;
            case ALTITUDE:
                // Altitude needs only the height (and attitude): it holds zero horizontal velocity
                // as well as it can without a position.
                return estimator.attitudeValid && estimator.zValid ? "" : MODE_NO_ALTITUDE;
            case ORBIT:
                return ORBIT_USE_COMMAND;
            case POSITION:
            case HOLD:
            default:
                return estimator.positionValid ? "" : MODE_NO_POSITION;
        }
    }

    /**
     * Whether a mission is installed, judged on the plan itself: it was installed before its
     * MISSION_ACK went out, while the navigator's count follows at its own 20 Hz, so MAVSDK's
     * upload-then-start (mission_impl.cpp: start right after the ACK) would meet a stale count.
     * The navigator loads a changed plan before it acts on a mode change.
     */
    private boolean missionInstalled() {
        int items = planRef.get().mission().size();
        return items > 0 && items <= NavigatorTask.MISSION_CAPACITY;
    }

    /**
     * ArduCopter's refusal, when MIS_GROUND_START asks for it: on the ground, the mission would
     * leave it without a takeoff item. Judged from the item the navigator starts at (its current
     * one when it holds this plan, else the first).
     */
    private boolean missionRefusedOnGround() {
        List<MissionItem> items = planRef.get().mission();
        int from = mission.count == items.size() && mission.currentSeq < items.size() ? mission.currentSeq : 0;
        boolean onGround = !status.armed() || landDetector.landed();
        return GroundStart.decide(missionGroundStart, onGround, GroundStart.firstNavigationCommand(items, from))
                == GroundStart.Decision.REFUSE;
    }

    private void handleReposition(VehicleCommand c, long nowNs) {
        if (!status.armed() || landDetector.landed()) {
            answer(c, VehicleCommandAck.DENIED, REPOSITION_GROUND, nowNs);
            return;
        }
        if (!estimator.positionValid || !position.refValid) {
            answer(c, VehicleCommandAck.DENIED, MODE_NO_POSITION, nowNs);
            return;
        }
        guided.setVehicle(position, home.posNedM.z, fenceRef.get());
        String refusal = guided.reposition(c.param1, c.param4, c.param5, c.param6, c.param7, reposition);
        if (!refusal.isEmpty()) {
            answer(c, VehicleCommandAck.DENIED, refusal, nowNs);
            return;
        }
        if (!Double.isNaN(reposition.speedMps)) {
            status.cruiseSpeedMps = reposition.speedMps;
        }
        status.repositionNedM.set(reposition.targetNedM);
        status.repositionYawRad = reposition.yawRad;
        status.repositionSequence++;
        if (status.mode != FlightMode.HOLD) {
            setMode(FlightMode.HOLD);
        }
        status.failsafe = false;
        failsafes.modeSelected();
        answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
    }

    /**
     * MAV_CMD_DO_ORBIT (arguments: {@link GuidedCommandValidator#orbit}). Results as PX4 gives
     * them: a mode that cannot be entered now is TEMPORARILY_REJECTED (PX4 commander, "Orbit
     * command rejected"); parameters the orbit rejects are DENIED, as PX4's FlightModeManager
     * answered when FlightTaskOrbit::applyCommandParameters refused them (current PX4
     * acknowledges first and falls to its failsafe task afterwards; Hoverla refuses before
     * leaving the current mode).
     */
    private void handleOrbit(VehicleCommand c, long nowNs) {
        if (!status.armed() || landDetector.landed()) {
            answer(c, VehicleCommandAck.TEMPORARILY_REJECTED, ORBIT_NOT_FLYING, nowNs);
            return;
        }
        if (!estimator.positionValid || !position.refValid) {
            answer(c, VehicleCommandAck.TEMPORARILY_REJECTED, MODE_NO_POSITION, nowNs);
            return;
        }
        boolean orbiting = status.mode == FlightMode.ORBIT;
        if (orbiting) {
            currentOrbit.centerNedM.set(status.orbitCenterNedM);
            currentOrbit.radiusM = status.orbitRadiusM;
            currentOrbit.speedMps = status.orbitSpeedMps;
            currentOrbit.yawBehaviour = status.orbitYawBehaviour;
        }
        guided.setVehicle(position, home.posNedM.z, fenceRef.get());
        String refusal = guided.orbit(c.param1, c.param2, c.param3, c.param5, c.param6, c.param7,
                orbiting ? currentOrbit : null, orbit);
        if (!refusal.isEmpty()) {
            answer(c, VehicleCommandAck.DENIED, refusal, nowNs);
            return;
        }
        if (orbit.speedCapped) {
            emit(VehicleEvent.INFO, EVENT_ORBIT_SPEED_CAPPED, nowNs);
        }
        status.orbitCenterNedM.set(orbit.centerNedM);
        status.orbitRadiusM = orbit.radiusM;
        status.orbitSpeedMps = orbit.speedMps;
        status.orbitYawBehaviour = orbit.yawBehaviour;
        status.orbitSequence++;
        if (!orbiting) {
            setMode(FlightMode.ORBIT);
        }
        status.failsafe = false;
        failsafes.modeSelected();
        answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
    }

    /**
     * MAV_CMD_DO_SET_ROI_LOCATION (arguments: {@link GuidedCommandValidator#roi}): the navigator
     * points the nose at it in Hold, Position, Altitude and Mission until DO_SET_ROI_NONE; the ROI
     * outlives mode changes, as PX4's navigator keeps it.
     */
    private void handleRoi(VehicleCommand c, long nowNs) {
        if (!estimator.positionValid || !position.refValid) {
            answer(c, VehicleCommandAck.DENIED, MODE_NO_POSITION, nowNs);
            return;
        }
        guided.setVehicle(position, home.posNedM.z, fenceRef.get());
        String refusal = guided.roi(c.param5, c.param6, c.param7, ned);
        if (!refusal.isEmpty()) {
            answer(c, VehicleCommandAck.DENIED, refusal, nowNs);
            return;
        }
        status.roiNedM.set(ned);
        status.roiActive = true;
        answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
    }

    private void handleChangeSpeed(VehicleCommand c, long nowNs) {
        // An unset (NaN) speed type is ground speed; an unset speed is the default, as PX4's
        // navigator resets the cruise speed for a speed that is not above zero.
        int type = Double.isNaN(c.param1) ? 1 : Double.isFinite(c.param1) ? (int) c.param1 : -1;
        if (type != 0 && type != 1) {
            answer(c, VehicleCommandAck.DENIED, SPEED_INVALID, nowNs);
        } else if (c.param2 == -1.0 || c.param2 == -2.0 || Double.isNaN(c.param2)) {
            // -1: no change; -2: back to the default, as the MAVLink spec defines.
            if (c.param2 != -1.0) {
                status.cruiseSpeedMps = Double.NaN;
            }
            answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
        } else if (c.param2 > 0.0 && c.param2 <= maxHorizontalSpeed) {
            status.cruiseSpeedMps = c.param2;
            answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
        } else {
            answer(c, VehicleCommandAck.DENIED, SPEED_INVALID, nowNs);
        }
    }

    private void handleSetHome(VehicleCommand c, long nowNs) {
        if (!estimator.positionValid || !position.refValid) {
            answer(c, VehicleCommandAck.DENIED, MODE_NO_POSITION, nowNs);
            return;
        }
        if (c.param1 == 1.0) {
            setHome(nowNs);
            answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            return;
        }
        guided.setVehicle(position, home.posNedM.z, fenceRef.get());
        // NaN latitude/longitude or altitude keep the vehicle's own (the home is set here).
        if (!guided.toLocal(c.param5, c.param6, c.param7, ned)
                || ned.normXy() > GuidedCommandValidator.MAX_DISTANCE_M) {
            answer(c, VehicleCommandAck.DENIED, HOME_INVALID, nowNs);
            return;
        }
        geoRef.reset(position.refLatDeg, position.refLonDeg, position.refAltM);
        geoRef.toGeodetic(ned.x, ned.y, ned.z, geodetic);
        home.timestampNs = nowNs;
        home.posNedM.set(ned);
        home.latDeg = Double.isNaN(c.param5) ? geodetic.x : c.param5;
        home.lonDeg = Double.isNaN(c.param6) ? geodetic.y : c.param6;
        home.altAmslM = Double.isNaN(c.param7) ? geodetic.z : c.param7;
        home.valid = true;
        homePub.publish(home);
        answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
    }

    /** MAV_CMD_DO_MOTOR_TEST, judged by {@link MotorTest}; {@link MotorOutputTask} drives the motor. */
    private void handleMotorTest(VehicleCommand c, long nowNs) {
        MotorTest.Result r = motorTest.request(c.param1, c.param2, c.param3, c.param4, c.param5, status.armed(),
                params.pwm.motorTestEnabled.get() == 1, motorCount, nowNs);
        publishMotorTest();
        answer(c, r == MotorTest.Result.ACCEPTED ? VehicleCommandAck.ACCEPTED
                : r == MotorTest.Result.UNSUPPORTED ? VehicleCommandAck.UNSUPPORTED : VehicleCommandAck.DENIED,
                motorTest.reason(), nowNs);
    }

    private void publishMotorTest() {
        status.motorTestMotor = motorTest.motor();
        status.motorTestThrottleType = motorTest.throttleType();
        status.motorTestValue = motorTest.value();
        status.motorTestEndNs = motorTest.endNs();
    }

    private void handleArm(VehicleCommand c, long nowNs) {
        boolean force = c.param2 == VehicleCommand.FORCE_MAGIC;
        if (c.param1 == 1.0) {
            // QGC's force-arm sends its own magic (Vehicle::forceArm, 2989); it means the same as
            // MAVLink's 21196 here. Only for arming: QGC never sends 2989 to disarm.
            boolean forceArm = force || c.param2 == VehicleCommand.FORCE_ARM_QGC_MAGIC;
            String sticksRefusal = forceArm ? "" : sticksArmRefusal(nowNs);
            // The checks run at the 20 ms state period; a fence or parameter acknowledged since
            // then must count for this arming.
            status.preArmFailure = status.armed() ? status.preArmFailure : preArmFailure();
            if (status.armed()) {
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            } else if (terminated) {
                answer(c, VehicleCommandAck.DENIED, ARM_TERMINATED, nowNs);
            } else if (!status.preArmFailure.isEmpty() && !forceArm) {
                answer(c, VehicleCommandAck.DENIED, status.preArmFailure, nowNs);
            } else if (!sticksRefusal.isEmpty()) {
                answer(c, VehicleCommandAck.DENIED, sticksRefusal, nowNs);
            } else {
                arm(nowNs);
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            }
        } else if (c.param1 == 0.0) {
            if (!status.armed()) {
                if (pendingTakeoff.active() && status.mode == FlightMode.TAKEOFF) {
                    // Disarm cancels a takeoff still waiting for arming.
                    setMode(pendingTakeoff.previousMode());
                    pendingTakeoff.clear();
                    emit(VehicleEvent.INFO, EVENT_TAKEOFF_DISARM, nowNs);
                }
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            } else if (!landDetector.landed() && !force) {
                answer(c, VehicleCommandAck.DENIED, DISARM_FLYING, nowNs);
            } else {
                disarm();
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            }
        } else {
            answer(c, VehicleCommandAck.DENIED, ARM_PARAM_INVALID, nowNs);
        }
    }

    /**
     * NAV_TAKEOFF. While disarmed on the ground it selects Takeoff and the climb starts once armed,
     * as PX4's commander does (it only changes the mode to AUTO_TAKEOFF) and as QGC expects
     * (it arms after this is accepted); see {@link PendingTakeoff} for the wait's deadline.
     */
    private void handleTakeoff(VehicleCommand c, long nowNs) {
        if (status.armed() && !landDetector.landed() && status.mode == FlightMode.TAKEOFF) {
            // A resend (MAVSDK repeats with confirmation 0 when an ACK is lost) while climbing: PX4's
            // commander accepts NAV_TAKEOFF while already in Takeoff; the climb goes on unchanged.
            answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            return;
        }
        if (status.armed() && !landDetector.landed()) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_FLYING, nowNs);
            return;
        }
        if (!estimator.positionValid || !home.valid) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_NO_POSITION, nowNs);
            return;
        }
        if (Double.isInfinite(c.param4)) {
            answer(c, VehicleCommandAck.DENIED, YAW_INVALID, nowNs);
            return;
        }
        double altRelM;
        if (Double.isNaN(c.param7)) {
            altRelM = takeoffAltDefaultM;
        } else if (!Double.isFinite(c.param7)) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_ALT_INVALID, nowNs);
            return;
        } else {
            // Above the ground the vehicle stands on: home, or while disarmed (home moves to where
            // it arms) its own altitude.
            double groundAmslM = !status.armed() && position.refValid ? position.refAltM - position.posNedM.z
                    : home.altAmslM;
            altRelM = c.param7 - groundAmslM;
        }
        if (!(altRelM >= 1.0 && altRelM <= takeoffAltMaxM)) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_ALT_RANGE, nowNs);
            return;
        }
        status.takeoffAltRelM = altRelM;
        FlightMode before = status.mode;
        setMode(FlightMode.TAKEOFF);
        failsafes.modeSelected();
        status.commandYawRad = wrappedYawOrNaN(c.param4);
        if (!status.armed()) {
            pendingTakeoff.request(nowNs, before, status.modeSequence);
        }
        answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
    }

    private void arm(long nowNs) {
        pendingTakeoff.clear();
        motorTest.stop(); // arming ends a motor test: the mixer takes the motors
        publishMotorTest();
        status.armingState = ArmingState.ARMED;
        status.armedSinceNs = nowNs;
        status.armCount++;
        tookOff = false;
        landedForS = 0.0;
        setHome(nowNs);
        // Arming keeps the selected mode, as PX4 does (Mission or Takeoff then fly at once);
        // modes that only make sense in the air fall back to Hold. Re-entering the mode makes
        // the navigator capture its targets from where the vehicle armed.
        boolean airborneOnly = status.mode == FlightMode.LAND || status.mode == FlightMode.RETURN
                || status.mode == FlightMode.ORBIT;
        setMode(airborneOnly ? FlightMode.HOLD : status.mode);
    }

    private void disarm() {
        pendingTakeoff.clear();
        status.armingState = status.preArmFailure.isEmpty() ? ArmingState.STANDBY : ArmingState.STANDBY_ERROR;
        status.disarmCount++;
        setMode(FlightMode.HOLD);
    }

    private void setHome(long nowNs) {
        home.timestampNs = nowNs;
        home.posNedM.set(position.posNedM);
        home.yawRad = position.headingRad;
        if (position.refValid) {
            geoRef.reset(position.refLatDeg, position.refLonDeg, position.refAltM);
            geoRef.toGeodetic(position.posNedM.x, position.posNedM.y, position.posNedM.z, geodetic);
            home.latDeg = geodetic.x;
            home.lonDeg = geodetic.y;
            home.altAmslM = geodetic.z;
            home.valid = true;
        } else {
            home.valid = false;
        }
        homePub.publish(home);
    }

    /**
     * NAV_TAKEOFF's and NAV_LAND's param4 heading: radians, as PX4's navigator copies a command's
     * param4 into its position setpoint's yaw (navigator_main.cpp, NAV_TAKEOFF and DO_REPOSITION);
     * NaN keeps the heading.
     */
    private static double wrappedYawOrNaN(double yawRad) {
        return Double.isNaN(yawRad) ? Double.NaN : Math.atan2(Math.sin(yawRad), Math.cos(yawRad));
    }

    private void setMode(FlightMode mode) {
        pendingRcMode = null;
        if (mode != status.mode) {
            status.commandYawRad = Double.NaN;
        }
        modeEnteredNs = cycleNowNs;
        status.mode = mode;
        status.modeSequence++;
        manualLoss.modeChanged(manualLossSwitching);
    }

    private void updateLandDetector(double dtS) {
        boolean takeoffIntent = (status.mode == FlightMode.TAKEOFF && !navigator.takeoffComplete)
                || (status.mode == FlightMode.MISSION && mission.takingOff) || offboardTakeoffIntent()
                || (status.mode.isManual() && navigator.manualTakeoff);
        boolean landingIntent = status.mode == FlightMode.LAND || navigator.landing;
        double horizontalSpeed = position.vxyValid && !position.deadReckoning ? position.velNedMps.normXy() : Double.NaN;
        landDetector.update(status.armed(), takeoffIntent, landingIntent, position.velNedMps.z, horizontalSpeed,
                attitudeSp.thrustNorm, hoverThrust, dtS);
        if (status.armed() && !landDetector.landed()) {
            tookOff = true;
        }
        boolean landed = landDetector.landed();
        if (status.armed() && landed != wasLanded) {
            emit(VehicleEvent.INFO, landed ? EVENT_LANDED : EVENT_TAKEOFF, lastRunNs);
        }
        wasLanded = landed;
    }

    private void updateModes(long nowNs) {
        // The navigator's status must be newer than the mode entry, or a flag from the previous
        // mission run would send the vehicle home again at once.
        if (status.mode == FlightMode.MISSION && mission.returnRequested && mission.timestampNs > modeEnteredNs) {
            setMode(home.valid ? FlightMode.RETURN : FlightMode.LAND);
            emit(VehicleEvent.INFO, EVENT_MISSION_RETURN, nowNs);
        } else if (status.mode == FlightMode.MISSION && mission.complete && !mission.returnRequested
                && mission.timestampNs > modeEnteredNs && status.armed() && !landDetector.landed()
                && !navigator.landing && missionEndAction != 0) {
            setMode(missionEndAction == 2 && home.valid ? FlightMode.RETURN : FlightMode.LAND);
            emit(VehicleEvent.INFO, EVENT_MISSION_END, nowNs);
        }
        if (status.mode == FlightMode.TAKEOFF && navigator.modeSequence == status.modeSequence
                && navigator.takeoffComplete) {
            setMode(FlightMode.HOLD);
        }
    }

    /** A Takeoff selected while disarmed that was not armed in time gives the previous mode back. */
    private void checkPendingTakeoff(long nowNs) {
        if (pendingTakeoff.expired(nowNs, takeoffWaitNs, status.armed(), status.modeSequence)) {
            setMode(pendingTakeoff.previousMode());
            emit(VehicleEvent.WARNING, EVENT_TAKEOFF_NOT_ARMED, nowNs);
        }
    }

    /**
     * Landed in Offboard, armed, and the setpoint climbs: an upward velocity or a position above
     * the vehicle (PX4 FlightTask::_checkTakeoff), or an attitude target with more than hover
     * thrust. The land detector then lets the position controller leave the ground.
     */
    private boolean offboardTakeoffIntent() {
        if (status.mode != FlightMode.OFFBOARD || !status.armed() || !landDetector.landed()) {
            return false;
        }
        if (offboard.attitudeTarget) {
            return offboard.thrustNorm > hoverThrust;
        }
        return offboard.velNedMps.z < -OFFBOARD_TAKEOFF_CLIMB_MPS
                || offboard.posNedM.z < position.posNedM.z - OFFBOARD_TAKEOFF_HEIGHT_M;
    }

    private boolean offboardAlive(long nowNs) {
        return offboard.count > 0 && nowNs - offboard.timestampNs <= offboardLossTimeoutNs;
    }

    /** Modes that steer to a horizontal position (PX4: modes requiring local_position xy). */
    private static boolean needsHorizontalPosition(FlightMode m) {
        switch (m) {
            case POSITION:
            case HOLD:
            case MISSION:
            case RETURN:
            case TAKEOFF:
            case OFFBOARD:
            case ORBIT:
                return true;
            default:
                return false;
        }
    }

    /** Announces the GNSS monitor's suspicion and the receiver's jamming flag when they change. */
    private void checkGnssIntegrity(long nowNs) {
        // The receiver's own spoofing report gets its own message, once per change; the
        // monitor's suspicion (which it also raises) is announced for the other reasons only.
        if (estimator.gnssReceiverSpoofing != gnssSpoofingAnnounced) {
            gnssSpoofingAnnounced = estimator.gnssReceiverSpoofing;
            emit(gnssSpoofingAnnounced ? VehicleEvent.CRITICAL : VehicleEvent.INFO,
                    gnssSpoofingAnnounced ? EVENT_GNSS_SPOOFED : EVENT_GNSS_SPOOFED_CLEAR, nowNs);
        }
        boolean suspect = estimator.gnssSuspect
                && (estimator.gnssSuspectMask & ~GnssConsistencyMonitor.RECEIVER_SPOOFING
                        & GnssConsistencyMonitor.SPOOF_REASONS) != 0;
        if (suspect != gnssSuspectAnnounced) {
            gnssSuspectAnnounced = suspect;
            emit(gnssSuspectAnnounced ? VehicleEvent.CRITICAL : VehicleEvent.INFO,
                    gnssSuspectAnnounced ? EVENT_GNSS_SUSPECT : EVENT_GNSS_CONSISTENT, nowNs);
        }
        if (estimator.gnssJamming != gnssJammingAnnounced) {
            gnssJammingAnnounced = estimator.gnssJamming;
            emit(gnssJammingAnnounced ? VehicleEvent.WARNING : VehicleEvent.INFO,
                    gnssJammingAnnounced ? EVENT_GNSS_JAMMING : EVENT_GNSS_JAMMING_CLEAR, nowNs);
        }
    }

    /**
     * Manual-control loss (NAV_RCL_ACT with COM_RCL_EXCEPT) and stick takeover (COM_RC_OVERRIDE,
     * COM_RC_STICK_OV), decided by {@link ManualControlLossFailsafe}; applied here.
     */
    private void checkManualControl(long nowNs) {
        ManualControlLossFailsafe.Decision d = manualLoss.update(nowNs, manualInput.count, manualInput.timestampNs,
                manualInput.pitchNorm, manualInput.rollNorm, manualInput.yawNorm, manualInput.throttleNorm,
                manualInputEnabled, status.armed(), status.armed() && !landDetector.landed(), status.mode);
        manualLossSwitching = true;
        switch (d) {
            case LOSS_ACTION:
                // The RC_LOSS trigger (manualLoss.failsafeActive()) goes to the failsafe table. NAV_RCL_ACT 0
                // in Stabilized is not a table action: nothing but the sticks flies that mode, so it
                // cannot run on (PX4 FailsafeBase::modeCanRun) and is left for Hold.
                if (failsafes.table().action(FailsafeTrigger.RC_LOSS) == FailsafeAction.WARN) {
                    failsafeMode(estimator.positionValid ? FlightMode.HOLD : FlightMode.LAND, EVENT_MANUAL_LOST_HOLD, nowNs);
                }
                break;
            case LOSS_EXCEPTED:
                emit(VehicleEvent.WARNING, EVENT_MANUAL_LOST_EXCEPTED, nowNs);
                break;
            case REGAINED:
                if (manualLoss.failsafeActive()) {
                    emit(VehicleEvent.INFO, EVENT_MANUAL_REGAINED_KEPT, nowNs);
                }
                break;
            case TAKEOVER: {
                boolean position = modeRefusal(FlightMode.POSITION, nowNs).isEmpty();
                setMode(position ? FlightMode.POSITION : FlightMode.ALTITUDE);
                status.failsafe = false;
                failsafes.modeSelected();
                emit(VehicleEvent.WARNING, position ? EVENT_STICK_TAKEOVER : EVENT_STICK_TAKEOVER_ALTITUDE, nowNs);
                break;
            }
            default:
                break;
        }
        manualLossSwitching = false;
    }

    /**
     * The failsafe table at work: works out which triggers are active, lets {@link FailsafeMonitor}
     * decide the action in force, applies it when it rises, and says every transition.
     */
    private void runFailsafes(long nowNs, double dtS) {
        boolean armed = status.armed();
        boolean flying = armed && !landDetector.landed();
        int mask = triggerMask(nowNs, dtS, armed, flying);
        FailsafeAction before = failsafes.action();
        FailsafeAction now = failsafes.update(nowNs, mask, status.mode, armed, flying);
        FailsafeTrigger cause = failsafes.cause();
        boolean applied = false;
        if (now != before && now.ordinal() > before.ordinal() && now.changesFlight() && cause != null) {
            applied = applyFailsafe(now, cause, nowNs);
        } else if (armed && now != before && now.ordinal() < before.ordinal() && before.changesFlight()) {
            emit(VehicleEvent.NOTICE, FailsafeMessages.ACTION_ENDED, nowNs);
        }
        int became = failsafes.becameActive();
        int cleared = failsafes.cleared();
        for (int i = 0; i < FailsafeTrigger.COUNT; i++) {
            FailsafeTrigger t = FailsafeTrigger.ofOrdinal(i);
            if ((became & t.bit()) != 0 && !(applied && t == cause)
                    && failsafes.table().action(t) != FailsafeAction.NONE) {
                String text = FailsafeMessages.active(t);
                if (text != null) {
                    emit(VehicleEvent.WARNING, text, nowNs);
                }
            } else if ((cleared & t.bit()) != 0 && failsafes.table().action(t) != FailsafeAction.NONE) {
                String text = FailsafeMessages.cleared(t);
                if (text != null) {
                    emit(VehicleEvent.INFO, text, nowNs);
                }
            }
        }
        // A failsafe mode that steers by the position cannot run without it: the nearest action
        // at least as severe that can is Land (the table never lowers an action to Altitude).
        if (flying && status.failsafe && needsHorizontalPosition(status.mode) && !estimator.xyValid
                && failsafes.action().ordinal() > FailsafeAction.FALLBACK_ALTITUDE.ordinal()) {
            failsafeMode(FlightMode.LAND, EVENT_POSITION_LOST_LAND, nowNs);
        }
    }

    /** Which failsafe triggers are active now (bit {@code 1 << trigger.ordinal()}). */
    private int triggerMask(long nowNs, double dtS, boolean armed, boolean flying) {
        int mask = 0;
        if (manualLoss.failsafeActive()) {
            mask |= FailsafeTrigger.RC_LOSS.bit();
        }
        if (gcs.everSeen && nowNs - gcs.lastHeartbeatNs > gcsLossTimeoutNs) {
            mask |= FailsafeTrigger.GCS_LOSS.bit();
        }
        boolean offboardLost = armed && !offboardAlive(nowNs);
        offboardLossEpisode = offboardLost && (offboardLossEpisode || status.mode == FlightMode.OFFBOARD);
        if (offboardLossEpisode) {
            mask |= FailsafeTrigger.OFFBOARD_LOSS.bit();
        }
        mask |= batteryTriggers(dtS, flying);
        Geofence fence = fenceRef.get();
        boolean breach = fence != null && flying && fence.breachPredicted(position.posNedM.x, position.posNedM.y,
                position.posNedM.z, position.velNedMps.x, position.velNedMps.y, position.velNedMps.z,
                FENCE_BRAKING_MPS2, fenceMarginM);
        if (breach) {
            if ((failsafes.activeMask() & FailsafeTrigger.GEOFENCE_BREACH.bit()) == 0) {
                status.fenceBreaches++;
            }
            mask |= FailsafeTrigger.GEOFENCE_BREACH.bit();
        }
        // Position: in a mode that steers by it, or still lost after the failsafe left that mode.
        if (flying && !estimator.xyValid && (needsHorizontalPosition(status.mode) || positionLost)) {
            positionLost = true;
            mask |= FailsafeTrigger.POSITION_INVALID.bit();
        } else if (positionLost && estimator.xyValid) {
            positionLost = false;
            emit(VehicleEvent.INFO, EVENT_POSITION_REGAINED, nowNs);
        }
        if (estimator.gnssJamming) {
            mask |= FailsafeTrigger.GNSS_JAMMING.bit();
        }
        if (estimator.gnssReceiverSpoofing || estimator.gnssSuspect) {
            mask |= FailsafeTrigger.GNSS_SPOOFING.bit();
        }
        if (failureDetectorSub != null) {
            failureDetectorSub.update(failureDetector);
            if (failureDetector.attitudeFailure) {
                mask |= FailsafeTrigger.ATTITUDE_FAILURE.bit();
            }
            if (failureDetector.motorFailureMask != 0 || failureDetector.thrustLoss) {
                mask |= FailsafeTrigger.MOTOR_FAILURE.bit();
            }
        }
        if (armed && loopTiming.degradation() == org.hoverla.core.timing.LoopTimingGovernor.FAILSAFE) {
            mask |= FailsafeTrigger.LOOP_TIMING_FAILURE.bit();
        }
        for (int i = 0; i < sensorSubs.length; i++) {
            @SuppressWarnings("unchecked")
            Subscription<SensorsStatus> sub = (Subscription<SensorsStatus>) sensorSubs[i];
            if (sub != null) {
                sub.update(sensors[i]);
                // A role the vehicle has, whose every instance is unhealthy; an absent role is no loss.
                // Judged while armed: on the ground the pre-arm checks speak for the sensors (a GNSS
                // receiver without its first fix is not a failure).
                if (armed && sensors[i].instanceCount > 0 && sensors[i].timestampNs > 0 && !sensors[i].healthy) {
                    mask |= SENSOR_TRIGGERS[i].bit();
                }
            }
        }
        return mask;
    }

    /** Battery low / critical / emergency from the state of charge, and the flight time left against the way home. */
    private int batteryTriggers(double dtS, boolean flying) {
        FailsafeTable t = failsafes.table();
        double charge = battery.connected ? battery.remainingFraction : Double.NaN;
        int mask = 0;
        if (charge <= t.batteryLowFraction()) {
            mask |= FailsafeTrigger.BATTERY_LOW.bit();
        }
        if (charge <= t.batteryCriticalFraction()) {
            mask |= FailsafeTrigger.BATTERY_CRITICAL.bit();
        }
        if (charge <= t.batteryEmergencyFraction()) {
            mask |= FailsafeTrigger.BATTERY_EMERGENCY.bit();
        }
        if (!flying) {
            returnBudget.reset();
            return mask;
        }
        double distanceM = home.valid && estimator.positionValid
                ? Math.hypot(position.posNedM.x - home.posNedM.x, position.posNedM.y - home.posNedM.y) : Double.NaN;
        double heightM = home.valid && estimator.zValid ? home.posNedM.z - position.posNedM.z : Double.NaN;
        if (returnBudget.update(dtS, charge, t.batteryEmergencyFraction(), distanceM, heightM, returnSpeedMps,
                landSpeedMps, t.returnTimeFactor(), t.returnTimeMarginS())) {
            mask |= FailsafeTrigger.FLIGHT_TIME_LOW.bit();
        }
        return mask;
    }

    /** The current mode already does at least what {@code a} asks (and can run): leave it. */
    private boolean modeAlreadyAtLeast(FailsafeAction a) {
        if (status.mode == FlightMode.LAND) {
            return !a.atLeast(FailsafeAction.DISARM);
        }
        if (status.mode == FlightMode.RETURN) {
            return !a.atLeast(FailsafeAction.LAND) && estimator.positionValid && home.valid;
        }
        return false;
    }

    /**
     * Applies a risen action: the mode it asks for, or the nearest more severe one its mode can
     * run as (Hold and Return need the position, Return a home, Altitude a height: else Land).
     *
     * @return whether a mode change or disarm was made (its text said)
     */
    private boolean applyFailsafe(FailsafeAction a, FailsafeTrigger cause, long nowNs) {
        if (!status.armed() || modeAlreadyAtLeast(a)) {
            return false;
        }
        manualLossSwitching = true;
        String text = FailsafeMessages.action(cause, a);
        switch (a) {
            case FALLBACK_ALTITUDE:
                if (estimator.zValid && estimator.attitudeValid) {
                    failsafeMode(FlightMode.ALTITUDE, text, nowNs);
                } else {
                    failsafeMode(FlightMode.LAND, FailsafeMessages.action(cause, FailsafeAction.LAND), nowNs);
                }
                break;
            case HOLD:
                failsafeMode(estimator.positionValid ? FlightMode.HOLD : FlightMode.LAND, text, nowNs);
                break;
            case RETURN:
                failsafeMode(home.valid && estimator.positionValid ? FlightMode.RETURN : FlightMode.LAND, text, nowNs);
                break;
            case LAND:
                failsafeMode(FlightMode.LAND, text, nowNs);
                break;
            default:
                // DISARM and TERMINATE: no parachute or termination output, both stop the motors.
                disarm();
                status.failsafe = true;
                emit(VehicleEvent.EMERGENCY, text, nowNs);
                break;
        }
        manualLossSwitching = false;
        return true;
    }

    private void failsafeMode(FlightMode m, String text, long nowNs) {
        if (status.mode != m) {
            setMode(m);
        }
        status.failsafe = true;
        emit(VehicleEvent.CRITICAL, text, nowNs);
    }

    private void emit(int severity, String text, long nowNs) {
        event.timestampNs = nowNs;
        event.severity = severity;
        event.text = text;
        events.offer(event);
    }

    private void autoDisarm(long nowNs, double dtS) {
        if (!status.armed()) {
            return;
        }
        landedForS = landDetector.landed() ? landedForS + dtS : 0.0;
        double limit = tookOff ? disarmLandS : disarmPreflightS;
        boolean wantsToFly = status.mode == FlightMode.TAKEOFF || (status.mode == FlightMode.MISSION && mission.takingOff);
        if (limit > 0.0 && landedForS >= limit && !wantsToFly) {
            disarm();
        }
    }

    private void answer(VehicleCommand c, int result, String reason, long nowNs) {
        ack.timestampNs = nowNs;
        ack.command = c.command;
        ack.result = result;
        ack.reason = reason;
        ack.targetSystem = c.sourceSystem;
        ack.targetComponent = c.sourceComponent;
        ack.sequence = c.sequence;
        // The status goes out before the answer: whoever sees the ACK (the MAVLink thread's
        // heartbeat, mission state, calibration guard) must then see the state it acknowledges.
        status.timestampNs = nowNs;
        statusPub.publish(status);
        replyTo.offer(ack);
    }

}
