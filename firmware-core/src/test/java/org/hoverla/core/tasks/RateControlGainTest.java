package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.control.Mixer;
import org.hoverla.core.control.MotorGeometry;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** PX4's MC_*RATE_K: one gain on the whole rate PID output. */
class RateControlGainTest {

    /** Runs three cycles of a rate task with the given roll K and returns the motor spread of the last. */
    private static double rollTorqueSpread(double rollRateK) {
        FlightBus bus = new FlightBus();
        FlightParams params = new FlightParams(new ParamStore());
        params.rollRateK.set(rollRateK);
        Subscription<ActuatorMotors> motorsSub = bus.actuatorMotors.subscribe();
        RateControlTask task = new RateControlTask(bus.angularVelocity.subscribe(), bus.ratesSetpoint.subscribe(),
                bus.vehicleStatus.subscribe(), bus.landDetected.subscribe(), bus.actuatorMotors.advertise(),
                new Mixer(MotorGeometry.quadX(0.225)), params);
        VehicleStatus status = new VehicleStatus();
        status.armingState = ArmingState.ARMED;
        bus.vehicleStatus.advertise().publish(status);
        VehicleLandDetected land = new VehicleLandDetected();
        bus.landDetected.advertise().publish(land);
        VehicleRatesSetpoint sp = new VehicleRatesSetpoint();
        sp.rateSpFrdRadps.set(0.5, 0.0, 0.0);
        sp.thrustNorm = 0.5;
        bus.ratesSetpoint.advertise().publish(sp);
        Publication<VehicleAngularVelocity> ratePub = bus.angularVelocity.advertise();
        VehicleAngularVelocity rates = new VehicleAngularVelocity();
        ActuatorMotors out = new ActuatorMotors();
        for (int i = 1; i <= 3; i++) {
            rates.timestampSampleNs = i * 1_000_000L;
            rates.rateFrdRadps.set(0.1 * i, 0.0, 0.0);
            ratePub.publish(rates);
            task.run(i * 1_000_000L);
            motorsSub.update(out);
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int m = 0; m < out.count; m++) {
            min = Math.min(min, out.thrustNorm[m]);
            max = Math.max(max, out.thrustNorm[m]);
        }
        return max - min;
    }

    @Test
    void shouldScaleTheWholeRollRateResponseByMcRollrateK() {
        // Given the same roll-rate error history (P, I and D all active)
        double base = rollTorqueSpread(1.0);
        // When MC_ROLLRATE_K is 2, Then the roll torque (motor spread) doubles
        assertThat(base).isGreaterThan(0.01);
        assertThat(rollTorqueSpread(2.0)).isCloseTo(2.0 * base, within(1e-9));
        assertThat(rollTorqueSpread(0.5)).isCloseTo(0.5 * base, within(1e-9));
    }
}
