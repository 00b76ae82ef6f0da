package org.hoverla.core.failure;

import org.hoverla.core.control.MotorGeometry;

/**
 * Judges attitude failure, motor failure and overall thrust loss from the attitude, the body rates
 * and the control effort, with no ESC telemetry (PX4's failure_detector does the attitude part the
 * same way; its motor check needs ESC currents, this one does not).
 *
 * <h2>Attitude failure</h2>
 * Roll beyond {@code FD_FAIL_R} for {@code FD_FAIL_R_TTRI} seconds, or pitch beyond
 * {@code FD_FAIL_P} for {@code FD_FAIL_P_TTRI} (PX4's names, meanings and defaults: 60 degrees,
 * 0.3 s). It clears as soon as both are back within their limits, as PX4's hysteresis does.
 *
 * <h2>Motor failure, from the control effort</h2>
 * A motor that loses its thrust makes the airframe roll and pitch towards its side; the rate
 * controller answers by commanding that motor up and the opposite ones down, and keeps doing so
 * because the torque never comes. So motor {@code i} is suspect while, at once,
 * <ol>
 *   <li>its command exceeds the mean command of the other motors by at least
 *       {@code FD_MOT_EXC} (normalised thrust), and</li>
 *   <li>the command as a whole asks for roll/pitch torque towards motor {@code i}: at least half
 *       of {@code FD_MOT_EXC} along its direction (a yaw demand raises a symmetric set of motors
 *       and asks for none), and</li>
 *   <li>the body is not turning the way that excess pushes: the body rate projected on the
 *       roll/pitch torque direction of motor {@code i} (from the geometry, the direction of
 *       (-y_i, x_i)) is below {@code FD_MOT_RATE}.</li>
 * </ol>
 * A motor suspect without a break for {@code FD_MOT_TTRI} seconds is declared failed. Why that
 * separates a failure from hard flying: a healthy motor commanded that far above the others gives
 * the airframe hundreds of rad/s² of angular acceleration, so the rate controller reaches its
 * setpoint and backs off within tens of milliseconds; only a motor whose thrust does not arrive
 * keeps the excess for a tenth of a second and more. Condition 2 keeps out the ground (a hard
 * landing, a tip-over), where a healthy motor's excess is held by the ground, as does checking
 * only when flying. The first failed motor is latched until disarm (the allocation is then built
 * without it); later suspects are ignored.
 *
 * <h2>Thrust loss</h2>
 * The collective saturated upwards (the mixer could give no more thrust) while sinking faster
 * than {@link #THRUST_LOSS_SINK_MPS}, for {@link #THRUST_LOSS_TRIGGER_S}; clears at once.
 *
 * <p>Pure: no bus, clock or parameters. Flight thread; {@link #update} allocates nothing and never
 * throws. Not thread-safe.
 */
public final class FailureDetector {
    /** Sinking speed (m/s, down) that, with the collective saturated up, counts as thrust loss. */
    public static final double THRUST_LOSS_SINK_MPS = 1.0;
    /**
     * The part of FD_MOT_EXC that must show as roll/pitch torque towards the motor. One motor above
     * equal others by e asks for a torque of e along its own direction; half of it leaves room for
     * the yaw and collective the controller mixes in while it fights the failure.
     */
    static final double TORQUE_SHARE = 0.5;
    /** How long thrust loss must hold before it is reported (s). */
    public static final double THRUST_LOSS_TRIGGER_S = 1.0;

    private final int motorCount;
    /** Unit roll/pitch torque direction of each motor's thrust (FRD: roll = -y, pitch = x). */
    private final double[] dirRoll;
    private final double[] dirPitch;
    private final double[] suspectS;

    private double rollLimitRad = Math.toRadians(60.0);
    private double pitchLimitRad = Math.toRadians(60.0);
    private double rollTriggerS = 0.3;
    private double pitchTriggerS = 0.3;
    private boolean motorCheckEnabled = true;
    private double excessThreshold = 0.35;
    private double rateThresholdRadps = Math.toRadians(90.0);
    private double motorTriggerS = 0.3;

    private double rollOverS;
    private double pitchOverS;
    private double thrustLossS;
    private boolean attitudeFailure;
    private boolean thrustLoss;
    private int failedMotor = -1;
    private double failedAfterS;
    private double armedFlyingS;

    public FailureDetector(MotorGeometry geometry) {
        motorCount = geometry.motorCount();
        dirRoll = new double[motorCount];
        dirPitch = new double[motorCount];
        suspectS = new double[motorCount];
        for (int i = 0; i < motorCount; i++) {
            double r = -geometry.yM(i);
            double p = geometry.xM(i);
            double norm = Math.hypot(r, p);
            // A motor on the centre of mass has no roll/pitch effect: it can never be told apart.
            dirRoll[i] = norm > 1e-9 ? r / norm : 0.0;
            dirPitch[i] = norm > 1e-9 ? p / norm : 0.0;
        }
    }

    /**
     * Sets the thresholds (at most once a second, from the parameters).
     *
     * @param rollLimitDeg   FD_FAIL_R; 0 turns the roll check off
     * @param pitchLimitDeg  FD_FAIL_P; 0 turns the pitch check off
     * @param rollTriggerS   FD_FAIL_R_TTRI
     * @param pitchTriggerS  FD_FAIL_P_TTRI
     * @param motorCheck     FD_MOT_EN
     * @param excessNorm     FD_MOT_EXC
     * @param rateDegps      FD_MOT_RATE
     * @param motorTriggerS  FD_MOT_TTRI
     */
    public void configure(double rollLimitDeg, double pitchLimitDeg, double rollTriggerS, double pitchTriggerS,
                          boolean motorCheck, double excessNorm, double rateDegps, double motorTriggerS) {
        this.rollLimitRad = Math.toRadians(rollLimitDeg);
        this.pitchLimitRad = Math.toRadians(pitchLimitDeg);
        this.rollTriggerS = rollTriggerS;
        this.pitchTriggerS = pitchTriggerS;
        this.motorCheckEnabled = motorCheck;
        this.excessThreshold = excessNorm;
        this.rateThresholdRadps = Math.toRadians(rateDegps);
        this.motorTriggerS = motorTriggerS;
    }

    /**
     * One detector step.
     *
     * @param armed              disarmed clears everything, the latched motor failure included
     * @param flying             armed and airborne (not landed, no ground contact); the checks
     *                           run only then, the latched motor failure stays
     * @param rollRad            roll angle (Euler, FRD to NED)
     * @param pitchRad           pitch angle
     * @param rollRateRadps      body roll rate, FRD
     * @param pitchRateRadps     body pitch rate, FRD
     * @param motorThrustNorm    the mixer's per-motor command (fraction of full thrust)
     * @param thrustSaturatedUp  the mixer could not have given more collective thrust
     * @param velDownMps         vertical velocity, NED (positive = sinking); NaN when unknown
     * @param dtS                time since the previous step (s); non-positive or non-finite skips
     */
    public void update(boolean armed, boolean flying, double rollRad, double pitchRad, double rollRateRadps,
                       double pitchRateRadps, double[] motorThrustNorm, boolean thrustSaturatedUp, double velDownMps,
                       double dtS) {
        if (!armed) {
            reset();
            return;
        }
        if (!(dtS > 0.0) || dtS > 1.0) {
            return;
        }
        if (!flying) {
            rollOverS = 0.0;
            pitchOverS = 0.0;
            thrustLossS = 0.0;
            attitudeFailure = false;
            thrustLoss = false;
            clearSuspects();
            return;
        }
        armedFlyingS += dtS;
        updateAttitude(rollRad, pitchRad, dtS);
        if (motorCheckEnabled && failedMotor < 0) {
            updateMotors(rollRateRadps, pitchRateRadps, motorThrustNorm, dtS);
        } else if (!motorCheckEnabled) {
            clearSuspects();
        }
        boolean sinking = thrustSaturatedUp && velDownMps > THRUST_LOSS_SINK_MPS;
        thrustLossS = sinking ? thrustLossS + dtS : 0.0;
        thrustLoss = thrustLossS >= THRUST_LOSS_TRIGGER_S;
    }

    private void updateAttitude(double rollRad, double pitchRad, double dtS) {
        // NaN angles count as within limits: an estimator that lost its attitude is another check's job.
        boolean rollOver = rollLimitRad > 0.0 && Math.abs(rollRad) > rollLimitRad;
        boolean pitchOver = pitchLimitRad > 0.0 && Math.abs(pitchRad) > pitchLimitRad;
        rollOverS = rollOver ? rollOverS + dtS : 0.0;
        pitchOverS = pitchOver ? pitchOverS + dtS : 0.0;
        attitudeFailure = (rollOver && rollOverS >= rollTriggerS) || (pitchOver && pitchOverS >= pitchTriggerS);
    }

    private void updateMotors(double rollRateRadps, double pitchRateRadps, double[] u, double dtS) {
        double sum = 0.0;
        double torqueRoll = 0.0;
        double torquePitch = 0.0;
        for (int i = 0; i < motorCount; i++) {
            double v = Double.isFinite(u[i]) ? u[i] : 0.0;
            sum += v;
            torqueRoll += v * dirRoll[i];
            torquePitch += v * dirPitch[i];
        }
        for (int i = 0; i < motorCount; i++) {
            double v = Double.isFinite(u[i]) ? u[i] : 0.0;
            double excess = v - (sum - v) / (motorCount - 1);
            // The roll/pitch torque the whole command asks for, along motor i's direction. A yaw
            // demand raises every motor of one spin direction, which sit symmetrically and ask for no
            // roll/pitch torque (a quad's diagonal pair, a hexa's three at 120 degrees): such an
            // excess is the yaw's, not a missing thrust's (the e2e's Change Heading saturated the
            // yaw as (1, 1, 0, 0) and once had a healthy quad's motor removed).
            double torqueAlong = torqueRoll * dirRoll[i] + torquePitch * dirPitch[i];
            double rateAlong = rollRateRadps * dirRoll[i] + pitchRateRadps * dirPitch[i];
            // NaN rates fail the comparison: no evidence, no suspicion.
            boolean suspect = excess >= excessThreshold && torqueAlong >= TORQUE_SHARE * excessThreshold
                    && rateAlong < rateThresholdRadps && (dirRoll[i] != 0.0 || dirPitch[i] != 0.0);
            suspectS[i] = suspect ? suspectS[i] + dtS : 0.0;
            if (suspect && suspectS[i] >= motorTriggerS && failedMotor < 0) {
                failedMotor = i;
                failedAfterS = armedFlyingS;
            }
        }
    }

    private void clearSuspects() {
        for (int i = 0; i < motorCount; i++) {
            suspectS[i] = 0.0;
        }
    }

    /** Clears every state, latched failures included (disarm). */
    public void reset() {
        rollOverS = 0.0;
        pitchOverS = 0.0;
        thrustLossS = 0.0;
        attitudeFailure = false;
        thrustLoss = false;
        failedMotor = -1;
        failedAfterS = 0.0;
        armedFlyingS = 0.0;
        clearSuspects();
    }

    public boolean attitudeFailure() {
        return attitudeFailure;
    }

    /** The failed motor (0-based, the mixer's order), or -1. Latched until disarm. */
    public int failedMotor() {
        return failedMotor;
    }

    /** Bit i set: motor i judged failed (at most one bit: the first failure). */
    public int motorFailureMask() {
        return failedMotor < 0 ? 0 : 1 << failedMotor;
    }

    public boolean thrustLoss() {
        return thrustLoss;
    }

    /** How long motor {@code i} has been suspect without a break (s). For tests and logs. */
    public double suspectSeconds(int i) {
        return suspectS[i];
    }
}
