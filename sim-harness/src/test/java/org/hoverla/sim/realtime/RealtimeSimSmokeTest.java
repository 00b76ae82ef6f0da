package org.hoverla.sim.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.sched.DedicatedLoopRunner;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;

/**
 * A short real-time run, for behaviour only (no timing asserted): the vehicle boots on the system
 * clock with its own flight thread, the physics feeds it samples and its motor commands reach the
 * physics. About two seconds of wall time.
 */
class RealtimeSimSmokeTest {

    @Test
    void shouldExchangeSamplesAndMotorCommandsBetweenPhysicsAndFlightThread() {
        // Given a real-time simulator booted with default parameters
        RealtimeSim sim = new RealtimeSim(new SimConfig(), null, store -> { }, line -> { });
        try {
            // When it runs 2000 physics steps after the first (2 s on the wall clock)
            DedicatedLoopRunner runner = sim.start();
            for (int i = 0; i < 2000; i++) {
                sim.step();
            }
            // Then the flight thread (not this one) ran cycles on the samples, and its motor
            // commands came back to the physics
            assertThat(runner.thread()).isNotSameAs(Thread.currentThread());
            assertThat(runner.isRunning()).isTrue();
            assertThat(sim.scheduler().cycles()).isGreaterThan(100);
            assertThat(sim.handoff().imu.published()).isEqualTo(2001);
            assertThat(sim.handoff().motors.writes()).isGreaterThan(100);
            assertThat(sim.handoff().motorUpdates()).isGreaterThan(100);
            assertThat(sim.timeS()).isEqualTo(2.001, org.assertj.core.data.Offset.offset(1e-9));
            // and the vehicle sees its sensors (its estimator has a sample time on the vehicle clock)
            assertThat(sim.vehicle().crashed()).isFalse();
            assertThat(sim.devices().motors.armed()).isFalse();
        } finally {
            sim.close();
        }
        // and closing stops the flight thread
        assertThat(sim.runtime().runner().isRunning()).isFalse();
    }
}
