package org.hoverla.sim.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.time.SimClock;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.RcInputSample;
import org.hoverla.sim.hal.SimDevices;
import org.junit.jupiter.api.Test;

/** The physics↔vehicle boundary of the real-time simulator, stepped by hand on one thread. */
class SimHandoffTest {
    private final SimClock clock = new SimClock(1_000_000_000L);
    private final CycleIntervalLog cycles = new CycleIntervalLog(2_000_000L);
    private final SimHandoff handoff = new SimHandoff(4, clock, cycles);
    private final SimDevices world = new SimDevices(4);

    @Test
    void shouldPublishEverySampleTheWorldStepProducedToTheFlightSide() {
        // Given a world step that deposits an IMU sample and an RC frame
        Runnable step = () -> {
            world.imu.sample.timestampSampleNs = 42;
            world.imu.sample.gyroXRadps = 0.5;
            world.imu.deliver();
            world.rc.sample.channelCount = 8;
            world.rc.deliver();
        };
        // When the physics exchanges across the hand-off
        handoff.exchange(world, step);
        // Then the flight side polls them once through the HAL interfaces
        ImuSample imu = new ImuSample();
        RcInputSample rc = new RcInputSample();
        assertThat(handoff.vehicleDevices().imus().get(0).device().poll(imu)).isTrue();
        assertThat(imu.timestampSampleNs).isEqualTo(42);
        assertThat(imu.gyroXRadps).isEqualTo(0.5);
        assertThat(handoff.rc.poll(rc)).isTrue();
        assertThat(rc.channelCount).isEqualTo(8);
        assertThat(handoff.imu.poll(imu)).isFalse();
        // and a sensor the step did not refresh stays silent
        assertThat(handoff.baro.poll(new org.hoverla.hal.BaroSample())).isFalse();
    }

    @Test
    void shouldApplyTheNewestMotorCommandsToTheWorldBeforeItsStep() {
        // Given two writes by the flight side; the physics sees only the newest
        handoff.motors.write(new double[] {0.1, 0.2, 0.3, 0.4}, true);
        handoff.motors.write(new double[] {0.5, 0.6, 0.7, 0.8}, true);
        double[] seenByStep = new double[4];
        // When the physics exchanges
        handoff.exchange(world, () -> System.arraycopy(world.motors.commands(), 0, seenByStep, 0, 4));
        // Then the step ran on the newest commands
        assertThat(seenByStep).containsExactly(0.5, 0.6, 0.7, 0.8);
        assertThat(world.motors.armed()).isTrue();
        assertThat(handoff.motorUpdates()).isEqualTo(1);
    }

    @Test
    void shouldStopTheMotorsWhenDisarmedAndClampBadCommands() {
        // Given a disarmed write with commands, then an armed one with NaN and out-of-range values
        handoff.motors.write(new double[] {0.9, 0.9, 0.9, 0.9}, false);
        handoff.exchange(world, () -> { });
        assertThat(world.motors.commands()).containsExactly(0.0, 0.0, 0.0, 0.0);
        handoff.motors.write(new double[] {Double.NaN, -0.5, 1.5, 0.25}, true);
        // When the physics exchanges
        handoff.exchange(world, () -> { });
        // Then NaN and negatives are 0, above 1 is 1
        assertThat(world.motors.commands()).containsExactly(0.0, 0.0, 1.0, 0.25);
    }

    @Test
    void shouldKeepTheWorldsLastCommandsWhenTheFlightSideWroteNothingNew() {
        // Given commands already applied
        handoff.motors.write(new double[] {0.4, 0.4, 0.4, 0.4}, true);
        handoff.exchange(world, () -> { });
        // When the flight thread stalls and the physics steps again
        handoff.exchange(world, () -> { });
        // Then the ESCs hold the last commands, as real ESCs hold the last pulse
        assertThat(world.motors.commands()).containsExactly(0.4, 0.4, 0.4, 0.4);
        assertThat(handoff.motorUpdates()).isEqualTo(1);
    }
}
