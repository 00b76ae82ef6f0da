package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FenceActionTest {

    @Test
    void shouldMapPx4GfActionValues() {
        assertThat(FenceAction.fromGfAction(0)).isEqualTo(FenceAction.NONE);
        assertThat(FenceAction.fromGfAction(1)).isEqualTo(FenceAction.REPORT);
        assertThat(FenceAction.fromGfAction(2)).isEqualTo(FenceAction.HOLD);
        assertThat(FenceAction.fromGfAction(3)).isEqualTo(FenceAction.RETURN);
        assertThat(FenceAction.fromGfAction(5)).isEqualTo(FenceAction.LAND);
    }

    @Test
    void shouldMapTerminateToLand() {
        // Given GF_ACTION 4 (flight termination in PX4)
        // Then Hoverla lands instead of cutting the motors
        assertThat(FenceAction.fromGfAction(4)).isEqualTo(FenceAction.LAND);
    }

    @Test
    void shouldRefuseUnknownValues() {
        assertThatThrownBy(() -> FenceAction.fromGfAction(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..5");
        assertThatThrownBy(() -> FenceAction.fromGfAction(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTellWhichActionsTakeControl() {
        assertThat(FenceAction.NONE.takesControl()).isFalse();
        assertThat(FenceAction.REPORT.takesControl()).isFalse();
        assertThat(FenceAction.HOLD.takesControl()).isTrue();
        assertThat(FenceAction.RETURN.takesControl()).isTrue();
        assertThat(FenceAction.LAND.takesControl()).isTrue();
    }
}
