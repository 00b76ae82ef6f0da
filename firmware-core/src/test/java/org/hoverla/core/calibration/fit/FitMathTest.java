package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FitMathTest {
    @Test
    void shouldDecomposeASymmetricMatrixIntoItsEigenpairs() {
        // Given a random symmetric 10×10 matrix
        Random rng = new Random(3);
        int n = 10;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = rng.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        double[] values = new double[n];
        double[][] v = new double[n][n];
        // When decomposed
        FitMath.symmetricEigen(a, values, v);
        // Then A·v_k = λ_k·v_k, ascending
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                assertThat(values[k]).isGreaterThanOrEqualTo(values[k - 1]);
            }
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[i][j] * v[j][k];
                }
                assertThat(s).isCloseTo(values[k] * v[i][k], within(1e-10));
            }
        }
    }

    @Test
    void shouldSolveAndReportASingularSystem() {
        double[] x = FitMath.solve(new double[][] {{0, 2}, {3, 1}}, new double[] {4, 5});
        assertThat(x[0]).isCloseTo(1.0, within(1e-12));
        assertThat(x[1]).isCloseTo(2.0, within(1e-12));
        assertThat(FitMath.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 2})).isNull();
    }
}
