package org.hoverla.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class MulticopterSimTest {
    private static final double G = Airframe.GRAVITY_MPS2;
    private static final double DT = 0.001;

    private static final Airframe QUAD = Airframe.defaultQuadX();

    /** A body with no aerodynamics and no damping, for analytic checks. */
    private static Airframe idealBody(double ixx, double iyy, double izz) {
        return Airframe.builder().inertiaKgm2(ixx, iyy, izz).cdAreaM2(0, 0, 0)
                .rotorDragNsPerMRad(0).rotationalDampingNmsPerRad(0).build();
    }

    private static double[] fill(double v) {
        return new double[] {v, v, v, v};
    }

    @Test
    void shouldHaveDocumentedAirframeNumbers() {
        // Given the default airframe
        // Then its figures are in the brief's ranges
        assertThat(QUAD.massKg()).isEqualTo(1.6);
        assertThat(QUAD.maxThrustPerMotorN()).isCloseTo(8.5, within(1e-9));
        assertThat(QUAD.ixxKgm2()).isBetween(0.008, 0.014);
        assertThat(QUAD.izzKgm2()).isBetween(0.015, 0.025);
        assertThat(QUAD.hoverThrottleNorm()).isBetween(0.6, 0.75);
    }

    @Test
    void shouldReadZeroSpecificForceRightAfterAnAirborneReset() {
        // Given a sim reset into the air with motors stopped
        MulticopterSim sim = new MulticopterSim(QUAD, 0.0);
        sim.resetState(new Vec3(0, 0, -50), new Vec3(), new Quat(), new Vec3());
        // Then it is airborne and an ideal accelerometer reads free fall
        assertThat(sim.onGround()).isFalse();
        assertThat(sim.specificForceFrd().norm()).isLessThan(1e-12);
    }

    @Test
    void shouldFallFreelyAsHalfGTSquared() {
        // Given an ideal body lifted 200 m, motors off
        MulticopterSim sim = new MulticopterSim(idealBody(0.01, 0.01, 0.018), 0.0);
        sim.resetState(new Vec3(0, 0, -200), new Vec3(), new Quat(), new Vec3());
        // When it falls for 3 s
        for (int i = 0; i < 3000; i++) {
            sim.step(DT, fill(0), 11.1, null);
        }
        // Then z and vz follow free fall and the accelerometer reads zero
        assertThat(sim.positionNed().z).isCloseTo(-200 + 0.5 * G * 9.0, within(1e-6));
        assertThat(sim.velocityNed().z).isCloseTo(G * 3.0, within(1e-9));
        assertThat(sim.specificForceFrd().norm()).isLessThan(1e-12);
        assertThat(sim.timeS()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void shouldHoverAtHoverThrottle() {
        // Given the default quad at 10 m, rotors at hover speed, nominal voltage
        MulticopterSim sim = new MulticopterSim(QUAD, 0.3);
        Quat q = new Quat().setEuler(0, 0, 0.3);
        sim.resetState(new Vec3(5, -3, -10), new Vec3(), q, new Vec3());
        sim.setMotorSpeedsRadps(fill(QUAD.hoverRotorSpeedRadps()));
        double[] u = fill(QUAD.hoverThrottleNorm());
        // When it runs 10 s with the hover command
        for (int i = 0; i < 10_000; i++) {
            sim.step(DT, u, QUAD.nominalVoltageV(), null);
        }
        // Then it has not moved
        assertThat(sim.positionNed().z).isCloseTo(-10, within(1e-6));
        assertThat(sim.positionNed().x).isCloseTo(5, within(1e-6));
        assertThat(sim.velocityNed().norm()).isLessThan(1e-6);
        assertThat(sim.angularVelocityFrd().norm()).isLessThan(1e-9);
        assertThat(sim.specificForceFrd().z).isCloseTo(-G, within(1e-9));
        assertThat(sim.onGround()).isFalse();
        // And the hover current is in a realistic range
        assertThat(sim.totalCurrentA()).isBetween(12.0, 18.0);
    }

    private static final double[] SPIN0 = {0.3, 4.0, 0.6};
    private static final double[] INERTIA = {0.011, 0.014, 0.021};

    private static MulticopterSim spin(double dt, double durationS) {
        MulticopterSim sim = new MulticopterSim(idealBody(INERTIA[0], INERTIA[1], INERTIA[2]), 0.0);
        sim.resetState(new Vec3(0, 0, -1000), new Vec3(), new Quat().setEuler(0.2, -0.1, 1.0),
                new Vec3(SPIN0[0], SPIN0[1], SPIN0[2]));
        int n = (int) Math.round(durationS / dt);
        double[] off = fill(0);
        for (int i = 0; i < n; i++) {
            sim.step(dt, off, 11.1, null);
        }
        return sim;
    }

    private static Vec3 worldMomentum(MulticopterSim sim) {
        Vec3 w = sim.angularVelocityFrd();
        Vec3 h = new Vec3(INERTIA[0] * w.x, INERTIA[1] * w.y, INERTIA[2] * w.z);
        return sim.attitude().rotate(h, new Vec3());
    }

    private static double energy(MulticopterSim sim) {
        Vec3 w = sim.angularVelocityFrd();
        return 0.5 * (INERTIA[0] * w.x * w.x + INERTIA[1] * w.y * w.y + INERTIA[2] * w.z * w.z);
    }

    @Test
    void shouldConserveAngularMomentumAndEnergyInTorqueFreeSpin() {
        // Given a torque-free body spinning near its intermediate axis (strong gyroscopic coupling)
        MulticopterSim start = spin(0.001, 0.0);
        Vec3 h0 = worldMomentum(start);
        double e0 = energy(start);
        // When it spins for 2 s at 1 kHz
        MulticopterSim sim = spin(0.001, 2.0);
        // Then world-frame momentum and rotational energy are conserved
        Vec3 h = worldMomentum(sim);
        assertThat(h.x).isCloseTo(h0.x, within(1e-9));
        assertThat(h.y).isCloseTo(h0.y, within(1e-9));
        assertThat(h.z).isCloseTo(h0.z, within(1e-9));
        assertThat(energy(sim)).isCloseTo(e0, within(1e-9 * e0));
        // And the body rates actually changed (the gyroscopic term is active)
        assertThat(Math.abs(sim.angularVelocityFrd().x - SPIN0[0])).isGreaterThan(0.05);
    }

    @Test
    void shouldShowFourthOrderConvergenceOfRk4() {
        // Given a reference solution of the torque-free spin at a fine step
        MulticopterSim ref = spin(0.0005, 1.0);
        // When the same spin runs at dt = 40, 20 and 10 ms
        double e40 = stateError(spin(0.04, 1.0), ref);
        double e20 = stateError(spin(0.02, 1.0), ref);
        double e10 = stateError(spin(0.01, 1.0), ref);
        // Then each halving of the step cuts the error ~16x (measured: 15.9 and 16.0)
        assertThat(e40 / e20).isBetween(14.0, 18.0);
        assertThat(e20 / e10).isBetween(14.0, 18.0);
    }

    /**
     * Rate error plus quaternion component distance. Not Quat.angleTo: its acos near 1
     * cannot resolve angles below ~3e-8 rad, which would hide the convergence.
     */
    private static double stateError(MulticopterSim a, MulticopterSim b) {
        Vec3 d = new Vec3().setSub(a.angularVelocityFrd(), b.angularVelocityFrd());
        Quat p = a.attitude();
        Quat q = b.attitude();
        double sign = p.w * q.w + p.x * q.x + p.y * q.y + p.z * q.z < 0 ? -1.0 : 1.0;
        double dw = p.w - sign * q.w;
        double dx = p.x - sign * q.x;
        double dy = p.y - sign * q.y;
        double dz = p.z - sign * q.z;
        return d.norm() + Math.sqrt(dw * dw + dx * dx + dy * dy + dz * dz);
    }

    private static MulticopterSim hovering(Airframe af) {
        MulticopterSim sim = new MulticopterSim(af, 0.0);
        sim.resetState(new Vec3(0, 0, -20), new Vec3(), new Quat(), new Vec3());
        sim.setMotorSpeedsRadps(fill(af.hoverRotorSpeedRadps()));
        return sim;
    }

    @Test
    void shouldYawNoseRightWhenCcwMotorsSpinFaster() {
        // Given a hovering quad
        MulticopterSim sim = hovering(QUAD);
        double h = QUAD.hoverThrottleNorm();
        // When the CCW motors (PX4 1 and 2, indices 0 and 1) run faster than the CW ones
        double[] u = {h + 0.05, h + 0.05, h - 0.05, h - 0.05};
        for (int i = 0; i < 200; i++) {
            sim.step(DT, u, QUAD.nominalVoltageV(), null);
        }
        // Then the yaw rate is positive (nose right) and roll/pitch stay near zero
        assertThat(sim.angularVelocityFrd().z).isGreaterThan(0.1);
        assertThat(sim.attitude().yaw()).isGreaterThan(0.0);
        assertThat(Math.abs(sim.angularVelocityFrd().x)).isLessThan(1e-9);
        assertThat(Math.abs(sim.angularVelocityFrd().y)).isLessThan(1e-9);
    }

    @Test
    void shouldRollRightWhenLeftMotorsSpinFaster() {
        // Given a hovering quad
        MulticopterSim sim = hovering(QUAD);
        double h = QUAD.hoverThrottleNorm();
        // When the left motors (rear-left index 1, front-left index 2) run faster
        double[] u = {h - 0.03, h + 0.03, h + 0.03, h - 0.03};
        for (int i = 0; i < 100; i++) {
            sim.step(DT, u, QUAD.nominalVoltageV(), null);
        }
        // Then it rolls right (positive roll rate and roll) with little pitch
        assertThat(sim.angularVelocityFrd().x).isGreaterThan(0.1);
        assertThat(sim.attitude().roll()).isGreaterThan(0.0);
        assertThat(Math.abs(sim.angularVelocityFrd().y)).isLessThan(1e-3);
    }

    @Test
    void shouldPitchNoseUpWhenFrontMotorsSpinFaster() {
        // Given a hovering quad
        MulticopterSim sim = hovering(QUAD);
        double h = QUAD.hoverThrottleNorm();
        // When the front motors (indices 0 and 2) run faster
        double[] u = {h + 0.03, h - 0.03, h + 0.03, h - 0.03};
        for (int i = 0; i < 100; i++) {
            sim.step(DT, u, QUAD.nominalVoltageV(), null);
        }
        // Then the nose pitches up
        assertThat(sim.angularVelocityFrd().y).isGreaterThan(0.1);
        assertThat(sim.attitude().pitch()).isGreaterThan(0.0);
    }

    @Test
    void shouldRestStablyOnGround() {
        // Given the default quad on the ground, motors idling below hover, with wind
        MulticopterSim sim = new MulticopterSim(QUAD, 1.0);
        double[] u = fill(0.3);
        Vec3 wind = new Vec3(3, -2, 0);
        // When it sits for 5 s
        for (int i = 0; i < 5000; i++) {
            sim.step(DT, u, 12.0, wind);
        }
        // Then it has not moved, sunk or tilted, and the accelerometer reads (0, 0, -g)
        assertThat(sim.onGround()).isTrue();
        assertThat(sim.crashed()).isFalse();
        assertThat(sim.positionNed().x).isEqualTo(0.0);
        assertThat(sim.positionNed().y).isEqualTo(0.0);
        assertThat(sim.positionNed().z).isEqualTo(0.0);
        assertThat(sim.velocityNed().norm()).isEqualTo(0.0);
        assertThat(sim.attitude().yaw()).isCloseTo(1.0, within(1e-9));
        assertThat(sim.attitude().tiltRad()).isLessThan(1e-9);
        assertThat(sim.specificForceFrd().x).isCloseTo(0.0, within(1e-12));
        assertThat(sim.specificForceFrd().y).isCloseTo(0.0, within(1e-12));
        assertThat(sim.specificForceFrd().z).isCloseTo(-G, within(1e-12));
    }

    @Test
    void shouldTakeOffWithFullThrottleAndLandSoftly() {
        // Given the quad on the ground
        MulticopterSim sim = new MulticopterSim(QUAD, 0.0);
        // When full throttle for 1 s
        for (int i = 0; i < 1000; i++) {
            sim.step(DT, fill(1.0), QUAD.nominalVoltageV(), null);
        }
        // Then it climbs
        assertThat(sim.onGround()).isFalse();
        assertThat(sim.positionNed().z).isLessThan(-1.0);
        // When it descends slowly (just below hover) until touchdown
        double[] u = fill(QUAD.hoverThrottleNorm() * 0.97);
        sim.resetState(new Vec3(0, 0, -1), new Vec3(0, 0, 0.5), new Quat(), new Vec3());
        for (int i = 0; i < 5000 && !sim.onGround(); i++) {
            sim.step(DT, u, QUAD.nominalVoltageV(), null);
        }
        // Then it rests without a crash
        assertThat(sim.onGround()).isTrue();
        assertThat(sim.crashed()).isFalse();
        assertThat(sim.crashReason()).isEmpty();
    }

    @Test
    void shouldLetTheAccelerometerSeeTheTouchdownWithinItsRange() {
        // Given the quad 2 cm above the ground descending at 0.7 m/s, thrust just below hover
        MulticopterSim sim = new MulticopterSim(QUAD, 0.0);
        double[] u = fill(QUAD.hoverThrottleNorm() * 0.97);
        sim.resetState(new Vec3(0, 0, -0.02), new Vec3(0, 0, 0.7), new Quat(), new Vec3());
        Vec3 fNed = new Vec3();
        double integratedDv = 0.0;
        double peak = 0.0;
        // When it lands and settles
        for (int i = 0; i < 300; i++) {
            sim.step(DT, u, QUAD.nominalVoltageV(), null);
            sim.attitude().rotate(sim.specificForceFrd(), fNed);
            // what an accelerometer integrates: specific force plus gravity
            integratedDv += (fNed.z + G) * DT;
            peak = Math.max(peak, Math.abs(fNed.z));
            assertThat(integratedDv).isCloseTo(sim.velocityNed().z - 0.7, within(0.02));
        }
        // Then the landing gear stopped it below the 16 g range and the accelerometer saw the stop
        assertThat(sim.onGround()).isTrue();
        assertThat(sim.crashed()).isFalse();
        assertThat(sim.velocityNed().z).isZero();
        assertThat(integratedDv).isCloseTo(-0.7, within(0.02));
        assertThat(peak).isLessThan(16 * G);
        assertThat(sim.specificForceFrd().z).isCloseTo(-G, within(1e-9));
    }

    @Test
    void shouldFlagCrashOnHardLanding() {
        // Given the quad dropped from 2 m with motors off (touchdown at ~6.3 m/s)
        MulticopterSim sim = new MulticopterSim(QUAD, 0.0);
        sim.resetState(new Vec3(0, 0, -2), new Vec3(), new Quat(), new Vec3());
        // When it falls to the ground
        for (int i = 0; i < 2000; i++) {
            sim.step(DT, fill(0), 12.0, null);
        }
        // Then the crash is flagged and it lies on the ground
        assertThat(sim.crashed()).isTrue();
        assertThat(sim.crashReason()).contains("vertical speed");
        assertThat(sim.positionNed().z).isEqualTo(0.0);
        assertThat(sim.onGround()).isTrue();
    }

    @Test
    void shouldFlagCrashOnTiltedTouchdown() {
        // Given the quad 5 cm up, tilted 70 deg, falling slowly
        MulticopterSim sim = new MulticopterSim(QUAD, 0.0);
        sim.resetState(new Vec3(0, 0, -0.05), new Vec3(0, 0, 0.5), new Quat().setEuler(Math.toRadians(70), 0, 0),
                new Vec3());
        // When it touches down
        for (int i = 0; i < 500; i++) {
            sim.step(DT, fill(0), 12.0, null);
        }
        // Then the tilt crash is flagged
        assertThat(sim.crashed()).isTrue();
        assertThat(sim.crashReason()).contains("tilt");
    }

    @Test
    void shouldFollowFirstOrderMotorResponse() {
        // Given a motor at rest
        MulticopterSim sim = new MulticopterSim(QUAD, 0.0);
        double tau = QUAD.motorTimeConstantS();
        int steps = (int) Math.round(tau / DT);
        // When a full step command is applied for one time constant
        for (int i = 0; i < steps; i++) {
            sim.step(DT, fill(1.0), QUAD.nominalVoltageV(), null);
        }
        // Then the rotor reached 1 - 1/e = 63.2 % of its target
        double frac = sim.motorSpeedRadps(0) / QUAD.maxRotorSpeedRadps();
        assertThat(frac).isCloseTo(1.0 - Math.exp(-1.0), within(1e-9));
    }

    @Test
    void shouldScaleRotorSpeedWithBatteryVoltage() {
        // Given two sims at different pack voltages
        MulticopterSim a = new MulticopterSim(QUAD, 0.0);
        MulticopterSim b = new MulticopterSim(QUAD, 0.0);
        // When both run at 50 % for 1 s
        for (int i = 0; i < 1000; i++) {
            a.step(DT, fill(0.5), 11.1, null);
            b.step(DT, fill(0.5), 12.6, null);
        }
        // Then rotor speed scales with voltage
        assertThat(b.motorSpeedRadps(0) / a.motorSpeedRadps(0)).isCloseTo(12.6 / 11.1, within(1e-6));
    }

    @Test
    void shouldDragTowardsWindVelocity() {
        // Given a hovering quad in a steady 5 m/s wind from the west (blowing east)
        MulticopterSim sim = hovering(QUAD);
        Vec3 wind = new Vec3(0, 5, 0);
        // When it drifts for 2 s at hover throttle
        for (int i = 0; i < 2000; i++) {
            sim.step(DT, fill(QUAD.hoverThrottleNorm()), QUAD.nominalVoltageV(), wind);
        }
        // Then it has been pushed east and its speed stays below the wind speed
        assertThat(sim.velocityNed().y).isBetween(0.5, 5.0);
        assertThat(sim.positionNed().y).isGreaterThan(0.3);
    }

    @Test
    void shouldIgnoreBadInputs() {
        // Given a hovering quad
        MulticopterSim sim = hovering(QUAD);
        // When it gets NaN commands, a short array, a null wind and a bad dt
        sim.step(Double.NaN, fill(0.5), 11.1, null);
        sim.step(DT, new double[] {Double.NaN, 0.5}, Double.NaN, new Vec3(Double.NaN, 0, 0));
        // Then the state is still finite
        assertThat(sim.positionNed().isFinite()).isTrue();
        assertThat(sim.attitude().isFinite()).isTrue();
        assertThat(sim.timeS()).isCloseTo(DT, within(1e-15));
    }
}
