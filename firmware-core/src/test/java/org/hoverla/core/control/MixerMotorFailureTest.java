package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allocation without a failed motor (CA_FAILURE_MODE 1). */
class MixerMotorFailureTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void shouldReproduceRollPitchAndThrustWithTheFiveRemainingHexaMotorsAndYawWhereTheyCan(int failed) {
        // Given a hexa-X mixer without motor `failed`
        Mixer mixer = new Mixer(MotorGeometry.hexaX(0.275));
        assertThat(mixer.setFailedMotor(failed)).isTrue();
        assertThat(mixer.yawControlled()).isTrue();
        double[] out = new double[6];
        double[] wrench = new double[4];
        int yawExact = 0;
        // When small torques in every combination are mixed around a hover collective
        for (double r : new double[] {-0.05, 0.0, 0.04}) {
            for (double p : new double[] {-0.03, 0.0, 0.05}) {
                for (double y : new double[] {-0.05, 0.0, 0.05}) {
                    mixer.mix(new Vec3(r, p, y), 0.35, out);
                    // Then the failed motor gets nothing and the rest produce roll, pitch and thrust
                    // exactly, never saturating them
                    assertThat(out[failed]).isZero();
                    mixer.effectiveness(out, wrench);
                    assertThat(wrench[0]).isCloseTo(r, within(1e-6));
                    assertThat(wrench[1]).isCloseTo(p, within(1e-6));
                    assertThat(wrench[3]).isCloseTo(0.35, within(1e-6));
                    for (double v : out) {
                        assertThat(v).isBetween(0.0, 1.0);
                    }
                    assertThat(mixer.saturatedPositive(0) || mixer.saturatedNegative(0)).isFalse();
                    assertThat(mixer.saturatedPositive(1) || mixer.saturatedNegative(1)).isFalse();
                    // and yaw exactly where the opposite motor need not push below zero (with the
                    // yaw balance, five hexa motors leave it at zero thrust in a pure hover); else
                    // less yaw than asked, reported as saturation on that side
                    if (!mixer.saturatedPositive(2) && !mixer.saturatedNegative(2)) {
                        assertThat(wrench[2]).isCloseTo(y, within(1e-6));
                        yawExact++;
                    } else if (mixer.saturatedPositive(2)) {
                        assertThat(wrench[2]).isLessThan(y);
                    } else {
                        assertThat(wrench[2]).isGreaterThan(y);
                    }
                }
            }
        }
        assertThat(yawExact).isGreaterThanOrEqualTo(9);
    }

    @Test
    void shouldLeaveTheMotorOppositeTheFailedOneAtZeroInAPureHexaHover() {
        // Given hexa-X without motor index 0 (mid right): roll, pitch and yaw balance force motor
        // index 1 (mid left, opposite) to zero thrust in a pure hover, the rest share the weight
        Mixer mixer = new Mixer(MotorGeometry.hexaX(0.275));
        assertThat(mixer.failedAllocation(0, 1, 3)).isCloseTo(0.0, within(1e-9));
        for (int i = 2; i < 6; i++) {
            assertThat(mixer.failedAllocation(0, i, 3)).isCloseTo(1.5, within(1e-9));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldKeepRollPitchAndThrustAndGiveUpYawWithThreeQuadMotors(int failed) {
        // Given a quad-X mixer without motor `failed`
        Mixer mixer = new Mixer(MotorGeometry.quadX(0.225));
        assertThat(mixer.setFailedMotor(failed)).isTrue();
        assertThat(mixer.yawControlled()).isFalse();
        double[] out = new double[4];
        double[] wrench = new double[4];
        int exact = 0;
        // When torques with yaw are mixed at a collective the three can carry
        for (double r : new double[] {-0.03, 0.0, 0.02}) {
            for (double p : new double[] {-0.03, 0.0, 0.02}) {
                mixer.mix(new Vec3(r, p, 0.2), 0.3, out);
                // Then the failed motor gets nothing; the yaw axis reports saturation both ways so
                // its integrator stops; roll, pitch and thrust are produced wherever the motor
                // opposite the failed one need not push below zero (three motors balance roll and
                // pitch only with it at zero thrust: the other half-plane cannot be produced)
                assertThat(out[failed]).isZero();
                assertThat(mixer.saturatedPositive(2)).isTrue();
                assertThat(mixer.saturatedNegative(2)).isTrue();
                mixer.effectiveness(out, wrench);
                if (!mixer.saturatedPositive(0) && !mixer.saturatedNegative(0)
                        && !mixer.saturatedPositive(1) && !mixer.saturatedNegative(1)) {
                    assertThat(wrench[0]).isCloseTo(r, within(1e-6));
                    assertThat(wrench[1]).isCloseTo(p, within(1e-6));
                    assertThat(wrench[3]).isCloseTo(0.3, within(1e-6));
                    exact++;
                }
            }
        }
        assertThat(exact).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldScaleRollAndPitchDownTogetherWhenTheRemainingMotorsCannotFitThem() {
        // Given a hexa without motor 1 asked for far more roll/pitch than five motors give
        Mixer mixer = new Mixer(MotorGeometry.hexaX(0.275));
        mixer.setFailedMotor(0);
        double[] out = new double[6];
        double[] wrench = new double[4];
        mixer.mix(new Vec3(3.0, -1.5, 0.0), 0.5, out);
        // Then every output stays in [0, 1], the direction is kept and the axes report saturation
        for (double v : out) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        mixer.effectiveness(out, wrench);
        assertThat(wrench[0]).isPositive();
        assertThat(wrench[1] / wrench[0]).isCloseTo(-0.5, within(1e-3));
        assertThat(mixer.saturatedPositive(0)).isTrue();
        assertThat(mixer.saturatedNegative(1)).isTrue();
    }

    @Test
    void shouldGiveTheCollectiveUpBeforeTheAttitudeAndReportIt() {
        // Given a hexa without motor 3 asked for full thrust with some roll
        Mixer mixer = new Mixer(MotorGeometry.hexaX(0.275));
        mixer.setFailedMotor(2);
        double[] out = new double[6];
        double[] wrench = new double[4];
        mixer.mix(new Vec3(0.1, 0.0, 0.0), 1.0, out);
        // Then roll is produced in full, the thrust is what is left, saturated upwards
        mixer.effectiveness(out, wrench);
        assertThat(wrench[0]).isCloseTo(0.1, within(1e-6));
        assertThat(wrench[3]).isLessThan(1.0).isGreaterThan(0.5);
        assertThat(mixer.saturatedPositive(3)).isTrue();
    }

    @Test
    void shouldMixAsANewMixerOnceAllMotorsAreRestored() {
        // Given a mixer that lost motor 2 and got it back (disarm), and a fresh one
        Mixer restored = new Mixer(MotorGeometry.hexaX(0.275));
        restored.setFailedMotor(2);
        restored.mix(new Vec3(0.1, 0.1, 0.1), 0.4, new double[6]);
        assertThat(restored.setFailedMotor(-1)).isFalse();
        Mixer fresh = new Mixer(MotorGeometry.hexaX(0.275));
        double[] a = new double[6];
        double[] b = new double[6];
        // When both mix the same demand
        restored.mix(new Vec3(0.2, -0.1, 0.05), 0.45, a);
        fresh.mix(new Vec3(0.2, -0.1, 0.05), 0.45, b);
        // Then the outputs are identical
        assertThat(a).containsExactly(b);
        assertThat(restored.failedMotor()).isEqualTo(-1);
        assertThat(restored.setFailedMotor(6)).isFalse();
        assertThat(restored.setFailedMotor(-7)).isFalse();
    }

    @Test
    void shouldMapNonFiniteDemandsToSafeOutputsWithAMotorRemoved() {
        Mixer mixer = new Mixer(MotorGeometry.quadX(0.225));
        mixer.setFailedMotor(1);
        double[] out = new double[4];
        mixer.mix(new Vec3(Double.NaN, Double.POSITIVE_INFINITY, 1e300), Double.NaN, out);
        for (double v : out) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        assertThat(out[1]).isZero();
    }

    @Test
    void shouldAllocateNothingWhenMixingWithAMotorRemoved() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Mixer hexa = new Mixer(MotorGeometry.hexaX(0.275));
        Mixer quad = new Mixer(MotorGeometry.quadX(0.225));
        hexa.setFailedMotor(3);
        quad.setFailedMotor(0);
        Vec3 torque = new Vec3();
        double[] out = new double[6];
        Loop loop = new Loop(hexa, quad, torque, out);
        loop.run(2_000);
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            loop.run(4_000);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(fewest).isZero();
    }

    private record Loop(Mixer hexa, Mixer quad, Vec3 torque, double[] out) {
        void run(int n) {
            for (int k = 0; k < n; k++) {
                torque.set((k % 7) * 0.3 - 1.0, (k % 5) * 0.2 - 0.4, (k % 3) * 0.5 - 0.5);
                hexa.mix(torque, (k % 11) * 0.1, out);
                hexa.setFailedMotor(k % 2 == 0 ? 3 : -1);
                quad.mix(torque, 0.5, out);
            }
        }
    }
}
