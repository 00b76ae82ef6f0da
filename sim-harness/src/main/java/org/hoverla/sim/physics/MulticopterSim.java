package org.hoverla.sim.physics;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * Six-degree-of-freedom rigid-body model of a multicopter over flat ground.
 *
 * <p>Frames and units: SI; world frame NED with its origin on the ground at home (ground
 * plane {@code z = 0}, z positive down); body frame FRD; {@link #attitude()} rotates FRD to
 * NED. Forces modelled: gravity ({@link Airframe#GRAVITY_MPS2}), rotor thrust along body
 * {@code -z}, rotor reaction torques, roll/pitch torques from the motor positions, body drag
 * quadratic in air-relative velocity per body axis, rotor (induced) drag linear in the
 * air-relative body-horizontal velocity and in the summed rotor speed, and a small linear
 * rotational damping. Rotational motion follows Euler's equations including the gyroscopic
 * term {@code omega x I omega}. Not modelled: rotor inertia (spin-up torque and rotor
 * gyroscopic coupling), ground effect, blade flapping moments, the rotor-drag moment arm.
 *
 * <p>Integration: motor speeds follow a first-order lag solved exactly over the step, then
 * held for the step; the 13 rigid-body states (position, velocity, quaternion, body rates)
 * are integrated with classic fourth-order Runge-Kutta and the quaternion renormalised.
 *
 * <p>Ground: flat, at {@code z = 0}. The vehicle never sinks below it. While the non-ground
 * forces push it into the ground it rests: vertical velocity 0, Coulomb friction stops
 * horizontal sliding, roll and pitch settle to level and body rates are zeroed. Touching
 * down faster than {@link #CRASH_VERTICAL_SPEED_MPS} or tilted more than
 * {@link #CRASH_TILT_RAD} latches {@link #crashed()}; after a crash the rotors are treated
 * as broken and stop.
 *
 * <p>Threading: single-threaded; the lockstep runner calls {@link #step} and then reads the
 * accessors. {@link #step} allocates nothing and throws nothing: non-finite or missing
 * inputs are treated as zero (or as "no step" for a bad {@code dtS}). Accessors return live
 * internal objects that callers must not modify.
 */
public final class MulticopterSim {
    /** Vertical touchdown speed above which a landing counts as a crash (m/s). Brief value. */
    public static final double CRASH_VERTICAL_SPEED_MPS = 3.0;
    /**
     * Deceleration the landing gear (legs and feet compressing) applies to a touchdown, m/s^2.
     * A rigid ground would stop the vehicle within one step, an impulse no accelerometer can
     * report (it saturates at 16 g); 5 g stops a 0.7 m/s landing in 14 ms over about 5 mm of
     * travel, within the accelerometer's range, so the IMU sees the touchdown as a real one does.
     */
    public static final double GEAR_DECELERATION_MPS2 = 5.0 * 9.80665;
    /** Tilt at touchdown above which a landing counts as a crash (rad). Brief value, 60 deg. */
    public static final double CRASH_TILT_RAD = Math.toRadians(60.0);
    /**
     * Ground friction coefficient. Estimate: plastic landing gear on grass or concrete,
     * Coulomb coefficients of 0.4-0.8; 0.6 stops a 1 m/s slide in ~0.17 s.
     */
    public static final double GROUND_FRICTION = 0.6;
    /** Time constant with which roll and pitch settle to level while resting (s). Estimate. */
    public static final double GROUND_LEVELLING_TIME_CONSTANT_S = 0.05;

    private static final String REASON_NONE = "";
    private static final String REASON_VERTICAL_SPEED = "touchdown vertical speed above 3 m/s";
    private static final String REASON_TILT = "touchdown tilt above 60 deg";

    private static final int PX = 0;
    private static final int PY = 1;
    private static final int PZ = 2;
    private static final int VX = 3;
    private static final int VY = 4;
    private static final int VZ = 5;
    private static final int QW = 6;
    private static final int QX = 7;
    private static final int QY = 8;
    private static final int QZ = 9;
    private static final int WX = 10;
    private static final int WY = 11;
    private static final int WZ = 12;
    private static final int N = 13;

    private final Airframe af;
    private final int motorCount;
    /** Per motor: the fraction of the commanded rotor speed it reaches ({@link #setMotorThrustFactor}). */
    private final double[] rotorSpeedFactor;
    private final double mass;
    private final double ixx;
    private final double iyy;
    private final double izz;
    private final double halfRhoCdAx;
    private final double halfRhoCdAy;
    private final double halfRhoCdAz;

    // State and RK4 scratch, preallocated.
    private final double[] s = new double[N];
    private final double[] k1 = new double[N];
    private final double[] k2 = new double[N];
    private final double[] k3 = new double[N];
    private final double[] k4 = new double[N];
    private final double[] tmp = new double[N];
    private final double[] omega;

    // Inputs held constant across one step.
    private double thrustTotalN;
    private double sumOmegaRadps;
    private double rotorTorqueX;
    private double rotorTorqueY;
    private double rotorTorqueZ;
    private double windN;
    private double windE;
    private double windD;

    // Scratch outputs of the last derivative evaluation (body force over mass, body frame).
    private double lastFbx;
    private double lastFby;
    private double lastFbz;

    private double lastDtS = Double.NaN;
    private double lastAlpha;
    private double lastLevelDtS = Double.NaN;
    private double lastLevelFactor;

    private boolean inContact;
    private boolean onGround;
    private final Quat levelled = new Quat();
    private final Quat stepStartAttitude = new Quat();
    private final Quat levelStep = new Quat();
    /** Body rate of the ground levelling during the last resting step, FRD (rad/s). */
    private final Vec3 groundRateFrd = new Vec3();
    private boolean crashed;
    private String crashReason = REASON_NONE;
    private double timeS;
    private double currentA;

    // Published views, refreshed at the end of each step.
    private final Vec3 positionNed = new Vec3();
    private final Vec3 velocityNed = new Vec3();
    private final Quat attitude = new Quat();
    private final Vec3 angularVelocityFrd = new Vec3();
    private final Vec3 specificForceFrd = new Vec3();
    /** Velocity change the ground made in the last step (gear, clamp, friction), over dt, NED. */
    private final Vec3 contactAccelNed = new Vec3();
    private final Vec3 stepVelStartNed = new Vec3();
    private double lastStepDtS;
    private final Vec3 angularAccelerationFrd = new Vec3();

    /**
     * Creates the vehicle resting on the ground at the origin, level, heading
     * {@code initialYawRad} (radians, clockwise from north seen from above), motors stopped.
     */
    public MulticopterSim(Airframe airframe, double initialYawRad) {
        this.af = airframe;
        this.motorCount = airframe.motorCount();
        this.mass = airframe.massKg();
        this.ixx = airframe.ixxKgm2();
        this.iyy = airframe.iyyKgm2();
        this.izz = airframe.izzKgm2();
        this.halfRhoCdAx = 0.5 * Airframe.AIR_DENSITY_KGPM3 * airframe.cdAreaXM2();
        this.halfRhoCdAy = 0.5 * Airframe.AIR_DENSITY_KGPM3 * airframe.cdAreaYM2();
        this.halfRhoCdAz = 0.5 * Airframe.AIR_DENSITY_KGPM3 * airframe.cdAreaZM2();
        this.omega = new double[motorCount];
        this.rotorSpeedFactor = new double[motorCount];
        java.util.Arrays.fill(rotorSpeedFactor, 1.0);
        Quat q = new Quat().setEuler(0.0, 0.0, initialYawRad);
        resetState(new Vec3(), new Vec3(), q, new Vec3());
    }

    /**
     * Sets the rigid-body state (for tests and scenario starts): position NED (m), velocity
     * NED (m/s), attitude FRD to NED (normalised here), body rates FRD (rad/s). Clears the
     * crash flag and the clock-independent contact state; a position at or below the ground
     * starts in contact and resting. Motor speeds are left unchanged. Not for the hot path.
     */
    public void resetState(Vec3 posNedM, Vec3 velNedMps, Quat attFrdToNed, Vec3 ratesFrdRadps) {
        s[PX] = posNedM.x;
        s[PY] = posNedM.y;
        s[PZ] = Math.min(0.0, posNedM.z);
        s[VX] = velNedMps.x;
        s[VY] = velNedMps.y;
        s[VZ] = velNedMps.z;
        double n = attFrdToNed.norm();
        if (!(n > 0.0) || !attFrdToNed.isFinite()) {
            s[QW] = 1.0;
            s[QX] = 0.0;
            s[QY] = 0.0;
            s[QZ] = 0.0;
        } else {
            s[QW] = attFrdToNed.w / n;
            s[QX] = attFrdToNed.x / n;
            s[QY] = attFrdToNed.y / n;
            s[QZ] = attFrdToNed.z / n;
        }
        s[WX] = ratesFrdRadps.x;
        s[WY] = ratesFrdRadps.y;
        s[WZ] = ratesFrdRadps.z;
        inContact = posNedM.z >= 0.0;
        onGround = inContact;
        if (onGround) {
            s[VZ] = Math.min(0.0, s[VZ]);
        }
        crashed = false;
        crashReason = REASON_NONE;
        lastStepDtS = 0.0;
        contactAccelNed.zero();
        prepareRotors();
        publish(onGround);
    }

    /** Sets the rotor speeds directly (rad/s), e.g. to start a test already hovering. */
    public void setMotorSpeedsRadps(double[] speedsRadps) {
        for (int i = 0; i < motorCount; i++) {
            double w = i < speedsRadps.length ? speedsRadps[i] : 0.0;
            omega[i] = Double.isFinite(w) && w > 0.0 ? w : 0.0;
        }
        prepareRotors();
    }

    /**
     * Advances the simulation by {@code dtS} seconds.
     *
     * @param dtS               step (s); a non-positive or non-finite value does nothing
     * @param motorCommandsNorm one command per motor in [0, 1] (clamped; NaN and missing = 0);
     *                          index order as {@link Airframe}
     * @param batteryVoltageV   pack terminal voltage (V); scales the ESC's rpm target
     * @param windNedMps        wind velocity in NED (m/s), air moving towards; null = calm
     */
    public void step(double dtS, double[] motorCommandsNorm, double batteryVoltageV, Vec3 windNedMps) {
        if (!(dtS > 0.0) || dtS == Double.POSITIVE_INFINITY) {
            return;
        }
        if (windNedMps != null) {
            windN = finiteOrZero(windNedMps.x);
            windE = finiteOrZero(windNedMps.y);
            windD = finiteOrZero(windNedMps.z);
        } else {
            windN = 0.0;
            windE = 0.0;
            windD = 0.0;
        }
        updateRotors(dtS, motorCommandsNorm, batteryVoltageV);

        boolean wasResting = onGround;
        stepStartAttitude.set(s[QW], s[QX], s[QY], s[QZ]);
        double oldPx = s[PX];
        double oldPy = s[PY];
        stepVelStartNed.set(s[VX], s[VY], s[VZ]);
        lastStepDtS = dtS;
        contactAccelNed.zero();

        // Classic RK4.
        derivative(s, k1);
        for (int j = 0; j < N; j++) {
            tmp[j] = s[j] + 0.5 * dtS * k1[j];
        }
        derivative(tmp, k2);
        for (int j = 0; j < N; j++) {
            tmp[j] = s[j] + 0.5 * dtS * k2[j];
        }
        derivative(tmp, k3);
        for (int j = 0; j < N; j++) {
            tmp[j] = s[j] + dtS * k3[j];
        }
        derivative(tmp, k4);
        double h6 = dtS / 6.0;
        for (int j = 0; j < N; j++) {
            s[j] += h6 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
        }
        normaliseQuat();

        boolean resting = false;
        if (s[PZ] >= 0.0) {
            if (!inContact) {
                // Touchdown event: judge it on the state that reached the ground.
                inContact = true;
                if (!crashed) {
                    if (s[VZ] > CRASH_VERTICAL_SPEED_MPS) {
                        crashed = true;
                        crashReason = REASON_VERTICAL_SPEED;
                    } else if (tiltRad() > CRASH_TILT_RAD) {
                        crashed = true;
                        crashReason = REASON_TILT;
                    }
                }
            }
            s[PZ] = 0.0;
            double vxIn = s[VX];
            double vyIn = s[VY];
            double vzIn = s[VZ];
            if (s[VZ] > 0.0) {
                s[VZ] -= Math.min(s[VZ], GEAR_DECELERATION_MPS2 * dtS);
            }
            // Do the non-ground forces press the vehicle into the ground (gear fully absorbed)?
            derivative(s, k1);
            double downAccel = k1[VZ];
            if (downAccel >= 0.0 && s[VZ] <= 0.0) {
                resting = true;
                s[VZ] = 0.0;
                applyGroundFriction(downAccel, dtS, wasResting, oldPx, oldPy);
                levelOnGround(dtS);
                // What a gyro measures over this step: the whole rotation the step made
                // (torque before contact was resolved, then levelling), as a mean rate.
                levelStep.setConjProduct(stepStartAttitude, levelled);
                levelStep.toRotationVector(groundRateFrd);
                groundRateFrd.scale(1.0 / dtS);
                s[WX] = 0.0;
                s[WY] = 0.0;
                s[WZ] = 0.0;
            }
            contactAccelNed.set((s[VX] - vxIn) / dtS, (s[VY] - vyIn) / dtS, (s[VZ] - vzIn) / dtS);
        } else {
            inContact = false;
        }
        onGround = resting;
        timeS += dtS;
        publish(resting);
    }

    /**
     * Advances by {@code dtS} with the body held by a {@link BenchFixture}: position kept, velocity
     * zero, attitude and body rate as the fixture sets them. The rotors still follow
     * {@code motorCommandsNorm} (and draw current) but move nothing. The accelerometer reads the
     * reaction to gravity in the held attitude (the fixture turns the vehicle about its centre of
     * gravity, where the IMU is, so no centripetal term). Allocation-free.
     */
    public void holdInFixture(double dtS, Quat attitudeFrdToNed, Vec3 rateFrdRadps, double[] motorCommandsNorm,
                              double batteryVoltageV) {
        if (!(dtS > 0.0) || dtS == Double.POSITIVE_INFINITY) {
            return;
        }
        updateRotors(dtS, motorCommandsNorm, batteryVoltageV);
        double pwx = s[WX];
        double pwy = s[WY];
        double pwz = s[WZ];
        s[VX] = 0.0;
        s[VY] = 0.0;
        s[VZ] = 0.0;
        s[QW] = attitudeFrdToNed.w;
        s[QX] = attitudeFrdToNed.x;
        s[QY] = attitudeFrdToNed.y;
        s[QZ] = attitudeFrdToNed.z;
        normaliseQuat();
        s[WX] = rateFrdRadps.x;
        s[WY] = rateFrdRadps.y;
        s[WZ] = rateFrdRadps.z;
        inContact = s[PZ] >= 0.0;
        onGround = true;
        lastStepDtS = dtS;
        contactAccelNed.zero();
        timeS += dtS;
        positionNed.set(s[PX], s[PY], s[PZ]);
        velocityNed.zero();
        attitude.set(s[QW], s[QX], s[QY], s[QZ]);
        angularVelocityFrd.set(s[WX], s[WY], s[WZ]);
        specificForceFrd.set(0.0, 0.0, -Airframe.GRAVITY_MPS2);
        attitude.rotateInverse(specificForceFrd, specificForceFrd);
        angularAccelerationFrd.set((s[WX] - pwx) / dtS, (s[WY] - pwy) / dtS, (s[WZ] - pwz) / dtS);
    }

    /**
     * Sets the vehicle down from a fixture: on the ground where it was, level at its current
     * heading, still. Not for the hot path.
     */
    public void setDownLevel() {
        Quat level = new Quat().setEuler(0.0, 0.0, attitude.yaw());
        resetState(new Vec3(s[PX], s[PY], 0.0), new Vec3(), level, new Vec3());
    }

    // ---------------------------------------------------------------- accessors

    /** Position of the centre of gravity, NED (m). Live object: do not modify. */
    public Vec3 positionNed() {
        return positionNed;
    }

    /** Velocity, NED (m/s). Live object: do not modify. */
    public Vec3 velocityNed() {
        return velocityNed;
    }

    /** Attitude, rotating FRD to NED. Live object: do not modify. */
    public Quat attitude() {
        return attitude;
    }

    /** Body rates, FRD (rad/s). Live object: do not modify. */
    public Vec3 angularVelocityFrd() {
        return angularVelocityFrd;
    }

    /**
     * What an ideal accelerometer at the CoG reads, FRD (m/s^2): non-gravitational force over
     * mass, including the ground reaction while resting, so about (0, 0, -g) on the ground.
     */
    public Vec3 specificForceFrd() {
        return specificForceFrd;
    }

    /** Body angular acceleration at the end of the last step, FRD (rad/s^2); 0 while resting. */
    public Vec3 angularAccelerationFrd() {
        return angularAccelerationFrd;
    }

    /**
     * A motor that loses thrust (a damaged propeller, a failing ESC): from now on motor {@code i}
     * gives {@code thrustFactor} of the thrust it would give for the same command (0 = dead,
     * 1 = healthy). The rotor speed scales with its square root, as thrust goes with speed
     * squared. An index out of range is ignored; the factor is clamped to [0, 1] (NaN = 0).
     */
    public void setMotorThrustFactor(int i, double thrustFactor) {
        if (i < 0 || i >= motorCount) {
            return;
        }
        double f = thrustFactor > 0.0 ? (thrustFactor < 1.0 ? thrustFactor : 1.0) : 0.0;
        rotorSpeedFactor[i] = Math.sqrt(f);
    }

    /** Rotor speed of motor {@code i} (rad/s); 0 for an index out of range. */
    public double motorSpeedRadps(int i) {
        return i >= 0 && i < motorCount ? omega[i] : 0.0;
    }

    /** Thrust of motor {@code i} (N). */
    public double motorThrustN(int i) {
        return i >= 0 && i < motorCount ? af.kThrustNPerRadps2() * omega[i] * omega[i] : 0.0;
    }

    /**
     * Estimated current drawn from the pack (A): summed rotor shaft power kQ w^3 over the
     * motor+ESC efficiency and the pack voltage, plus the avionics draw.
     */
    public double totalCurrentA() {
        return currentA;
    }

    /** True while resting on the ground (pressed into it, not lifting off). */
    public boolean onGround() {
        return onGround;
    }

    /** True once a touchdown exceeded the crash limits; latched until {@link #resetState}. */
    public boolean crashed() {
        return crashed;
    }

    /** Why the vehicle crashed; empty when it has not. Constant strings, no allocation. */
    public String crashReason() {
        return crashReason;
    }

    /** Simulated time since construction (s). */
    public double timeS() {
        return timeS;
    }

    /** The airframe this simulation uses. */
    public Airframe airframe() {
        return af;
    }

    // ---------------------------------------------------------------- internals

    /** Rotor speeds (first-order lag towards the commands) and the electrical current, for one step. */
    private void updateRotors(double dtS, double[] motorCommandsNorm, double batteryVoltageV) {
        double volts = batteryVoltageV > 0.0 && batteryVoltageV < 1.0e3 ? batteryVoltageV : 0.0;

        // Motors: an ESC drives roughly proportional to rpm, so the target speed scales with
        // command and with the pack voltage; the rotor follows a first-order lag, solved
        // exactly: w += (w_target - w) (1 - exp(-dt / tau)).
        if (dtS != lastDtS) {
            lastDtS = dtS;
            lastAlpha = 1.0 - Math.exp(-dtS / af.motorTimeConstantS());
        }
        double speedScale = af.maxRotorSpeedRadps() * volts / af.nominalVoltageV();
        for (int i = 0; i < motorCount; i++) {
            double u = 0.0;
            if (!crashed && motorCommandsNorm != null && i < motorCommandsNorm.length) {
                u = motorCommandsNorm[i];
                u = u > 0.0 ? (u < 1.0 ? u : 1.0) : 0.0; // also maps NaN to 0
            }
            omega[i] += lastAlpha * (u * speedScale * rotorSpeedFactor[i] - omega[i]);
        }
        prepareRotors();
        double power = 0.0;
        double kq = af.kTorqueNmPerRadps2();
        for (int i = 0; i < motorCount; i++) {
            power += kq * omega[i] * omega[i] * omega[i];
        }
        // Electrical current: shaft power over motor+ESC efficiency, at the pack voltage.
        double vForCurrent = volts > 1.0 ? volts : af.nominalVoltageV();
        currentA = power / (af.propulsionEfficiency() * vForCurrent) + af.avionicsCurrentA();
    }


    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    /** Thrust sum, summed speed and rotor torques for the current rotor speeds. */
    private void prepareRotors() {
        double kt = af.kThrustNPerRadps2();
        double kq = af.kTorqueNmPerRadps2();
        double t = 0.0;
        double sw = 0.0;
        double tx = 0.0;
        double ty = 0.0;
        double tz = 0.0;
        for (int i = 0; i < motorCount; i++) {
            double w2 = omega[i] * omega[i];
            double thrust = kt * w2;
            t += thrust;
            sw += omega[i];
            // r x F with F = (0, 0, -T): (-y T, x T, 0).
            tx -= af.motorYM(i) * thrust;
            ty += af.motorXM(i) * thrust;
            // A CCW rotor (spin +1) drags the body CCW seen from below, i.e. +z FRD.
            tz += af.spinDirection(i) * kq * w2;
        }
        thrustTotalN = t;
        sumOmegaRadps = sw;
        rotorTorqueX = tx;
        rotorTorqueY = ty;
        rotorTorqueZ = tz;
    }

    /** ds = f(st); also leaves the body force over mass in lastFb*. */
    private void derivative(double[] st, double[] ds) {
        double qw = st[QW];
        double qx = st[QX];
        double qy = st[QY];
        double qz = st[QZ];
        double n2 = qw * qw + qx * qx + qy * qy + qz * qz;
        double inv = n2 > 0.0 ? 1.0 / Math.sqrt(n2) : 1.0;
        double w = qw * inv;
        double x = qx * inv;
        double y = qy * inv;
        double z = qz * inv;
        // Rotation matrix FRD -> NED.
        double r00 = 1.0 - 2.0 * (y * y + z * z);
        double r01 = 2.0 * (x * y - w * z);
        double r02 = 2.0 * (x * z + w * y);
        double r10 = 2.0 * (x * y + w * z);
        double r11 = 1.0 - 2.0 * (x * x + z * z);
        double r12 = 2.0 * (y * z - w * x);
        double r20 = 2.0 * (x * z - w * y);
        double r21 = 2.0 * (y * z + w * x);
        double r22 = 1.0 - 2.0 * (x * x + y * y);

        // Air-relative velocity in body axes.
        double arN = st[VX] - windN;
        double arE = st[VY] - windE;
        double arD = st[VZ] - windD;
        double bx = r00 * arN + r10 * arE + r20 * arD;
        double by = r01 * arN + r11 * arE + r21 * arD;
        double bz = r02 * arN + r12 * arE + r22 * arD;

        double rotorDrag = af.rotorDragNsPerMRad() * sumOmegaRadps;
        double fx = -rotorDrag * bx - halfRhoCdAx * Math.abs(bx) * bx;
        double fy = -rotorDrag * by - halfRhoCdAy * Math.abs(by) * by;
        double fz = -thrustTotalN - halfRhoCdAz * Math.abs(bz) * bz;
        double invM = 1.0 / mass;
        fx *= invM;
        fy *= invM;
        fz *= invM;
        lastFbx = fx;
        lastFby = fy;
        lastFbz = fz;

        ds[PX] = st[VX];
        ds[PY] = st[VY];
        ds[PZ] = st[VZ];
        ds[VX] = r00 * fx + r01 * fy + r02 * fz;
        ds[VY] = r10 * fx + r11 * fy + r12 * fz;
        ds[VZ] = r20 * fx + r21 * fy + r22 * fz + Airframe.GRAVITY_MPS2;

        double wx = st[WX];
        double wy = st[WY];
        double wz = st[WZ];
        // Quaternion kinematics: q_dot = 0.5 q (x) (0, omega).
        ds[QW] = 0.5 * (-qx * wx - qy * wy - qz * wz);
        ds[QX] = 0.5 * (qw * wx + qy * wz - qz * wy);
        ds[QY] = 0.5 * (qw * wy - qx * wz + qz * wx);
        ds[QZ] = 0.5 * (qw * wz + qx * wy - qy * wx);

        // Euler's equations: I w_dot = tau - w x (I w).
        double damp = af.rotationalDampingNmsPerRad();
        double hx = ixx * wx;
        double hy = iyy * wy;
        double hz = izz * wz;
        double gx = wy * hz - wz * hy;
        double gy = wz * hx - wx * hz;
        double gz = wx * hy - wy * hx;
        ds[WX] = (rotorTorqueX - damp * wx - gx) / ixx;
        ds[WY] = (rotorTorqueY - damp * wy - gy) / iyy;
        ds[WZ] = (rotorTorqueZ - damp * wz - gz) / izz;
    }

    private void normaliseQuat() {
        double n = Math.sqrt(s[QW] * s[QW] + s[QX] * s[QX] + s[QY] * s[QY] + s[QZ] * s[QZ]);
        if (n > 0.0 && Double.isFinite(n)) {
            double inv = 1.0 / n;
            s[QW] *= inv;
            s[QX] *= inv;
            s[QY] *= inv;
            s[QZ] *= inv;
        } else {
            s[QW] = 1.0;
            s[QX] = 0.0;
            s[QY] = 0.0;
            s[QZ] = 0.0;
        }
    }

    private double tiltRad() {
        double c = 1.0 - 2.0 * (s[QX] * s[QX] + s[QY] * s[QY]);
        return Math.acos(c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c));
    }

    /**
     * Coulomb friction: the normal force per mass is the downward non-ground acceleration;
     * friction removes up to mu * that * dt of horizontal speed. If the vehicle was already
     * at rest and friction holds it, the position is restored so resting never drifts.
     */
    private void applyGroundFriction(double normalPerMass, double dtS, boolean wasResting,
                                     double oldPx, double oldPy) {
        double vh = Math.sqrt(s[VX] * s[VX] + s[VY] * s[VY]);
        double dv = GROUND_FRICTION * normalPerMass * dtS;
        if (vh <= dv) {
            s[VX] = 0.0;
            s[VY] = 0.0;
            if (wasResting) {
                s[PX] = oldPx;
                s[PY] = oldPy;
            }
        } else {
            double k = (vh - dv) / vh;
            s[VX] *= k;
            s[VY] *= k;
        }
    }

    /**
     * Decays roll and pitch towards level, keeping yaw, while resting. The caller reports the
     * step's whole rotation as the body rate ({@link #groundRateFrd}), so a gyro sees the
     * vehicle settle exactly as the attitude changes; an attitude that moved without a rate
     * would be invisible to the estimator and leave it tilted.
     */
    private void levelOnGround(double dtS) {
        if (dtS != lastLevelDtS) {
            lastLevelDtS = dtS;
            lastLevelFactor = Math.exp(-dtS / GROUND_LEVELLING_TIME_CONSTANT_S);
        }
        attitude.set(s[QW], s[QX], s[QY], s[QZ]);
        double roll = attitude.roll() * lastLevelFactor;
        double pitch = attitude.pitch() * lastLevelFactor;
        if (Math.abs(roll) < 1e-9) {
            roll = 0.0;
        }
        if (Math.abs(pitch) < 1e-9) {
            pitch = 0.0;
        }
        levelled.setEuler(roll, pitch, attitude.yaw());
        s[QW] = levelled.w;
        s[QX] = levelled.x;
        s[QY] = levelled.y;
        s[QZ] = levelled.z;
    }

    /** Refreshes the published views and the ideal accelerometer / angular acceleration. */
    private void publish(boolean resting) {
        positionNed.set(s[PX], s[PY], s[PZ]);
        velocityNed.set(s[VX], s[VY], s[VZ]);
        attitude.set(s[QW], s[QX], s[QY], s[QZ]);
        angularVelocityFrd.set(s[WX], s[WY], s[WZ]);
        if (resting) {
            angularVelocityFrd.set(groundRateFrd);
            // Held by the ground: the accelerometer reads the step's mean acceleration minus
            // gravity (the reaction, about -g along NED down when still), in body axes.
            if (lastStepDtS > 0.0) {
                specificForceFrd.set(s[VX], s[VY], s[VZ]).sub(stepVelStartNed).scale(1.0 / lastStepDtS);
            } else {
                specificForceFrd.zero();
            }
            specificForceFrd.z -= Airframe.GRAVITY_MPS2;
            attitude.rotateInverse(specificForceFrd, specificForceFrd);
            angularAccelerationFrd.zero();
        } else {
            derivative(s, k1);
            // Air forces plus whatever the ground did this step (gear, clamp, friction).
            attitude.rotateInverse(contactAccelNed, specificForceFrd);
            specificForceFrd.x += lastFbx;
            specificForceFrd.y += lastFby;
            specificForceFrd.z += lastFbz;
            angularAccelerationFrd.set(k1[WX], k1[WY], k1[WZ]);
        }
    }
}
