package org.hoverla.mission.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionType;
import org.junit.jupiter.api.Test;

class MissionExecutorTest {
    private static final double REF_LAT = 50.4;
    private static final double REF_LON = 30.4;
    private static final double M_PER_DEG_LAT = 111_195.0;

    private final List<String> log = new ArrayList<>();
    private final MissionEvents events = new MissionEvents() {
        @Override
        public void currentChanged(int seq) {
        }

        @Override
        public void itemReached(int seq) {
            log.add("reached " + seq);
        }

        @Override
        public void cameraEvent(int seq, int command) {
            log.add("camera " + seq + " " + command);
        }

        @Override
        public void returnRequested(int seq) {
            log.add("return " + seq);
        }
    };

    private static MissionItem nav(int seq, int cmd, double north, double east, float relAlt, float p1) {
        int x = (int) Math.round((REF_LAT + north / M_PER_DEG_LAT) * 1e7);
        int y = (int) Math.round((REF_LON + east / (M_PER_DEG_LAT * Math.cos(Math.toRadians(REF_LAT)))) * 1e7);
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, false, true, p1, 0f, 0f,
                Float.NaN, x, y, relAlt, MissionType.MISSION);
    }

    private static MissionItem cmd(int seq, int cmd, float p1, float p2) {
        return new MissionItem(seq, MissionItem.FRAME_MISSION, cmd, false, true, p1, p2, 0f, 0f, 0, 0, 0f,
                MissionType.MISSION);
    }

    /** A vehicle that is wherever the setpoint is (ideal tracking), landing when told to descend. */
    private static void fly(MissionExecutor ex, double[] pos, int steps, boolean[] landedOut) {
        long now = 0;
        for (int i = 0; i < steps && !ex.isComplete(); i++) {
            now += 50_000_000L;
            ex.update(now, 0.05, pos, 0.0, landedOut[0]);
            if (ex.landing) {
                pos[2] += ex.velSp[2] * 0.05;
                if (pos[2] >= 0.0) {
                    pos[2] = 0.0;
                    landedOut[0] = true;
                }
            } else {
                for (int k = 0; k < 3; k++) {
                    if (Double.isFinite(ex.posSp[k])) {
                        pos[k] = ex.posSp[k];
                    }
                }
            }
        }
    }

    @Test
    void shouldFlyTakeoffWaypointsWithAJumpAndLand() {
        // Given takeoff, two waypoints, a jump back once, a camera item and a landing
        List<MissionItem> items = List.of(
                nav(0, MavCmd.NAV_TAKEOFF, 0, 0, 10f, 0f),
                nav(1, MavCmd.NAV_WAYPOINT, 30, 0, 10f, 0f),
                nav(2, MavCmd.NAV_WAYPOINT, 30, 30, 10f, 2f),
                cmd(3, MavCmd.IMAGE_START_CAPTURE, 0f, 0f),
                cmd(4, MavCmd.DO_JUMP, 1f, 1f),
                nav(5, MavCmd.NAV_LAND, 0, 0, 0f, 0f));
        MissionExecutor ex = new MissionExecutor(100, events);
        ex.setLimits(5.0, 2.0, 1.0, 3.0);
        assertThat(ex.load(items, REF_LAT, REF_LON, 100.0, 100.0)).isTrue();
        double[] pos = {0, 0, 0};
        boolean[] landed = {false};
        // When it flies with ideal tracking
        fly(ex, pos, 20_000, landed);
        // Then items were reached in order, the jump repeated 1 and 2 once, and it landed at the origin
        assertThat(log).containsExactly("reached 0", "reached 1", "reached 2", "camera 3 2000", "reached 1",
                "reached 2", "camera 3 2000", "reached 5");
        assertThat(ex.isComplete()).isTrue();
        assertThat(Math.hypot(pos[0], pos[1])).isLessThan(1.0);
    }

    @Test
    void shouldClimbVerticallyToTheTakeoffAltitudeBeforeAFirstWaypoint() {
        // Given a mission of waypoints only (as MAVSDK uploads), the first 20 m north at 10 m,
        // and a vehicle on the ground 3 m east of the origin
        List<MissionItem> items = List.of(
                cmd(0, MavCmd.DO_CHANGE_SPEED, 1f, 5f),
                nav(1, MavCmd.NAV_WAYPOINT, 20, 0, 10f, 0f),
                nav(2, MavCmd.NAV_WAYPOINT, 20, 20, 10f, 0f));
        MissionExecutor ex = new MissionExecutor(10, events);
        ex.setLimits(5.0, 2.0, 1.0, 3.0);
        ex.load(items, REF_LAT, REF_LON, 100.0, 100.0);
        assertThat(ex.firstNavigationCommand()).isEqualTo(MavCmd.NAV_WAYPOINT);
        double[] pos = {0, 3, 0};
        // When it is told to climb first to 6 m
        ex.climbFirst(-6.0);
        assertThat(ex.climbingFirst()).isTrue();
        long now = 0;
        double maxDrift = 0.0;
        while (ex.climbingFirst() && now < 60_000_000_000L) {
            now += 50_000_000L;
            ex.update(now, 0.05, pos, 0.0, false);
            for (int k = 0; k < 3; k++) {
                pos[k] = Double.isFinite(ex.posSp[k]) ? ex.posSp[k] : pos[k];
            }
            maxDrift = Math.max(maxDrift, Math.hypot(pos[0], pos[1] - 3.0));
        }
        // Then it went straight up over where it stood, to 6 m, with nothing reached yet
        assertThat(ex.climbingFirst()).isFalse();
        assertThat(maxDrift).isZero();
        assertThat(pos[2]).isCloseTo(-6.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(log).isEmpty();
        assertThat(ex.currentSeq()).isZero();
        // And then it flies the mission from there
        fly(ex, pos, 20_000, new boolean[] {false});
        assertThat(log).containsExactly("reached 1", "reached 2");
    }

    @Test
    void shouldCancelTheClimbWhenAMissionIsLoadedOrResumed() {
        List<MissionItem> items = List.of(nav(0, MavCmd.NAV_WAYPOINT, 20, 0, 10f, 0f));
        MissionExecutor ex = new MissionExecutor(10, events);
        ex.load(items, REF_LAT, REF_LON, 100.0, 100.0);
        ex.climbFirst(-6.0);
        ex.resume();
        assertThat(ex.climbingFirst()).isFalse();
        ex.climbFirst(-6.0);
        ex.load(items, REF_LAT, REF_LON, 100.0, 100.0);
        assertThat(ex.climbingFirst()).isFalse();
    }

    private static MissionItem here(int seq, int cmd, float relAlt, float p1) {
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT, cmd, false, true, p1, 0f, 0f, Float.NaN,
                0, 0, relAlt, MissionType.MISSION);
    }

    @Test
    void shouldResolveHereToWhereTheVehicleIsWhenEachItemStarts() {
        // Given a Mission Planner style mission: takeoff, loiter and land at 0, 0 ("here"), a waypoint between
        List<MissionItem> items = List.of(
                here(0, MavCmd.NAV_TAKEOFF, 10f, 0f),
                nav(1, MavCmd.NAV_WAYPOINT, 30, 20, 10f, 0f),
                here(2, MavCmd.NAV_LOITER_TIME, 12f, 2f),
                here(3, MavCmd.NAV_LAND, 0f, 0f));
        MissionExecutor ex = new MissionExecutor(10, events);
        ex.setLimits(5.0, 2.0, 1.0, 3.0);
        ex.load(items, REF_LAT, REF_LON, 100.0, 100.0);
        // And a vehicle standing 7 m north and 5 m east of the frame's origin
        double[] pos = {7, 5, 0};
        boolean[] landed = {false};
        // When the takeoff starts, Then its target is straight above the vehicle, not the origin or 0°, 0°
        ex.update(50_000_000L, 0.05, pos, 0.0, false);
        assertThat(ex.posSp[0]).isEqualTo(7.0);
        assertThat(ex.posSp[1]).isEqualTo(5.0);
        // When it flies on with ideal tracking
        fly(ex, pos, 20_000, landed);
        // Then every item was reached; the loiter held at the waypoint (where it started), climbing to
        // its own altitude; and the landing was there too
        assertThat(log).containsExactly("reached 0", "reached 1", "reached 2", "reached 3");
        assertThat(ex.isComplete()).isTrue();
        assertThat(landed[0]).isTrue();
        assertThat(pos[0]).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(pos[1]).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void shouldHandOverToReturnAndSkipThroughDelays() {
        List<MissionItem> items = List.of(
                nav(0, MavCmd.NAV_TAKEOFF, 0, 0, 5f, 0f),
                cmd(1, MavCmd.CONDITION_DELAY, 2f, 0f),
                cmd(2, MavCmd.DO_CHANGE_SPEED, 1f, 3f),
                nav(3, MavCmd.NAV_WAYPOINT, 10, 0, 5f, 0f),
                cmd(4, MavCmd.NAV_RETURN_TO_LAUNCH, 0f, 0f));
        MissionExecutor ex = new MissionExecutor(10, events);
        ex.load(items, REF_LAT, REF_LON, 100.0, 100.0);
        fly(ex, new double[] {0, 0, 0}, 5_000, new boolean[] {false});
        assertThat(log).containsExactly("reached 0", "reached 3", "reached 4", "return 4");
        assertThat(ex.isComplete()).isTrue();
    }

    @Test
    void shouldRefuseMissionsLargerThanItsCapacityAndNotAllocateWhileFlying() {
        MissionExecutor small = new MissionExecutor(1, events);
        assertThat(small.load(List.of(nav(0, MavCmd.NAV_WAYPOINT, 1, 1, 5f, 0f), nav(1, MavCmd.NAV_WAYPOINT, 2, 2, 5f,
                0f)), REF_LAT, REF_LON, 0, 0)).isFalse();

        MissionEvents quiet = new MissionEvents() {
            @Override
            public void currentChanged(int seq) {
            }

            @Override
            public void itemReached(int seq) {
            }

            @Override
            public void cameraEvent(int seq, int command) {
            }

            @Override
            public void returnRequested(int seq) {
            }
        };
        MissionExecutor ex = new MissionExecutor(10, quiet);
        List<MissionItem> loop = List.of(nav(0, MavCmd.NAV_WAYPOINT, 0, 50, 5f, 0f), nav(1, MavCmd.NAV_WAYPOINT, 50, 0, 5f, 0f),
                cmd(2, MavCmd.DO_JUMP, 0f, 1_000_000f));
        ex.load(loop, REF_LAT, REF_LON, 0, 0);
        double[] pos = {0, 0, -5};
        boolean[] landed = {false};
        // Warm up with many short calls so the JIT compiles fly() whole: a mid-loop (OSR)
        // compilation or deoptimisation during a measured call is the JVM's allocation, not ours.
        for (int i = 0; i < 400; i++) {
            fly(ex, pos, 100, landed);
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            fly(ex, pos, 2_000, landed);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }
        // Code that allocated per cycle would allocate in every window.
        assertThat(fewest).isZero();
    }
}
