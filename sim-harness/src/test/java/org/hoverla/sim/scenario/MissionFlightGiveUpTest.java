package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;

/** A headless mission flight that cannot start says what it waited for when it gives up. */
class MissionFlightGiveUpTest {
    @Test
    void shouldNameTheFailingPreArmCheckWhenItGivesUpWaitingForReadyToArm() {
        // Given a plan whose exclusion circle covers the vehicle (not checked before: MissionFlight is
        // handed the plan directly, as a plan uploaded by a ground station would reach the vehicle)
        SimConfig config = new SimConfig();
        config.seed = 5;
        LockstepSim sim = new LockstepSim(config);
        int lat = (int) Math.round(config.homeLatDeg * 1e7);
        int lon = (int) Math.round(config.homeLonDeg * 1e7);
        MissionItem takeoff = new MissionItem(0, MissionItem.FRAME_GLOBAL_RELATIVE_ALT, MavCmd.NAV_TAKEOFF, true, true,
                0f, 0f, 0f, Float.NaN, 0, 0, 10f, MissionType.MISSION);
        MissionItem circle = new MissionItem(0, MissionItem.FRAME_GLOBAL, MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, true, true,
                50f, 0f, 0f, 0f, lat, lon, 0f, MissionType.FENCE);
        MissionFlight flight = new MissionFlight(sim, new MissionPlan(List.of(takeoff), List.of(circle), List.of()),
                60.0);

        // When it runs out of time
        while (flight.step()) {
            // lockstep
        }

        // Then it failed, saying which condition it waited for and which check failed
        assertThat(flight.phase()).isEqualTo(MissionFlight.Phase.FAILED);
        assertThat(flight.failure()).isEqualTo("gave up after 60 s simulated waiting for ready-to-arm: pre-arm check"
                + " 'vehicle outside the geofence' failing");
        assertThat(sim.devices().motors.armed()).isFalse();
    }
}
