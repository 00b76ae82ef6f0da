package org.hoverla.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuatTest {
    @Test
    void shouldRoundTripEulerAngles() {
        for (double roll = -1.2; roll <= 1.2; roll += 0.4) {
            for (double pitch = -1.2; pitch <= 1.2; pitch += 0.4) {
                for (double yaw = -3.0; yaw <= 3.0; yaw += 1.0) {
                    Quat q = new Quat().setEuler(roll, pitch, yaw);
                    assertThat(q.roll()).isCloseTo(roll, within(1e-12));
                    assertThat(q.pitch()).isCloseTo(pitch, within(1e-12));
                    assertThat(q.yaw()).isCloseTo(yaw, within(1e-12));
                }
            }
        }
    }

    @Test
    void shouldRotateBodyForwardToNorthEastForYaw90() {
        // Given a vehicle yawed 90 degrees (nose east)
        Quat q = new Quat().setEuler(0, 0, Math.PI / 2);
        // When body forward is rotated into NED
        Vec3 v = q.rotate(new Vec3(1, 0, 0), new Vec3());
        // Then it points east, and the inverse brings it back
        assertThat(v.x).isCloseTo(0.0, within(1e-12));
        assertThat(v.y).isCloseTo(1.0, within(1e-12));
        Vec3 back = q.rotateInverse(v, new Vec3());
        assertThat(back.x).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldRoundTripRotationVectors() {
        Quat q = new Quat().setRotationVector(0.3, -0.2, 1.1);
        Vec3 r = q.toRotationVector(new Vec3());
        assertThat(r.x).isCloseTo(0.3, within(1e-12));
        assertThat(r.y).isCloseTo(-0.2, within(1e-12));
        assertThat(r.z).isCloseTo(1.1, within(1e-12));
        assertThat(q.angleTo(new Quat())).isCloseTo(Math.sqrt(0.09 + 0.04 + 1.21), within(1e-12));
    }

    @Test
    void shouldRoundTripGeodeticCoordinates() {
        GeoRef ref = new GeoRef(50.4017, 30.4495, 178.0);
        Vec3 ned = ref.toNed(50.4107, 30.4595, 190.0, new Vec3());
        assertThat(ned.x).isCloseTo(1000.8, within(1.0)); // 0.009 deg of latitude ~ 1000 m
        assertThat(ned.z).isCloseTo(-12.0, within(1e-9));
        Vec3 geo = ref.toGeodetic(ned.x, ned.y, ned.z, new Vec3());
        assertThat(geo.x).isCloseTo(50.4107, within(1e-9));
        assertThat(geo.y).isCloseTo(30.4595, within(1e-9));
        assertThat(geo.z).isCloseTo(190.0, within(1e-9));
    }
}
