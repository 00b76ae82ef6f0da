package org.hoverla.core.control;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Converts a desired thrust vector and heading into an attitude setpoint and collective thrust
 * (the role of PX4 ControlMath::thrustToAttitude / bodyzToAttitude).
 *
 * <p>The body z axis (down) is set opposite to the thrust vector, since rotors push along
 * body -z. The body x axis is the direction in the plane normal to body z that is closest to
 * the desired heading: x = (y_c cross z) normalised with y_c = (-sin yaw, cos yaw, 0) the
 * heading's right-hand horizontal axis (Mellinger and Kumar, "Minimum snap trajectory
 * generation and control for quadrotors", ICRA 2011, eq. 6).
 *
 * <p>Units: thrust normalised (as produced by {@link PositionController}), NED; yaw radians
 * from north; the quaternion rotates FRD to NED. Static, allocation-free, never throws.
 */
public final class ThrustAttitude {

    private ThrustAttitude() {
    }

    /**
     * @param thrustSpNedNorm desired thrust vector, NED, normalised (z negative = up)
     * @param yawSpRad        desired heading, radians; non-finite counts as 0
     * @param attitudeSpOut   receives the attitude setpoint
     * @return collective thrust = |thrustSpNedNorm|; 0 (with a level attitude at the heading)
     *         when the vector is zero or non-finite
     */
    public static double toAttitude(Vec3 thrustSpNedNorm, double yawSpRad, Quat attitudeSpOut) {
        double yaw = Double.isFinite(yawSpRad) ? yawSpRad : 0.0;
        double tx = thrustSpNedNorm.x;
        double ty = thrustSpNedNorm.y;
        double tz = thrustSpNedNorm.z;
        double mag = Math.sqrt(tx * tx + ty * ty + tz * tz);
        double zx;
        double zy;
        double zz;
        if (!(mag > 1e-9) || !Double.isFinite(mag)) {
            zx = 0.0;
            zy = 0.0;
            zz = 1.0;
            mag = 0.0;
        } else {
            zx = -tx / mag;
            zy = -ty / mag;
            zz = -tz / mag;
        }
        // y_c: heading's horizontal right axis; x = y_c cross z
        double yx = -Math.sin(yaw);
        double yy = Math.cos(yaw);
        double xx = yy * zz;
        double xy = -yx * zz;
        double xz = yx * zy - yy * zx;
        if (zz < 0.0) {
            // thrust pointing down: flip x so the nose still points along the heading
            xx = -xx;
            xy = -xy;
            xz = -xz;
        }
        double xn = Math.sqrt(xx * xx + xy * xy + xz * xz);
        if (xn < 1e-9) {
            // body z horizontal and along the heading's right axis: any x in the plane works
            xx = 0.0;
            xy = 0.0;
            xz = 1.0;
        } else {
            xx /= xn;
            xy /= xn;
            xz /= xn;
        }
        // y = z cross x completes the right-handed frame
        double bx = zy * xz - zz * xy;
        double by = zz * xx - zx * xz;
        double bz = zx * xy - zy * xx;
        // DCM columns are the body axes in NED: R = [x y z]
        fromDcm(xx, bx, zx, xy, by, zy, xz, bz, zz, attitudeSpOut);
        return mag;
    }

    /** Shepperd's method: picks the largest of w, x, y, z to divide by, for accuracy. */
    private static void fromDcm(double r00, double r01, double r02,
                                double r10, double r11, double r12,
                                double r20, double r21, double r22, Quat out) {
        double tr = r00 + r11 + r22;
        if (tr > 0.0) {
            double s = Math.sqrt(tr + 1.0) * 2.0;
            out.set(0.25 * s, (r21 - r12) / s, (r02 - r20) / s, (r10 - r01) / s);
        } else if (r00 > r11 && r00 > r22) {
            double s = Math.sqrt(1.0 + r00 - r11 - r22) * 2.0;
            out.set((r21 - r12) / s, 0.25 * s, (r01 + r10) / s, (r02 + r20) / s);
        } else if (r11 > r22) {
            double s = Math.sqrt(1.0 + r11 - r00 - r22) * 2.0;
            out.set((r02 - r20) / s, (r01 + r10) / s, 0.25 * s, (r12 + r21) / s);
        } else {
            double s = Math.sqrt(1.0 + r22 - r00 - r11) * 2.0;
            out.set((r10 - r01) / s, (r02 + r20) / s, (r12 + r21) / s, 0.25 * s);
        }
        out.normalize().canonicalize();
    }
}
