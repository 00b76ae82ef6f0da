package org.hoverla.core.calibration.fit;

/**
 * The small dense linear algebra the calibration fits need: a symmetric eigen-decomposition
 * (cyclic Jacobi, exact enough for n ≤ 10 and unconditionally stable), a linear solve with
 * partial pivoting and 3×3 helpers. Package-private; matrices are {@code double[row][col]}.
 * Called once per calibration, so clarity wins over allocation.
 */
final class FitMath {
    private static final int MAX_SWEEPS = 100;

    private FitMath() {
    }

    /**
     * Eigen-decomposition of the symmetric {@code a} (not modified).
     *
     * @param values  out, ascending eigenvalues, length n
     * @param vectors out, n×n; column k is the unit eigenvector of {@code values[k]}
     */
    static void symmetricEigen(double[][] a, double[] values, double[][] vectors) {
        int n = a.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            for (int j = 0; j < n; j++) {
                vectors[i][j] = i == j ? 1.0 : 0.0;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0.0;
            double diag = 0.0;
            for (int p = 0; p < n; p++) {
                diag += m[p][p] * m[p][p];
                for (int q = p + 1; q < n; q++) {
                    off += m[p][q] * m[p][q];
                }
            }
            if (off <= 1e-30 * diag || off == 0.0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(m, vectors, p, q);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] = m[i][i];
        }
        sortAscending(values, vectors);
    }

    /** One Jacobi rotation zeroing m[p][q]. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        if (apq == 0.0) {
            return;
        }
        double theta = (m[q][q] - m[p][p]) / (2.0 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
        if (theta == 0.0) {
            t = 1.0;
        }
        double c = 1.0 / Math.sqrt(t * t + 1.0);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static void sortAscending(double[] values, double[][] vectors) {
        int n = values.length;
        for (int i = 0; i < n - 1; i++) {
            int min = i;
            for (int j = i + 1; j < n; j++) {
                if (values[j] < values[min]) {
                    min = j;
                }
            }
            if (min != i) {
                double t = values[i];
                values[i] = values[min];
                values[min] = t;
                for (int k = 0; k < n; k++) {
                    double u = vectors[k][i];
                    vectors[k][i] = vectors[k][min];
                    vectors[k][min] = u;
                }
            }
        }
    }

    /**
     * Solves {@code a·x = b} by Gaussian elimination with partial pivoting.
     *
     * @return x, or null when {@code a} is singular to working precision
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        double scale = 0.0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        if (!(scale > 0.0)) {
            return null;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) <= 1e-13 * scale) {
                return null;
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    /** The symmetric square root V·diag(√λ)·Vᵀ of a symmetric positive-definite 3×3 matrix. */
    static double[][] symmetricSqrt(double[][] a) {
        double[] values = new double[3];
        double[][] v = new double[3][3];
        symmetricEigen(a, values, v);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0.0;
                for (int k = 0; k < 3; k++) {
                    s += v[i][k] * Math.sqrt(Math.max(values[k], 0.0)) * v[j][k];
                }
                r[i][j] = s;
            }
        }
        return r;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
            }
        }
        return r;
    }

    static double[][] transpose(double[][] a) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i][j] = a[j][i];
            }
        }
        return r;
    }

    static double determinant(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }
}
