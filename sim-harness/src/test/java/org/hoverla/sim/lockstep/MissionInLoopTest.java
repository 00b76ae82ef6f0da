package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.MissionEvent;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.junit.jupiter.api.Test;

/**
 * A 10-waypoint mission with a DO_JUMP and a loiter, flown in lockstep with default sensor noise
 * and a 5 m/s wind with gusts; judged on truth.
 */
class MissionInLoopTest {
    private static final float ALT = 10f;

    private final List<MissionItem> items = new ArrayList<>();
    private GeoRef home;

    private void add(int cmd, double north, double east, float alt, float p1, float p2) {
        int seq = items.size();
        if (cmd == MavCmd.DO_JUMP || cmd == MavCmd.DO_CHANGE_SPEED) {
            items.add(new MissionItem(seq, MissionItem.FRAME_MISSION, cmd, false, true, p1, p2, 0f, 0f, 0, 0, 0f,
                    MissionType.MISSION));
            return;
        }
        Vec3 geo = home.toGeodetic(north, east, 0.0, new Vec3());
        items.add(new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, false, true, p1, p2, 0f,
                Float.NaN, (int) Math.round(geo.x * 1e7), (int) Math.round(geo.y * 1e7), alt, MissionType.MISSION));
    }

    @Test
    void shouldFlyTenWaypointsWithAJumpAndALoiterInWindAndLandOnThePoint() {
        // Given a vehicle in 5 m/s wind and a mission around a 40 m square
        SimConfig config = new SimConfig();
        config.seed = 3;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        SimDriver d = new SimDriver(config);
        home = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        add(MavCmd.NAV_TAKEOFF, 0, 0, ALT, 0f, 0f);        // 0
        add(MavCmd.NAV_WAYPOINT, 40, 0, ALT, 0f, 0f);      // 1
        add(MavCmd.NAV_WAYPOINT, 40, 40, ALT, 0f, 0f);     // 2
        add(MavCmd.NAV_WAYPOINT, 0, 40, ALT, 0f, 0f);      // 3
        add(MavCmd.DO_JUMP, 0, 0, 0f, 1f, 1f);             // 4: back to 1, once
        add(MavCmd.NAV_LOITER_TIME, 0, 40, ALT, 3f, 0f);   // 5
        add(MavCmd.DO_CHANGE_SPEED, 0, 0, 0f, 1f, 3f);     // 6
        add(MavCmd.NAV_WAYPOINT, -20, 40, 12f, 0f, 0f);    // 7
        add(MavCmd.NAV_WAYPOINT, -20, 0, 12f, 0f, 0f);     // 8
        add(MavCmd.NAV_WAYPOINT, -20, -20, 12f, 0f, 0f);   // 9
        add(MavCmd.NAV_WAYPOINT, 0, -20, ALT, 0f, 0f);     // 10
        add(MavCmd.NAV_WAYPOINT, 10, -10, ALT, 0f, 0f);    // 11
        add(MavCmd.NAV_LAND, 5, 5, 0f, 0f, 0f);            // 12
        d.sim.stack().bus().missionPlan.set(new MissionPlan(items, List.of(), List.of()));
        d.stepUntilReady(30.0);
        Subscription<MissionStatus> statusSub = d.sim.stack().bus().missionStatus.subscribe();
        MissionStatus ms = new MissionStatus();

        // When Mission mode is selected and the vehicle armed
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        assertThat(d.status.mode).isEqualTo(FlightMode.MISSION);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));

        List<Integer> reached = new ArrayList<>();
        MissionEvent ev = new MissionEvent();
        double crossSumSq = 0.0;
        long crossSamples = 0;
        Vec3 legStart = new Vec3();
        Vec3 legEnd = new Vec3();
        for (int step = 0; step < 400_000 && d.status.armed() | step < 5000; step++) {
            d.sim.step();
            while (d.sim.stack().bus().missionEvents.poll(ev)) {
                if (ev.kind == MissionEvent.ITEM_REACHED) {
                    reached.add(ev.seq);
                }
            }
            if (step % 20 == 0) {
                d.statusSub.update(d.status);
                statusSub.update(ms);
                int cur = ms.currentSeq;
                // Cross-track on straight legs between consecutive waypoints, away from the corners.
                if (d.status.mode == FlightMode.MISSION && cur < items.size()
                        && items.get(cur).command() == MavCmd.NAV_WAYPOINT && cur > 0) {
                    MissionItem prev = previousNav(cur);
                    if (prev != null) {
                        point(prev, legStart);
                        point(items.get(cur), legEnd);
                        Vec3 p = d.sim.vehicle().positionNed();
                        double cross = crossTrack(p, legStart, legEnd);
                        if (!Double.isNaN(cross)) {
                            crossSumSq += cross * cross;
                            crossSamples++;
                        }
                    }
                }
            }
        }
        // Then every item was reached in order, with the jump repeating 1-3 once, and it landed and disarmed
        assertThat(reached).containsExactly(0, 1, 2, 3, 1, 2, 3, 5, 7, 8, 9, 10, 11, 12);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().crashed()).isFalse();
        double crossRms = Math.sqrt(crossSumSq / crossSamples);
        System.out.printf("Mission in 5 m/s wind: cross-track RMS %.3f m over %d samples%n", crossRms, crossSamples);
        assertThat(crossSamples).isGreaterThan(500);
        assertThat(crossRms).isLessThan(1.0);
        Vec3 landPoint = new Vec3();
        point(items.get(12), landPoint);
        Vec3 p = d.sim.vehicle().positionNed();
        assertThat(Math.hypot(p.x - landPoint.x, p.y - landPoint.y)).isLessThan(1.5);
    }

    private MissionItem previousNav(int cur) {
        for (int i = cur - 1; i >= 0; i--) {
            int c = items.get(i).command();
            if (c == MavCmd.NAV_WAYPOINT || c == MavCmd.NAV_LOITER_TIME) {
                return items.get(i);
            }
            if (c == MavCmd.DO_JUMP || c == MavCmd.NAV_TAKEOFF) {
                return null;
            }
        }
        return null;
    }

    private void point(MissionItem it, Vec3 out) {
        home.toNed(it.latDeg(), it.lonDeg(), 0.0, out);
    }

    /** Horizontal distance from the line a→b, or NaN within 3 m of either end. */
    private static double crossTrack(Vec3 p, Vec3 a, Vec3 b) {
        double dx = b.x - a.x;
        double dy = b.y - a.y;
        double len = Math.hypot(dx, dy);
        double along = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len;
        if (along < 3.0 || along > len - 3.0) {
            return Double.NaN;
        }
        return Math.abs((p.x - a.x) * dy - (p.y - a.y) * dx) / len;
    }
}
