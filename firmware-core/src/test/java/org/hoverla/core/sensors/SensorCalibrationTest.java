package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SensorCalibrationTest {

    @Test
    void shouldCorrectAThreeAxisVectorInPlaceAsApplyDoes() {
        // Given a calibration with offsets and scales, and a vector at offset 1 of an array
        SensorCalibration c = new SensorCalibration();
        c.set(0, 0.1, 1.0);
        c.set(1, -0.2, 1.5);
        c.set(2, 0.0, 0.5);
        double[] v = {7.0, 1.0, 2.0, 3.0, 8.0};

        // When it is applied in place
        c.applyInPlace(v, 1);

        // Then each axis is (raw - offset) * scale, the neighbours untouched
        assertThat(v).containsExactly(7.0, c.apply(0, 1.0), c.apply(1, 2.0), c.apply(2, 3.0), 8.0);
        assertThat(v[2]).isEqualTo((2.0 + 0.2) * 1.5);
    }

    @Test
    void shouldLeaveTheVectorUntouchedWhenIdentity() {
        // Given no calibration and a vector holding -0.0 (which arithmetic could turn into +0.0)
        SensorCalibration c = new SensorCalibration();
        double[] v = {-0.0, 2.0, 3.0};

        // When it is applied in place
        c.applyInPlace(v, 0);

        // Then nothing changed, bit for bit
        assertThat(Double.doubleToRawLongBits(v[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(v[1]).isEqualTo(2.0);
        assertThat(v[2]).isEqualTo(3.0);
    }
}
