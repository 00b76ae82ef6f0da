package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.failure.FailureDetector;
import org.hoverla.core.failure.FailureDetectorParams;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.FailureDetectorStatus;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.param.ParamStore;

/**
 * Runs the {@link FailureDetector} on the flight thread and publishes
 * {@code failure_detector_status} (read by the failsafe table and by rate control, which removes
 * a failed motor from the allocation). Each newly detected failure is also announced once as an
 * operator message (STATUSTEXT). Allocation-free: the messages are built at construction.
 */
public final class FailureDetectorTask implements FlightTask {
    private final FailureDetector detector;
    private final Subscription<ActuatorMotors> motorsSub;
    private final Subscription<VehicleAngularVelocity> rateSub;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLandDetected> landSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Publication<FailureDetectorStatus> statusPub;
    private final SpscQueue<VehicleEvent> events;
    private final FailureDetectorParams params;
    private final ParamWatch paramWatch;

    private final ActuatorMotors motors = new ActuatorMotors();
    private final VehicleAngularVelocity rates = new VehicleAngularVelocity();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final FailureDetectorStatus out = new FailureDetectorStatus();
    private final VehicleEvent event = new VehicleEvent();
    private final String[] motorFailureTexts;
    private static final String ATTITUDE_FAILURE_TEXT = "Attitude failure: roll or pitch beyond FD_FAIL_R/FD_FAIL_P";
    private static final String THRUST_LOSS_TEXT = "Thrust loss: sinking with the collective saturated";

    private long lastNs = Long.MIN_VALUE;
    private int announcedMask;
    private boolean announcedAttitude;
    private boolean announcedThrustLoss;

    public FailureDetectorTask(FailureDetector detector, Subscription<ActuatorMotors> motorsSub,
                               Subscription<VehicleAngularVelocity> rateSub, Subscription<VehicleAttitude> attitudeSub,
                               Subscription<VehicleStatus> statusSub, Subscription<VehicleLandDetected> landSub,
                               Subscription<VehicleLocalPosition> positionSub,
                               Publication<FailureDetectorStatus> statusPub, SpscQueue<VehicleEvent> events,
                               FailureDetectorParams params, ParamStore store, int motorCount) {
        this.detector = detector;
        this.motorsSub = motorsSub;
        this.rateSub = rateSub;
        this.attitudeSub = attitudeSub;
        this.statusSub = statusSub;
        this.landSub = landSub;
        this.positionSub = positionSub;
        this.statusPub = statusPub;
        this.events = events;
        this.params = params;
        this.paramWatch = new ParamWatch(store);
        motorFailureTexts = new String[motorCount];
        for (int i = 0; i < motorCount; i++) {
            // PX4 numbers motors from 1 towards the pilot.
            motorFailureTexts[i] = "Motor failure detected: motor " + (i + 1);
        }
        position.velNedMps.setNaN();
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            detector.configure(params.rollLimitDeg.get(), params.pitchLimitDeg.get(), params.rollTriggerS.get(),
                    params.pitchTriggerS.get(), params.motorCheckEnabled.get() == 1, params.motorExcessNorm.get(),
                    params.motorRateDegps.get(), params.motorTriggerS.get());
        }
        motorsSub.update(motors);
        rateSub.update(rates);
        attitudeSub.update(attitude);
        statusSub.update(status);
        landSub.update(land);
        positionSub.update(position);
        double dtS = lastNs == Long.MIN_VALUE ? 0.0 : (nowNs - lastNs) * 1e-9;
        lastNs = nowNs;
        boolean armed = status.armed();
        boolean flying = armed && !land.landed && !land.groundContact && !land.maybeLanded;
        double velDown = position.vzValid ? position.velNedMps.z : Double.NaN;
        detector.update(armed, flying, attitude.q.roll(), attitude.q.pitch(), rates.rateFrdRadps.x,
                rates.rateFrdRadps.y, motors.thrustNorm, (motors.saturationFlags & (1 << 3)) != 0, velDown, dtS);

        out.timestampNs = nowNs;
        out.attitudeFailure = detector.attitudeFailure();
        out.motorFailureMask = detector.motorFailureMask();
        out.thrustLoss = detector.thrustLoss();
        statusPub.publish(out);
        announce(nowNs);
    }

    private void announce(long nowNs) {
        int failed = detector.failedMotor();
        if (failed >= 0 && announcedMask == 0) {
            emit(VehicleEvent.CRITICAL, motorFailureTexts[failed], nowNs);
        }
        announcedMask = out.motorFailureMask;
        if (out.attitudeFailure && !announcedAttitude) {
            emit(VehicleEvent.CRITICAL, ATTITUDE_FAILURE_TEXT, nowNs);
        }
        announcedAttitude = out.attitudeFailure;
        if (out.thrustLoss && !announcedThrustLoss) {
            emit(VehicleEvent.CRITICAL, THRUST_LOSS_TEXT, nowNs);
        }
        announcedThrustLoss = out.thrustLoss;
    }

    private void emit(int severity, String text, long nowNs) {
        event.timestampNs = nowNs;
        event.severity = severity;
        event.text = text;
        events.offer(event);
    }

    /** The detector this task runs (tests). */
    public FailureDetector detector() {
        return detector;
    }
}
