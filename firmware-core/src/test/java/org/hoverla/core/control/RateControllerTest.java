package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateControllerTest {

    private static final double DT = 0.001;

    private static RateController tuned() {
        RateController c = new RateController();
        for (int a = 0; a < 3; a++) {
            c.setGains(a, 0.15, 0.2, 0.003, 0.0);
            c.setIntegratorLimit(a, 0.3);
        }
        c.setOutputLimit(1.0);
        c.setDTermCutoffHz(30.0);
        return c;
    }

    @Test
    void shouldOutputZeroForAllZeroInput() {
        // Given a tuned controller
        RateController c = tuned();
        Vec3 out = new Vec3(9, 9, 9);
        // When setpoint and measurement are zero
        boolean ok = c.update(new Vec3(), new Vec3(), DT, true, out);
        // Then the torque is zero and the integrator stays zero
        assertThat(ok).isTrue();
        assertThat(out.norm()).isZero();
        Vec3 i = new Vec3(1, 1, 1);
        c.integrator(i);
        assertThat(i.norm()).isZero();
    }

    @Test
    void shouldApplyProportionalAndFeedForwardPerAxis() {
        // Given P and FF gains that differ per axis
        RateController c = new RateController();
        c.setGains(0, 0.1, 0, 0, 0.0);
        c.setGains(1, 0.2, 0, 0, 0.0);
        c.setGains(2, 0.3, 0, 0, 0.05);
        Vec3 out = new Vec3();
        // When every axis has a 1 rad/s error from rest
        c.update(new Vec3(1, 1, 1), new Vec3(), DT, true, out);
        // Then each axis pushes the right way by its own gain
        assertThat(out.x).isCloseTo(0.1, within(1e-12));
        assertThat(out.y).isCloseTo(0.2, within(1e-12));
        assertThat(out.z).isCloseTo(0.35, within(1e-12));
        // When the errors are negative
        c.update(new Vec3(-1, -1, -1), new Vec3(), DT, true, out);
        // Then the torques are negative
        assertThat(out.x).isCloseTo(-0.1, within(1e-12));
        assertThat(out.z).isCloseTo(-0.35, within(1e-12));
    }

    @Test
    void shouldClampOutputSymmetrically() {
        // Given an output limit of 0.4
        RateController c = tuned();
        c.setOutputLimit(0.4);
        Vec3 out = new Vec3();
        // When the error is huge in opposite directions on two axes
        c.update(new Vec3(100, -100, 0.5), new Vec3(), DT, true, out);
        // Then the saturated axes sit at the limit and the small one is untouched
        assertThat(out.x).isEqualTo(0.4);
        assertThat(out.y).isEqualTo(-0.4);
        assertThat(out.z).isCloseTo(0.075, within(1e-12));
    }

    @Test
    void shouldClampIntegratorToItsLimit() {
        // Given a controller with a small integrator limit and a tiny P gain (output never clamps)
        RateController c = new RateController();
        c.setGains(0, 0.0, 5.0, 0, 0);
        c.setIntegratorLimit(0, 0.1);
        Vec3 out = new Vec3();
        // When a constant error persists for 2 s
        for (int k = 0; k < 2000; k++) {
            c.update(new Vec3(1, 0, 0), new Vec3(), DT, true, out);
        }
        // Then the integrator (and the output) stop at the limit
        Vec3 i = new Vec3();
        c.integrator(i);
        assertThat(i.x).isCloseTo(0.1, within(1e-12));
        assertThat(out.x).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void shouldStopIntegratingWhileOutputClampedInThatDirection() {
        // Given P alone already saturates the output
        RateController c = new RateController();
        c.setGains(0, 10.0, 1.0, 0, 0);
        c.setIntegratorLimit(0, 10.0);
        c.setOutputLimit(0.5);
        Vec3 out = new Vec3();
        // When a large positive error persists
        for (int k = 0; k < 500; k++) {
            c.update(new Vec3(1, 0, 0), new Vec3(), DT, true, out);
        }
        // Then the integrator did not wind up
        Vec3 i = new Vec3();
        c.integrator(i);
        assertThat(i.x).isZero();
        // When the error reverses (output now clamped the other way, integrator would go negative)
        c.update(new Vec3(0.01, 0, 0), new Vec3(), DT, true, out);
        // Then an unsaturated small error integrates normally
        c.integrator(i);
        assertThat(i.x).isCloseTo(0.01 * DT, within(1e-15));
    }

    @Test
    void shouldNotIntegrateIntoMixerSaturation() {
        // Given the mixer reports roll saturated positive and yaw saturated negative
        RateController c = tuned();
        c.setSaturation(0, true, false);
        c.setSaturation(2, false, true);
        Vec3 out = new Vec3();
        Vec3 i = new Vec3();
        // When roll wants more positive torque and yaw more negative
        for (int k = 0; k < 100; k++) {
            c.update(new Vec3(0.5, 0.5, -0.5), new Vec3(), DT, true, out);
        }
        c.integrator(i);
        // Then those integrators hold while pitch integrates
        assertThat(i.x).isZero();
        assertThat(i.z).isZero();
        assertThat(i.y).isCloseTo(100 * 0.2 * 0.5 * DT, within(1e-12));
        // When the demand reverses (away from saturation)
        for (int k = 0; k < 100; k++) {
            c.update(new Vec3(-0.5, 0, 0.5), new Vec3(), DT, true, out);
        }
        c.integrator(i);
        // Then they integrate again
        assertThat(i.x).isNegative();
        assertThat(i.z).isPositive();
        // When saturation clears
        c.setSaturation(0, false, false);
        c.resetIntegrator();
        c.update(new Vec3(0.5, 0, 0), new Vec3(), DT, true, out);
        c.integrator(i);
        // Then positive integration resumes
        assertThat(i.x).isPositive();
    }

    @Test
    void shouldFreezeIntegratorWhenIntegrateIsFalse() {
        // Given an integrator holding a value
        RateController c = tuned();
        Vec3 out = new Vec3();
        for (int k = 0; k < 50; k++) {
            c.update(new Vec3(1, 0, 0), new Vec3(), DT, true, out);
        }
        Vec3 before = new Vec3();
        c.integrator(before);
        // When updating while landed
        for (int k = 0; k < 50; k++) {
            c.update(new Vec3(1, 0, 0), new Vec3(), DT, false, out);
        }
        // Then it has not changed, and reset zeroes it
        Vec3 after = new Vec3();
        c.integrator(after);
        assertThat(after.x).isEqualTo(before.x).isPositive();
        c.resetIntegrator();
        c.integrator(after);
        assertThat(after.norm()).isZero();
    }

    @Test
    void shouldNotKickDerivativeOnSetpointStep() {
        // Given a controller with strong D and a steady measurement
        RateController c = new RateController();
        c.setGains(0, 0.1, 0, 0.5, 0);
        c.setDTermCutoffHz(0.0);
        c.setOutputLimit(10.0);
        Vec3 out = new Vec3();
        Vec3 meas = new Vec3(0.2, 0, 0);
        c.update(new Vec3(), meas, DT, true, out);
        // When the setpoint steps by 3 rad/s
        c.update(new Vec3(3, 0, 0), meas, DT, true, out);
        // Then the output is the P term only (no derivative spike)
        assertThat(out.x).isCloseTo(0.1 * 2.8, within(1e-12));
        // When instead the measurement jumps by 0.01 rad/s in one step
        c.update(new Vec3(3, 0, 0), new Vec3(0.21, 0, 0), DT, true, out);
        // Then D opposes the measured acceleration (-0.5 * 10 rad/s^2)
        assertThat(out.x).isCloseTo(0.1 * 2.79 - 0.5 * 10.0, within(1e-9));
    }

    @Test
    void shouldLowPassDerivativeTowardsTrueRateOfChange() {
        // Given D on a 30 Hz filter
        RateController c = new RateController();
        c.setGains(1, 0.0, 0, 0.01, 0);
        c.setDTermCutoffHz(30.0);
        c.setOutputLimit(10.0);
        Vec3 out = new Vec3();
        // When the measured pitch rate ramps at 2 rad/s^2 for 0.5 s
        double peak = 0;
        for (int k = 0; k <= 500; k++) {
            c.update(new Vec3(), new Vec3(0, 2.0 * k * DT, 0), DT, true, out);
            peak = Math.max(peak, Math.abs(out.y));
        }
        // Then the D term settles at -kd * 2 without overshoot
        assertThat(out.y).isCloseTo(-0.02, within(1e-6));
        assertThat(peak).isLessThanOrEqualTo(0.02 + 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectNonFiniteInputsAndKeepState(double bad) {
        // Given two identical controllers with history
        RateController c = tuned();
        RateController twin = tuned();
        Vec3 out = new Vec3();
        Vec3 twinOut = new Vec3();
        for (int k = 0; k < 20; k++) {
            Vec3 m = new Vec3(0.01 * k, -0.02 * k, 0.005 * k);
            c.update(new Vec3(0.5, -0.3, 0.2), m, DT, true, out);
            twin.update(new Vec3(0.5, -0.3, 0.2), m, DT, true, twinOut);
        }
        Vec3 before = new Vec3();
        c.integrator(before);
        // When one controller sees a non-finite setpoint, then a non-finite measurement
        out.set(5, 5, 5);
        assertThat(c.update(new Vec3(bad, 0, 0), new Vec3(), DT, true, out)).isFalse();
        assertThat(out.norm()).isZero();
        out.set(5, 5, 5);
        assertThat(c.update(new Vec3(), new Vec3(0, 0, bad), DT, true, out)).isFalse();
        assertThat(out.norm()).isZero();
        // Then its integrator is held
        Vec3 after = new Vec3();
        c.integrator(after);
        assertThat(after.x).isEqualTo(before.x);
        assertThat(after.y).isEqualTo(before.y);
        assertThat(after.z).isEqualTo(before.z);
        // And the next good step matches the twin that never saw the bad input exactly
        Vec3 m = new Vec3(0.2, -0.4, 0.1);
        assertThat(c.update(new Vec3(0.5, -0.3, 0.2), m, DT, true, out)).isTrue();
        twin.update(new Vec3(0.5, -0.3, 0.2), m, DT, true, twinOut);
        assertThat(out.x).isEqualTo(twinOut.x);
        assertThat(out.y).isEqualTo(twinOut.y);
        assertThat(out.z).isEqualTo(twinOut.z);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.001, 0.1000001, 1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void shouldRejectBadTimeStep(double dt) {
        // Given a tuned controller
        RateController c = tuned();
        Vec3 out = new Vec3(1, 1, 1);
        // When dt is outside (0, 0.1]
        boolean ok = c.update(new Vec3(1, 0, 0), new Vec3(), dt, true, out);
        // Then the step is refused with zero torque and no integration
        assertThat(ok).isFalse();
        assertThat(out.norm()).isZero();
        Vec3 i = new Vec3();
        c.integrator(i);
        assertThat(i.norm()).isZero();
        // And the largest allowed step is accepted
        assertThat(c.update(new Vec3(1, 0, 0), new Vec3(), 0.1, true, out)).isTrue();
    }

    @Test
    void shouldRefuseInvalidGains() {
        // Given a tuned controller
        RateController c = tuned();
        // Then negative, non-finite and out-of-range settings are refused
        assertThat(c.setGains(0, -1, 0, 0, 0)).isFalse();
        assertThat(c.setGains(3, 1, 0, 0, 0)).isFalse();
        assertThat(c.setGains(1, Double.NaN, 0, 0, 0)).isFalse();
        assertThat(c.setOutputLimit(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(c.setIntegratorLimit(0, -0.1)).isFalse();
        assertThat(c.setDTermCutoffHz(Double.NaN)).isFalse();
        // And the old gains still apply
        Vec3 out = new Vec3();
        c.update(new Vec3(1, 0, 0), new Vec3(), DT, true, out);
        assertThat(out.x).isCloseTo(0.15, within(1e-12));
    }
}
