package org.hoverla.core.calibration;

import org.hoverla.core.calibration.fit.AccelSide;

/**
 * The six sides as PX4's {@code calibration_routines.cpp} names and detects them
 * ({@code detect_orientation}, {@code detect_orientation_str}), in PX4's order, with the body-FRD
 * specific force an accelerometer reads at rest on each: tail down [g, 0, 0], nose down [−g, 0, 0],
 * left side down [0, g, 0], right side down [0, −g, 0], upside down [0, 0, g], level [0, 0, −g].
 *
 * <p>Why not {@link AccelSide} alone: its {@code gravityBody} gives FRONT +x and BACK −x, the
 * opposite of PX4 (a nose-up vehicle's accelerometer reads +g along x). The texts must name the
 * side QGroundControl draws ("front" = nose down), so sides are detected with this table and
 * handed to the fit under the {@link AccelSide} whose {@code gravityBody} has the measured
 * direction ({@link #fitSide}), which is right whichever sign convention {@link AccelSide} ends with.
 */
enum Px4Side {
    BACK("back", 1, 0, 0),
    FRONT("front", -1, 0, 0),
    LEFT("left", 0, 1, 0),
    RIGHT("right", 0, -1, 0),
    UP("up", 0, 0, 1),
    DOWN("down", 0, 0, -1);

    static final Px4Side[] ALL = values();
    static final String[] NAMES = {"back", "front", "left", "right", "up", "down"};
    /** PX4 detect_orientation: each axis within 5 m/s² of its expected value. */
    static final double TOLERANCE_MPS2 = 5.0;

    final String pxName;
    final int[] dir;

    Px4Side(String pxName, int x, int y, int z) {
        this.pxName = pxName;
        this.dir = new int[] {x, y, z};
    }

    /** The side a body-FRD specific force (m/s²) says the vehicle rests on, or null. */
    static Px4Side classify(double fx, double fy, double fz, double g) {
        for (Px4Side s : ALL) {
            if (Math.abs(fx - s.dir[0] * g) < TOLERANCE_MPS2 && Math.abs(fy - s.dir[1] * g) < TOLERANCE_MPS2
                    && Math.abs(fz - s.dir[2] * g) < TOLERANCE_MPS2) {
                return s;
            }
        }
        return null;
    }

    /** The fit's side with this side's specific-force direction. */
    AccelSide fitSide() {
        for (AccelSide a : AccelSide.values()) {
            if (a.gravityBody(0) == dir[0] && a.gravityBody(1) == dir[1] && a.gravityBody(2) == dir[2]) {
                return a;
            }
        }
        throw new IllegalStateException("no AccelSide along " + pxName);
    }
}
