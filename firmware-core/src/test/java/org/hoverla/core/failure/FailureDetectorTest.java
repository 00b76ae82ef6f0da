package org.hoverla.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.control.MotorGeometry;
import org.junit.jupiter.api.Test;

/** The failure detector on synthetic inputs (defaults: PX4's 60 degrees / 0.3 s; FD_MOT_* 0.35, 90 deg/s, 0.3 s). */
class FailureDetectorTest {
    private static final double DT = 0.004;
    private final FailureDetector hexa = new FailureDetector(MotorGeometry.hexaX(0.275));
    private final double[] hover = {0.31, 0.31, 0.31, 0.31, 0.31, 0.31};

    private void run(FailureDetector d, double seconds, double roll, double pitch, double p, double q, double[] u,
                     boolean flying) {
        for (int i = 0; i < Math.round(seconds / DT); i++) {
            d.update(true, flying, roll, pitch, p, q, u, false, 0.0, DT);
        }
    }

    @Test
    void shouldReportNothingInAnAllZeroOrLevelHover() {
        run(hexa, 10.0, 0.0, 0.0, 0.0, 0.0, new double[6], true);
        assertThat(hexa.attitudeFailure()).isFalse();
        assertThat(hexa.motorFailureMask()).isZero();
        run(hexa, 10.0, 0.0, 0.0, 0.0, 0.0, hover, true);
        assertThat(hexa.attitudeFailure()).isFalse();
        assertThat(hexa.motorFailureMask()).isZero();
        assertThat(hexa.thrustLoss()).isFalse();
    }

    @Test
    void shouldReportAttitudeFailureOnlyAfterTheTriggerTimeAndClearWhenBack() {
        // Given roll at 61 degrees (limit 60)
        run(hexa, 0.28, Math.toRadians(61), 0.0, 0.0, 0.0, hover, true);
        // Then not before 0.3 s
        assertThat(hexa.attitudeFailure()).isFalse();
        run(hexa, 0.04, Math.toRadians(61), 0.0, 0.0, 0.0, hover, true);
        assertThat(hexa.attitudeFailure()).isTrue();
        // When back within the limit it clears at once
        run(hexa, DT, Math.toRadians(50), 0.0, 0.0, 0.0, hover, true);
        assertThat(hexa.attitudeFailure()).isFalse();
        // And pitch alike, with its own limit
        hexa.configure(60, 30, 0.3, 0.1, true, 0.35, 30, 0.3);
        run(hexa, 0.12, 0.0, Math.toRadians(-35), 0.0, 0.0, hover, true);
        assertThat(hexa.attitudeFailure()).isTrue();
    }

    @Test
    void shouldNotCountAnAttitudeExcursionShorterThanTheTriggerEvenIfRepeated() {
        for (int k = 0; k < 10; k++) {
            run(hexa, 0.2, Math.toRadians(80), 0.0, 0.0, 0.0, hover, true);
            run(hexa, 0.02, 0.0, 0.0, 0.0, 0.0, hover, true);
        }
        assertThat(hexa.attitudeFailure()).isFalse();
    }

    @Test
    void shouldIgnoreEverythingOnTheGroundAndClearAtDisarm() {
        // Given a vehicle on its side on the ground (not flying) with one motor far above the others
        double[] u = {1.0, 0.0, 0.3, 0.3, 0.3, 0.3};
        run(hexa, 5.0, Math.toRadians(90), 0.0, 0.0, 0.0, u, false);
        // Then nothing is reported
        assertThat(hexa.attitudeFailure()).isFalse();
        assertThat(hexa.motorFailureMask()).isZero();
    }

    @Test
    void shouldIdentifyTheMotorWhoseCommandStaysHighWhileTheBodyDoesNotFollow() {
        for (int failed = 0; failed < 6; failed++) {
            FailureDetector d = new FailureDetector(MotorGeometry.hexaX(0.275));
            // Given motor `failed` commanded at 1 and its opposite side low, the body not turning its way
            double[] u = {0.4, 0.4, 0.4, 0.4, 0.4, 0.4};
            u[failed] = 1.0;
            run(d, 0.29, 0.1, 0.0, 0.0, 0.0, u, true);
            assertThat(d.motorFailureMask()).isZero();
            run(d, 0.02, 0.1, 0.0, 0.0, 0.0, u, true);
            // Then after FD_MOT_TTRI exactly that motor is reported, and it stays latched
            assertThat(d.failedMotor()).isEqualTo(failed);
            assertThat(d.motorFailureMask()).isEqualTo(1 << failed);
            run(d, 1.0, 0.0, 0.0, 0.0, 0.0, hover, true);
            assertThat(d.motorFailureMask()).isEqualTo(1 << failed);
            // Until disarm
            d.update(false, false, 0, 0, 0, 0, hover, false, 0, DT);
            assertThat(d.motorFailureMask()).isZero();
        }
    }

    @Test
    void shouldNotSuspectAMotorWhoseExcessTurnsTheBodyItsWay() {
        // Given motor 1 (right side, pushes roll negative, to the left) far above the others while the
        // body rolls left at 120 deg/s: a hard manoeuvre that motor is doing its job in
        double[] u = {0.9, 0.2, 0.4, 0.4, 0.4, 0.4};
        run(hexa, 2.0, 0.0, 0.0, Math.toRadians(-120), 0.0, u, true);
        assertThat(hexa.motorFailureMask()).isZero();
        // When it stops turning, the suspicion starts from zero
        run(hexa, 0.25, 0.0, 0.0, 0.0, 0.0, u, true);
        assertThat(hexa.motorFailureMask()).isZero();
        assertThat(hexa.suspectSeconds(0)).isGreaterThan(0.2);
    }

    @Test
    void shouldNeedTheExcessWithoutABreak() {
        double[] high = {0.31, 0.31, 0.31, 0.31, 0.9, 0.31};
        for (int k = 0; k < 20; k++) {
            run(hexa, 0.2, 0.0, 0.0, 0.0, 0.0, high, true);
            run(hexa, 0.02, 0.0, 0.0, 0.0, 0.0, hover, true);
        }
        assertThat(hexa.motorFailureMask()).isZero();
    }

    @Test
    void shouldIdentifyAQuadMotorToo() {
        FailureDetector quad = new FailureDetector(MotorGeometry.quadX(0.225));
        double[] u = {0.3, 0.0, 1.0, 0.6};
        run(quad, 0.5, 0.0, 0.0, 0.0, 0.0, u, true);
        assertThat(quad.failedMotor()).isEqualTo(2);
    }

    @Test
    void shouldStaySilentWhenTheMotorCheckIsOff() {
        hexa.configure(60, 60, 0.3, 0.3, false, 0.35, 30, 0.3);
        double[] u = {1.0, 0.0, 0.3, 0.3, 0.3, 0.3};
        run(hexa, 2.0, 0.0, 0.0, 0.0, 0.0, u, true);
        assertThat(hexa.motorFailureMask()).isZero();
    }

    @Test
    void shouldTreatNonFiniteInputsAsNoEvidence() {
        double[] u = {Double.NaN, 1.0, Double.POSITIVE_INFINITY, 0.3, 0.3, 0.3};
        run(hexa, 2.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, u, true);
        assertThat(hexa.attitudeFailure()).isFalse();
        assertThat(hexa.motorFailureMask()).isZero();
        hexa.update(true, true, 0, 0, 0, 0, hover, false, 0, Double.NaN);
        hexa.update(true, true, 0, 0, 0, 0, hover, false, 0, -1.0);
        assertThat(hexa.motorFailureMask()).isZero();
    }

    @Test
    void shouldReportThrustLossWhenSinkingWithTheCollectiveSaturated() {
        // Saturated but climbing: no; saturated and sinking at 2 m/s for 1 s: yes; clears at once
        for (int i = 0; i < 500; i++) {
            hexa.update(true, true, 0, 0, 0, 0, hover, true, -2.0, DT);
        }
        assertThat(hexa.thrustLoss()).isFalse();
        for (int i = 0; i < 240; i++) {
            hexa.update(true, true, 0, 0, 0, 0, hover, true, 2.0, DT);
        }
        assertThat(hexa.thrustLoss()).isFalse();
        for (int i = 0; i < 20; i++) {
            hexa.update(true, true, 0, 0, 0, 0, hover, true, 2.0, DT);
        }
        assertThat(hexa.thrustLoss()).isTrue();
        hexa.update(true, true, 0, 0, 0, 0, hover, false, 2.0, DT);
        assertThat(hexa.thrustLoss()).isFalse();
    }

    @Test
    void shouldNotTakeASaturatedYawForAFailedMotor() {
        // Given the yaw demand of a fast half turn, saturated: one spin direction's motors full, the
        // other's off (a quad's diagonal pairs; a hexa's alternate motors), and no roll/pitch rate
        FailureDetector quad = new FailureDetector(MotorGeometry.quadX(0.225));
        run(quad, 2.0, 0.0, 0.0, 0.0, 0.0, new double[] {1.0, 1.0, 0.0, 0.0}, true);
        run(quad, 2.0, 0.0, 0.0, 0.0, 0.0, new double[] {0.0, 0.0, 1.0, 1.0}, true);
        MotorGeometry hexaGeometry = MotorGeometry.hexaX(0.275);
        double[] yawLeft = new double[6];
        double[] yawRight = new double[6];
        for (int i = 0; i < 6; i++) {
            yawLeft[i] = hexaGeometry.spinDir(i) > 0 ? 1.0 : 0.0;
            yawRight[i] = hexaGeometry.spinDir(i) > 0 ? 0.1 : 0.9;
        }
        run(hexa, 2.0, 0.0, 0.0, 0.0, 0.0, yawLeft, true);
        run(hexa, 2.0, 0.0, 0.0, 0.0, 0.0, yawRight, true);
        // Then no motor is suspect
        assertThat(quad.motorFailureMask()).isZero();
        assertThat(hexa.motorFailureMask()).isZero();
        for (int i = 0; i < 6; i++) {
            assertThat(hexa.suspectSeconds(i)).isZero();
        }
    }
}
