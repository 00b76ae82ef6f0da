package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.scenario.MissionFlight;
import org.hoverla.testdata.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@code sim --realtime --then-mission} flies the same plan again while time remains: the second
 * flight must fly the whole mission again. Lockstep, deterministic; needs the test data's plan.
 */
class RepeatedMissionTest {

    @Test
    void shouldFlyTheSamePlanTwiceOnOneVehicle() throws Exception {
        // Given QGroundControl's sample plan, home at its planned home
        var doc = PlanFiles.read(TestData.file("missions/qgroundcontrol_sample.plan"));
        MissionPlan plan = doc.plan();
        SimConfig config = new SimConfig();
        config.homeLatDeg = doc.plannedHome().latDegE7() * 1e-7;
        config.homeLonDeg = doc.plannedHome().lonDegE7() * 1e-7;
        config.homeAltM = doc.plannedHome().altAmslM();
        LockstepSim sim = new LockstepSim(config);
        // When it is flown twice, the second after the first landed
        MissionFlight first = RealtimeSimRun.nextMission(sim, plan, 1800, 0);
        while (first.step()) {
            // lockstep
        }
        MissionFlight second = RealtimeSimRun.nextMission(sim, plan, sim.timeS() + 1800, 1);
        while (second.step()) {
            // lockstep
        }
        // Then both completed, the second reaching the same items as the first
        assertThat(first.missionComplete()).as(first.failure()).isTrue();
        assertThat(second.missionComplete()).as(second.failure()).isTrue();
        assertThat(second.itemsReached()).isEqualTo(first.itemsReached());
    }
}
