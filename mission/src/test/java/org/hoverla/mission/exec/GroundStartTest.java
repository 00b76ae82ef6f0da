package org.hoverla.mission.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.exec.GroundStart.Decision;
import org.junit.jupiter.api.Test;

class GroundStartTest {
    private static MissionItem item(int seq, int cmd) {
        return new MissionItem(seq, MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, cmd, false, true, 0f, 0f, 0f, 0f,
                504_000_000, 304_000_000, 10f, MissionType.MISSION);
    }

    @Test
    void shouldClimbFirstByDefaultWhenAMissionStartsOnTheGroundWithAWaypoint() {
        // Given the default policy, on the ground, a first waypoint
        // When the mission starts, Then it climbs first
        assertThat(GroundStart.decide(GroundStart.POLICY_CLIMB_FIRST, true, MavCmd.NAV_WAYPOINT))
                .isEqualTo(Decision.CLIMB_FIRST);
        assertThat(GroundStart.decide(GroundStart.POLICY_CLIMB_FIRST, true, MavCmd.NAV_LOITER_TIME))
                .isEqualTo(Decision.CLIMB_FIRST);
    }

    @Test
    void shouldFlyTheFirstLegAtOnceWithThePx4Policy() {
        assertThat(GroundStart.decide(GroundStart.POLICY_FIRST_LEG, true, MavCmd.NAV_WAYPOINT)).isEqualTo(Decision.FLY);
    }

    @Test
    void shouldRefuseWithTheRefusalPolicy() {
        assertThat(GroundStart.decide(GroundStart.POLICY_REFUSE, true, MavCmd.NAV_WAYPOINT)).isEqualTo(Decision.REFUSE);
    }

    @Test
    void shouldFlyUnchangedWhenTheMissionStartsWithATakeoffOrInTheAir() {
        for (int policy = 0; policy <= 2; policy++) {
            // Given a first takeoff, When started on the ground, Then it is flown as it is
            assertThat(GroundStart.decide(policy, true, MavCmd.NAV_TAKEOFF)).isEqualTo(Decision.FLY);
            // Given a first waypoint, When started in the air, Then it is flown as it is
            assertThat(GroundStart.decide(policy, false, MavCmd.NAV_WAYPOINT)).isEqualTo(Decision.FLY);
            // Given nothing that leaves the ground (a land, a return, no navigation item), Then nothing changes
            assertThat(GroundStart.decide(policy, true, MavCmd.NAV_LAND)).isEqualTo(Decision.FLY);
            assertThat(GroundStart.decide(policy, true, MavCmd.NAV_RETURN_TO_LAUNCH)).isEqualTo(Decision.FLY);
            assertThat(GroundStart.decide(policy, true, GroundStart.NONE)).isEqualTo(Decision.FLY);
        }
    }

    @Test
    void shouldClimbFirstForAnUnknownPolicyValue() {
        assertThat(GroundStart.decide(7, true, MavCmd.NAV_WAYPOINT)).isEqualTo(Decision.CLIMB_FIRST);
    }

    @Test
    void shouldFindTheFirstNavigationItemPastCommands() {
        // Given a speed change and a delay before a waypoint, then a takeoff
        List<MissionItem> items = List.of(item(0, MavCmd.DO_CHANGE_SPEED), item(1, MavCmd.CONDITION_DELAY),
                item(2, MavCmd.NAV_WAYPOINT), item(3, MavCmd.NAV_TAKEOFF));
        // Then the waypoint decides from the start, the takeoff from item 3, nothing past the end
        assertThat(GroundStart.firstNavigationCommand(items, 0)).isEqualTo(MavCmd.NAV_WAYPOINT);
        assertThat(GroundStart.firstNavigationCommand(items, 3)).isEqualTo(MavCmd.NAV_TAKEOFF);
        assertThat(GroundStart.firstNavigationCommand(items, 4)).isEqualTo(GroundStart.NONE);
        assertThat(GroundStart.firstNavigationCommand(List.of(), 0)).isEqualTo(GroundStart.NONE);
    }
}
