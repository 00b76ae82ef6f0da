package org.hoverla.core.control;

/**
 * Immutable rotor layout of a flat multicopter: where each rotor sits in the body FRD frame,
 * which way it turns, and the rotor torque-to-thrust ratio.
 *
 * <p>Contract and units:
 * <ul>
 *   <li>{@code xM(i)}, {@code yM(i)}: rotor hub position in metres, FRD body frame, relative to
 *       the centre of mass (x forward, y right). All rotors are assumed to thrust along body -z.</li>
 *   <li>{@code spinDir(i)}: +1 when the rotor turns counter-clockwise seen from above. The
 *       reaction torque on the airframe is then clockwise seen from above, i.e. positive about
 *       FRD +z (nose right). -1 for a clockwise rotor.</li>
 *   <li>{@code kM()}: rotor drag torque divided by rotor thrust, in metres (same for all rotors).
 *       About 0.016 m for 10-inch propellers (C_Q*D/C_T of a typical 10x4.7 prop).</li>
 * </ul>
 * Motor index {@code i} is zero-based: index 0 is PX4's "motor 1".
 *
 * <p>The factories follow PX4's motor numbering and spin directions (PX4 airframe reference,
 * docs.px4.io/main/en/airframes/airframe_reference, and the geometry tables in
 * PX4-Autopilot src/lib/mixer/MultirotorMixer/geometries/quad_x.toml and hex_x.toml).
 *
 * <p>Built at boot; immutable and therefore safe to share between threads.
 */
public final class MotorGeometry {

    /** Typical torque/thrust ratio for 10-inch propellers, metres. */
    public static final double DEFAULT_KM = 0.016;

    private static final double SQRT1_2 = Math.sqrt(0.5);
    private static final double COS30 = Math.sqrt(3.0) / 2.0;

    private final double[] x;
    private final double[] y;
    private final int[] spin;
    private final double kM;

    /**
     * Builds a custom layout. Arrays are copied.
     *
     * @throws IllegalArgumentException when lengths differ, fewer than 4 motors are given, a value is
     *         non-finite, a spin direction is not +-1, or kM is not positive.
     */
    public MotorGeometry(double[] xM, double[] yM, int[] spinDir, double kM) {
        if (xM.length != yM.length || xM.length != spinDir.length || xM.length < 4) {
            throw new IllegalArgumentException("need >= 4 motors with matching x, y, spin arrays");
        }
        if (!(kM > 0.0) || !Double.isFinite(kM)) {
            throw new IllegalArgumentException("kM must be positive and finite: " + kM);
        }
        for (int i = 0; i < xM.length; i++) {
            if (!Double.isFinite(xM[i]) || !Double.isFinite(yM[i])) {
                throw new IllegalArgumentException("non-finite position for motor " + i);
            }
            if (spinDir[i] != 1 && spinDir[i] != -1) {
                throw new IllegalArgumentException("spin direction must be +1 or -1 for motor " + i);
            }
        }
        this.x = xM.clone();
        this.y = yM.clone();
        this.spin = spinDir.clone();
        this.kM = kM;
    }

    /**
     * Quad X (PX4 "Generic Quadcopter X"): 1 front-right CCW, 2 rear-left CCW, 3 front-left CW,
     * 4 rear-right CW. {@code armM} is the distance from the centre to each hub (half the
     * motor-to-motor diagonal, e.g. 0.225 for a 450 mm frame).
     */
    public static MotorGeometry quadX(double armM) {
        return quadX(armM, DEFAULT_KM);
    }

    /** Quad X with an explicit torque/thrust ratio {@code kM} in metres. */
    public static MotorGeometry quadX(double armM, double kM) {
        double a = armM * SQRT1_2;
        return new MotorGeometry(
                new double[] {a, -a, a, -a},
                new double[] {a, -a, -a, a},
                new int[] {1, 1, -1, -1},
                kM);
    }

    /**
     * Quad + (PX4 "Generic Quadcopter +"): 1 right CCW, 2 left CCW, 3 front CW, 4 rear CW
     * (the quad X layout turned 45 degrees, so the spin pattern is the same per index).
     */
    public static MotorGeometry quadPlus(double armM) {
        return quadPlus(armM, DEFAULT_KM);
    }

    /** Quad + with an explicit torque/thrust ratio {@code kM} in metres. */
    public static MotorGeometry quadPlus(double armM, double kM) {
        return new MotorGeometry(
                new double[] {0.0, 0.0, armM, -armM},
                new double[] {armM, -armM, 0.0, 0.0},
                new int[] {1, 1, -1, -1},
                kM);
    }

    /**
     * Hexa X (PX4 "Generic Hexarotor x geometry", hex_x.toml): 1 mid-right CW, 2 mid-left CCW,
     * 3 front-left CW, 4 rear-right CCW, 5 front-right CCW, 6 rear-left CW.
     */
    public static MotorGeometry hexaX(double armM) {
        return hexaX(armM, DEFAULT_KM);
    }

    /** Hexa X with an explicit torque/thrust ratio {@code kM} in metres. */
    public static MotorGeometry hexaX(double armM, double kM) {
        double c = armM * COS30;
        double h = armM * 0.5;
        return new MotorGeometry(
                new double[] {0.0, 0.0, c, -c, c, -c},
                new double[] {armM, -armM, -h, h, h, -h},
                new int[] {-1, 1, -1, 1, 1, -1},
                kM);
    }

    public int motorCount() {
        return x.length;
    }

    /** Hub position along body x (forward), metres. */
    public double xM(int i) {
        return x[i];
    }

    /** Hub position along body y (right), metres. */
    public double yM(int i) {
        return y[i];
    }

    /** +1 counter-clockwise seen from above (positive yaw reaction), -1 clockwise. */
    public int spinDir(int i) {
        return spin[i];
    }

    /** Rotor torque / thrust ratio, metres. */
    public double kM() {
        return kM;
    }
}
