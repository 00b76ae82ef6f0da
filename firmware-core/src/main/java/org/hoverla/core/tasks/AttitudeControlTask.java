package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.control.AttitudeController;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;

/** Attitude setpoint vs estimated attitude → body-rate setpoint; passes collective thrust through. */
public final class AttitudeControlTask implements FlightTask {
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleAttitudeSetpoint> setpointSub;
    private final Subscription<VehicleStatus> statusSub;
    private final Publication<VehicleRatesSetpoint> ratesPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final AttitudeController controller = new AttitudeController();

    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleAttitudeSetpoint setpoint = new VehicleAttitudeSetpoint();
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleRatesSetpoint rates = new VehicleRatesSetpoint();
    private long rejectedUpdates;

    public AttitudeControlTask(Subscription<VehicleAttitude> attitudeSub, Subscription<VehicleAttitudeSetpoint> setpointSub,
                               Subscription<VehicleStatus> statusSub, Publication<VehicleRatesSetpoint> ratesPub,
                               FlightParams params) {
        this.attitudeSub = attitudeSub;
        this.setpointSub = setpointSub;
        this.statusSub = statusSub;
        this.ratesPub = ratesPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            controller.setGains(params.rollP.get(), params.pitchP.get(), params.yawP.get());
            controller.setRateLimits(Math.toRadians(params.rollRateMaxDegps.get()),
                    Math.toRadians(params.pitchRateMaxDegps.get()), Math.toRadians(params.yawRateMaxDegps.get()));
            controller.setYawWeight(params.yawWeight.get());
        }
        statusSub.update(status);
        setpointSub.update(setpoint);
        attitudeSub.update(attitude);
        rates.timestampNs = nowNs;
        if (!status.armed()) {
            rates.rateSpFrdRadps.zero();
            rates.thrustNorm = 0.0;
        } else {
            if (!controller.update(attitude.q, setpoint.qSp, setpoint.yawRateFfRadps, rates.rateSpFrdRadps)) {
                rejectedUpdates++;
            }
            rates.thrustNorm = Double.isFinite(setpoint.thrustNorm) ? setpoint.thrustNorm : 0.0;
        }
        ratesPub.publish(rates);
    }

    public long rejectedUpdates() {
        return rejectedUpdates;
    }
}
