package org.hoverla.sim.lockstep;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import org.hoverla.core.control.MotorTest;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** MAV_CMD_DO_MOTOR_TEST through the commander and the motor output task, in lockstep. */
class MotorTestInLoopTest {
    private static final double NAN = Double.NaN;

    @Test
    void shouldSpinOnlyTheTestedMotorForTheTimeoutThenStop() {
        // Given a disarmed vehicle on the ground
        SimDriver d = new SimDriver(new SimConfig());
        d.steps(200);
        double[] motors = d.sim.devices().motors.commands();

        // When motor 2 is tested at 30 % for 1.5 s
        VehicleCommandAck ack = d.command(VehicleCommand.DO_MOTOR_TEST, 2, MotorTest.THROTTLE_PERCENT, 30, 1.5, 1, NAN, NAN);
        double startS = d.sim.timeS();

        // Then it is accepted and only motor 2 runs, at 0.3, while the others stay stopped
        assertThat(ack.result).isEqualTo(VehicleCommandAck.ACCEPTED);
        d.steps(5);
        assertThat(motors[1]).isCloseTo(0.3, within(1e-9));
        assertThat(motors[0]).isZero();
        assertThat(motors[2]).isZero();
        assertThat(motors[3]).isZero();
        // and it keeps running until the timeout, then stops by itself
        double stoppedS = NAN;
        while (d.sim.timeS() < startS + 3.0) {
            d.steps(1);
            if (motors[1] == 0.0) {
                stoppedS = d.sim.timeS();
                break;
            }
        }
        assertThat(stoppedS - startS).isCloseTo(1.5, within(0.01));
        assertThat(d.status.armed()).isFalse();
        d.steps(500);
        assertThat(motors).containsOnly(0.0);
        assertThat(d.sim.vehicle().onGround()).isTrue();
    }

    @Test
    void shouldRefuseAMotorTestWhileArmed() {
        // Given an armed vehicle on the ground, motors at idle
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, NAN));
        d.steps(10);
        double[] before = d.sim.devices().motors.commands().clone();

        // When a motor test is asked
        VehicleCommandAck ack = d.command(VehicleCommand.DO_MOTOR_TEST, 1, MotorTest.THROTTLE_PERCENT, 80, 2, 1, NAN, NAN);

        // Then it is denied as PX4 does, with the reason, and the motors keep the mixer's commands
        assertThat(ack.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).isEqualTo(MotorTest.REFUSED_ARMED);
        d.steps(10);
        assertThat(d.sim.devices().motors.commands()).containsExactly(before, within(0.05));
        assertThat(d.sim.devices().motors.commands()[0]).isLessThan(0.5);
    }

    @Test
    void shouldRefuseAnInstanceOutOfRangeWithAReason() {
        SimDriver d = new SimDriver(new SimConfig());
        d.steps(100);
        VehicleCommandAck ack = d.command(VehicleCommand.DO_MOTOR_TEST, 5, MotorTest.THROTTLE_PERCENT, 30, 1, 1, NAN, NAN);
        assertThat(ack.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).isEqualTo(MotorTest.REFUSED_INSTANCE);
        d.steps(50);
        assertThat(d.sim.devices().motors.commands()).containsOnly(0.0);
    }

    @Test
    void shouldEndTheTestWhenTheVehicleArms() {
        // Given a motor test running when the vehicle becomes ready
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_MOTOR_TEST, 3, MotorTest.THROTTLE_PERCENT, 50, 3, 1, NAN, NAN));
        d.steps(5);
        assertThat(d.sim.devices().motors.commands()[2]).isCloseTo(0.5, within(1e-9));

        // When it arms
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, NAN));
        d.steps(5);

        // Then the test is over: every motor gets the mixer's idle command
        assertThat(d.status.motorTestMotor).isEqualTo(-1);
        double[] m = d.sim.devices().motors.commands();
        assertThat(m[2]).isCloseTo(m[0], within(0.05));
    }

    /** A ground station sending COMMAND_LONG through the vehicle's command service. */
    private static final class Gcs extends GroundStationInLoop {
        final CommandService commands;

        Gcs() {
            super("udp:gcs");
            commands = new CommandService(1, 1, d.sim.stack().bus(), this);
        }

        @Override
        void steps(int n) {
            stepWithCommands(commands, n);
        }

        CommandAck motorTest(float motor, float type, float value, float timeoutS) {
            commands.onMessage(link, frame(255, 190, CommandLong.builder().targetSystem(1).targetComponent(1)
                    .command(MavCmd.MAV_CMD_DO_MOTOR_TEST).confirmation(0).param1(motor).param2(type).param3(value)
                    .param4(timeoutS).param5(1f).param6(0f).param7(0f).build()), d.sim.nowNs());
            return awaitAck();
        }
    }

    @Test
    void shouldAnswerQgcsMotorTestCommandOverMavlink() {
        // Given a ground station on a link to a disarmed vehicle
        Gcs gcs = new Gcs();
        gcs.steps(100);

        // When it sends COMMAND_LONG DO_MOTOR_TEST for motor 4 at 1300 µs (PWM type) for 0.5 s
        CommandAck ack = gcs.motorTest(4f, MotorTest.THROTTLE_PWM, 1300f, 0.5f);
        gcs.steps(5);

        // Then it is accepted and motor 4 runs at the command PWM_MAIN_MIN4..MAX4 give 1300 µs
        assertThat(ack.result().entry()).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(gcs.d.sim.devices().motors.commands()[3]).isCloseTo(0.3, within(1e-9));

        // and a compass-calibration throttle type is unsupported
        CommandAck unsupported = gcs.motorTest(1f, 3f, 10f, 1f);
        assertThat(unsupported.result().entry()).isEqualTo(MavResult.MAV_RESULT_UNSUPPORTED);
    }
}
