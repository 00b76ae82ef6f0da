package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionType;

class RallyPointsTest {

    private static RallyPoints twoPoints() {
        // 100 m north and 300 m south of home
        return RallyPoints.build(List.of(FenceFixtures.rally(100, 0), FenceFixtures.rally(-300, 0)),
                FenceFixtures.REF_LAT, FenceFixtures.REF_LON);
    }

    @Test
    void shouldFindTheNearestRallyPoint() {
        RallyPoints rally = twoPoints();
        assertThat(rally.size()).isEqualTo(2);
        assertThat(rally.northM(1)).isCloseTo(-300, offset(0.02));
        assertThat(rally.nearest(150, 0)).isEqualTo(0);
        assertThat(rally.nearest(-250, 40)).isEqualTo(1);
    }

    @Test
    void shouldReturnToARallyPointOnlyWhenItIsCloserThanHome() {
        // Given rally points 100 m north and 300 m south of home (home at the reference)
        RallyPoints rally = twoPoints();
        // When the vehicle is 150 m north, the north point (50 m) beats home (150 m)
        assertThat(rally.chooseReturnTarget(150, 0, 0, 0)).isEqualTo(0);
        // When it is 20 m south of home, home (20 m) beats every rally point
        assertThat(rally.chooseReturnTarget(-20, 0, 0, 0)).isEqualTo(RallyPoints.HOME);
        // When it is 250 m south, the south point (50 m) wins
        assertThat(rally.chooseReturnTarget(-250, 0, 0, 0)).isEqualTo(1);
        // And with home elsewhere, the comparison uses that home
        assertThat(rally.chooseReturnTarget(150, 0, 160, 0)).isEqualTo(RallyPoints.HOME);
    }

    @Test
    void shouldReturnHomeWithoutRallyPoints() {
        RallyPoints none = RallyPoints.build(List.of(), FenceFixtures.REF_LAT, FenceFixtures.REF_LON);
        assertThat(none.nearest(10, 10)).isEqualTo(-1);
        assertThat(none.chooseReturnTarget(500, 0, 0, 0)).isEqualTo(RallyPoints.HOME);
    }

    @Test
    void shouldRefuseItemsThatAreNotRallyPoints() {
        assertThatThrownBy(() -> RallyPoints.build(
                List.of(FenceFixtures.item(MavCmd.NAV_WAYPOINT, 0, 0, 0, MissionType.RALLY)),
                FenceFixtures.REF_LAT, FenceFixtures.REF_LON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a rally point");
    }
}
