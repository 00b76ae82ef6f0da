package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LevelTrimTest {
    private static final double G = 9.80665;

    /** What a board tilted by roll/pitch (PX4 Euler) reads while the vehicle stands level. */
    private static double[] boardReading(double rollDeg, double pitchDeg) {
        double[][] boardToLevel = new LevelTrim(rollDeg, pitchDeg).boardToBody();
        return SyntheticMag.applyTransposed(boardToLevel, new double[] {0, 0, -G});
    }

    @Test
    void shouldReadTheBoardsRollAndPitch() {
        // Given a board mounted 2° rolled right and 3° pitched nose up on a level vehicle
        double[] f = boardReading(2.0, 3.0);
        // When trimmed
        LevelTrim trim = LevelTrim.fromMeanAccel(f, G);
        // Then SENS_BOARD_X_OFF = 2, SENS_BOARD_Y_OFF = 3, and the trim rotates the reading back to level
        assertThat(trim.rollDeg()).isCloseTo(2.0, within(1e-9));
        assertThat(trim.pitchDeg()).isCloseTo(3.0, within(1e-9));
        double[] body = SyntheticMag.apply(trim.boardToBody(), f);
        assertThat(body[0]).isCloseTo(0.0, within(1e-9));
        assertThat(body[1]).isCloseTo(0.0, within(1e-9));
        assertThat(body[2]).isCloseTo(-G, within(1e-9));
    }

    @Test
    void shouldUsePx4Signs() {
        // Given the board rolled right (positive roll): the specific force, pointing up, leans to −y;
        // pitched nose up (positive pitch): it leans to +x
        // Then both angles come out positive
        assertThat(LevelTrim.fromMeanAccel(new double[] {0, -1.0, -G}, 10.0).rollDeg()).isPositive();
        assertThat(LevelTrim.fromMeanAccel(new double[] {1.0, 0, -G}, 10.0).pitchDeg()).isPositive();
    }

    @Test
    void shouldRefuseExcessTiltMotionAndNaN() {
        assertThatThrownBy(() -> LevelTrim.fromMeanAccel(boardReading(50, 0), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excess roll angle 50.0°");
        assertThatThrownBy(() -> LevelTrim.fromMeanAccel(boardReading(0, -47), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excess pitch angle -47.0°");
        assertThatThrownBy(() -> LevelTrim.fromMeanAccel(new double[] {0, 0, -12.0}, G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not at rest");
        assertThatThrownBy(() -> LevelTrim.fromMeanAccel(new double[] {0, Double.NaN, -G}, G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a finite");
    }
}
