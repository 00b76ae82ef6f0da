package org.hoverla.core.math;

/**
 * A mutable unit quaternion (Hamilton convention, scalar first). In Hoverla a vehicle
 * attitude quaternion rotates vectors from the body FRD frame into the NED frame:
 * {@code v_ned = q * v_frd * q^-1}. Euler angles are the aerospace Z-Y-X sequence
 * (yaw, pitch, roll), in radians.
 *
 * <p>Operations write into {@code this} or a caller-owned output; nothing allocates.
 * Not thread-safe.
 */
public final class Quat {
    public double w = 1.0;
    public double x;
    public double y;
    public double z;

    public Quat() {
    }

    public Quat(double w, double x, double y, double z) {
        this.w = w;
        this.x = x;
        this.y = y;
        this.z = z;
    }

    public Quat set(double w, double x, double y, double z) {
        this.w = w;
        this.x = x;
        this.y = y;
        this.z = z;
        return this;
    }

    public Quat set(Quat q) {
        w = q.w;
        x = q.x;
        y = q.y;
        z = q.z;
        return this;
    }

    public Quat setIdentity() {
        return set(1.0, 0.0, 0.0, 0.0);
    }

    public Quat setNaN() {
        return set(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public boolean isFinite() {
        return Double.isFinite(w) && Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z);
    }

    public double norm() {
        return Math.sqrt(w * w + x * x + y * y + z * z);
    }

    public Quat normalize() {
        double n = norm();
        if (n > 0.0) {
            double inv = 1.0 / n;
            w *= inv;
            x *= inv;
            y *= inv;
            z *= inv;
        }
        return this;
    }

    /** Conjugate (inverse for a unit quaternion), in place. */
    public Quat conjugate() {
        x = -x;
        y = -y;
        z = -z;
        return this;
    }

    /** Makes the scalar part non-negative so that q and -q compare equal. */
    public Quat canonicalize() {
        if (w < 0.0) {
            w = -w;
            x = -x;
            y = -y;
            z = -z;
        }
        return this;
    }

    /** this = a * b (Hamilton product); safe when this aliases a or b. */
    public Quat setProduct(Quat a, Quat b) {
        double rw = a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z;
        double rx = a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y;
        double ry = a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x;
        double rz = a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w;
        w = rw;
        x = rx;
        y = ry;
        z = rz;
        return this;
    }

    /** this = conj(a) * b, i.e. the rotation from a to b expressed in a's frame. */
    public Quat setConjProduct(Quat a, Quat b) {
        double rw = a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z;
        double rx = a.w * b.x - a.x * b.w - a.y * b.z + a.z * b.y;
        double ry = a.w * b.y + a.x * b.z - a.y * b.w - a.z * b.x;
        double rz = a.w * b.z - a.x * b.y + a.y * b.x - a.z * b.w;
        w = rw;
        x = rx;
        y = ry;
        z = rz;
        return this;
    }

    /** out = q * v * q^-1 (body to world for an attitude quaternion); out may alias v. */
    public Vec3 rotate(Vec3 v, Vec3 out) {
        // t = 2 q_v x v; v' = v + w t + q_v x t
        double tx = 2.0 * (y * v.z - z * v.y);
        double ty = 2.0 * (z * v.x - x * v.z);
        double tz = 2.0 * (x * v.y - y * v.x);
        double ox = v.x + w * tx + (y * tz - z * ty);
        double oy = v.y + w * ty + (z * tx - x * tz);
        double oz = v.z + w * tz + (x * ty - y * tx);
        out.x = ox;
        out.y = oy;
        out.z = oz;
        return out;
    }

    /** out = q^-1 * v * q (world to body for an attitude quaternion); out may alias v. */
    public Vec3 rotateInverse(Vec3 v, Vec3 out) {
        double tx = 2.0 * (-y * v.z + z * v.y);
        double ty = 2.0 * (-z * v.x + x * v.z);
        double tz = 2.0 * (-x * v.y + y * v.x);
        double ox = v.x + w * tx + (-y * tz + z * ty);
        double oy = v.y + w * ty + (-z * tx + x * tz);
        double oz = v.z + w * tz + (-x * ty + y * tx);
        out.x = ox;
        out.y = oy;
        out.z = oz;
        return out;
    }

    /** Sets this from Z-Y-X Euler angles in radians. */
    public Quat setEuler(double rollRad, double pitchRad, double yawRad) {
        double cr = Math.cos(rollRad * 0.5);
        double sr = Math.sin(rollRad * 0.5);
        double cp = Math.cos(pitchRad * 0.5);
        double sp = Math.sin(pitchRad * 0.5);
        double cy = Math.cos(yawRad * 0.5);
        double sy = Math.sin(yawRad * 0.5);
        w = cr * cp * cy + sr * sp * sy;
        x = sr * cp * cy - cr * sp * sy;
        y = cr * sp * cy + sr * cp * sy;
        z = cr * cp * sy - sr * sp * cy;
        return this;
    }

    /** Sets this to the rotation of {@code angleRad} about the unit vector (ax, ay, az). */
    public Quat setAxisAngle(double ax, double ay, double az, double angleRad) {
        double s = Math.sin(angleRad * 0.5);
        return set(Math.cos(angleRad * 0.5), ax * s, ay * s, az * s);
    }

    /**
     * Sets this to exp(rotationVector / 2): the rotation by |r| radians about r/|r|.
     * Exact for any magnitude; used to integrate body rates over a step.
     */
    public Quat setRotationVector(double rx, double ry, double rz) {
        double angle = Math.sqrt(rx * rx + ry * ry + rz * rz);
        if (angle < 1e-12) {
            return set(1.0, 0.5 * rx, 0.5 * ry, 0.5 * rz).normalize();
        }
        double s = Math.sin(angle * 0.5) / angle;
        return set(Math.cos(angle * 0.5), rx * s, ry * s, rz * s);
    }

    /** Writes the rotation vector (axis * angle, radians) of this unit quaternion into out. */
    public Vec3 toRotationVector(Vec3 out) {
        double qw = w;
        double qx = x;
        double qy = y;
        double qz = z;
        if (qw < 0.0) {
            qw = -qw;
            qx = -qx;
            qy = -qy;
            qz = -qz;
        }
        double sinHalf = Math.sqrt(qx * qx + qy * qy + qz * qz);
        if (sinHalf < 1e-12) {
            return out.set(2.0 * qx, 2.0 * qy, 2.0 * qz);
        }
        double angle = 2.0 * Math.atan2(sinHalf, qw);
        double k = angle / sinHalf;
        return out.set(qx * k, qy * k, qz * k);
    }

    public double roll() {
        return Math.atan2(2.0 * (w * x + y * z), 1.0 - 2.0 * (x * x + y * y));
    }

    public double pitch() {
        double s = 2.0 * (w * y - z * x);
        return Math.asin(Math.max(-1.0, Math.min(1.0, s)));
    }

    public double yaw() {
        return Math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z));
    }

    /** Tilt angle (radians) between the body down axis and the world down axis. */
    public double tiltRad() {
        double cosTilt = 1.0 - 2.0 * (x * x + y * y);
        return Math.acos(Math.max(-1.0, Math.min(1.0, cosTilt)));
    }

    /** Smallest angle (radians) between this attitude and another. */
    public double angleTo(Quat q) {
        double d = Math.abs(w * q.w + x * q.x + y * q.y + z * q.z);
        return 2.0 * Math.acos(Math.min(1.0, d));
    }

    @Override
    public String toString() {
        return "Quat(" + w + ", " + x + ", " + y + ", " + z + ")";
    }
}
