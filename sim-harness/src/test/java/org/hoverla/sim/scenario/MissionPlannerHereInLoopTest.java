package org.hoverla.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.mission.validate.Limits;
import org.hoverla.mission.validate.MissionValidator;
import org.hoverla.mission.validate.ValidationResult;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Mission Planner file whose takeoff and land sit at latitude/longitude 0 ("here", as ArduPilot
 * reads them), flown in the lockstep SITL from a place that is not the file's home row: the
 * vehicle takes off where it stands, flies the waypoints and lands where the land item starts.
 * The file is written by {@link MissionPlannerHereFixture}, since the shared data has no file with
 * a takeoff at 0, 0.
 */
class MissionPlannerHereInLoopTest {
    @Test
    void shouldTakeOffWhereItStandsFlyTheWaypointsAndLandWhereTheLandItemStarts(@TempDir Path dir) throws Exception {
        // Given the Mission Planner file, read as sim --mission reads it
        Path file = dir.resolve("here.waypoints");
        Files.writeString(file, MissionPlannerHereFixture.missionPlannerFile());
        PlanDocument doc = PlanFiles.read(file);
        List<MissionItem> items = doc.plan().mission();
        assertThat(items).hasSize(5);
        // And the takeoff and land keep their bits: 0, 0 (what an upload and a download return)
        assertThat(items.get(0).command()).isEqualTo(MavCmd.NAV_TAKEOFF);
        assertThat(items.get(0).x()).isZero();
        assertThat(items.get(0).y()).isZero();
        assertThat(items.get(0).isHere()).isTrue();
        assertThat(items.get(4).isHere()).isTrue();

        // And a vehicle standing about 160 m from the file's home row
        SimConfig config = new SimConfig();
        config.seed = 11;
        config.homeLatDeg = MissionPlannerHereFixture.VEHICLE_LAT;
        config.homeLonDeg = MissionPlannerHereFixture.VEHICLE_LON;
        config.homeAltM = MissionPlannerHereFixture.FILE_HOME_ALT;
        LockstepSim sim = new LockstepSim(config);
        sim.applySiteDeclination();
        GeoRef truth = sim.homeRef();
        Vec3 fileHome = truth.toNed(MissionPlannerHereFixture.FILE_HOME_LAT, MissionPlannerHereFixture.FILE_HOME_LON, MissionPlannerHereFixture.FILE_HOME_ALT, new Vec3());
        assertThat(Math.hypot(fileHome.x, fileHome.y)).isGreaterThan(150.0);
        HomePosition home = new HomePosition((int) Math.round(MissionPlannerHereFixture.VEHICLE_LAT * 1e7), (int) Math.round(MissionPlannerHereFixture.VEHICLE_LON * 1e7),
                (float) MissionPlannerHereFixture.FILE_HOME_ALT);
        ValidationResult verdict = new MissionValidator(Limits.DEFAULT, doc.numbering())
                .validateForFlight(doc.plan(), home);
        assertThat(verdict.ok()).as(verdict.describe()).isTrue();

        // When the plan is flown headless
        MissionFlight flight = new MissionFlight(sim, doc.plan(), 600.0);
        Vec3 start = new Vec3().set(sim.vehicle().positionNed());
        List<Vec3> atReached = new ArrayList<>();
        double maxDriftDuringClimb = 0.0;
        while (flight.step()) {
            Vec3 p = sim.vehicle().positionNed();
            while (atReached.size() < flight.itemsReached().size()) {
                atReached.add(new Vec3().set(p));
            }
            if (atReached.isEmpty()) {
                maxDriftDuringClimb = Math.max(maxDriftDuringClimb, Math.hypot(p.x - start.x, p.y - start.y));
            }
        }
        Vec3 end = sim.vehicle().positionNed();
        System.out.printf(Locale.ROOT, "Mission Planner here: climb drift %.2f m, takeoff reached %.2f m from the start,"
                        + " landed %.2f m from the last waypoint and %.0f m from the file's home row, reached %s%n",
                maxDriftDuringClimb, Math.hypot(atReached.get(0).x - start.x, atReached.get(0).y - start.y),
                Math.hypot(end.x - MissionPlannerHereFixture.WAYPOINTS_NE[2][0], end.y - MissionPlannerHereFixture.WAYPOINTS_NE[2][1]),
                Math.hypot(end.x - fileHome.x, end.y - fileHome.y), flight.itemsReached());

        // Then every item was reached in order and the vehicle ended landed and disarmed
        assertThat(flight.failure()).isEmpty();
        assertThat(flight.missionComplete()).isTrue();
        assertThat(flight.itemsReached()).containsExactly(0, 1, 2, 3, 4);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(sim.devices().motors.armed()).isFalse();
        // And it took off straight up where it stood, not at the file's home row
        assertThat(maxDriftDuringClimb).isLessThan(1.5);
        Vec3 takeoff = atReached.get(0);
        assertThat(Math.hypot(takeoff.x - start.x, takeoff.y - start.y)).isLessThan(1.5);
        assertThat(-takeoff.z).isBetween(MissionPlannerHereFixture.ALT_M - 1.0, MissionPlannerHereFixture.ALT_M + 1.0);
        // And it reached each waypoint within 2 m
        for (int k = 0; k < MissionPlannerHereFixture.WAYPOINTS_NE.length; k++) {
            Vec3 at = atReached.get(k + 1);
            assertThat(Math.hypot(at.x - MissionPlannerHereFixture.WAYPOINTS_NE[k][0], at.y - MissionPlannerHereFixture.WAYPOINTS_NE[k][1])).as("waypoint " + k)
                    .isLessThan(2.0);
        }
        // And the land item resolved to where the vehicle was when it started: the last waypoint
        assertThat(Math.hypot(end.x - MissionPlannerHereFixture.WAYPOINTS_NE[2][0], end.y - MissionPlannerHereFixture.WAYPOINTS_NE[2][1])).isLessThan(1.5);
        assertThat(Math.hypot(end.x - fileHome.x, end.y - fileHome.y)).isGreaterThan(100.0);
    }
}
