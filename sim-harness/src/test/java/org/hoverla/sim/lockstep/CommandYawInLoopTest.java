package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.junit.jupiter.api.Test;

/**
 * The heading MAVLink carries in NAV_TAKEOFF's and NAV_LAND's param4 (radians, as PX4's navigator
 * reads a command's param4) and in a mission waypoint's param4 (degrees, MISSION_ITEM_INT) is
 * flown in lockstep; NaN keeps the heading. Judged on the simulator's true attitude. The vehicle
 * starts facing {@link SimConfig#initialYawDeg} (30°).
 */
class CommandYawInLoopTest {
    /** Heading error allowed once the turn is over; measured below 1° in these runs. */
    private static final double HEADING_TOLERANCE_RAD = Math.toRadians(3.0);

    @Test
    void shouldFaceTheTakeoffYawDuringTheClimbAndHoldItAfterwards() {
        // Given a vehicle armed on the ground, facing 30°
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.stack().params().takeoffAltM.set(8.0);
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        // When NAV_TAKEOFF asks for 90° (param4, radians) and leaves the altitude unset
        double wanted = Math.PI / 2;
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN, wanted,
                Double.NaN, Double.NaN, Double.NaN));
        double headingErrorAtHalfway = Double.NaN;
        for (int i = 0; i < 300 && d.status.mode == FlightMode.TAKEOFF; i++) {
            d.steps(100);
            if (Double.isNaN(headingErrorAtHalfway) && -d.sim.vehicle().positionNed().z > 4.0) {
                headingErrorAtHalfway = error(d, wanted);
            }
        }
        d.steps(2000);
        // Then it faces 90° by half the climb and after it, at MIS_TAKEOFF_ALT
        System.out.printf("Takeoff yaw 90 deg: error %.2f deg halfway, %.2f deg at the top%n",
                Math.toDegrees(headingErrorAtHalfway), Math.toDegrees(error(d, wanted)));
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(headingErrorAtHalfway).isLessThan(HEADING_TOLERANCE_RAD);
        assertThat(error(d, wanted)).isLessThan(HEADING_TOLERANCE_RAD);
        assertThat(-d.sim.vehicle().positionNed().z).isBetween(7.0, 9.0);
    }

    @Test
    void shouldKeepTheHeadingWhenTheTakeoffYawIsNaN() {
        // Given a vehicle on the ground facing 30°
        SimDriver d = new SimDriver(new SimConfig());
        double initial = Math.toRadians(30.0);
        // When it takes off with every NAV_TAKEOFF parameter NaN (MAVSDK's action.takeoff())
        d.takeOff(6.0);
        d.steps(2000);
        // Then it still faces 30°
        assertThat(error(d, initial)).isLessThan(HEADING_TOLERANCE_RAD);
    }

    @Test
    void shouldLandWhereItIsFacingTheLandYaw() {
        // Given a vehicle hovering at 8 m facing 30°
        SimDriver d = new SimDriver(new SimConfig());
        d.takeOff(8.0);
        d.steps(2000);
        Vec3 start = new Vec3().set(d.sim.vehicle().positionNed());
        // When NAV_LAND asks for -90° (param4, radians), its position unset
        double wanted = -Math.PI / 2;
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN, wanted,
                Double.NaN, Double.NaN, Double.NaN));
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        for (int i = 0; i < 600 && d.status.armed(); i++) {
            d.steps(100);
        }
        // Then it lands and disarms where it was, facing -90°
        System.out.printf("Land yaw -90 deg: error %.2f deg on the ground%n", Math.toDegrees(error(d, wanted)));
        assertThat(d.status.armed()).isFalse();
        assertThat(error(d, wanted)).isLessThan(HEADING_TOLERANCE_RAD);
        Vec3 end = d.sim.vehicle().positionNed();
        assertThat(Math.hypot(end.x - start.x, end.y - start.y)).isLessThan(1.5);
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldFaceAWaypointsYawAndTheLegWhenItIsNaN() {
        // Given a mission: take off to 10 m, a waypoint 30 m north to face 180° (param4, degrees)
        // for 5 s, then one 30 m east of it with the yaw unset
        SimConfig config = new SimConfig();
        SimDriver d = new SimDriver(config);
        GeoRef home = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        List<MissionItem> items = new ArrayList<>();
        items.add(item(home, 0, MavCmd.NAV_TAKEOFF, 0, 0, 0f, Float.NaN));
        items.add(item(home, 1, MavCmd.NAV_WAYPOINT, 30, 0, 5f, 180f));
        items.add(item(home, 2, MavCmd.NAV_WAYPOINT, 30, 30, 0f, Float.NaN));
        d.sim.stack().bus().missionPlan.set(new MissionPlan(items, List.of(), List.of()));
        d.stepUntilReady(30.0);
        var missionSub = d.sim.stack().bus().missionStatus.subscribe();
        MissionStatus ms = new MissionStatus();
        // When it flies the mission
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        double errorAtWaypoint = Double.NaN;
        double errorOnLastLeg = Double.NaN;
        for (int i = 0; i < 1200; i++) {
            d.steps(50);
            missionSub.update(ms);
            Vec3 p = d.sim.vehicle().positionNed();
            if (ms.currentSeq == 1 && Math.hypot(p.x - 30.0, p.y) < 0.5 && Double.isNaN(errorAtWaypoint)) {
                d.steps(3000); // within its 5 s hold
                errorAtWaypoint = error(d, Math.PI);
            }
            if (ms.currentSeq == 2 && p.y > 15.0 && Double.isNaN(errorOnLastLeg)) {
                errorOnLastLeg = error(d, Math.PI / 2);
                break;
            }
        }
        // Then it faces 180° at the waypoint and along the leg (90°) after it
        System.out.printf("Waypoint yaw 180 deg: error %.2f deg at the waypoint, NaN leg %.2f deg%n",
                Math.toDegrees(errorAtWaypoint), Math.toDegrees(errorOnLastLeg));
        assertThat(errorAtWaypoint).isLessThan(HEADING_TOLERANCE_RAD);
        assertThat(errorOnLastLeg).isLessThan(HEADING_TOLERANCE_RAD);
    }

    private static MissionItem item(GeoRef home, int seq, int cmd, double north, double east, float hold, float yawDeg) {
        Vec3 geo = home.toGeodetic(north, east, 0.0, new Vec3());
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, false, true, hold, 0f, 0f, yawDeg,
                (int) Math.round(geo.x * 1e7), (int) Math.round(geo.y * 1e7), 10f, MissionType.MISSION);
    }

    private static double error(SimDriver d, double wantedRad) {
        return Math.abs(Math.IEEEremainder(d.sim.vehicle().attitude().yaw() - wantedRad, 2.0 * Math.PI));
    }
}
