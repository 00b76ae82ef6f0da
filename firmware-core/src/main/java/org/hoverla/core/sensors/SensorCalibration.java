package org.hoverla.core.sensors;

/**
 * The calibration of one sensor instance in its own (sensor) axes, the stored model of
 * {@link CalibrationParamSet}: {@code corrected = M · (raw − offset)}, applied before the mounting
 * rotation, with M symmetric (diagonal = scale, off-diagonals = soft iron or axis misalignment),
 * as PX4's {@code calibration::Magnetometer::Correct} ({@code _scale * (data - _offset)}). A gyro
 * has offsets only (M = I); a barometer uses {@link #applyScalar} ({@code raw − offset(0)}, pascals).
 * Identity (offset 0, M = I) until {@link CalibrationParams} loads a slot whose device id matches
 * the instance.
 *
 * <p>A matrix that is not finite, or not positive definite (it would mirror or collapse an axis:
 * no physical sensor needs that), is not used: M stays the identity and
 * {@link #matrixRejected()} says so (the pre-arm check refuses such a slot,
 * {@link CalibrationCheck}). Non-finite offsets count as 0.
 *
 * <p>Flight thread; allocation-free.
 */
public final class SensorCalibration {
    private final double[] offset = new double[3];
    /** Row-major 3×3, symmetric. */
    private final double[] m = {1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0};
    private int slot = -1;
    private boolean identity = true;
    private boolean matrixIdentity = true;
    private boolean matrixRejected;

    /** Back to no calibration. */
    public void clear() {
        offset[0] = 0.0;
        offset[1] = 0.0;
        offset[2] = 0.0;
        setIdentityMatrix();
        slot = -1;
        matrixRejected = false;
        identity = true;
    }

    /** Sets one axis's offset; a non-finite value counts as 0. */
    void setOffset(int axis, double value) {
        offset[axis] = Double.isFinite(value) ? value : 0.0;
        updateIdentity();
    }

    /**
     * Sets the symmetric matrix from its diagonal ({@code sx, sy, sz}) and off-diagonals
     * ({@code xy} (0,1), {@code xz} (0,2), {@code yz} (1,2)); an invalid one leaves the identity
     * (see class doc).
     */
    void setMatrix(double sx, double sy, double sz, double xy, double xz, double yz) {
        if (!isValidMatrix(sx, sy, sz, xy, xz, yz)) {
            setIdentityMatrix();
            matrixRejected = true;
        } else {
            m[0] = sx;
            m[1] = xy;
            m[2] = xz;
            m[3] = xy;
            m[4] = sy;
            m[5] = yz;
            m[6] = xz;
            m[7] = yz;
            m[8] = sz;
            matrixIdentity = sx == 1.0 && sy == 1.0 && sz == 1.0 && xy == 0.0 && xz == 0.0 && yz == 0.0;
            matrixRejected = false;
        }
        updateIdentity();
    }

    /**
     * Whether a symmetric matrix is usable: finite and positive definite (Sylvester's criterion:
     * every leading principal minor positive). Any thread.
     */
    public static boolean isValidMatrix(double sx, double sy, double sz, double xy, double xz, double yz) {
        if (!(Double.isFinite(sx) && Double.isFinite(sy) && Double.isFinite(sz) && Double.isFinite(xy)
                && Double.isFinite(xz) && Double.isFinite(yz))) {
            return false;
        }
        double minor2 = sx * sy - xy * xy;
        double det = sx * (sy * sz - yz * yz) - xy * (xy * sz - yz * xz) + xz * (xy * yz - sy * xz);
        return sx > 0.0 && minor2 > 0.0 && det > 0.0;
    }

    private void setIdentityMatrix() {
        for (int k = 0; k < 9; k++) {
            m[k] = k % 4 == 0 ? 1.0 : 0.0;
        }
        matrixIdentity = true;
    }

    private void updateIdentity() {
        identity = matrixIdentity && offset[0] == 0.0 && offset[1] == 0.0 && offset[2] == 0.0;
    }

    void setSlot(int slot) {
        this.slot = slot;
    }

    /** The PX4 calibration slot (CAL_*n_ID) that matched, -1 when none. */
    public int slot() {
        return slot;
    }

    /** True when applying it would change nothing (the frontend then skips the arithmetic). */
    public boolean isIdentity() {
        return identity;
    }

    /** Whether the slot's matrix was refused (not finite or not positive definite) and the identity is used. */
    public boolean matrixRejected() {
        return matrixRejected;
    }

    public double offset(int axis) {
        return offset[axis];
    }

    /** Element (row, col) of M. */
    public double matrix(int row, int col) {
        return m[3 * row + col];
    }

    /** The diagonal element of M on {@code axis}. */
    public double scale(int axis) {
        return m[4 * axis];
    }

    /** A one-axis sensor (barometer): {@code raw − offset(0)}. */
    public double applyScalar(double raw) {
        return raw - offset[0];
    }

    /** Corrects the three-axis vector {@code v[at..at+2]} in place; nothing to do when identity. */
    public void applyInPlace(double[] v, int at) {
        if (identity) {
            return;
        }
        double x = v[at] - offset[0];
        double y = v[at + 1] - offset[1];
        double z = v[at + 2] - offset[2];
        if (matrixIdentity) {
            v[at] = x;
            v[at + 1] = y;
            v[at + 2] = z;
            return;
        }
        v[at] = m[0] * x + m[1] * y + m[2] * z;
        v[at + 1] = m[3] * x + m[4] * y + m[5] * z;
        v[at + 2] = m[6] * x + m[7] * y + m[8] * z;
    }
}
