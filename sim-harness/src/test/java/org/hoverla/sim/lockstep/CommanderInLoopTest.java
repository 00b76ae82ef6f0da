package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.Test;

/** The commander's refusals, exercised through the real flight code and simulated sensors. */
class CommanderInLoopTest {

    @Test
    void shouldRefuseToArmBeforeTheEstimatorIsReadyAndSayWhy() {
        // Given a vehicle a quarter of a second after boot
        SimDriver d = new SimDriver(new SimConfig());
        d.steps(250);
        // When a ground station asks it to arm
        VehicleCommandAck ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        // Then it is denied with the failing pre-arm check
        assertThat(ack.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).startsWith("Pre-arm:");
        assertThat(d.status.armed()).isFalse();
    }

    @Test
    void shouldBeReadyToArmWithinFifteenSimulatedSeconds() {
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(15.0);
        assertThat(d.status.armingState).isEqualTo(ArmingState.STANDBY);
        assertThat(d.status.preArmFailure).isEmpty();
    }

    @Test
    void shouldNotBecomeReadyWithADeadImu() {
        // Given an IMU that never delivers
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.devices().imu.alive = false;
        d.steps(10_000);
        // Then the vehicle refuses to arm and names the IMU
        assertThat(d.status.armingState).isEqualTo(ArmingState.STANDBY_ERROR);
        assertThat(d.status.preArmFailure).contains("IMU");
        VehicleCommandAck ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(ack.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).contains("IMU");
    }

    @Test
    void shouldRefuseATakeoffToAnImpossibleAltitudeAndStayOnTheGround() {
        // Given an armed vehicle on the ground
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        assertThat(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        // When takeoffs to +Inf and to 10,000 km are asked
        VehicleCommandAck inf = d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY);
        VehicleCommandAck far = d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, 1e7);
        // Then both are denied with a reason and the vehicle has not moved
        assertThat(inf.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(inf.reason).contains("finite");
        assertThat(far.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(far.reason).contains("altitude");
        d.steps(1000);
        assertThat(d.sim.vehicle().onGround()).isTrue();
    }

    @Test
    void shouldRefuseToDisarmInFlightUnlessForced() {
        // Given a vehicle climbing after takeoff
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN);
        d.steps(3000);
        assertThat(d.sim.vehicle().positionNed().z).isLessThan(-1.0);
        // When disarm is asked without force
        VehicleCommandAck plain = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 0, 0, Double.NaN);
        // Then it is denied and the vehicle keeps flying
        assertThat(plain.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(d.status.armed()).isTrue();
        // When forced (MAVLink magic 21196), motors stop
        VehicleCommandAck forced = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 0, VehicleCommand.FORCE_MAGIC,
                Double.NaN);
        assertThat(forced.result).isEqualTo(VehicleCommandAck.ACCEPTED);
        d.steps(5);
        assertThat(d.sim.devices().motors.armed()).isFalse();
    }

    @Test
    void shouldAnswerUnsupportedCommandsAsUnsupported() {
        SimDriver d = new SimDriver(new SimConfig());
        d.steps(100);
        VehicleCommandAck ack = d.command(12345, 0, 0, Double.NaN);
        assertThat(ack.result).isEqualTo(VehicleCommandAck.UNSUPPORTED);
    }

    @Test
    void shouldDisarmByItselfWhenArmedButNeverTakingOff() {
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(d.status.armed()).isTrue();
        // COM_DISARM_PRFLT is 10 s by default
        d.steps(10_500);
        assertThat(d.status.armed()).isFalse();
    }
}
