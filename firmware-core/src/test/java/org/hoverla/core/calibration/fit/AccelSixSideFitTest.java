package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AccelSixSideFitTest {
    private static final double G = 9.80665;
    /**
     * Noise on each side's mean: 0.05 m/s² per sample averaged over ~100 samples, doubled (PX4
     * averages 750 samples per side, so real means are quieter).
     */
    private static final double MEAN_NOISE = 0.01;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    /** A known sensor: symmetric correction S (scale 0.97..1.03, misalignment ±0.01) and offset ±0.5 m/s². */
    private record Truth(double[][] s, double[] offset) {
        static Truth random(Random rng) {
            double xy = (rng.nextDouble() * 2 - 1) * 0.01;
            double xz = (rng.nextDouble() * 2 - 1) * 0.01;
            double yz = (rng.nextDouble() * 2 - 1) * 0.01;
            double[][] s = {
                    {0.97 + 0.06 * rng.nextDouble(), xy, xz},
                    {xy, 0.97 + 0.06 * rng.nextDouble(), yz},
                    {xz, yz, 0.97 + 0.06 * rng.nextDouble()}};
            double[] o = {(rng.nextDouble() * 2 - 1) * 0.5, (rng.nextDouble() * 2 - 1) * 0.5, (rng.nextDouble() * 2 - 1) * 0.5};
            return new Truth(s, o);
        }
    }

    /**
     * Side means a sensor with correction {@code m} (corrected = m·(raw − o)) reads on each side:
     * raw = m⁻¹·(toBodyᵀ·g·side) + o + noise.
     */
    private static double[][] sideMeans(double[][] m, double[] o, double[][] toBody, Random rng, double noise) {
        double[][] inv = invert(m);
        double[][] means = new double[6][];
        for (AccelSide side : AccelSide.values()) {
            double[] body = {G * side.gravityBody(0), G * side.gravityBody(1), G * side.gravityBody(2)};
            double[] sensor = SyntheticMag.applyTransposed(toBody, body);
            double[] raw = SyntheticMag.apply(inv, sensor);
            for (int a = 0; a < 3; a++) {
                raw[a] += o[a] + noise * rng.nextGaussian();
            }
            means[side.ordinal()] = raw;
        }
        return means;
    }

    private static double[][] invert(double[][] m) {
        double det = FitMath.determinant(m);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return r;
    }

    private static void assertRecovers(AccelFitResult fit, Truth truth) {
        for (int a = 0; a < 3; a++) {
            // the issue's bounds are 0.05 m/s² and 0.5 %: assert well inside them
            assertThat(fit.offset()[a]).as("offset %d", a).isCloseTo(truth.offset()[a], within(0.02));
            assertThat(fit.matrix()[a][a]).as("scale %d", a).isCloseTo(truth.s()[a][a], within(0.003));
            for (int b = 0; b < 3; b++) {
                assertThat(fit.matrix()[a][b]).as("matrix %d%d", a, b).isCloseTo(truth.s()[a][b], within(0.003));
                assertThat(fit.matrix()[a][b]).as("symmetric").isCloseTo(fit.matrix()[b][a], within(1e-12));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRecoverOffsetsScalesAndMisalignmentWithNoise(long seed) {
        // Given a sensor with known offsets, scales and misalignment, mounted straight, noisy means
        Random rng = new Random(seed);
        Truth truth = Truth.random(rng);
        double[][] means = sideMeans(truth.s(), truth.offset(), SyntheticMag.identity(), rng, MEAN_NOISE);
        // When the six sides are fitted
        AccelFitResult fit = AccelSixSideFit.solve(means, SyntheticMag.identity(), G);
        // Then all twelve figures come back, the misalignment counts as resolved and the residual is noise-sized
        assertRecovers(fit, truth);
        assertThat(fit.misalignmentResolved()).isTrue();
        assertThat(fit.residualMps2()).isLessThan(0.05);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRecoverTheSensorAxesCalibrationUnderARotatedMounting(long seed) {
        // Given the same kind of sensor mounted rolled 180° and yawed 90°, or at a random attitude
        Random rng = new Random(seed);
        Truth truth = Truth.random(rng);
        double[][] rolledYawed = SyntheticMag.mul(SyntheticMag.rotZ(Math.PI / 2), SyntheticMag.rotX(Math.PI));
        double[][] arbitrary = SyntheticMag.randomAttitudes(rng, 1)[0];
        for (double[][] toBody : new double[][][] {rolledYawed, arbitrary}) {
            double[][] means = sideMeans(truth.s(), truth.offset(), toBody, rng, MEAN_NOISE);
            // When fitted with that mounting
            AccelFitResult fit = AccelSixSideFit.solve(means, toBody, G);
            // Then the calibration comes back in sensor axes, independent of the mounting
            assertRecovers(fit, truth);
        }
    }

    @Test
    void shouldReturnTheSymmetricPartWhenTheSensorIsAlsoSlightlyRotated() {
        // Given a sensor whose true correction is a 2° rotation after a symmetric stretch (M = R·S)
        Random rng = new Random(42);
        Truth truth = Truth.random(rng);
        double[][] tilt = SyntheticMag.mul(SyntheticMag.rotX(Math.toRadians(2)), SyntheticMag.rotZ(Math.toRadians(-1)));
        double[][] m = SyntheticMag.mul(tilt, truth.s());
        double[][] means = sideMeans(m, truth.offset(), SyntheticMag.identity(), rng, 0.0);
        // When fitted
        AccelFitResult fit = AccelSixSideFit.solve(means, SyntheticMag.identity(), G);
        // Then S is returned (the rotation is the mounting's business) and the offsets are exact
        assertRecovers(fit, truth);
        assertThat(fit.residualMps2()).isLessThan(1e-9);
    }

    @Test
    void shouldGiveAnExactFitForAnIdealSensor() {
        // Given an ideal sensor, no noise
        double[][] means = sideMeans(SyntheticMag.identity(), new double[3], SyntheticMag.identity(), new Random(1), 0.0);
        // When fitted
        AccelFitResult fit = AccelSixSideFit.solve(means, SyntheticMag.identity(), G);
        // Then identity and zero offsets, to rounding
        for (int a = 0; a < 3; a++) {
            assertThat(fit.offset()[a]).isCloseTo(0.0, within(1e-12));
            for (int b = 0; b < 3; b++) {
                assertThat(fit.matrix()[a][b]).isCloseTo(a == b ? 1.0 : 0.0, within(1e-12));
            }
        }
    }

    private static double[][] goodMeans() {
        return sideMeans(SyntheticMag.identity(), new double[] {0.1, -0.2, 0.3}, SyntheticMag.identity(), new Random(3), MEAN_NOISE);
    }

    @Test
    void shouldRefuseANonFiniteReading() {
        // Given a NaN on the left side
        double[][] means = goodMeans();
        means[AccelSide.LEFT.ordinal()][1] = Double.NaN;
        // Then the side is named
        assertThatThrownBy(() -> AccelSixSideFit.solve(means, SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("side 'left' reading is not finite");
    }

    @Test
    void shouldRefuseAMissingSide() {
        double[][] means = goodMeans();
        means[AccelSide.UP.ordinal()] = null;
        assertThatThrownBy(() -> AccelSixSideFit.solve(means, SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("side 'up' missing");
    }

    @Test
    void shouldRefuseTheSameSideMeasuredTwice() {
        // Given the back side's reading stored again as the front side (the vehicle was not turned over)
        double[][] means = goodMeans();
        means[AccelSide.FRONT.ordinal()] = means[AccelSide.BACK.ordinal()].clone();
        // Then the front side is reported as pointing the wrong way
        assertThatThrownBy(() -> AccelSixSideFit.solve(means, SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*side 'front' reads 17\\d° away from its direction \\(the same side twice.*");
    }

    @Test
    void shouldRefuseAScaleOutsideThePlausibleRange() {
        // Given a sensor reading 1.3 times too little (correction scale 1.3 on x)
        double[][] s = {{1.3, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double[][] means = sideMeans(s, new double[3], SyntheticMag.identity(), new Random(4), 0.0);
        assertThatThrownBy(() -> AccelSixSideFit.solve(means, SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x scale 1.300 outside 0.8..1.2");
    }

    @Test
    void shouldRefuseAnImplausibleOffset() {
        double[][] means = sideMeans(SyntheticMag.identity(), new double[] {0, 0, -4.0}, SyntheticMag.identity(), new Random(5), 0.0);
        assertThatThrownBy(() -> AccelSixSideFit.solve(means, SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z offset -4.00 m/s² beyond ±3.0");
    }

    @Test
    void shouldRefuseASideThatWasNotHeldFlat() {
        // Given the right side measured tilted by 12°
        double[][] means = goodMeans();
        double[] tilted = SyntheticMag.apply(SyntheticMag.rotX(Math.toRadians(12)), means[AccelSide.RIGHT.ordinal()]);
        means[AccelSide.RIGHT.ordinal()] = tilted;
        // Then the residual gives it away
        assertThatThrownBy(() -> AccelSixSideFit.solve(means, SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("residual").hasMessageContaining("not held flat");
    }

    @Test
    void shouldRefuseAMountingMatrixThatIsNotARotation() {
        double[][] notRotation = {{1, 0, 0}, {0, 1, 0}, {0, 0, -1}};
        double[][] scaled = {{2, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertThatThrownBy(() -> AccelSixSideFit.solve(goodMeans(), notRotation, G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reflection");
        assertThatThrownBy(() -> AccelSixSideFit.solve(goodMeans(), scaled, G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a rotation");
    }

    @Test
    void shouldRefuseAWrongNumberOfSidesOrGravity() {
        assertThatThrownBy(() -> AccelSixSideFit.solve(new double[5][3], SyntheticMag.identity(), G))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("six side means expected, got 5");
        assertThatThrownBy(() -> AccelSixSideFit.solve(goodMeans(), SyntheticMag.identity(), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gravity");
    }
}
