package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.MissionEvent;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.exec.GroundStart;
import org.junit.jupiter.api.Test;

/**
 * A mission with no takeoff item, as MAVSDK's mission.py uploads it, started on the ground
 * (arm, then Mission mode) with each MIS_GROUND_START policy; and missions whose start the policy
 * must not change (a first takeoff, a start in the air). Judged on truth, in lockstep.
 */
class MissionGroundStartInLoopTest {
    private static final double TAKEOFF_ALT_M = 6.0;
    private static final float WAYPOINT_ALT_M = 10f;
    /** The height PX4's figure is taken at (issue 19: 16.6 m from home before 4.8 m up). */
    private static final double LOW_HEIGHT_M = 4.8;

    /** What one flight showed. */
    private static final class Flight {
        final List<Integer> reached = new ArrayList<>();
        final List<Vec3> track = new ArrayList<>();
        double maxDriftBelowTakeoffAltM;
        double maxDistanceBelowLowHeightM;
        boolean crashed;
    }

    private static List<MissionItem> waypointsOnly(GeoRef home) {
        List<MissionItem> items = new ArrayList<>();
        items.add(item(home, items.size(), MavCmd.NAV_WAYPOINT, 20, 0, WAYPOINT_ALT_M));
        items.add(item(home, items.size(), MavCmd.NAV_WAYPOINT, 20, 15, WAYPOINT_ALT_M));
        return items;
    }

    private static MissionItem item(GeoRef home, int seq, int cmd, double north, double east, float alt) {
        Vec3 geo = home.toGeodetic(north, east, 0.0, new Vec3());
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, false, true, 0f, 0f, 0f,
                Float.NaN, (int) Math.round(geo.x * 1e7), (int) Math.round(geo.y * 1e7), alt, MissionType.MISSION);
    }

    private static SimDriver vehicle(int policy) {
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.stack().params().takeoffAltM.set(TAKEOFF_ALT_M);
        d.sim.stack().params().missionGroundStart.set(policy);
        return d;
    }

    private static GeoRef home(SimDriver d) {
        SimConfig c = new SimConfig();
        return new GeoRef(c.homeLatDeg, c.homeLonDeg, c.homeAltM);
    }

    /** Steps until the last item is reached (or 120 s), recording the track every 20 steps. */
    private static Flight fly(SimDriver d, int lastSeq) {
        Flight f = new Flight();
        Vec3 start = new Vec3().set(d.sim.vehicle().positionNed());
        MissionEvent ev = new MissionEvent();
        double endS = d.sim.timeS() + 120.0;
        for (int step = 0; d.sim.timeS() < endS && !f.reached.contains(lastSeq); step++) {
            d.sim.step();
            while (d.sim.stack().bus().missionEvents.poll(ev)) {
                if (ev.kind == MissionEvent.ITEM_REACHED) {
                    f.reached.add(ev.seq);
                }
            }
            Vec3 p = d.sim.vehicle().positionNed();
            double height = start.z - p.z;
            double horizontal = Math.hypot(p.x - start.x, p.y - start.y);
            if (height < TAKEOFF_ALT_M) {
                f.maxDriftBelowTakeoffAltM = Math.max(f.maxDriftBelowTakeoffAltM, horizontal);
            }
            if (height < LOW_HEIGHT_M) {
                f.maxDistanceBelowLowHeightM = Math.max(f.maxDistanceBelowLowHeightM, horizontal);
            }
            if (step % 20 == 0) {
                f.track.add(new Vec3().set(p));
            }
        }
        f.crashed = d.sim.vehicle().crashed();
        return f;
    }

    /** MAVSDK's order: upload, arm, start_mission (Mission mode); returns the mode's ACK. */
    private static VehicleCommandAck armThenStartMission(SimDriver d, List<MissionItem> items) {
        d.sim.stack().bus().missionPlan.set(new MissionPlan(items, List.of(), List.of()));
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        d.steps(50);
        return d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void shouldClimbVerticallyToTheTakeoffAltitudeThenFlyAMissionWithoutTakeoffStartedOnTheGround() {
        // Given the default policy, MIS_TAKEOFF_ALT 6 m, and waypoints only, the first 20 m away at 10 m
        SimDriver d = vehicle(GroundStart.POLICY_CLIMB_FIRST);
        List<MissionItem> items = waypointsOnly(home(d));
        // When the vehicle is armed on the ground and Mission mode started
        SimDriver.expectAccepted(armThenStartMission(d, items));
        Flight f = fly(d, 1);
        System.out.printf(Locale.ROOT, "Ground start, climb first: %.2f m from home while below %.1f m%n",
                f.maxDriftBelowTakeoffAltM, TAKEOFF_ALT_M);
        // Then it stayed within 2 m of home until it was at the takeoff altitude
        assertThat(f.maxDriftBelowTakeoffAltM).isLessThan(2.0);
        // And then flew the mission
        assertThat(f.reached).containsExactly(0, 1);
        assertThat(f.crashed).isFalse();
    }

    @Test
    void shouldFlyTheFirstLegFromTheGroundWithThePx4Policy() {
        // Given PX4's behaviour selected
        SimDriver d = vehicle(GroundStart.POLICY_FIRST_LEG);
        List<MissionItem> items = waypointsOnly(home(d));
        // When the same mission is started on the ground
        SimDriver.expectAccepted(armThenStartMission(d, items));
        Flight f = fly(d, 1);
        System.out.printf(Locale.ROOT, "Ground start, PX4 policy: %.2f m from home before %.1f m up%n",
                f.maxDistanceBelowLowHeightM, LOW_HEIGHT_M);
        // Then it leaves on the diagonal, far from home while still low (PX4: 16.6 m), and flies the mission
        assertThat(f.maxDistanceBelowLowHeightM).isGreaterThan(8.0);
        assertThat(f.reached).containsExactly(0, 1);
    }

    @Test
    void shouldRefuseMissionModeAndMissionStartOnTheGroundWithTheRefusalPolicy() {
        // Given the refusal selected
        SimDriver d = vehicle(GroundStart.POLICY_REFUSE);
        List<MissionItem> items = waypointsOnly(home(d));
        // When Mission mode is asked for armed on the ground
        VehicleCommandAck mode = armThenStartMission(d, items);
        // Then it is refused with the reason, and the vehicle stays on the ground in its mode
        assertThat(mode.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(mode.reason).contains("no takeoff item").contains("MIS_GROUND_START");
        // And so is MISSION_START
        VehicleCommandAck start = d.command(VehicleCommand.MISSION_START, 0, 0, Double.NaN);
        assertThat(start.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(start.reason).isEqualTo(mode.reason);
        d.steps(2000);
        assertThat(d.status.mode).isNotEqualTo(FlightMode.MISSION);
        assertThat(-d.sim.vehicle().positionNed().z).isLessThan(0.5);
        // And a mission that starts with a takeoff is accepted
        List<MissionItem> withTakeoff = new ArrayList<>();
        withTakeoff.add(item(home(d), 0, MavCmd.NAV_TAKEOFF, 0, 0, (float) TAKEOFF_ALT_M));
        withTakeoff.add(item(home(d), 1, MavCmd.NAV_WAYPOINT, 20, 0, WAYPOINT_ALT_M));
        d.sim.stack().bus().missionPlan.set(new MissionPlan(withTakeoff, List.of(), List.of()));
        SimDriver.expectAccepted(d.command(VehicleCommand.MISSION_START, 0, 0, Double.NaN));
    }

    @Test
    void shouldFlyAMissionStartingWithATakeoffExactlyAsBefore() {
        // Given a mission with a takeoff item, flown with the default policy and with PX4's
        List<List<Vec3>> tracks = new ArrayList<>();
        for (int policy : new int[] {GroundStart.POLICY_CLIMB_FIRST, GroundStart.POLICY_FIRST_LEG}) {
            SimDriver d = vehicle(policy);
            List<MissionItem> items = new ArrayList<>();
            items.add(item(home(d), 0, MavCmd.NAV_TAKEOFF, 0, 0, (float) TAKEOFF_ALT_M));
            items.addAll(waypointsOnly(home(d)));
            items.set(1, item(home(d), 1, MavCmd.NAV_WAYPOINT, 20, 0, WAYPOINT_ALT_M));
            items.set(2, item(home(d), 2, MavCmd.NAV_WAYPOINT, 20, 15, WAYPOINT_ALT_M));
            // When each is started on the ground
            SimDriver.expectAccepted(armThenStartMission(d, items));
            Flight f = fly(d, 2);
            assertThat(f.reached).containsExactly(0, 1, 2);
            tracks.add(f.track);
        }
        // Then the two flights are the same, to the bit (lockstep is deterministic)
        assertThat(tracks.get(0)).hasSameSizeAs(tracks.get(1));
        for (int i = 0; i < tracks.get(0).size(); i++) {
            Vec3 a = tracks.get(0).get(i);
            Vec3 b = tracks.get(1).get(i);
            assertThat(new double[] {a.x, a.y, a.z}).as("sample %d", i).containsExactly(b.x, b.y, b.z);
        }
    }

    @Test
    void shouldFlyAMissionStartedInTheAirExactlyAsBefore() {
        // Given a vehicle hovering at the takeoff altitude, flown with the default policy and with PX4's
        List<List<Vec3>> tracks = new ArrayList<>();
        for (int policy : new int[] {GroundStart.POLICY_CLIMB_FIRST, GroundStart.POLICY_FIRST_LEG}) {
            SimDriver d = vehicle(policy);
            List<MissionItem> items = waypointsOnly(home(d));
            d.sim.stack().bus().missionPlan.set(new MissionPlan(items, List.of(), List.of()));
            d.takeOff(TAKEOFF_ALT_M);
            // When the mission without takeoff starts there
            SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN));
            Flight f = fly(d, 1);
            assertThat(f.reached).containsExactly(0, 1);
            tracks.add(f.track);
        }
        // Then both flights are the same
        assertThat(tracks.get(0)).hasSameSizeAs(tracks.get(1));
        for (int i = 0; i < tracks.get(0).size(); i++) {
            Vec3 a = tracks.get(0).get(i);
            Vec3 b = tracks.get(1).get(i);
            assertThat(new double[] {a.x, a.y, a.z}).as("sample %d", i).containsExactly(b.x, b.y, b.z);
        }
    }
}
