package org.hoverla.core.estimation;

import org.hoverla.core.math.Vec3;

/**
 * Position and velocity in NED from inertial acceleration, corrected by delayed position and
 * velocity measurements: a third-order complementary filter per axis (position, velocity,
 * acceleration bias), the structure of ArduPilot's former {@code AP_InertialNav}. With time
 * constant τ the gains k1 = 3/τ, k2 = 3/τ², k3 = 1/τ³ place the three poles of the error
 * dynamics at -1/τ.
 *
 * <p>Measurements are late (GNSS by ~100 ms, baro by a few ms). The filter keeps the predicted
 * states of the last {@value #HISTORY} steps and compares a measurement with the state at its
 * sample time; the resulting correction is applied to the current state and to the stored
 * history, so the next delayed measurement does not correct the same error twice.
 *
 * <p>Innovation gating rejects jumps (e.g. a GNSS glitch); after a sustained run of rejections
 * the filter resets to the measurement rather than ignoring the sensor forever.
 *
 * <p>Pure class, allocation-free after construction, not thread-safe.
 */
public final class PositionFilter {
    static final int HISTORY = 128;

    private final Vec3 posNedM = new Vec3();
    private final Vec3 velNedMps = new Vec3();
    private final Vec3 accBiasNedMps2 = new Vec3();
    private final Vec3 accNedMps2 = new Vec3();

    private final StateHistory history = new StateHistory(HISTORY);
    private final Vec3 pastPos = new Vec3();
    private final Vec3 pastVel = new Vec3();

    private double k1Xy = 2.0;
    private double k2Xy = 1.3;
    private double k3Xy = 0.3;
    private double kVelXy = 2.0;
    private double k1Z = 3.0;
    private double k2Z = 3.0;
    private double k3Z = 1.0;
    private double kVelZ = 1.0;
    private double maxBiasMps2 = 1.5;

    private double posGateM = 10.0;
    private long gnssResetAfterNs = 5_000_000_000L;
    private long firstRejectNs = Long.MIN_VALUE;
    private long gnssRejected;
    private long gnssResets;

    /** Sets the horizontal and vertical time constants (s) and the velocity-fusion gains (1/s). */
    public void setTimeConstants(double tauXyS, double tauZS, double kVelXy, double kVelZ) {
        k1Xy = 3.0 / tauXyS;
        k2Xy = 3.0 / (tauXyS * tauXyS);
        k3Xy = 1.0 / (tauXyS * tauXyS * tauXyS);
        k1Z = 3.0 / tauZS;
        k2Z = 3.0 / (tauZS * tauZS);
        k3Z = 1.0 / (tauZS * tauZS * tauZS);
        this.kVelXy = kVelXy;
        this.kVelZ = kVelZ;
    }

    /** Horizontal innovation beyond which a GNSS position is refused (m). */
    public void setPositionGateM(double gateM) {
        posGateM = gateM;
    }

    public void reset(double northM, double eastM, double downM) {
        posNedM.set(northM, eastM, downM);
        velNedMps.zero();
        accBiasNedMps2.zero();
        history.clear();
        firstRejectNs = Long.MIN_VALUE;
    }

    /** Moves the horizontal state to a measurement (e.g. when GNSS becomes available). */
    public void resetHorizontal(double northM, double eastM, double velNorthMps, double velEastMps) {
        double dn = northM - posNedM.x;
        double de = eastM - posNedM.y;
        double dvn = velNorthMps - velNedMps.x;
        double dve = velEastMps - velNedMps.y;
        shift(0, dn, de, 0.0);
        shift(1, dvn, dve, 0.0);
        accBiasNedMps2.x = 0.0;
        accBiasNedMps2.y = 0.0;
        firstRejectNs = Long.MIN_VALUE;
    }

    public Vec3 positionNed() {
        return posNedM;
    }

    public Vec3 velocityNed() {
        return velNedMps;
    }

    /** Acceleration used in the last prediction (bias-corrected), NED. */
    public Vec3 accelerationNed() {
        return accNedMps2;
    }

    public Vec3 accelBiasNed() {
        return accBiasNedMps2;
    }

    public long gnssRejected() {
        return gnssRejected;
    }

    public long gnssResets() {
        return gnssResets;
    }

    /**
     * Integrates one step of kinematic acceleration (specific force rotated to NED plus gravity).
     *
     * @return false when rejected (non-finite input or bad dt); the state is unchanged
     */
    public boolean predict(Vec3 kinematicAccNedMps2, double dtS, long sampleTimeNs) {
        if (!kinematicAccNedMps2.isFinite() || !(dtS > 0.0 && dtS < 0.1)) {
            return false;
        }
        accNedMps2.setSub(kinematicAccNedMps2, accBiasNedMps2);
        posNedM.addScaled(velNedMps, dtS).addScaled(accNedMps2, 0.5 * dtS * dtS);
        velNedMps.addScaled(accNedMps2, dtS);
        history.push(sampleTimeNs, posNedM, velNedMps);
        return true;
    }

    /**
     * Fuses a horizontal position measurement taken at {@code sampleTimeNs}.
     *
     * @param dtS time since the previous measurement of this kind (weights the gains)
     * @return true when fused, false when gated out or invalid
     */
    public boolean fuseHorizontalPosition(double northM, double eastM, long sampleTimeNs, double dtS, long nowNs) {
        if (!Double.isFinite(northM) || !Double.isFinite(eastM) || !(dtS > 0.0)) {
            return false;
        }
        dtS = Math.min(dtS, 0.5);
        history.at(sampleTimeNs, posNedM, velNedMps, pastPos, pastVel);
        double en = northM - pastPos.x;
        double ee = eastM - pastPos.y;
        if (Math.sqrt(en * en + ee * ee) > posGateM) {
            gnssRejected++;
            if (firstRejectNs == Long.MIN_VALUE) {
                firstRejectNs = nowNs;
            } else if (nowNs - firstRejectNs > gnssResetAfterNs) {
                // The measurement stayed away for long: trust it again (the receiver re-acquired).
                shift(0, en, ee, 0.0);
                firstRejectNs = Long.MIN_VALUE;
                gnssResets++;
                return true;
            }
            return false;
        }
        firstRejectNs = Long.MIN_VALUE;
        shift(0, k1Xy * en * dtS, k1Xy * ee * dtS, 0.0);
        shift(1, k2Xy * en * dtS, k2Xy * ee * dtS, 0.0);
        accBiasNedMps2.x = clampBias(accBiasNedMps2.x - k3Xy * en * dtS);
        accBiasNedMps2.y = clampBias(accBiasNedMps2.y - k3Xy * ee * dtS);
        return true;
    }

    /** Fuses a vertical position (down, m) taken at {@code sampleTimeNs}, e.g. from the barometer. */
    public boolean fuseVerticalPosition(double downM, long sampleTimeNs, double dtS) {
        if (!Double.isFinite(downM) || !(dtS > 0.0)) {
            return false;
        }
        dtS = Math.min(dtS, 0.5);
        history.at(sampleTimeNs, posNedM, velNedMps, pastPos, pastVel);
        double ed = downM - pastPos.z;
        shift(0, 0.0, 0.0, k1Z * ed * dtS);
        shift(1, 0.0, 0.0, k2Z * ed * dtS);
        accBiasNedMps2.z = clampBias(accBiasNedMps2.z - k3Z * ed * dtS);
        return true;
    }

    /** Fuses a NED velocity measurement (horizontal and, if {@code useVertical}, vertical). */
    public boolean fuseVelocity(Vec3 velMeasNedMps, boolean useVertical, long sampleTimeNs, double dtS) {
        if (!velMeasNedMps.isFinite() || !(dtS > 0.0)) {
            return false;
        }
        dtS = Math.min(dtS, 0.5);
        history.at(sampleTimeNs, posNedM, velNedMps, pastPos, pastVel);
        double en = velMeasNedMps.x - pastVel.x;
        double ee = velMeasNedMps.y - pastVel.y;
        double ed = useVertical ? velMeasNedMps.z - pastVel.z : 0.0;
        shift(1, kVelXy * en * dtS, kVelXy * ee * dtS, kVelZ * ed * dtS);
        return true;
    }

    /** Moves position (kind 0) or velocity (kind 1) of the state and of the whole history. */
    private void shift(int kind, double dn, double de, double dd) {
        Vec3 state = kind == 0 ? posNedM : velNedMps;
        state.x += dn;
        state.y += de;
        state.z += dd;
        if (kind == 0) {
            history.shift(dn, de, dd, 0.0, 0.0, 0.0);
        } else {
            history.shift(0.0, 0.0, 0.0, dn, de, dd);
        }
    }

    private double clampBias(double b) {
        return b > maxBiasMps2 ? maxBiasMps2 : (b < -maxBiasMps2 ? -maxBiasMps2 : b);
    }
}
