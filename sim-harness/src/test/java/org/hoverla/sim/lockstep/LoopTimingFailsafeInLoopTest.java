package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.tasks.CommanderTask;
import org.hoverla.core.timing.LoopTimingGovernor;
import org.hoverla.core.timing.LoopTimingVerdict;
import org.junit.jupiter.api.Test;

/**
 * The commander's side of the loop timing degradation in flight, in lockstep: the level comes from
 * a stand-in verdict (the governor that produces it is tested on a fake clock in firmware-core), the
 * flight is the real one.
 */
class LoopTimingFailsafeInLoopTest {

    /** A verdict the test sets, as the timing thread would publish it. */
    private static final class SetVerdict implements LoopTimingVerdict {
        volatile int level = LoopTimingGovernor.NORMAL;

        @Override
        public String preArmFailure() {
            return "";
        }

        @Override
        public int degradation() {
            return level;
        }
    }

    @Test
    void shouldAnnounceTheDegradationThenLandOnTheLoopTimingFailureInFlight() {
        // Given a vehicle holding at 10 m, its commander reading a loop timing verdict
        SimDriver d = new SimDriver(new SimConfig());
        SetVerdict verdict = new SetVerdict();
        org.hoverla.core.sched.TaskTable table = d.sim.stack().taskTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.task(i) instanceof CommanderTask c) {
                c.checkLoopTimingWith(verdict);
            }
        }
        d.takeOff(10.0);
        List<String> events = new ArrayList<>();
        VehicleEvent e = new VehicleEvent();
        while (d.sim.stack().bus().events.poll(e)) {
            // earlier flight events
        }

        // When the loop timing degrades
        verdict.level = LoopTimingGovernor.DEGRADED;
        d.steps(100);
        while (d.sim.stack().bus().events.poll(e)) {
            events.add(e.text);
        }
        // Then it is announced once and the vehicle keeps holding
        assertThat(events).containsExactly("Loop timing degraded: optional work dropped");
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);

        // When it fails
        verdict.level = LoopTimingGovernor.FAILSAFE;
        d.steps(100);
        while (d.sim.stack().bus().events.poll(e)) {
            events.add(e.text);
        }
        // Then the vehicle lands as a failsafe, announced once
        assertThat(events).containsExactly("Loop timing degraded: optional work dropped", "Loop timing failure: landing");
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(d.status.failsafe).isTrue();
        for (int i = 0; i < 300 && d.status.armed(); i++) {
            d.steps(100);
        }
        assertThat(d.sim.vehicle().onGround()).isTrue();
    }
}
