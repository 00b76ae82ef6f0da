package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.Test;

/**
 * MAV_CMD_DO_FLIGHTTERMINATION at the commander (after CommandService's confirmation,
 * docs/command-authority.md), through the real flight code and simulated vehicle.
 */
class FlightTerminationInLoopTest {

    @Test
    void shouldStopTheMotorsInFlightAndRefuseToArmUntilRestart() {
        // Given a vehicle climbing after takeoff
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN);
        d.steps(3000);
        double zBefore = d.sim.vehicle().positionNed().z;
        assertThat(zBefore).isLessThan(-1.0);
        // When a (confirmed) flight termination reaches the commander
        VehicleCommandAck ack = d.command(VehicleCommand.DO_FLIGHTTERMINATION, 1, 0, Double.NaN);
        // Then it is accepted, the motors stop at once and the vehicle falls
        assertThat(ack.result).isEqualTo(VehicleCommandAck.ACCEPTED);
        d.steps(5);
        assertThat(d.sim.devices().motors.armed()).isFalse();
        assertThat(d.status.armed()).isFalse();
        assertThat(d.status.failsafe).isTrue();
        d.steps(300);
        assertThat(d.sim.vehicle().positionNed().z).isGreaterThan(zBefore);
        // And arming is refused until the flight stack restarts, even forced
        d.steps(5000);
        VehicleCommandAck arm = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, VehicleCommand.FORCE_MAGIC,
                Double.NaN);
        assertThat(arm.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(arm.reason).contains("terminated");
        assertThat(d.status.armed()).isFalse();
    }
}
