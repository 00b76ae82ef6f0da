package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.NavigatorStatus;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.LandDetector;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;

/**
 * The commander: executes vehicle commands, runs the arming state machine with its pre-arm
 * checks, the land detector and automatic disarming, decides the flight mode and publishes the
 * vehicle status. Every refusal carries a constant reason string (no string building on the
 * flight thread).
 */
public final class CommanderTask implements FlightTask {
    static final String PREARM_IMU = "Pre-arm: IMU not healthy";
    static final String PREARM_BARO = "Pre-arm: barometer not healthy";
    static final String PREARM_MAG = "Pre-arm: magnetometer not healthy";
    static final String PREARM_ATTITUDE = "Pre-arm: attitude estimate not converged";
    static final String PREARM_GNSS = "Pre-arm: no usable GNSS fix";
    static final String PREARM_POSITION = "Pre-arm: position estimate not converged";
    static final String PREARM_TILT = "Pre-arm: vehicle not level";
    static final String PREARM_BATTERY = "Pre-arm: battery voltage too low";
    static final String DISARM_FLYING = "Disarm refused: vehicle is flying (use force)";
    static final String TAKEOFF_NOT_ARMED = "Takeoff refused: vehicle not armed";
    static final String TAKEOFF_FLYING = "Takeoff refused: already flying";
    static final String TAKEOFF_NO_POSITION = "Takeoff refused: no position estimate";
    static final String TAKEOFF_ALT_INVALID = "Takeoff refused: altitude not a finite number";
    static final String TAKEOFF_ALT_RANGE = "Takeoff refused: altitude below 1 m or above MIS_TKO_ALT_MAX";
    static final String LAND_NOT_ARMED = "Land refused: vehicle not armed";
    static final String HOLD_NO_POSITION = "Hold refused: no position estimate";
    static final String UNSUPPORTED = "Command not supported";
    static final String ARM_PARAM_INVALID = "Arm/disarm refused: param1 must be 0 or 1";

    private static final int MAX_COMMANDS_PER_CYCLE = 8;

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
    private final BatteryMonitor battery;
    private final Publication<VehicleStatus> statusPub;
    private final Publication<VehicleLandDetected> landPub;
    private final Publication<HomePosition> homePub;
    private final Publication<BatteryStatus> batteryPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final LandDetector landDetector = new LandDetector();
    private final GeoRef geoRef = new GeoRef();

    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final EstimatorStatus estimator = new EstimatorStatus();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleAttitudeSetpoint attitudeSp = new VehicleAttitudeSetpoint();
    private final NavigatorStatus navigator = new NavigatorStatus();
    private final BatterySample batterySample = new BatterySample();
    private final BatteryStatus batteryStatus = new BatteryStatus();
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLandDetected landDetected = new VehicleLandDetected();
    private final HomePosition home = new HomePosition();
    private final Vec3 geodetic = new Vec3();

    private long lastRunNs = Long.MIN_VALUE;
    private boolean tookOff;
    private double landedForS;
    private double hoverThrust;
    private double disarmLandS;
    private double disarmPreflightS;
    private double armTiltMaxRad;
    private double batteryMinV;
    private double takeoffAltDefaultM;
    private double takeoffAltMaxM;

    public CommanderTask(SpscQueue<VehicleCommand> commands, SpscQueue<VehicleCommandAck> acks,
                         SpscQueue<VehicleCommand> gcsCommands, SpscQueue<VehicleCommandAck> gcsAcks,
                         Subscription<EstimatorStatus> estimatorSub, Subscription<VehicleLocalPosition> positionSub,
                         Subscription<VehicleAttitude> attitudeSub, Subscription<VehicleAttitudeSetpoint> attitudeSpSub,
                         Subscription<NavigatorStatus> navigatorSub, BatteryMonitor battery,
                         Publication<VehicleStatus> statusPub, Publication<VehicleLandDetected> landPub,
                         Publication<HomePosition> homePub, Publication<BatteryStatus> batteryPub, FlightParams params) {
        this.commands = commands;
        this.acks = acks;
        this.gcsCommands = gcsCommands;
        this.gcsAcks = gcsAcks;
        this.estimatorSub = estimatorSub;
        this.positionSub = positionSub;
        this.attitudeSub = attitudeSub;
        this.attitudeSpSub = attitudeSpSub;
        this.navigatorSub = navigatorSub;
        this.battery = battery;
        this.statusPub = statusPub;
        this.landPub = landPub;
        this.homePub = homePub;
        this.batteryPub = batteryPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            applyParams();
        }
        double dtS = lastRunNs == Long.MIN_VALUE ? 0.02 : (nowNs - lastRunNs) * 1e-9;
        lastRunNs = nowNs;
        estimatorSub.update(estimator);
        positionSub.update(position);
        attitudeSub.update(attitude);
        attitudeSpSub.update(attitudeSp);
        navigatorSub.update(navigator);
        pollBattery(nowNs);

        status.preArmFailure = preArmFailure();
        if (!status.armed()) {
            status.armingState = status.preArmFailure.isEmpty() ? ArmingState.STANDBY : ArmingState.STANDBY_ERROR;
        }
        replyTo = acks;
        for (int i = 0; i < MAX_COMMANDS_PER_CYCLE && commands.poll(command); i++) {
            handle(command, nowNs);
        }
        replyTo = gcsAcks;
        for (int i = 0; i < MAX_COMMANDS_PER_CYCLE && gcsCommands.poll(command); i++) {
            handle(command, nowNs);
        }

        updateLandDetector(dtS);
        updateModes(nowNs);
        autoDisarm(nowNs, dtS);

        status.timestampNs = nowNs;
        statusPub.publish(status);
        landDetected.timestampNs = nowNs;
        landDetected.landed = landDetector.landed();
        landDetected.maybeLanded = landDetector.maybeLanded();
        landDetected.groundContact = landDetector.groundContact();
        landPub.publish(landDetected);
    }

    private void applyParams() {
        hoverThrust = params.thrustHover.get();
        disarmLandS = params.disarmLandS.get();
        disarmPreflightS = params.disarmPreflightS.get();
        armTiltMaxRad = Math.toRadians(params.armTiltMaxDeg.get());
        batteryMinV = params.batteryMinV.get();
        takeoffAltDefaultM = params.takeoffAltM.get();
        takeoffAltMaxM = params.takeoffAltMaxM.get();
        landDetector.setThresholds(params.landMaxClimbRateMps.get(), params.landMaxHorizontalSpeedMps.get(),
                params.landLowThrustFraction.get());
    }

    private void pollBattery(long nowNs) {
        if (battery.poll(batterySample) && Double.isFinite(batterySample.voltageV) && batterySample.voltageV >= 0.0) {
            batteryStatus.voltageV = batterySample.voltageV;
            batteryStatus.currentA = batterySample.currentA;
            batteryStatus.voltageFilteredV = batteryStatus.connected
                    ? batteryStatus.voltageFilteredV + 0.05 * (batterySample.voltageV - batteryStatus.voltageFilteredV)
                    : batterySample.voltageV;
            batteryStatus.connected = batterySample.voltageV > 1.0;
            batteryStatus.timestampNs = nowNs;
            batteryPub.publish(batteryStatus);
        }
    }

    private String preArmFailure() {
        EstimatorStatus e = estimator;
        if (!e.imuHealthy) {
            return PREARM_IMU;
        }
        if (!e.baroHealthy) {
            return PREARM_BARO;
        }
        if (!e.magHealthy) {
            return PREARM_MAG;
        }
        if (!e.attitudeValid) {
            return PREARM_ATTITUDE;
        }
        if (!e.gnssHealthy) {
            return PREARM_GNSS;
        }
        if (!e.positionValid) {
            return PREARM_POSITION;
        }
        if (!(attitude.q.tiltRad() <= armTiltMaxRad)) {
            return PREARM_TILT;
        }
        if (batteryStatus.connected && batteryStatus.voltageFilteredV < batteryMinV) {
            return PREARM_BATTERY;
        }
        return "";
    }

    private void handle(VehicleCommand c, long nowNs) {
        switch (c.command) {
            case VehicleCommand.COMPONENT_ARM_DISARM:
                handleArm(c, nowNs);
                break;
            case VehicleCommand.NAV_TAKEOFF:
                handleTakeoff(c, nowNs);
                break;
            case VehicleCommand.NAV_LAND:
                if (!status.armed()) {
                    answer(c, VehicleCommandAck.DENIED, LAND_NOT_ARMED, nowNs);
                } else {
                    setMode(FlightMode.LAND);
                    answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
                }
                break;
            case VehicleCommand.HOVERLA_HOLD:
                if (!estimator.positionValid) {
                    answer(c, VehicleCommandAck.DENIED, HOLD_NO_POSITION, nowNs);
                } else {
                    setMode(FlightMode.HOLD);
                    answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
                }
                break;
            default:
                answer(c, VehicleCommandAck.UNSUPPORTED, UNSUPPORTED, nowNs);
                break;
        }
    }

    private void handleArm(VehicleCommand c, long nowNs) {
        boolean force = c.param2 == VehicleCommand.FORCE_MAGIC;
        if (c.param1 == 1.0) {
            if (status.armed()) {
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            } else if (!status.preArmFailure.isEmpty() && !force) {
                answer(c, VehicleCommandAck.DENIED, status.preArmFailure, nowNs);
            } else {
                arm(nowNs);
                answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
            }
        } else if (c.param1 == 0.0) {
            if (!status.armed()) {
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

    private void handleTakeoff(VehicleCommand c, long nowNs) {
        if (!status.armed()) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_NOT_ARMED, nowNs);
            return;
        }
        if (!landDetector.landed()) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_FLYING, nowNs);
            return;
        }
        if (!estimator.positionValid || !home.valid) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_NO_POSITION, nowNs);
            return;
        }
        double altRelM;
        if (Double.isNaN(c.param7)) {
            altRelM = takeoffAltDefaultM;
        } else if (!Double.isFinite(c.param7)) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_ALT_INVALID, nowNs);
            return;
        } else {
            altRelM = c.param7 - home.altAmslM;
        }
        if (!(altRelM >= 1.0 && altRelM <= takeoffAltMaxM)) {
            answer(c, VehicleCommandAck.DENIED, TAKEOFF_ALT_RANGE, nowNs);
            return;
        }
        status.takeoffAltRelM = altRelM;
        setMode(FlightMode.TAKEOFF);
        answer(c, VehicleCommandAck.ACCEPTED, "", nowNs);
    }

    private void arm(long nowNs) {
        status.armingState = ArmingState.ARMED;
        status.armedSinceNs = nowNs;
        status.armCount++;
        tookOff = false;
        landedForS = 0.0;
        setHome(nowNs);
        setMode(FlightMode.HOLD);
    }

    private void disarm() {
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

    private void setMode(FlightMode mode) {
        status.mode = mode;
        status.modeSequence++;
    }

    private void updateLandDetector(double dtS) {
        boolean takeoffIntent = status.mode == FlightMode.TAKEOFF && !navigator.takeoffComplete;
        boolean landingIntent = status.mode == FlightMode.LAND;
        landDetector.update(status.armed(), takeoffIntent, landingIntent, position.velNedMps.z, position.velNedMps.normXy(),
                attitudeSp.thrustNorm, hoverThrust, dtS);
        if (status.armed() && !landDetector.landed()) {
            tookOff = true;
        }
    }

    private void updateModes(long nowNs) {
        if (status.mode == FlightMode.TAKEOFF && navigator.modeSequence == status.modeSequence
                && navigator.takeoffComplete) {
            setMode(FlightMode.HOLD);
        }
    }

    private void autoDisarm(long nowNs, double dtS) {
        if (!status.armed()) {
            return;
        }
        landedForS = landDetector.landed() ? landedForS + dtS : 0.0;
        double limit = tookOff ? disarmLandS : disarmPreflightS;
        if (limit > 0.0 && landedForS >= limit && status.mode != FlightMode.TAKEOFF) {
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
        replyTo.offer(ack);
    }

}
