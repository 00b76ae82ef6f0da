package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MixerTest {

    private static final double TOL = 1e-9;

    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of("quadX", MotorGeometry.quadX(0.225)),
                Arguments.of("quadPlus", MotorGeometry.quadPlus(0.25)),
                Arguments.of("hexaX", MotorGeometry.hexaX(0.3)));
    }

    @Test
    void shouldFollowPx4QuadXNumberingAndSpin() {
        // Given the PX4 quad X layout
        MotorGeometry g = MotorGeometry.quadX(0.225);
        // Then motor 1 front-right CCW, 2 rear-left CCW, 3 front-left CW, 4 rear-right CW
        assertThat(g.motorCount()).isEqualTo(4);
        assertThat(new double[] {g.xM(0), g.yM(0), g.spinDir(0)}).containsExactly(new double[] {0.159, 0.159, 1}, within(1e-3));
        assertThat(new double[] {g.xM(1), g.yM(1), g.spinDir(1)}).containsExactly(new double[] {-0.159, -0.159, 1}, within(1e-3));
        assertThat(new double[] {g.xM(2), g.yM(2), g.spinDir(2)}).containsExactly(new double[] {0.159, -0.159, -1}, within(1e-3));
        assertThat(new double[] {g.xM(3), g.yM(3), g.spinDir(3)}).containsExactly(new double[] {-0.159, 0.159, -1}, within(1e-3));
        assertThat(Math.hypot(g.xM(0), g.yM(0))).isCloseTo(0.225, within(1e-12));
    }

    @Test
    void shouldFollowPx4QuadPlusAndHexaXNumbering() {
        // Given the PX4 quad + and hexa X layouts
        MotorGeometry p = MotorGeometry.quadPlus(0.25);
        MotorGeometry h = MotorGeometry.hexaX(0.3);
        // Then quad +: 1 right CCW, 2 left CCW, 3 front CW, 4 rear CW
        assertThat(p.yM(0)).isEqualTo(0.25);
        assertThat(p.yM(1)).isEqualTo(-0.25);
        assertThat(p.xM(2)).isEqualTo(0.25);
        assertThat(p.xM(3)).isEqualTo(-0.25);
        assertThat(new int[] {p.spinDir(0), p.spinDir(1), p.spinDir(2), p.spinDir(3)}).containsExactly(1, 1, -1, -1);
        // And hexa X: 1 mid-right CW, 2 mid-left CCW, 3 front-left CW, 4 rear-right CCW, 5 front-right CCW, 6 rear-left CW
        assertThat(h.motorCount()).isEqualTo(6);
        assertThat(h.yM(0)).isEqualTo(0.3);
        assertThat(h.xM(2)).isPositive();
        assertThat(h.yM(2)).isNegative();
        assertThat(h.xM(3)).isNegative();
        assertThat(h.yM(3)).isPositive();
        assertThat(h.xM(4)).isPositive();
        assertThat(h.yM(4)).isPositive();
        int[] spins = new int[6];
        for (int i = 0; i < 6; i++) {
            spins[i] = h.spinDir(i);
            assertThat(Math.hypot(h.xM(i), h.yM(i))).isCloseTo(0.3, within(1e-12));
        }
        assertThat(spins).containsExactly(-1, 1, -1, 1, 1, -1);
    }

    @Test
    void shouldMoveQuadXMotorsInPhysicallyCorrectDirections() {
        // Given a quad X mixer at mid collective
        Mixer m = new Mixer(MotorGeometry.quadX(0.225));
        double[] u = new double[4];
        // When commanding positive roll (right wing down)
        m.mix(new Vec3(0.1, 0, 0), 0.5, u);
        // Then the left motors (2 rear-left, 3 front-left) speed up, the right ones slow down
        assertThat(u[1]).isGreaterThan(0.5);
        assertThat(u[2]).isGreaterThan(0.5);
        assertThat(u[0]).isLessThan(0.5);
        assertThat(u[3]).isLessThan(0.5);
        // When commanding positive pitch (nose up): front motors 1 and 3 speed up
        m.mix(new Vec3(0, 0.1, 0), 0.5, u);
        assertThat(u[0]).isGreaterThan(0.5);
        assertThat(u[2]).isGreaterThan(0.5);
        assertThat(u[1]).isLessThan(0.5);
        // When commanding positive yaw (nose right): CCW motors 1 and 2 speed up
        m.mix(new Vec3(0, 0, 0.1), 0.5, u);
        assertThat(u[0]).isGreaterThan(0.5);
        assertThat(u[1]).isGreaterThan(0.5);
        assertThat(u[2]).isLessThan(0.5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void shouldReproduceTorqueAndThrustWhenUnsaturated(String name, MotorGeometry g) {
        // Given a mixer and a modest demand
        Mixer m = new Mixer(g);
        double[] u = new double[m.motorCount()];
        double[] w = new double[4];
        double[][] demands = {{0.1, -0.05, 0.08, 0.5}, {-0.1, 0.08, -0.05, 0.4}, {0, 0, 0, 0.3}, {0.05, 0.05, 0.05, 0.6}};
        for (double[] d : demands) {
            // When mixing and applying the effectiveness matrix to the result
            m.mix(new Vec3(d[0], d[1], d[2]), d[3], u);
            m.effectiveness(u, w);
            // Then the commanded wrench comes back exactly and nothing is saturated
            assertThat(w).containsExactly(d, within(1e-9));
            for (int a = 0; a < 4; a++) {
                assertThat(m.saturatedPositive(a)).as("%s axis %d +", name, a).isFalse();
                assertThat(m.saturatedNegative(a)).as("%s axis %d -", name, a).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void shouldNormaliseColumnsSoLargestEntryIsOne(String name, MotorGeometry g) {
        // Given a mixer
        Mixer m = new Mixer(g);
        // Then thrust 1 puts every motor at 1, and the largest roll/pitch and yaw entries are 1
        double maxRp = 0;
        double maxYaw = 0;
        for (int i = 0; i < m.motorCount(); i++) {
            assertThat(m.allocation(i, 3)).isCloseTo(1.0, within(TOL));
            maxRp = Math.max(maxRp, Math.max(Math.abs(m.allocation(i, 0)), Math.abs(m.allocation(i, 1))));
            maxYaw = Math.max(maxYaw, Math.abs(m.allocation(i, 2)));
        }
        assertThat(maxRp).isCloseTo(1.0, within(TOL));
        assertThat(maxYaw).isCloseTo(1.0, within(TOL));
        assertThat(m.axisScale(0)).isEqualTo(m.axisScale(1));
    }

    @Test
    void shouldScaleQuadXTorqueAsDocumented() {
        // Given a quad X with arm L and torque ratio kM
        double arm = 0.225;
        double km = 0.016;
        Mixer m = new Mixer(MotorGeometry.quadX(arm, km));
        // Then roll/pitch 1 = 2 sqrt(2) L Tmax, yaw 1 = 4 kM Tmax, thrust 1 = 4 Tmax
        assertThat(m.axisScale(0)).isCloseTo(2.0 * Math.sqrt(2.0) * arm, within(TOL));
        assertThat(m.axisScale(2)).isCloseTo(4.0 * km, within(TOL));
        assertThat(m.axisScale(3)).isCloseTo(4.0, within(TOL));
    }

    @Test
    void shouldOutputZeroForAllZeroInput() {
        // Given a quad X mixer
        Mixer m = new Mixer(MotorGeometry.quadX(0.225));
        double[] u = {9, 9, 9, 9};
        // When mixing nothing
        m.mix(new Vec3(), 0.0, u);
        // Then all motors are at 0 and only the "cannot lower thrust" flag is set
        assertThat(u).containsOnly(0.0);
        assertThat(m.saturatedNegative(3)).isTrue();
        assertThat(m.saturatedPositive(3)).isFalse();
        for (int a = 0; a < 3; a++) {
            assertThat(m.saturatedPositive(a)).isFalse();
            assertThat(m.saturatedNegative(a)).isFalse();
        }
    }

    @Test
    void shouldKeepRollPitchAndReduceYawThenCollectiveWhenDemandExceedsRange() {
        // Given high collective, a roll demand and a large yaw demand
        Mixer m = new Mixer(MotorGeometry.quadX(0.225));
        double[] u = new double[4];
        double[] w = new double[4];
        // When mixing
        m.mix(new Vec3(0.3, -0.1, 0.6), 0.9, u);
        m.effectiveness(u, w);
        // Then roll and pitch are produced exactly, yaw only partly, collective lowered
        assertThat(w[0]).isCloseTo(0.3, within(1e-9));
        assertThat(w[1]).isCloseTo(-0.1, within(1e-9));
        assertThat(w[2]).isGreaterThan(0.0).isLessThan(0.6);
        assertThat(w[3]).isLessThan(0.9);
        assertInRange(u);
        // And the flags report yaw saturated upwards and thrust saturated both ways (full spread)
        assertThat(m.saturatedPositive(2)).isTrue();
        assertThat(m.saturatedNegative(2)).isFalse();
        assertThat(m.saturatedPositive(3)).isTrue();
    }

    @Test
    void shouldShiftCollectiveBeforeTouchingYaw() {
        // Given a yaw demand that fits in range only if the collective moves
        Mixer m = new Mixer(MotorGeometry.quadX(0.225));
        double[] u = new double[4];
        double[] w = new double[4];
        // When mixing near full thrust
        m.mix(new Vec3(0, 0, 0.4), 0.95, u);
        m.effectiveness(u, w);
        // Then yaw is kept in full and collective lowered to make room
        assertThat(w[2]).isCloseTo(0.4, within(1e-9));
        assertThat(w[3]).isCloseTo(0.6, within(1e-9));
        assertThat(m.saturatedPositive(3)).isTrue();
        assertThat(m.saturatedPositive(2)).isFalse();
    }

    @Test
    void shouldScaleRollPitchKeepingDirectionAsLastResort() {
        // Given a roll/pitch demand no collective can fit
        Mixer m = new Mixer(MotorGeometry.quadX(0.225));
        double[] u = new double[4];
        double[] w = new double[4];
        // When mixing with a yaw demand as well
        m.mix(new Vec3(2.0, 1.0, 0.5), 0.5, u);
        m.effectiveness(u, w);
        // Then roll/pitch keep their 2:1 ratio, yaw only gets what fits beside them
        // (here the CCW motors are not the extreme ones, so some yaw fits), motors span [0, 1]
        assertThat(w[0] / w[1]).isCloseTo(2.0, within(1e-9));
        assertThat(w[0]).isLessThan(2.0).isPositive();
        assertThat(w[2]).isGreaterThanOrEqualTo(0.0).isLessThan(0.5);
        assertThat(u).contains(0.0, 1.0);
        // And roll, pitch and yaw are flagged saturated in their demanded direction
        assertThat(m.saturatedPositive(0)).isTrue();
        assertThat(m.saturatedPositive(1)).isTrue();
        assertThat(m.saturatedPositive(2)).isTrue();
        assertThat(m.saturatedNegative(0)).isFalse();
    }

    @Test
    void shouldKeepRollAtZeroThrottleByRaisingCollective() {
        // Given zero thrust (airmode) and a negative roll demand
        Mixer m = new Mixer(MotorGeometry.quadX(0.225));
        double[] u = new double[4];
        double[] w = new double[4];
        // When mixing
        m.mix(new Vec3(-0.2, 0, 0), 0.0, u);
        m.effectiveness(u, w);
        // Then roll is produced and the lowest motor sits at 0
        assertThat(w[0]).isCloseTo(-0.2, within(1e-9));
        assertThat(min(u)).isCloseTo(0.0, within(1e-12));
        assertThat(m.saturatedNegative(3)).isTrue();
    }

    @Test
    void shouldTreatNonFiniteInputsAsZero() {
        // Given a mixer
        Mixer m = new Mixer(MotorGeometry.hexaX(0.3));
        double[] u = new double[6];
        // When torque has NaN/Inf and thrust is NaN
        m.mix(new Vec3(Double.NaN, Double.POSITIVE_INFINITY, 0.0), Double.NaN, u);
        // Then motors are all zero (zero torque, zero thrust)
        assertThat(u).containsOnly(0.0);
        // When only the thrust is non-finite
        m.mix(new Vec3(0.1, 0, 0), Double.NEGATIVE_INFINITY, u);
        // Then the output is still finite and in range
        assertInRange(u);
    }

    @Test
    void shouldRejectSingularGeometry() {
        // Given four rotors on a line, all spinning the same way (no pitch or yaw authority)
        MotorGeometry g = new MotorGeometry(new double[] {0, 0, 0, 0}, new double[] {-2, -1, 1, 2}, new int[] {1, 1, 1, 1}, 0.016);
        // Then building a mixer fails at construction, not in flight
        assertThatThrownBy(() -> new Mixer(g)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void shouldAlwaysOutputFiniteValuesInRangeForRandomDemands(String name, MotorGeometry g) {
        // Given a seeded stream of demands, including wild and non-finite ones
        Mixer m = new Mixer(g);
        double[] u = new double[m.motorCount()];
        double[] w = new double[4];
        SplittableRandom rnd = new SplittableRandom(0x5eed_2024L + name.hashCode());
        Vec3 torque = new Vec3();
        for (int k = 0; k < 20_000; k++) {
            torque.set(wild(rnd), wild(rnd), wild(rnd));
            double thrust = wild(rnd);
            // When mixing
            m.mix(torque, thrust, u);
            // Then every motor is finite and in [0, 1]
            for (double v : u) {
                assertThat(v).as("%s sample %d", name, k).isBetween(0.0, 1.0);
            }
            // And the roll/pitch direction is never distorted
            if (Double.isFinite(torque.x) && Double.isFinite(torque.y) && Math.abs(torque.x) < 1e3 && Math.abs(torque.y) < 1e3) {
                m.effectiveness(u, w);
                assertThat(w[0] * torque.y - w[1] * torque.x).as("%s sample %d", name, k)
                        .isCloseTo(0.0, within(1e-6 * (1 + Math.abs(torque.x) + Math.abs(torque.y))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3, 0.65, 1.0})
    void shouldInvertThrustCurve(double expo) {
        // Given thrust levels across the range
        for (int i = 0; i <= 100; i++) {
            double t = i / 100.0;
            // When converting to a command and back
            double u = ThrustCurve.thrustToCommand(t, expo);
            // Then the command is in range and reproduces the thrust
            assertThat(u).isBetween(0.0, 1.0);
            assertThat(ThrustCurve.commandToThrust(u, expo)).isCloseTo(t, within(1e-12));
        }
        // And out-of-range and non-finite thrusts are clamped
        assertThat(ThrustCurve.thrustToCommand(-0.5, expo)).isEqualTo(0.0);
        assertThat(ThrustCurve.thrustToCommand(1.5, expo)).isCloseTo(1.0, within(1e-12));
        assertThat(ThrustCurve.thrustToCommand(Double.NaN, expo)).isEqualTo(0.0);
    }

    @Test
    void shouldGiveSquareRootForFullExpo() {
        // Given expo 1 (thrust = u^2)
        // Then the command for quarter thrust is one half
        assertThat(ThrustCurve.thrustToCommand(0.25, 1.0)).isCloseTo(0.5, within(1e-12));
        assertThat(ThrustCurve.thrustToCommand(0.25, Double.NaN)).isCloseTo(0.25, within(1e-12));
    }

    private static double wild(SplittableRandom rnd) {
        int kind = rnd.nextInt(20);
        switch (kind) {
            case 0:
                return Double.NaN;
            case 1:
                return rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2:
                return rnd.nextDouble(-1e300, 1e300);
            case 3:
                return rnd.nextDouble(-10, 10);
            default:
                return rnd.nextDouble(-1.2, 1.2);
        }
    }

    private static void assertInRange(double[] u) {
        for (double v : u) {
            assertThat(v).isBetween(0.0, 1.0);
        }
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }
}
