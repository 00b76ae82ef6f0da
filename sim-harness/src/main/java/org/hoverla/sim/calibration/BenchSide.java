package org.hoverla.sim.calibration;

import org.hoverla.core.math.Quat;

/**
 * The six sides a calibration asks the vehicle to be put on, as PX4 names them in its
 * {@code [cal]} lines ({@code calibration_routines.cpp}, {@code detect_orientation_str}) and as
 * QGroundControl draws them: the name is the side facing the ground ("back" = tail down, "down"
 * = right side up). {@link #specificForceDirection} is what an ideal accelerometer reads at
 * rest on that side, per PX4's {@code detect_orientation}: tail down reads {@code [g, 0, 0]},
 * nose down {@code [−g, 0, 0]}, left side down {@code [0, g, 0]}, right {@code [0, −g, 0]},
 * upside down {@code [0, 0, g]}, level {@code [0, 0, −g]} (FRD, specific force = the reaction
 * to gravity, pointing up).
 *
 * <p>Declared in PX4's order (back front left right up down), the order of its
 * {@code [cal] pending:} line and the order the technician works through.
 */
public enum BenchSide {
    BACK("back", 0.0, Math.PI / 2, 1, 0, 0),
    FRONT("front", 0.0, -Math.PI / 2, -1, 0, 0),
    LEFT("left", -Math.PI / 2, 0.0, 0, 1, 0),
    RIGHT("right", Math.PI / 2, 0.0, 0, -1, 0),
    UP("up", Math.PI, 0.0, 0, 0, 1),
    DOWN("down", 0.0, 0.0, 0, 0, -1);

    /** The name in the {@code [cal]} lines. */
    public final String pxName;
    private final double rollRad;
    private final double pitchRad;
    private final int[] force;

    BenchSide(String pxName, double rollRad, double pitchRad, int fx, int fy, int fz) {
        this.pxName = pxName;
        this.rollRad = rollRad;
        this.pitchRad = pitchRad;
        this.force = new int[] {fx, fy, fz};
    }

    /** Writes into {@code out} the attitude (FRD to NED) of this side with the nose towards {@code yawRad}. */
    public Quat attitude(double yawRad, Quat out) {
        return out.setEuler(rollRad, pitchRad, yawRad);
    }

    /** Unit specific-force direction on this side, body FRD, component {@code axis} (0..2). */
    public int specificForceDirection(int axis) {
        return force[axis];
    }

    /** @return the side called {@code name} in a {@code [cal]} line, or null */
    public static BenchSide fromPxName(String name) {
        for (BenchSide s : values()) {
            if (s.pxName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
