package org.hoverla.sim.physics;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;

/**
 * A calibration bench that holds the simulated vehicle in any attitude, at rest, and turns it
 * between attitudes at a finite rate, as a technician's hands or a calibration cradle do.
 *
 * <p>While {@link #engaged()}, {@code SimWorld} takes the vehicle's attitude and body rate from
 * here instead of integrating the rigid-body dynamics ({@link MulticopterSim#holdInFixture}):
 * the vehicle stays where it is with zero velocity, so the accelerometer reads the reaction to
 * gravity in the held attitude and the gyro reads the fixture's rotation. The rotation is applied
 * at a constant angular rate along the shortest path ({@link #moveTo}), as a continuous rotation
 * about a world axis ({@link #spin}, the magnetometer calibration's "rotate around"), or as a
 * wobble about a horizontal axis ({@link #wobble}, a hand that does not hold still). The body rate
 * reported for a step is exactly the step's rotation over the step time, so the attitude an
 * estimator integrates from the gyro matches the held one.
 *
 * <p>Deterministic (no noise of its own). Single-threaded: the simulator's thread calls
 * {@link #step} and the technician's commands. Allocation-free after construction.
 */
public final class BenchFixture {
    /** How fast the fixture turns the vehicle between attitudes (rad/s): 90°/s, a deliberate hand. */
    public static final double DEFAULT_RATE_RADPS = Math.toRadians(90.0);

    private enum Mode { HOLD, MOVE, SPIN, WOBBLE }

    private final double maxRateRadps;
    private final Quat attitude = new Quat();
    private final Quat target = new Quat();
    private final Quat previous = new Quat();
    private final Quat delta = new Quat();
    private final Quat base = new Quat();
    private final Vec3 rotation = new Vec3();
    private final Vec3 rateFrd = new Vec3();
    private final Vec3 axis = new Vec3();
    private boolean engaged;
    private Mode mode = Mode.HOLD;
    private double spinRateRadps;
    private double wobbleAmplitudeRad;
    private double wobblePeriodS;
    private double wobbleTimeS;

    public BenchFixture() {
        this(DEFAULT_RATE_RADPS);
    }

    /** @param maxRateRadps the rate of {@link #moveTo} (rad/s, positive) */
    public BenchFixture(double maxRateRadps) {
        if (!(maxRateRadps > 0.0) || Double.isInfinite(maxRateRadps)) {
            throw new IllegalArgumentException("fixture rate must be positive and finite, not " + maxRateRadps);
        }
        this.maxRateRadps = maxRateRadps;
    }

    /** Takes hold of the vehicle in {@code attitudeFrdToNed}, still. */
    public void engage(Quat attitudeFrdToNed) {
        attitude.set(attitudeFrdToNed).normalize();
        target.set(attitude);
        rateFrd.zero();
        mode = Mode.HOLD;
        engaged = true;
    }

    /** Lets go: the vehicle is set down level ({@code SimWorld} does it) and flies by its dynamics again. */
    public void release() {
        engaged = false;
        mode = Mode.HOLD;
        rateFrd.zero();
    }

    public boolean engaged() {
        return engaged;
    }

    /** Turns to {@code attitudeFrdToNed} at the fixture rate along the shortest rotation, then holds it. */
    public void moveTo(Quat attitudeFrdToNed) {
        target.set(attitudeFrdToNed).normalize();
        mode = Mode.MOVE;
    }

    /** Keeps the current attitude, still. */
    public void hold() {
        target.set(attitude);
        mode = Mode.HOLD;
    }

    /**
     * Rotates continuously about the world (NED) axis {@code (ax, ay, az)} at {@code rateRadps}
     * until the next command; about (0, 0, 1) the vehicle turns about the vertical on whatever side
     * it sits.
     */
    public void spin(double ax, double ay, double az, double rateRadps) {
        double n = Math.sqrt(ax * ax + ay * ay + az * az);
        if (!(n > 0.0) || !Double.isFinite(rateRadps)) {
            hold();
            return;
        }
        axis.set(ax / n, ay / n, az / n);
        spinRateRadps = rateRadps;
        mode = Mode.SPIN;
    }

    /**
     * Rocks the vehicle about the world's north axis (horizontal, so the side that is down tilts)
     * around the current attitude:
     * {@code amplitude · sin(2π t / period)}, until the next command.
     */
    public void wobble(double amplitudeRad, double periodS) {
        base.set(attitude);
        wobbleAmplitudeRad = amplitudeRad;
        wobblePeriodS = periodS > 0.0 ? periodS : 1.0;
        wobbleTimeS = 0.0;
        mode = Mode.WOBBLE;
    }

    /** Advances the fixture by {@code dtS}: the new attitude and the body rate that took it there. */
    public void step(double dtS) {
        if (!(dtS > 0.0)) {
            return;
        }
        if (mode == Mode.HOLD) {
            // exactly still: a rate computed from q⁻¹·q would leave 1e-14 rad/s of rounding
            attitude.set(target);
            rateFrd.zero();
            return;
        }
        previous.set(attitude);
        switch (mode) {
            case MOVE -> {
                delta.setConjProduct(attitude, target);
                delta.toRotationVector(rotation);
                double angle = rotation.norm();
                double stepAngle = maxRateRadps * dtS;
                if (angle <= stepAngle) {
                    attitude.set(target);
                    mode = Mode.HOLD;
                } else {
                    rotation.scale(stepAngle / angle);
                    delta.setRotationVector(rotation.x, rotation.y, rotation.z);
                    attitude.setProduct(attitude, delta).normalize();
                }
            }
            case SPIN -> {
                double a = spinRateRadps * dtS;
                delta.setRotationVector(axis.x * a, axis.y * a, axis.z * a);
                // a world-frame rotation multiplies from the left
                attitude.setProduct(delta, attitude).normalize();
                target.set(attitude);
            }
            case WOBBLE -> {
                wobbleTimeS += dtS;
                double a = wobbleAmplitudeRad * Math.sin(2.0 * Math.PI * wobbleTimeS / wobblePeriodS);
                // about the world north axis: horizontal, so whatever side is down it tilts
                delta.setRotationVector(a, 0.0, 0.0);
                attitude.setProduct(delta, base).normalize();
                target.set(attitude);
            }
            default -> {
            }
        }
        delta.setConjProduct(previous, attitude);
        delta.toRotationVector(rateFrd);
        rateFrd.scale(1.0 / dtS);
    }

    /** Held attitude, FRD to NED. Live object: do not modify. */
    public Quat attitude() {
        return attitude;
    }

    /** Body rate of the last step, FRD (rad/s). Live object: do not modify. */
    public Vec3 rateFrd() {
        return rateFrd;
    }

    /** Whether the vehicle is held still (no move, spin or wobble under way and none in the last step). */
    public boolean still() {
        return mode == Mode.HOLD && rateFrd.normSq() == 0.0;
    }

    /** Whether a {@link #moveTo} is still under way. */
    public boolean moving() {
        return mode == Mode.MOVE;
    }

    public double maxRateRadps() {
        return maxRateRadps;
    }
}
