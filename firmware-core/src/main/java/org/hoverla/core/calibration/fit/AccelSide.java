package org.hoverla.core.calibration.fit;

/**
 * The six sides of the six-side accelerometer calibration, in PX4's order and with its names
 * for the {@code [cal]} texts ({@code calibration_routines.cpp}: back = tail down, front = nose
 * down, left, right, up = upside down, down = right side up). {@link #gravityBody} is the unit
 * specific-force direction (body FRD) the accelerometer reads at rest on that side: at rest it
 * measures the table's push, which points up, so the body axis pointing up reads +g. PX4's
 * {@code detect_orientation} uses the same vectors ([g,0,0] → tail down, … [0,0,−g] → right side up).
 */
public enum AccelSide {
    /** Tail down (nose up): +x points up, specific force along +x. */
    BACK("back", 1, 0, 0),
    /** Nose down: +x points down, specific force along −x. */
    FRONT("front", -1, 0, 0),
    /** Left side down: +y (right) points up, specific force along +y. */
    LEFT("left", 0, 1, 0),
    /** Right side down: specific force along −y. */
    RIGHT("right", 0, -1, 0),
    /** Upside down: +z (down) points up, specific force along +z. */
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
