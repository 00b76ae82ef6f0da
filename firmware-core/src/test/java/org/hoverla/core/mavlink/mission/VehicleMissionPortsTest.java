package org.hoverla.core.mavlink.mission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.fence.FenceLimits;
import org.hoverla.mission.fence.Geofence;
import org.junit.jupiter.api.Test;

class VehicleMissionPortsTest {
    private static final double LAT = 50.4;
    private static final double LON = 30.4;
    private static final double M_PER_DEG = 111_195.0;

    private static int lat(double northM) {
        return (int) Math.round((LAT + northM / M_PER_DEG) * 1e7);
    }

    private static int lon(double eastM) {
        return (int) Math.round((LON + eastM / (M_PER_DEG * Math.cos(Math.toRadians(LAT)))) * 1e7);
    }

    private static MissionItem wp(int seq, double north, double east) {
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, MavCmd.NAV_WAYPOINT, false, true, 0f, 0f,
                0f, Float.NaN, lat(north), lon(east), 10f, MissionType.MISSION);
    }

    private static MissionItem circle(int cmd, double north, double east, float radius) {
        return new MissionItem(0, MissionItem.FRAME_GLOBAL_INT, cmd, false, true, radius, 0f, 0f, 0f, lat(north),
                lon(east), 0f, MissionType.FENCE);
    }

    @Test
    void shouldRefuseMissionsThatLeaveOrCrossTheFence() {
        // Given a 100 m inclusion circle with a 10 m exclusion circle 40 m north
        Geofence fence = Geofence.build(List.of(circle(MavCmd.NAV_FENCE_CIRCLE_INCLUSION, 0, 0, 100f),
                circle(MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, 40, 0, 10f)), LAT, LON, FenceLimits.NONE);
        // Then a mission around the exclusion is fine
        assertThat(VehicleMissionPorts.checkAgainstFence(fence, List.of(wp(0, 0, 0), wp(1, 0, 30), wp(2, 80, 30))))
                .isNull();
        // A waypoint outside is refused naming it
        PlanValidator.Result outside = VehicleMissionPorts.checkAgainstFence(fence,
                List.of(wp(0, 0, 0), wp(1, 150, 0)));
        assertThat(outside.missionResult()).isEqualTo(14);
        assertThat(outside.itemIndex()).isEqualTo(1);
        assertThat(outside.reason()).contains("outside the geofence");
        // A leg through the exclusion circle is refused naming the leg
        PlanValidator.Result crossing = VehicleMissionPorts.checkAgainstFence(fence,
                List.of(wp(0, 0, 0), wp(1, 80, 0)));
        assertThat(crossing.itemIndex()).isEqualTo(1);
        assertThat(crossing.reason()).contains("crosses the geofence");
        // Without a fence anything goes
        assertThat(VehicleMissionPorts.checkAgainstFence(null, List.of(wp(0, 500, 500)))).isNull();
    }

    private static MissionItem here(int seq, int cmd, float alt) {
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, seq == 0, true, 0f, 0f, 0f,
                Float.NaN, 0, 0, alt, MissionType.MISSION);
    }

    @Test
    void shouldAcceptUploadsWithHereTakeoffAndLandAndRefuseAWaypointAtZeroZero() {
        // Given the vehicle's upload validator (no home yet) and a Mission Planner style upload
        PlanValidator validator = VehicleMissionPorts.validator(new FlightBus(), new FlightParams(new ParamStore()));
        List<MissionItem> mp = List.of(here(0, MavCmd.NAV_TAKEOFF, 20f), wp(1, 30, 0), here(2, MavCmd.NAV_LAND, 0f));
        // Then it is accepted (the items are stored as sent, so a download returns the same bits)
        assertThat(validator.validate(MissionType.MISSION, mp).missionResult()).isZero();
        // And a waypoint at 0, 0 is refused naming its seq
        PlanValidator.Result r = validator.validate(MissionType.MISSION,
                List.of(here(0, MavCmd.NAV_TAKEOFF, 20f), here(1, MavCmd.NAV_WAYPOINT, 20f)));
        assertThat(r.missionResult()).isEqualTo(10); // MAV_MISSION_INVALID_PARAM5_X
        assertThat(r.itemIndex()).isEqualTo(1);
        assertThat(r.reason()).contains("latitude 0, longitude 0");
    }

    @Test
    void shouldSkipHereItemsWhenCheckingLegsAgainstTheFence() {
        // Given a 100 m inclusion circle
        Geofence fence = Geofence.build(List.of(circle(MavCmd.NAV_FENCE_CIRCLE_INCLUSION, 0, 0, 100f)), LAT, LON,
                FenceLimits.NONE);
        // Then a takeoff and land "here" around an inside waypoint are not taken for 0 deg, 0 deg
        assertThat(VehicleMissionPorts.checkAgainstFence(fence,
                List.of(here(0, MavCmd.NAV_TAKEOFF, 10f), wp(1, 50, 0), here(2, MavCmd.NAV_LAND, 0f)))).isNull();
    }

    @Test
    void shouldPrepareTheFileStoreWithoutWritingAnything(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Given a file store whose file does not exist yet
        java.nio.file.Path file = dir.resolve("sub").resolve("sitl-mission.plan");
        PlanStore store = VehicleMissionPorts.file(file);

        // When it is prepared
        store.prepare();

        // Then nothing was written, and saving and loading still work
        assertThat(dir.toFile().list()).isEmpty();
        org.hoverla.mission.MissionPlan plan = org.hoverla.mission.MissionPlan.EMPTY
                .with(MissionType.MISSION, List.of(wp(0, 10, 0), wp(1, 20, 0)));
        store.save(plan);
        assertThat(store.load().mission()).extracting(MissionItem::x).containsExactly(lat(10), lat(20));
    }
}
