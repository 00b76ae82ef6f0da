package org.hoverla.core.math;

/**
 * A mutable 3-vector of doubles. Frame and unit belong to the variable that holds it
 * (e.g. {@code velNedMps}); this class is only arithmetic.
 *
 * <p>Every operation writes into {@code this} (or a caller-owned output) and returns
 * {@code this} so hot-path code can chain without allocating. Not thread-safe.
 */
public final class Vec3 {
    public double x;
    public double y;
    public double z;

    public Vec3() {
    }

    public Vec3(double x, double y, double z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    public Vec3 set(double x, double y, double z) {
        this.x = x;
        this.y = y;
        this.z = z;
        return this;
    }

    public Vec3 set(Vec3 v) {
        x = v.x;
        y = v.y;
        z = v.z;
        return this;
    }

    public Vec3 zero() {
        x = 0.0;
        y = 0.0;
        z = 0.0;
        return this;
    }

    public Vec3 setNaN() {
        x = Double.NaN;
        y = Double.NaN;
        z = Double.NaN;
        return this;
    }

    public Vec3 add(Vec3 v) {
        x += v.x;
        y += v.y;
        z += v.z;
        return this;
    }

    public Vec3 sub(Vec3 v) {
        x -= v.x;
        y -= v.y;
        z -= v.z;
        return this;
    }

    /** this += v * s */
    public Vec3 addScaled(Vec3 v, double s) {
        x += v.x * s;
        y += v.y * s;
        z += v.z * s;
        return this;
    }

    public Vec3 scale(double s) {
        x *= s;
        y *= s;
        z *= s;
        return this;
    }

    /** this = a - b */
    public Vec3 setSub(Vec3 a, Vec3 b) {
        x = a.x - b.x;
        y = a.y - b.y;
        z = a.z - b.z;
        return this;
    }

    /** this = a x b; safe when this aliases a or b. */
    public Vec3 setCross(Vec3 a, Vec3 b) {
        double cx = a.y * b.z - a.z * b.y;
        double cy = a.z * b.x - a.x * b.z;
        double cz = a.x * b.y - a.y * b.x;
        x = cx;
        y = cy;
        z = cz;
        return this;
    }

    public double dot(Vec3 v) {
        return x * v.x + y * v.y + z * v.z;
    }

    public double norm() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    public double normSq() {
        return x * x + y * y + z * z;
    }

    public double normXy() {
        return Math.sqrt(x * x + y * y);
    }

    /** Normalises in place; leaves a zero vector unchanged. */
    public Vec3 normalize() {
        double n = norm();
        if (n > 0.0) {
            double inv = 1.0 / n;
            x *= inv;
            y *= inv;
            z *= inv;
        }
        return this;
    }

    public double get(int axis) {
        return axis == 0 ? x : axis == 1 ? y : z;
    }

    public void set(int axis, double value) {
        if (axis == 0) {
            x = value;
        } else if (axis == 1) {
            y = value;
        } else {
            z = value;
        }
    }

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z);
    }

    /** For tests and reports only: allocates. */
    @Override
    public String toString() {
        return "(" + x + ", " + y + ", " + z + ")";
    }
}
