package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The rotation table against PX4's src/lib/conversion (rotation.h {@code rot_lookup},
 * rotation.cpp {@code rotate_3f}, whose matrices PX4's RotationTest checks against
 * {@code get_rot_matrix}).
 */
class RotationTest {

    @Test
    void shouldNumberEveryPx4RotationContiguouslyFromZeroToFortySeven() {
        // Given PX4's enum Rotation (ROTATION_NONE = 0 .. ROTATION_ROLL_270_YAW_315 = 47)
        // Then each id maps to the rotation of that number
        for (int id = 0; id <= 47; id++) {
            assertThat(Rotation.fromId(id).id()).isEqualTo(id);
        }
        assertThat(Rotation.values()).hasSize(48);
        assertThatThrownBy(() -> Rotation.fromId(48)).hasMessageContaining("0..47");
        assertThatThrownBy(() -> Rotation.fromId(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRotateLikePx4Rotate3f() {
        // Given the vector (1, 2, 3) in sensor axes (PX4 RotationTest's vector)
        double x = 1;
        double y = 2;
        double z = 3;
        // Then the body vectors are what rotate_3f computes
        expect(Rotation.YAW_90, x, y, z, -y, x, z);
        expect(Rotation.YAW_270, x, y, z, y, -x, z);
        expect(Rotation.ROLL_180, x, y, z, x, -y, -z);
        expect(Rotation.ROLL_90, x, y, z, x, -z, y);
        expect(Rotation.ROLL_270, x, y, z, x, z, -y);
        expect(Rotation.PITCH_90, x, y, z, z, y, -x);
        expect(Rotation.PITCH_180, x, y, z, -x, y, -z);
        expect(Rotation.ROLL_180_YAW_90, x, y, z, y, x, -z);
        expect(Rotation.ROLL_90_YAW_270, x, y, z, -z, -x, y);
        expect(Rotation.ROLL_90_PITCH_180_YAW_90, x, y, z, z, -x, -y);
        expect(Rotation.ROLL_270_PITCH_270, x, y, z, y, z, x);
        // rotate_3f's hard-coded matrix for 38 is R(90°, 68°, 293°): whole degrees, as rot_lookup
        expect(Rotation.ROLL_90_PITCH_68_YAW_293, x, y, z,
                0.146371 * x + 0.362280 * y - 0.920505 * z,
                -0.344827 * x - 0.853477 * y - 0.390731 * z,
                -0.927184 * x + 0.374607 * y);
        // rows 41-47 (PX4 only)
        expect(Rotation.ROLL_270_YAW_180, x, y, z, -x, -z, -y);
        expect(Rotation.PITCH_90_YAW_180, x, y, z, -z, -y, -x);
        expect(Rotation.PITCH_9_YAW_180, x, y, z,
                -0.987688 * x - 0.156434 * z, -y, -0.156434 * x + 0.987688 * z);
    }

    @Test
    void shouldTurnAVectorInPlaceAsBodyXyzAndLeaveItUntouchedWhenNone() {
        // Given two sensor vectors side by side in one array, with a -0.0 the identity must keep
        double[] v = {9.0, 1.0, 2.0, 3.0, -0.0, 5.0, 6.0};
        Rotation r = Rotation.ROLL_180_YAW_90;

        // When the first is turned by a rotation and the second by NONE
        r.toBodyInPlace(v, 1);
        Rotation.NONE.toBodyInPlace(v, 4);

        // Then the first equals bodyX/Y/Z exactly, the second and the neighbour are unchanged bit for bit
        assertThat(v[1]).isEqualTo(r.bodyX(1.0, 2.0, 3.0));
        assertThat(v[2]).isEqualTo(r.bodyY(1.0, 2.0, 3.0));
        assertThat(v[3]).isEqualTo(r.bodyZ(1.0, 2.0, 3.0));
        assertThat(Double.doubleToRawLongBits(v[4])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(v[5]).isEqualTo(5.0);
        assertThat(v[6]).isEqualTo(6.0);
        assertThat(v[0]).isEqualTo(9.0);
    }

    @Test
    void shouldBeProperRotationsAndNamedAsPx4() {
        for (Rotation r : Rotation.values()) {
            // R·Rᵀ = I and det R = +1
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double dot = 0;
                    for (int k = 0; k < 3; k++) {
                        dot += r.element(i, k) * r.element(j, k);
                    }
                    assertThat(dot).as("%s row %d·%d", r, i, j).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
                }
            }
            assertThat(Rotation.parse(r.px4Name())).isSameAs(r);
            assertThat(Rotation.parse(Integer.toString(r.id()))).isSameAs(r);
        }
        assertThat(Rotation.parse("yaw_90")).isSameAs(Rotation.YAW_90);
        assertThatThrownBy(() -> Rotation.parse("ROTATION_YAW_91")).hasMessageContaining("ROTATION_YAW_91");
    }

    private static void expect(Rotation r, double x, double y, double z, double bx, double by, double bz) {
        assertThat(r.bodyX(x, y, z)).as("%s x", r).isCloseTo(bx, within(1e-5));
        assertThat(r.bodyY(x, y, z)).as("%s y", r).isCloseTo(by, within(1e-5));
        assertThat(r.bodyZ(x, y, z)).as("%s z", r).isCloseTo(bz, within(1e-5));
    }
}
