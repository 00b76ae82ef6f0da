package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SensorCalibrationTest {

    @Test
    void shouldSubtractTheOffsetThenApplyTheSymmetricMatrixInPlace() {
        // Given offsets (0.1, -0.2, 0.3) and M = [[1.1, 0.02, -0.03], [0.02, 0.9, 0.05], [-0.03, 0.05, 1.2]],
        // and a vector at index 1 of an array
        SensorCalibration c = new SensorCalibration();
        c.setOffset(0, 0.1);
        c.setOffset(1, -0.2);
        c.setOffset(2, 0.3);
        c.setMatrix(1.1, 0.9, 1.2, 0.02, -0.03, 0.05);
        double[] v = {7.0, 1.0, 2.0, 3.0, 8.0};

        // When it is applied in place
        c.applyInPlace(v, 1);

        // Then the vector is M · (raw − offset), the neighbours untouched
        double x = 0.9;
        double y = 2.2;
        double z = 2.7;
        assertThat(v[0]).isEqualTo(7.0);
        assertThat(v[1]).isCloseTo(1.1 * x + 0.02 * y - 0.03 * z, within(1e-12));
        assertThat(v[2]).isCloseTo(0.02 * x + 0.9 * y + 0.05 * z, within(1e-12));
        assertThat(v[3]).isCloseTo(-0.03 * x + 0.05 * y + 1.2 * z, within(1e-12));
        assertThat(v[4]).isEqualTo(8.0);
        assertThat(c.matrix(2, 0)).isEqualTo(c.matrix(0, 2)).isEqualTo(-0.03);
        assertThat(c.isIdentity()).isFalse();
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
        // And an explicit identity matrix with zero offsets is identity too
        c.setMatrix(1.0, 1.0, 1.0, 0.0, 0.0, 0.0);
        assertThat(c.isIdentity()).isTrue();
    }

    @Test
    void shouldRefuseAMatrixThatIsNotPositiveDefiniteOrNotFiniteAndKeepTheOffsets() {
        // Given an offset on x
        SensorCalibration c = new SensorCalibration();
        c.setOffset(0, 0.5);
        // When the matrix has an off-diagonal larger than its diagonal (indefinite: it would mirror an axis)
        c.setMatrix(0.2, 0.2, 1.0, 0.9, 0.0, 0.0);
        // Then the identity is used, flagged, and the offset still applies
        assertThat(c.matrixRejected()).isTrue();
        assertThat(c.scale(0)).isEqualTo(1.0);
        double[] v = {1.0, 1.0, 1.0};
        c.applyInPlace(v, 0);
        assertThat(v).containsExactly(0.5, 1.0, 1.0);
        // And NaN is refused the same way; a valid matrix clears the flag
        c.setMatrix(Double.NaN, 1.0, 1.0, 0.0, 0.0, 0.0);
        assertThat(c.matrixRejected()).isTrue();
        c.setMatrix(1.0, 1.0, 1.0, 0.1, 0.0, 0.0);
        assertThat(c.matrixRejected()).isFalse();
        assertThat(SensorCalibration.isValidMatrix(1, 1, 1, 0, 0, 0)).isTrue();
        assertThat(SensorCalibration.isValidMatrix(-1, 1, 1, 0, 0, 0)).isFalse();
    }

    @Test
    void shouldSubtractOnlyTheOffsetFromAOneAxisSensor() {
        // Given a barometer offset of +30 Pa
        SensorCalibration c = new SensorCalibration();
        c.setOffset(0, 30.0);
        // Then a reading of 100030 Pa is corrected to 100000 Pa; a non-finite offset counts as 0
        assertThat(c.applyScalar(100_030.0)).isEqualTo(100_000.0);
        c.setOffset(0, Double.POSITIVE_INFINITY);
        assertThat(c.applyScalar(100_030.0)).isEqualTo(100_030.0);
        assertThat(c.isIdentity()).isTrue();
    }
}
