package org.hoverla.core.tasks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.MissionEvent;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.NavigatorStatus;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.navigation.ManualPositionControl;
import org.hoverla.core.navigation.OrbitTrajectory;
import org.hoverla.core.navigation.RoiYaw;
import org.hoverla.core.navigation.StraightLineTrajectory;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.SetupParams;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.fence.Geofence;
import org.hoverla.mission.fence.RallyPoints;
import org.hoverla.mission.exec.GroundStart;
import org.hoverla.mission.exec.MissionEvents;
import org.hoverla.mission.exec.MissionExecutor;

/**
 * Turns the commander's mode into a trajectory setpoint:
 * <ul>
 *   <li>Hold, Position, Altitude: keep the position captured when the mode began, or fly a
 *       straight line to a reposition target and keep that;</li>
 *   <li>Takeoff: climb from the current position to the takeoff altitude along an
 *       acceleration-limited profile, then report completion;</li>
 *   <li>Land: descend over the captured position, fast high up, at the landing speed below
 *       MPC_LAND_ALT2;</li>
 *   <li>Return: climb to RTL_RETURN_ALT if lower, fly a straight line home, land there;</li>
 *   <li>Offboard: pass the offboard computer's position/velocity setpoint through.</li>
 *   <li>Orbit: fly the DO_ORBIT circle ({@link OrbitTrajectory}) with its yaw behaviour.</li>
 * </ul>
 * The pilot's selected manual input (an RC transmitter or a ground-station joystick, chosen by
 * COM_RC_IN_MODE; any value but 4) flies Position
 * and Altitude modes through {@link ManualPositionControl} while a stick is deflected or the
 * vehicle brakes; then the position and heading reached are held as above. Input older than
 * COM_RC_LOSS_T reads as centred sticks (the vehicle brakes and holds) and is announced once
 * ("Manual control lost", then "Manual control regained"); the commander's manual-control-loss
 * failsafe (NAV_RCL_ACT) decides what happens next. Altitude mode with fresh input flies as
 * PX4's: the horizontal sticks command a tilt (an acceleration setpoint, up to
 * MPC_MAN_TILT_MAX, with no horizontal position or velocity hold), the throttle a climb rate
 * with the altitude held when centred; without input it holds as Position does. On the ground
 * (armed, landed) in Position or Altitude the throttle raised above 65 % takes off, as PX4's
 * FlightTaskManualAltitude does; held low after touchdown, the land detector confirms the
 * landing and the commander disarms after COM_DISARM_LAND. Stabilized mode is flown by the
 * position-control task from the sticks directly; the navigator publishes nothing for it.
 * A region of interest (DO_SET_ROI_LOCATION) turns the nose to it in Hold, Position, Altitude
 * and Mission, before any other heading; a reposition's heading (DO_REPOSITION param4) is
 * kept in Hold otherwise.
 * Lines are flown with position and velocity feed-forward so the position controller never
 * chases a far-away step.
 */
public final class NavigatorTask implements FlightTask {
    private static final double TAKEOFF_DONE_TOLERANCE_M = 0.5;
    private static final double HOME_REACHED_M = 1.0;
    /** Horizontal acceleration of joystick flight: PX4's MPC_ACC_HOR default (not a parameter here). */
    private static final double MANUAL_ACCEL_HOR_MPS2 = 3.0;
    /** Throttle stick above which Position/Altitude take off from the ground (PX4: 0.3 zero-centred). */
    static final double TAKEOFF_THROTTLE = 0.65;
    private static final double G_MPS2 = 9.80665;
    /** Mission items the executor holds (the mission protocol refuses more). */
    public static final int MISSION_CAPACITY = 1000;

    private enum ReturnPhase { CLIMB, TRAVEL, LAND }

    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<HomePosition> homeSub;
    private final Subscription<OffboardSetpoint> offboardSub;
    private final Subscription<ManualControlSetpoint> manualSub;
    private final SpscQueue<VehicleEvent> events;
    private final ManualControlSetpoint manualInput = new ManualControlSetpoint();
    private final ManualPositionControl manual = new ManualPositionControl();
    private final VehicleEvent event = new VehicleEvent();
    private boolean manualEnabled;
    private long manualLossNs;
    private boolean manualPresent;
    private boolean manualFlying;
    private boolean manualLost;
    private boolean manualTakeoff;
    private boolean altitudeTilting;
    private double manualTiltMaxRad;
    private double manualDeadzone;
    private final Publication<TrajectorySetpoint> setpointPub;
    private final Publication<NavigatorStatus> navigatorPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;

    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final HomePosition home = new HomePosition();
    private final OffboardSetpoint offboard = new OffboardSetpoint();
    private final TrajectorySetpoint setpoint = new TrajectorySetpoint();
    private final NavigatorStatus navigatorStatus = new NavigatorStatus();
    private final StraightLineTrajectory line = new StraightLineTrajectory();
    private final OrbitTrajectory orbit = new OrbitTrajectory();
    private final Vec3 orbitAcc = new Vec3();
    private long orbitSequence;
    /** The commander's command sequences last seen, to re-apply parameters before acting on a new command. */
    private long seenModeSequence = -1;
    private long seenRepositionSequence;
    private long seenOrbitSequence;
    private double orbitInitialHeadingRad;
    private final AtomicReference<MissionPlan> planSource;
    private final AtomicReference<RallyPoints> rallySource;
    private final AtomicReference<Geofence> fenceSource;
    private final Vec3 lastOffboardPos = new Vec3();
    private long offboardRefused;
    private final AtomicInteger setCurrentRequests;
    private final SpscQueue<MissionEvent> missionEvents;
    private final Publication<MissionStatus> missionStatusPub;
    private final MissionStatus missionStatus = new MissionStatus();
    private final MissionEvent missionEvent = new MissionEvent();
    private final MissionExecutor executor;
    private final Subscription<VehicleLandDetected> landSub;
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final double[] positionArray = new double[3];
    private MissionPlan loadedPlan;
    private boolean missionLoaded;
    private boolean missionReturnRequested;
    private long nowNsForEvents;
    private final Vec3 holdPosNedM = new Vec3();
    private final Vec3 target = new Vec3();
    private final Vec3 linePos = new Vec3();
    private final Vec3 lineVel = new Vec3();

    private long lastRunNs = Long.MIN_VALUE;
    private long modeSequence = -1;
    private long repositionSequence;
    private FlightMode enteredMode = FlightMode.HOLD;
    private double holdYawRad;
    private double climbSpDownM;
    private double climbVelMps;
    private double takeoffTargetDownM;
    private boolean takeoffComplete;
    private boolean landing;
    private ReturnPhase returnPhase = ReturnPhase.CLIMB;
    private double takeoffSpeed;
    private double landSpeed;
    private double descentSpeed;
    private double landSlowAltM;
    private double accelMax;
    private double cruiseSpeed;
    private double returnAltM;
    private double takeoffAltM;
    private int groundStartPolicy;
    /** The mission may not leave the ground (GroundStart REFUSE reached past the commander's check). */
    private boolean missionHeldOnGround;

    public NavigatorTask(Subscription<VehicleStatus> statusSub, Subscription<VehicleLocalPosition> positionSub,
                         Subscription<HomePosition> homeSub, Subscription<OffboardSetpoint> offboardSub,
                         Publication<TrajectorySetpoint> setpointPub, Publication<NavigatorStatus> navigatorPub,
                         Subscription<VehicleLandDetected> landSub,
                         AtomicReference<MissionPlan> planSource, AtomicReference<RallyPoints> rallySource,
                         AtomicReference<Geofence> fenceSource,
                         AtomicInteger setCurrentRequests,
                         SpscQueue<MissionEvent> missionEvents, Publication<MissionStatus> missionStatusPub,
                         Subscription<ManualControlSetpoint> manualSub, SpscQueue<VehicleEvent> events,
                         FlightParams params) {
        this.manualSub = manualSub;
        this.events = events;
        this.landSub = landSub;
        this.planSource = planSource;
        this.rallySource = rallySource;
        this.fenceSource = fenceSource;
        this.setCurrentRequests = setCurrentRequests;
        this.missionEvents = missionEvents;
        this.missionStatusPub = missionStatusPub;
        this.executor = new MissionExecutor(MISSION_CAPACITY, new ExecutorEvents());
        this.statusSub = statusSub;
        this.positionSub = positionSub;
        this.homeSub = homeSub;
        this.offboardSub = offboardSub;
        this.setpointPub = setpointPub;
        this.navigatorPub = navigatorPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
    }

    @Override
    public void run(long nowNs) {
        statusSub.update(status);
        // Read-your-writes: a command the commander accepted after a PARAM_SET was echoed (say
        // RTL_RETURN_ALT then Return, MPC_XY_CRUISE then a reposition) is flown with that value.
        boolean newCommand = status.modeSequence != seenModeSequence
                || status.repositionSequence != seenRepositionSequence || status.orbitSequence != seenOrbitSequence;
        seenModeSequence = status.modeSequence;
        seenRepositionSequence = status.repositionSequence;
        seenOrbitSequence = status.orbitSequence;
        if (paramWatch.due(nowNs) || (newCommand && paramWatch.changed())) {
            takeoffSpeed = params.takeoffSpeed.get();
            landSpeed = params.landSpeed.get();
            descentSpeed = params.zVelMaxDown.get();
            landSlowAltM = params.landSlowAltM.get();
            accelMax = params.accelUpMax.get();
            cruiseSpeed = params.cruiseSpeedMps.get();
            returnAltM = params.returnAltM.get();
            takeoffAltM = params.takeoffAltM.get();
            groundStartPolicy = params.missionGroundStart.get();
            executor.setLimits(cruiseSpeed, takeoffSpeed, landSpeed, accelMax);
            manualEnabled = params.setup.rcInMode.get() != SetupParams.RC_IN_MODE_DISABLED;
            manualLossNs = (long) (params.setup.rcLossTimeoutS.get() * 1e9);
            manualTiltMaxRad = Math.toRadians(params.manualTiltMaxDeg.get());
            manualDeadzone = params.manualDeadzone.get();
            manual.setLimits(params.manualVelMps.get(), params.zVelMaxUp.get(), descentSpeed,
                    Math.toRadians(params.manualYawRateMaxDegps.get()), params.manualDeadzone.get(),
                    MANUAL_ACCEL_HOR_MPS2, accelMax);
        }
        nowNsForEvents = nowNs;
        double dtS = lastRunNs == Long.MIN_VALUE ? 0.05 : (nowNs - lastRunNs) * 1e-9;
        lastRunNs = nowNs;
        positionSub.update(position);
        homeSub.update(home);
        offboardSub.update(offboard);
        manualSub.update(manualInput);
        landSub.update(land);
        trackManualInput(nowNs);
        manualTakeoff = false;

        loadPlanIfChanged();
        int requested = setCurrentRequests.getAndSet(-1);
        if (requested >= 0) {
            executor.setCurrent(requested);
        }
        if (status.modeSequence != modeSequence) {
            if (status.mode == FlightMode.MISSION) {
                executor.resume();
                missionReturnRequested = false;
                startMissionFromGround();
            }
            boolean continueFromTakeoff = enteredMode == FlightMode.TAKEOFF && takeoffComplete
                    && status.mode == FlightMode.HOLD;
            if (!continueFromTakeoff) {
                enterMode();
            }
            enteredMode = status.mode;
            modeSequence = status.modeSequence;
        }
        if (status.orbitSequence != orbitSequence && status.mode == FlightMode.ORBIT) {
            startOrbit();
        }
        if (status.repositionSequence != repositionSequence) {
            repositionSequence = status.repositionSequence;
            startLine(holdPosNedM, status.repositionNedM);
            holdPosNedM.set(status.repositionNedM);
            if (Double.isFinite(status.repositionYawRad)) {
                holdYawRad = status.repositionYawRad;
            }
        } else if (line.isActive()) {
            line.setMaxSpeed(speed());
        }
        setpoint.clear();
        setpoint.timestampNs = nowNs;
        landing = false;
        if (status.armed()) {
            switch (status.mode) {
                case TAKEOFF:
                    takeoff(dtS);
                    break;
                case LAND:
                    land(holdPosNedM.x, holdPosNedM.y);
                    break;
                case RETURN:
                    flyReturn(dtS);
                    break;
                case OFFBOARD:
                    offboard();
                    break;
                case MISSION:
                    mission(nowNs, dtS);
                    break;
                case ORBIT:
                    flyOrbit(dtS);
                    break;
                case POSITION:
                case ALTITUDE:
                    flyManual(dtS);
                    break;
                case STABILIZED:
                    // Flown by the position-control task from the sticks; nothing to publish but
                    // a fresh start for Position or Altitude afterwards.
                    manualFlying = false;
                    holdPosNedM.set(position.posNedM);
                    break;
                case HOLD:
                default:
                    hold(dtS);
                    break;
            }
        } else {
            // Disarmed: a stick flight in progress is over; the next one starts from a fresh hold.
            manualFlying = false;
        }
        setpointPub.publish(setpoint);
        navigatorStatus.timestampNs = nowNs;
        navigatorStatus.modeSequence = modeSequence;
        navigatorStatus.takeoffComplete = takeoffComplete;
        navigatorStatus.landing = landing;
        navigatorStatus.manualTakeoff = manualTakeoff;
        navigatorStatus.orbiting = status.mode == FlightMode.ORBIT && status.armed() && orbit.isActive();
        navigatorStatus.orbitRadiusM = orbit.signedRadiusM();
        navigatorStatus.orbitCenterNedM.set(orbit.centerNorthM(), orbit.centerEastM(), orbit.centerDownM());
        navigatorStatus.orbitYawBehaviour = status.orbitYawBehaviour;
        navigatorPub.publish(navigatorStatus);
        missionStatus.timestampNs = nowNs;
        missionStatus.count = missionLoaded ? executor.count() : 0;
        missionStatus.currentSeq = executor.currentSeq();
        missionStatus.complete = executor.isComplete();
        missionStatus.takingOff = status.mode == FlightMode.MISSION && missionLoaded && !executor.isComplete()
                && !missionHeldOnGround && (executor.currentIsTakeoff() || executor.climbingFirst()
                || (land.landed && executor.currentLeavesGround()));
        missionStatus.returnRequested = missionReturnRequested;
        missionStatusPub.publish(missionStatus);
    }

    private double speed() {
        return Double.isFinite(status.cruiseSpeedMps) && status.cruiseSpeedMps > 0.0 ? status.cruiseSpeedMps
                : cruiseSpeed;
    }

    /** Offboard position targets refused because they were outside the geofence. */
    public long offboardRefused() {
        return offboardRefused;
    }

    /**
     * Whether fresh manual input is there (RC or joystick, younger than COM_RC_LOSS_T), and the
     * operator messages when it goes and comes back. Never present before the first input:
     * nothing is announced on a vehicle flown without RC or joystick.
     */
    private void trackManualInput(long nowNs) {
        if (!manualEnabled) {
            // COM_RC_IN_MODE = 4: the input is ignored, so there is nothing to lose.
            manualPresent = false;
            manualLost = false;
            return;
        }
        boolean fresh = manualInput.count > 0 && nowNs - manualInput.timestampNs < manualLossNs;
        if (manualPresent && !fresh) {
            announce(VehicleEvent.WARNING, "Manual control lost", nowNs);
            manualLost = true;
        } else if (!manualPresent && fresh && manualLost) {
            announce(VehicleEvent.INFO, "Manual control regained", nowNs);
            manualLost = false;
        }
        manualPresent = fresh;
    }

    private void announce(int severity, String text, long nowNs) {
        event.timestampNs = nowNs;
        event.severity = severity;
        event.text = text;
        events.offer(event);
    }

    /**
     * Position and Altitude: the joystick while a stick is deflected or the vehicle brakes after
     * one, then the usual hold (reposition lines, region of interest) from where it stopped.
     */
    private void flyManual(double dtS) {
        double pitch = 0.0;
        double roll = 0.0;
        double yaw = 0.0;
        double throttle = 0.5;
        if (manualPresent) {
            pitch = manualInput.pitchNorm;
            roll = manualInput.rollNorm;
            yaw = manualInput.yawNorm;
            throttle = manualInput.throttleNorm;
        }
        if (land.landed) {
            // On the ground only a raised throttle does anything: the sticks' other axes and a
            // lowered throttle keep the vehicle idle (the position controller idles while landed).
            if (!manualPresent || !(throttle > TAKEOFF_THROTTLE)) {
                manualFlying = false;
                holdPosNedM.set(position.posNedM);
                holdYawRad = Double.isFinite(position.headingRad) ? position.headingRad : holdYawRad;
                setpoint.posNedM.set(holdPosNedM);
                setpoint.yawRad = holdYawRad;
                return;
            }
            manualTakeoff = true;
        }
        boolean tilt = status.mode == FlightMode.ALTITUDE && manualPresent;
        if (altitudeTilting && !tilt) {
            // Altitude's input went stale: hold where the vehicle is now (kept current below),
            // not the stick controller's old horizontal hold point.
            manualFlying = false;
        }
        altitudeTilting = tilt;
        if (!manualFlying) {
            if (!tilt && (!manualPresent || !manual.deflected(pitch, roll, yaw, throttle))) {
                hold(dtS);
                return;
            }
            // Sticks take over from the hold target (a reposition line stops where it is).
            if (line.isActive()) {
                line.cancel();
                holdPosNedM.set(position.posNedM);
            }
            manual.begin(holdPosNedM, holdYawRad);
            manualFlying = true;
        }
        manualFlying = manual.update(pitch, roll, yaw, throttle, position.posNedM, position.velNedMps,
                position.headingRad, dtS);
        setpoint.posNedM.set(manual.posSpNedM);
        setpoint.velNedMps.set(manual.velSpNedMps);
        setpoint.yawRad = manual.yawSpRad;
        setpoint.yawRateRadps = manual.yawRateSpRadps;
        holdYawRad = manual.yawSpRad;
        if (tilt) {
            stickTilt(pitch, roll, position.headingRad);
            // Altitude never holds a horizontal position: leaving it, Position starts from here.
            manualFlying = true;
            holdPosNedM.set(position.posNedM);
            holdPosNedM.z = Double.isNaN(manual.posSpNedM.z) ? position.posNedM.z : manual.posSpNedM.z;
        } else if (!manualFlying) {
            holdPosNedM.set(manual.posSpNedM);
        }
    }

    /**
     * Altitude mode's horizontal sticks (PX4 StickTiltXY): the stick vector (deadzone MPC_HOLD_DZ,
     * length limited to 1) times MPC_MAN_TILT_MAX is a tilt towards the stick direction in the
     * heading frame, flown as the horizontal acceleration g·tan(tilt) with no position or velocity.
     */
    private void stickTilt(double pitch, double roll, double headingRad) {
        double forward = ManualPositionControl.deadzone(Double.isNaN(pitch) ? 0.0 : Math.max(-1.0, Math.min(1.0, pitch)),
                manualDeadzone);
        double right = ManualPositionControl.deadzone(Double.isNaN(roll) ? 0.0 : Math.max(-1.0, Math.min(1.0, roll)),
                manualDeadzone);
        double length = Math.hypot(forward, right);
        double heading = Double.isFinite(headingRad) ? headingRad : 0.0;
        double accNorth = 0.0;
        double accEast = 0.0;
        if (length > 0.0) {
            double scale = Math.min(length, 1.0);
            double acc = G_MPS2 * Math.tan(scale * manualTiltMaxRad);
            double f = forward / length;
            double r = right / length;
            accNorth = acc * (f * Math.cos(heading) - r * Math.sin(heading));
            accEast = acc * (f * Math.sin(heading) + r * Math.cos(heading));
        }
        setpoint.posNedM.x = Double.NaN;
        setpoint.posNedM.y = Double.NaN;
        setpoint.velNedMps.x = Double.NaN;
        setpoint.velNedMps.y = Double.NaN;
        setpoint.accNedMps2.x = accNorth;
        setpoint.accNedMps2.y = accEast;
    }

    private void enterMode() {
        manualFlying = false;
        lastOffboardPos.set(position.posNedM);
        holdPosNedM.set(position.posNedM);
        holdYawRad = Double.isFinite(position.headingRad) ? position.headingRad : 0.0;
        takeoffComplete = false;
        line.cancel();
        orbit.cancel();
        if ((status.mode == FlightMode.TAKEOFF || status.mode == FlightMode.LAND)
                && Double.isFinite(status.commandYawRad)) {
            holdYawRad = status.commandYawRad;
        }
        if (status.mode == FlightMode.ORBIT) {
            startOrbit();
        } else if (status.mode == FlightMode.TAKEOFF) {
            double homeDown = home.valid ? home.posNedM.z : position.posNedM.z;
            takeoffTargetDownM = homeDown - status.takeoffAltRelM;
            climbSpDownM = position.posNedM.z;
            climbVelMps = 0.0;
        } else if (status.mode == FlightMode.RETURN) {
            returnPhase = ReturnPhase.CLIMB;
            double returnDown = homeDown() - returnAltM;
            if (position.posNedM.z > returnDown) {
                target.set(position.posNedM.x, position.posNedM.y, returnDown);
                line.start(position.posNedM, target, takeoffSpeed, accelMax);
            } else {
                startTravel();
            }
        }
    }

    private double homeDown() {
        return home.valid ? home.posNedM.z : 0.0;
    }

    private void startLine(Vec3 from, Vec3 to) {
        line.start(from, to, speed(), accelMax);
    }

    private void hold(double dtS) {
        if (line.isActive()) {
            line.update(dtS, linePos, lineVel);
            setpoint.posNedM.set(linePos);
            setpoint.velNedMps.set(lineVel);
        } else {
            setpoint.posNedM.set(holdPosNedM);
        }
        faceRoi();
        setpoint.yawRad = holdYawRad;
    }

    /** Points the held heading at the region of interest while one is set; the last heading stays after. */
    private void faceRoi() {
        if (status.roiActive) {
            holdYawRad = RoiYaw.yawRad(position.posNedM.x, position.posNedM.y, status.roiNedM.x, status.roiNedM.y,
                    holdYawRad);
        }
    }

    /** (Re)starts the circle the commander accepted, from where the vehicle is now. */
    private void startOrbit() {
        orbitSequence = status.orbitSequence;
        orbitInitialHeadingRad = holdYawRad;
        orbit.setFallbackYaw(holdYawRad);
        Vec3 c = status.orbitCenterNedM;
        orbit.start(c.x, c.y, c.z, status.orbitRadiusM, status.orbitSpeedMps, speed(),
                OrbitTrajectory.ACCEL_MAX_MPS2, position.posNedM, position.velNedMps);
    }

    private void flyOrbit(double dtS) {
        if (!orbit.update(dtS, linePos, lineVel, orbitAcc)) {
            setpoint.posNedM.set(holdPosNedM);
            setpoint.yawRad = holdYawRad;
            return;
        }
        setpoint.posNedM.set(linePos);
        setpoint.velNedMps.set(lineVel);
        setpoint.accNedMps2.set(orbitAcc);
        int behaviour = status.orbitYawBehaviour;
        double yaw = orbit.yawRad(behaviour, position.posNedM, orbitInitialHeadingRad);
        setpoint.yawRad = yaw;
        setpoint.yawRateRadps = orbit.yawRateRadps(behaviour);
        if (Double.isFinite(yaw)) {
            holdYawRad = yaw;
        }
    }

    /** Moves the climb setpoint up with limited acceleration, braking to stop at the target. */
    private void takeoff(double dtS) {
        double remaining = climbSpDownM - takeoffTargetDownM; // > 0 while below the target
        double brakingSpeed = Math.sqrt(2.0 * accelMax * 0.5 * Math.max(remaining, 0.0));
        double wanted = Math.min(takeoffSpeed, brakingSpeed);
        if (climbVelMps < wanted) {
            climbVelMps = Math.min(wanted, climbVelMps + accelMax * dtS);
        } else {
            climbVelMps = wanted;
        }
        climbSpDownM -= climbVelMps * dtS;
        if (climbSpDownM <= takeoffTargetDownM) {
            climbSpDownM = takeoffTargetDownM;
            climbVelMps = 0.0;
        }
        setpoint.posNedM.x = holdPosNedM.x;
        setpoint.posNedM.y = holdPosNedM.y;
        setpoint.posNedM.z = climbSpDownM;
        setpoint.velNedMps.z = -climbVelMps;
        setpoint.yawRad = holdYawRad;
        if (climbSpDownM == takeoffTargetDownM
                && Math.abs(position.posNedM.z - takeoffTargetDownM) < TAKEOFF_DONE_TOLERANCE_M) {
            takeoffComplete = true;
            // Hold where the takeoff ended, at the target altitude.
            holdPosNedM.z = takeoffTargetDownM;
        }
    }

    /** Descends over (north, east): fast while high above home, slowly for the last metres. */
    private void land(double northM, double eastM) {
        landing = true;
        double heightAboveHome = homeDown() - position.posNedM.z;
        setpoint.posNedM.x = northM;
        setpoint.posNedM.y = eastM;
        setpoint.velNedMps.z = heightAboveHome > landSlowAltM ? descentSpeed : landSpeed;
        setpoint.yawRad = holdYawRad;
    }

    private void startTravel() {
        returnPhase = ReturnPhase.TRAVEL;
        target.set(home.valid ? home.posNedM.x : 0.0, home.valid ? home.posNedM.y : 0.0, position.posNedM.z);
        RallyPoints rally = rallySource.get();
        if (rally != null) {
            int i = rally.chooseReturnTarget(position.posNedM.x, position.posNedM.y, target.x, target.y);
            if (i >= 0) {
                target.x = rally.northM(i);
                target.y = rally.eastM(i);
            }
        }
        double dn = target.x - position.posNedM.x;
        double de = target.y - position.posNedM.y;
        if (Math.sqrt(dn * dn + de * de) < HOME_REACHED_M) {
            returnPhase = ReturnPhase.LAND;
            holdPosNedM.set(target);
            return;
        }
        holdYawRad = Math.atan2(de, dn);
        line.start(position.posNedM, target, speed(), accelMax);
    }

    private void flyReturn(double dtS) {
        switch (returnPhase) {
            case CLIMB:
                if (line.update(dtS, linePos, lineVel) && Math.abs(position.posNedM.z - linePos.z) < 1.0) {
                    startTravel();
                }
                setpoint.posNedM.set(linePos);
                setpoint.velNedMps.set(lineVel);
                setpoint.yawRad = holdYawRad;
                break;
            case TRAVEL:
                boolean arrived = line.update(dtS, linePos, lineVel);
                setpoint.posNedM.set(linePos);
                setpoint.velNedMps.set(lineVel);
                setpoint.yawRad = holdYawRad;
                if (arrived && Math.hypot(position.posNedM.x - linePos.x, position.posNedM.y - linePos.y) < HOME_REACHED_M) {
                    returnPhase = ReturnPhase.LAND;
                    holdPosNedM.set(linePos);
                }
                break;
            case LAND:
            default:
                land(holdPosNedM.x, holdPosNedM.y);
                break;
        }
    }

    /** Loads a new plan once the local frame exists (its positions need the reference). */
    private void loadPlanIfChanged() {
        MissionPlan plan = planSource.get();
        if (plan == loadedPlan || !position.refValid) {
            return;
        }
        double homeAlt = home.valid ? home.altAmslM : position.refAltM;
        missionLoaded = executor.load(plan.mission(), position.refLatDeg, position.refLonDeg, position.refAltM, homeAlt)
                && executor.count() > 0;
        loadedPlan = plan;
    }

    /**
     * On entry to Mission (arming in it re-enters it): a mission that would leave the ground
     * without a takeoff item climbs over the vehicle first, flies as PX4's, or stays on the ground,
     * as MIS_GROUND_START says. The commander refuses the mode in the last case; the hold here
     * covers a plan replaced after that check.
     */
    private void startMissionFromGround() {
        landSub.update(land);
        GroundStart.Decision decision = GroundStart.decide(groundStartPolicy, land.landed || !status.armed(),
                executor.firstNavigationCommand());
        missionHeldOnGround = decision == GroundStart.Decision.REFUSE;
        // Above home, or above where it stands when that ground is higher than home.
        double climbToDownM = Math.min(homeDown(), position.posNedM.z) - takeoffAltM;
        if (decision == GroundStart.Decision.CLIMB_FIRST) {
            executor.climbFirst(climbToDownM);
        }
    }

    private void mission(long nowNs, double dtS) {
        if (missionHeldOnGround) {
            setpoint.posNedM.set(holdPosNedM);
            setpoint.yawRad = holdYawRad;
            return;
        }
        positionArray[0] = position.posNedM.x;
        positionArray[1] = position.posNedM.y;
        positionArray[2] = position.posNedM.z;
        landSub.update(land);
        executor.update(nowNs, dtS, positionArray, position.headingRad, land.landed);
        landing = executor.landing;
        setpoint.posNedM.set(executor.posSp[0], executor.posSp[1], executor.posSp[2]);
        setpoint.velNedMps.set(executor.velSp[0], executor.velSp[1], executor.velSp[2]);
        setpoint.yawRad = Double.isFinite(executor.yawSpRad) ? executor.yawSpRad : holdYawRad;
        if (status.roiActive) {
            // PX4's mission points the nose at a ROI_LOCATION before its own yaw mode.
            holdYawRad = Double.isFinite(setpoint.yawRad) ? setpoint.yawRad : holdYawRad;
            faceRoi();
            setpoint.yawRad = holdYawRad;
        }
        if (executor.isComplete() && !missionReturnRequested && !Double.isFinite(setpoint.posNedM.x)) {
            setpoint.posNedM.set(position.posNedM);
        }
    }

    /** Executor events become mission events for the links; flight thread, allocation-free. */
    private final class ExecutorEvents implements MissionEvents {
        @Override
        public void currentChanged(int seq) {
            emit(MissionEvent.CURRENT_CHANGED, seq, 0);
        }

        @Override
        public void itemReached(int seq) {
            emit(MissionEvent.ITEM_REACHED, seq, 0);
        }

        @Override
        public void cameraEvent(int seq, int command) {
            emit(MissionEvent.CAMERA, seq, command);
        }

        @Override
        public void returnRequested(int seq) {
            missionReturnRequested = true;
        }

        private void emit(int kind, int seq, int command) {
            missionEvent.timestampNs = nowNsForEvents;
            missionEvent.kind = kind;
            missionEvent.seq = seq;
            missionEvent.command = command;
            missionEvent.northM = position.posNedM.x;
            missionEvent.eastM = position.posNedM.y;
            missionEvent.downM = position.posNedM.z;
            missionEvents.offer(missionEvent);
        }
    }

    private void offboard() {
        if (offboard.attitudeTarget) {
            // Attitude targets bypass the position controller; nothing to navigate.
            return;
        }
        Geofence fence = fenceSource.get();
        if (fence != null && offboard.posNedM.isFinite()
                && !fence.pointInside(offboard.posNedM.x, offboard.posNedM.y, offboard.posNedM.z)) {
            // A position target outside the geofence is refused: keep the last accepted one.
            offboardRefused++;
            setpoint.posNedM.set(lastOffboardPos);
            setpoint.yawRad = holdYawRad;
            return;
        }
        if (offboard.posNedM.isFinite()) {
            lastOffboardPos.set(offboard.posNedM);
        } else {
            lastOffboardPos.set(position.posNedM);
        }
        setpoint.posNedM.set(offboard.posNedM);
        setpoint.velNedMps.set(offboard.velNedMps);
        setpoint.accNedMps2.set(offboard.accNedMps2);
        setpoint.yawRad = offboard.yawRad;
        setpoint.yawRateRadps = offboard.yawRateRadps;
        if (Double.isNaN(setpoint.yawRad) && Double.isNaN(setpoint.yawRateRadps)) {
            setpoint.yawRad = holdYawRad;
        }
    }
}
