package org.hoverla.core.calibration.fit;

import java.util.Random;

/**
 * Synthetic magnetometer data for the fit tests: the Earth's field seen from the vehicle at a
 * set of attitudes, distorted by a known soft-iron matrix W and hard iron o
 * ({@code raw = W·b + o + noise}), optionally plus a disturbance from an iron object that is
 * fixed in the room while the magnetometer moves around it.
 */
final class SyntheticMag {
    final int n;
    final double[] x;
    final double[] y;
    final double[] z;

    private SyntheticMag(int n) {
        this.n = n;
        x = new double[n];
        y = new double[n];
        z = new double[n];
    }

    /** A world (NED) field of {@code strength} gauss at {@code inclinationDeg}, magnetic north. */
    static double[] earthField(double strength, double inclinationDeg) {
        double i = Math.toRadians(inclinationDeg);
        return new double[] {strength * Math.cos(i), 0.0, strength * Math.sin(i)};
    }

    /** Random soft iron: symmetric, diagonal 0.9..1.1, off-diagonals up to ±0.05. */
    static double[][] randomSoftIron(Random rng) {
        double xy = (rng.nextDouble() * 2 - 1) * 0.05;
        double xz = (rng.nextDouble() * 2 - 1) * 0.05;
        double yz = (rng.nextDouble() * 2 - 1) * 0.05;
        return new double[][] {
                {0.9 + 0.2 * rng.nextDouble(), xy, xz},
                {xy, 0.9 + 0.2 * rng.nextDouble(), yz},
                {xz, yz, 0.9 + 0.2 * rng.nextDouble()}};
    }

    /** Random hard iron, each axis up to ±0.3 gauss. */
    static double[] randomHardIron(Random rng) {
        return new double[] {(rng.nextDouble() * 2 - 1) * 0.3, (rng.nextDouble() * 2 - 1) * 0.3, (rng.nextDouble() * 2 - 1) * 0.3};
    }

    /** Attitudes spread uniformly over all rotations. */
    static double[][][] randomAttitudes(Random rng, int n) {
        double[][][] r = new double[n][][];
        for (int i = 0; i < n; i++) {
            // Uniform random unit quaternion (Shoemake).
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble() * 2 * Math.PI;
            double u3 = rng.nextDouble() * 2 * Math.PI;
            double a = Math.sqrt(1 - u1);
            double b = Math.sqrt(u1);
            r[i] = quatToDcm(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
        }
        return r;
    }

    /**
     * PX4's procedure: on each of the six sides, a full turn about the vertical with a few
     * degrees of wobble; {@code perSide} samples per side.
     */
    static double[][][] sixSideTurns(Random rng, int perSide) {
        double[][][] sides = {
                rotY(Math.PI / 2), rotY(-Math.PI / 2), rotX(-Math.PI / 2), rotX(Math.PI / 2), rotX(Math.PI), identity()};
        double[][][] r = new double[6 * perSide][][];
        for (int s = 0; s < 6; s++) {
            for (int k = 0; k < perSide; k++) {
                double yaw = 2 * Math.PI * k / perSide;
                double[][] wobble = mul(rotX(Math.toRadians(3) * rng.nextGaussian()), rotY(Math.toRadians(3) * rng.nextGaussian()));
                r[s * perSide + k] = mul(rotZ(yaw), mul(wobble, sides[s]));
            }
        }
        return r;
    }

    /** Turns about the vertical only, level: the samples lie in one plane. */
    static double[][][] levelTurnOnly(int n) {
        double[][][] r = new double[n][][];
        for (int i = 0; i < n; i++) {
            r[i] = rotZ(2 * Math.PI * i / n);
        }
        return r;
    }

    /**
     * Samples at the given body-to-NED attitudes.
     *
     * @param dipoleGaussM3 0 for none; else the strength of an iron object (a magnetised
     *                      dipole along world −z) {@code dipoleAt} metres from the point the
     *                      vehicle turns about, the magnetometer sitting {@code leverArm} (body) from it
     */
    static SyntheticMag sample(Random rng, double[][][] attitudes, double[] earthNed, double[][] softIron,
                               double[] hardIron, double noise, double dipoleGaussM3, double[] dipoleAt, double[] leverArm) {
        SyntheticMag s = new SyntheticMag(attitudes.length);
        for (int i = 0; i < attitudes.length; i++) {
            double[][] r = attitudes[i];
            double[] world = earthNed.clone();
            if (dipoleGaussM3 != 0.0) {
                double[] pos = apply(r, leverArm);
                double[] d = {pos[0] - dipoleAt[0], pos[1] - dipoleAt[1], pos[2] - dipoleAt[2]};
                double dist = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                double[] u = {d[0] / dist, d[1] / dist, d[2] / dist};
                double[] m = {0, 0, -1};
                double mu = m[0] * u[0] + m[1] * u[1] + m[2] * u[2];
                double k = dipoleGaussM3 / (dist * dist * dist);
                for (int a = 0; a < 3; a++) {
                    world[a] += k * (3 * mu * u[a] - m[a]);
                }
            }
            double[] body = applyTransposed(r, world);
            double[] raw = apply(softIron, body);
            s.x[i] = raw[0] + hardIron[0] + noise * rng.nextGaussian();
            s.y[i] = raw[1] + hardIron[1] + noise * rng.nextGaussian();
            s.z[i] = raw[2] + hardIron[2] + noise * rng.nextGaussian();
        }
        return s;
    }

    static double[][] identity() {
        return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }

    static double[][] rotX(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[][] {{1, 0, 0}, {0, c, -s}, {0, s, c}};
    }

    static double[][] rotY(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[][] {{c, 0, s}, {0, 1, 0}, {-s, 0, c}};
    }

    static double[][] rotZ(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
            }
        }
        return r;
    }

    static double[] apply(double[][] m, double[] v) {
        return new double[] {
                m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
                m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
                m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
    }

    static double[] applyTransposed(double[][] m, double[] v) {
        return new double[] {
                m[0][0] * v[0] + m[1][0] * v[1] + m[2][0] * v[2],
                m[0][1] * v[0] + m[1][1] * v[1] + m[2][1] * v[2],
                m[0][2] * v[0] + m[1][2] * v[1] + m[2][2] * v[2]};
    }

    private static double[][] quatToDcm(double w, double x, double y, double z) {
        return new double[][] {
                {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
                {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
                {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}};
    }
}
