package org.hoverla.sim.sensors;

import java.util.SplittableRandom;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * Simulated 3-axis magnetometer: a constant Earth field in NED rotated into the body FRD
 * frame by the vehicle attitude, plus an optional hard-iron offset (body frame) and white
 * noise. Units: gauss (1 G = 100 uT = 100,000 nT). Known calibration errors
 * ({@link SensorErrors}): {@code raw = S · (field + iron nearby) + hard iron}, S the symmetric
 * soft-iron matrix; the iron nearby is a point dipole on the bench seen from a magnetometer
 * off the rotation centre (switched by {@link #nearbyIron(boolean)}).
 *
 * <p>The field comes from {@link Params#fieldNedGauss}. Two helpers fill it:
 * {@link #fieldFromAngles} (declination, inclination, total intensity, e.g. read off the
 * NOAA WMM/IGRF calculator for the flying site) and {@link #dipoleField} (the IGRF-13
 * degree-1 tilted dipole, which gets intensity and inclination right to a few percent but
 * declination only to 10-20 degrees in Europe; use it only when no better value is known).
 *
 * <p>Single-threaded; called every physics step, delivers at its rate. Allocation-free.
 */
public final class MagSim {
    /** IGRF-13 (epoch 2020) Gauss coefficient g(1,0), nT. Alken et al. 2021, EPS 73:49. */
    public static final double IGRF_G10_NT = -29404.8;
    /** IGRF-13 (epoch 2020) g(1,1), nT. */
    public static final double IGRF_G11_NT = -1450.9;
    /** IGRF-13 (epoch 2020) h(1,1), nT. */
    public static final double IGRF_H11_NT = 4652.5;

    /** Magnetometer parameters; mutable, read once by the constructor. */
    public static final class Params {
        /** Delivery rate (Hz). Estimate: 100 Hz, what IST8310/QMC5883L drivers run at. */
        public double rateHz = 100.0;
        /**
         * Earth field NED (gauss). Default: a representative central-Ukraine field,
         * X 0.195, Y 0.025, Z 0.460 G (declination ~7.3 deg E, inclination ~66.9 deg,
         * 0.500 G total). Estimate inside the ranges Orlyuk et al. (IAGA 2018, Ukrainian
         * regional magnetic map, epoch 2015.5) give for Ukraine: X 17,440-25,260 nT,
         * Y -2,200-7,400 nT, Z 42,700-52,700 nT.
         */
        public final Vec3 fieldNedGauss = new Vec3(0.195, 0.025, 0.460);
        /** Hard-iron offset in body FRD (gauss); zero = ideal installation. */
        public final Vec3 hardIronFrdGauss = new Vec3();
        /**
         * White noise per axis (gauss). Estimate: HMC5883L-class noise floor is ~2 mG
         * (datasheet); 5 mG allows for in-frame interference from ESC wiring.
         */
        public double noiseSigmaGauss = 0.005;
    }

    private final SplittableRandom rng;
    private final Vec3 fieldNed = new Vec3();
    private final Vec3 hardIron = new Vec3();
    private final Vec3 body = new Vec3();
    private final double noiseSigma;
    private final long periodNs;
    private long nextDueNs = Long.MIN_VALUE;
    private final boolean ironErrors;
    private final double[] hardIronError = new double[3];
    private final double[][] softIron = new double[3][3];
    private final Vec3 ironMomentNed = new Vec3();
    private final Vec3 ironPositionNed = new Vec3();
    private final Vec3 leverArmFrd = new Vec3();
    private final Vec3 scratch = new Vec3();
    private final Vec3 ironField = new Vec3();
    private volatile boolean nearbyIron;

    public MagSim(long seed, Params params) {
        this(seed, params, SensorErrors.none());
    }

    /** @param errors known calibration errors (read once; {@link SensorErrors#none()} for an ideal sensor) */
    public MagSim(long seed, Params params, SensorErrors errors) {
        ironErrors = errors.hasMagErrors();
        for (int i = 0; i < 3; i++) {
            hardIronError[i] = errors.magHardIronGauss[i];
            System.arraycopy(errors.magSoftIron[i], 0, softIron[i], 0, 3);
        }
        ironMomentNed.set(errors.ironMomentNedAm2);
        ironPositionNed.set(errors.ironPositionNedM);
        leverArmFrd.set(errors.magLeverArmFrdM);
        nearbyIron = errors.nearbyIronAtStart;
        rng = new SplittableRandom(seed);
        fieldNed.set(params.fieldNedGauss);
        hardIron.set(params.hardIronFrdGauss);
        noiseSigma = params.noiseSigmaGauss;
        double rate = params.rateHz > 0.0 ? params.rateHz : 100.0;
        periodNs = Math.round(1.0e9 / rate);
    }

    /** The Earth field this sensor sees, NED (gauss). Live object: do not modify. */
    public Vec3 fieldNedGauss() {
        return fieldNed;
    }

    /**
     * Puts the iron of {@link SensorErrors} near the magnetometer, or takes it away (a technician's
     * tool left on the bench). Any thread; takes effect at the next sample.
     */
    public void nearbyIron(boolean present) {
        nearbyIron = present;
    }

    public boolean nearbyIron() {
        return nearbyIron;
    }

    /**
     * Writes into {@code out} the field (gauss, body FRD) of the iron on the bench at the
     * magnetometer for the attitude {@code att}: the point-dipole field
     * {@code μ0/4π · (3 (m·r̂) r̂ − m) / r³} (μ0/4π = 1e-7 T·m/A; 1 T = 1e4 G) with r from the iron
     * to the magnetometer, which sits at its lever arm from the rotation centre. Non-linear in the
     * attitude through r, so no ellipsoid fits a sweep that includes it.
     */
    public Vec3 ironFieldFrd(org.hoverla.core.math.Quat att, Vec3 out) {
        att.rotate(leverArmFrd, scratch);
        scratch.sub(ironPositionNed);
        double r = scratch.norm();
        if (!(r > 1e-3)) {
            return out.zero();
        }
        double ux = scratch.x / r;
        double uy = scratch.y / r;
        double uz = scratch.z / r;
        double mDotU = ironMomentNed.x * ux + ironMomentNed.y * uy + ironMomentNed.z * uz;
        double k = 1e-7 * 1e4 / (r * r * r);
        scratch.set(k * (3.0 * mDotU * ux - ironMomentNed.x), k * (3.0 * mDotU * uy - ironMomentNed.y),
                k * (3.0 * mDotU * uz - ironMomentNed.z));
        return att.rotateInverse(scratch, out);
    }

    /** Declination of the simulated field (rad, east positive). */
    public double declinationRad() {
        return Math.atan2(fieldNed.y, fieldNed.x);
    }

    /** Inclination of the simulated field (rad, down positive). */
    public double inclinationRad() {
        return Math.atan2(fieldNed.z, fieldNed.normXy());
    }

    /**
     * Writes into {@code out} the NED field (gauss) for a declination (deg, east +),
     * inclination (deg, down +) and total intensity (gauss).
     */
    public static Vec3 fieldFromAngles(double declinationDeg, double inclinationDeg, double totalGauss, Vec3 out) {
        double d = Math.toRadians(declinationDeg);
        double i = Math.toRadians(inclinationDeg);
        double h = totalGauss * Math.cos(i);
        return out.set(h * Math.cos(d), h * Math.sin(d), totalGauss * Math.sin(i));
    }

    /**
     * Writes into {@code out} the IGRF-13 degree-1 (tilted dipole) field at the Earth's
     * surface, NED gauss, for a latitude/longitude in degrees (treated as geocentric).
     * From V = a (a/r)^2 [g10 cos t + (g11 cos p + h11 sin p) sin t] with t colatitude and
     * p longitude: X = (1/r) dV/dt, Y = -(1/(r sin t)) dV/dp, Z = dV/dr at r = a.
     * Coarse: see the class comment.
     */
    public static Vec3 dipoleField(double latDeg, double lonDeg, Vec3 out) {
        double t = Math.toRadians(90.0 - latDeg);
        double p = Math.toRadians(lonDeg);
        double ct = Math.cos(t);
        double st = Math.sin(t);
        double cp = Math.cos(p);
        double sp = Math.sin(p);
        double eq = IGRF_G11_NT * cp + IGRF_H11_NT * sp;
        double xNt = -IGRF_G10_NT * st + eq * ct;
        double yNt = IGRF_G11_NT * sp - IGRF_H11_NT * cp;
        double zNt = -2.0 * (IGRF_G10_NT * ct + eq * st);
        return out.set(xNt * 1e-5, yNt * 1e-5, zNt * 1e-5);
    }

    /**
     * Writes a sample and returns true when one is due at {@code nowNs} (the first call is
     * always due); otherwise returns false and leaves {@code out} untouched.
     */
    public boolean update(MulticopterSim sim, long nowNs, MagSample out) {
        if (nextDueNs != Long.MIN_VALUE && nowNs < nextDueNs) {
            return false;
        }
        if (nextDueNs == Long.MIN_VALUE || nowNs - nextDueNs >= periodNs) {
            nextDueNs = nowNs + periodNs;
        } else {
            nextDueNs += periodNs;
        }
        sim.attitude().rotateInverse(fieldNed, body);
        if (nearbyIron) {
            body.add(ironFieldFrd(sim.attitude(), ironField));
        }
        if (ironErrors) {
            double[][] s = softIron;
            double bx = body.x;
            double by = body.y;
            double bz = body.z;
            body.set(s[0][0] * bx + s[0][1] * by + s[0][2] * bz + hardIronError[0],
                    s[1][0] * bx + s[1][1] * by + s[1][2] * bz + hardIronError[1],
                    s[2][0] * bx + s[2][1] * by + s[2][2] * bz + hardIronError[2]);
        }
        out.timestampSampleNs = nowNs;
        out.fieldXGauss = body.x + hardIron.x + noiseSigma * rng.nextGaussian();
        out.fieldYGauss = body.y + hardIron.y + noiseSigma * rng.nextGaussian();
        out.fieldZGauss = body.z + hardIron.z + noiseSigma * rng.nextGaussian();
        return true;
    }
}
