package org.hoverla.core.calibration.fit;

/**
 * The six sides of the six-side accelerometer calibration, named as PX4's
 * {@code calibration_routines.cpp} names them in the {@code [cal]} texts (the side facing the
 * ground is the one "down"; "down" itself is right side up, level). {@link #gravityBody} is the
 * unit specific-force direction (body FRD) the accelerometer reads at rest on that side.
 */
public enum AccelSide {
    /** Tail down (nose up): specific force along −x. */
    BACK("back", -1, 0, 0),
    /** Nose down: specific force along +x. */
    FRONT("front", 1, 0, 0),
    /** Left side down: specific force along +y. */
    LEFT("left", 0, 1, 0),
    /** Right side down: specific force along −y. */
    RIGHT("right", 0, -1, 0),
    /** Upside down: specific force along +z. */
    UP("up", 0, 0, 1),
    /** Level, right side up: specific force along −z. */
    DOWN("down", 0, 0, -1);

    public final String pxName;
    private final double gx;
    private final double gy;
    private final double gz;

    AccelSide(String pxName, double gx, double gy, double gz) {
        this.pxName = pxName;
        this.gx = gx;
        this.gy = gy;
        this.gz = gz;
    }

    /** Unit specific-force direction at rest on this side, body FRD: component {@code axis}. */
    public double gravityBody(int axis) {
        return axis == 0 ? gx : axis == 1 ? gy : gz;
    }
}
