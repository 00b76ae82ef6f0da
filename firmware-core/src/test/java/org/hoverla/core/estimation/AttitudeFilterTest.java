package org.hoverla.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class AttitudeFilterTest {
    private static final double G = AttitudeFilter.GRAVITY_MPS2;
    private static final double DT = 0.004;
    /** Earth field at about 50 N, 30 E (gauss), declination ~7 deg east. */
    private static final Vec3 FIELD_NED = new Vec3(0.19, 0.025, 0.46);
    private static final double DECLINATION = Math.atan2(FIELD_NED.y, FIELD_NED.x);

    /** What ideal sensors read for a still vehicle at attitude q. */
    private static void stillReadings(Quat q, Vec3 accelFrd, Vec3 magFrd) {
        q.rotateInverse(new Vec3(0, 0, -G), accelFrd);
        q.rotateInverse(FIELD_NED, magFrd);
    }

    @Test
    void shouldAlignRollPitchAndHeadingFromStillSensors() {
        // Given a still vehicle rolled 5 deg, pitched -3 deg, heading 120 deg
        Quat truth = new Quat().setEuler(Math.toRadians(5), Math.toRadians(-3), Math.toRadians(120));
        Vec3 accel = new Vec3();
        Vec3 mag = new Vec3();
        stillReadings(truth, accel, mag);
        AttitudeFilter f = new AttitudeFilter();
        // When it aligns
        assertThat(f.align(accel, mag, DECLINATION)).isTrue();
        // Then the attitude matches
        assertThat(Math.toDegrees(f.attitude().angleTo(truth))).isLessThan(0.01);
    }

    @Test
    void shouldRefuseToAlignOnNonFiniteOrFreeFallData() {
        AttitudeFilter f = new AttitudeFilter();
        assertThat(f.align(new Vec3(0, 0, Double.NaN), FIELD_NED, 0)).isFalse();
        assertThat(f.align(new Vec3(0, 0, -0.5), FIELD_NED, 0)).isFalse();
        assertThat(f.isAligned()).isFalse();
    }

    @Test
    void shouldConvergeFromAWrongAttitudeAndLearnTheGyroBias() {
        // Given a still, level vehicle heading 40 deg whose gyro has a bias
        Quat truth = new Quat().setEuler(0, 0, Math.toRadians(40));
        Vec3 accel = new Vec3();
        Vec3 mag = new Vec3();
        stillReadings(truth, accel, mag);
        Vec3 bias = new Vec3(0.01, -0.02, 0.015);
        AttitudeFilter f = new AttitudeFilter();
        // and a filter aligned 10 deg off in roll and 20 deg off in heading
        Quat wrong = new Quat().setEuler(Math.toRadians(10), 0, Math.toRadians(60));
        Vec3 wrongAccel = new Vec3();
        Vec3 wrongMag = new Vec3();
        stillReadings(wrong, wrongAccel, wrongMag);
        f.align(wrongAccel, wrongMag, DECLINATION);
        // When 300 s of biased gyro and true accel/mag readings are fed (the bias loop's slow
        // pole is at Ki/Kp = 0.05/s, so this is about six time constants)
        Vec3 dAngle = new Vec3(bias.x * DT, bias.y * DT, bias.z * DT);
        Vec3 dVel = new Vec3(accel.x * DT, accel.y * DT, accel.z * DT);
        for (int i = 0; i < 75_000; i++) {
            assertThat(f.predict(dAngle, dVel, DT)).isTrue();
            if (i % 5 == 0) {
                f.fuseMag(mag, DECLINATION, 5 * DT);
            }
        }
        // Then attitude and bias are right
        assertThat(Math.toDegrees(f.attitude().angleTo(truth))).isLessThan(0.2);
        assertThat(f.gyroBiasFrdRadps().x).isCloseTo(bias.x, within(0.002));
        assertThat(f.gyroBiasFrdRadps().y).isCloseTo(bias.y, within(0.002));
        assertThat(f.gyroBiasFrdRadps().z).isCloseTo(bias.z, within(0.002));
    }

    @Test
    void shouldTrackAPureRotation() {
        // Given an aligned filter and a vehicle yawing at 90 deg/s, level
        Quat truth = new Quat().setEuler(0, 0, 0);
        Vec3 accel = new Vec3();
        Vec3 mag = new Vec3();
        stillReadings(truth, accel, mag);
        AttitudeFilter f = new AttitudeFilter();
        f.align(accel, mag, DECLINATION);
        double rate = Math.toRadians(90);
        Quat step = new Quat().setRotationVector(0, 0, rate * DT);
        // When it turns for 4 s with exact sensors
        for (int i = 0; i < 1000; i++) {
            truth.setProduct(truth, step);
            stillReadings(truth, accel, mag);
            f.predict(new Vec3(0, 0, rate * DT), new Vec3(accel.x * DT, accel.y * DT, accel.z * DT), DT);
            f.fuseMag(mag, DECLINATION, DT);
        }
        // Then the estimate turned with it
        assertThat(Math.toDegrees(f.attitude().angleTo(truth))).isLessThan(0.1);
    }

    @Test
    void shouldRejectNonFiniteSamplesWithoutChangingState() {
        Vec3 accel = new Vec3();
        Vec3 mag = new Vec3();
        stillReadings(new Quat(), accel, mag);
        AttitudeFilter f = new AttitudeFilter();
        f.align(accel, mag, DECLINATION);
        Quat before = new Quat().set(f.attitude());
        assertThat(f.predict(new Vec3(Double.NaN, 0, 0), new Vec3(0, 0, -G * DT), DT)).isFalse();
        assertThat(f.predict(new Vec3(0, 0, 0), new Vec3(0, 0, -G * DT), Double.POSITIVE_INFINITY)).isFalse();
        assertThat(f.fuseMag(new Vec3(Double.NaN, 0, 0), DECLINATION, DT)).isFalse();
        assertThat(f.attitude().angleTo(before)).isZero();
        assertThat(f.attitude().isFinite()).isTrue();
    }
}
