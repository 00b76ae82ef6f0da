package org.hoverla.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class BenchFixtureTest {
    private static final double DT = 0.001;

    @Test
    void shouldTurnAtItsRateAndThenHoldStill() {
        // Given a fixture holding the vehicle level
        BenchFixture f = new BenchFixture();
        f.engage(new Quat());
        // When told to turn it nose up (90 deg)
        f.moveTo(new Quat().setEuler(0, Math.PI / 2, 0));
        int steps = 0;
        double maxRate = 0;
        while (f.moving()) {
            f.step(DT);
            maxRate = Math.max(maxRate, f.rateFrd().norm());
            steps++;
        }
        // Then the turn takes 1 s at 90 deg/s, about the pitch axis
        assertThat(steps).isBetween(999, 1001);
        assertThat(Math.toDegrees(maxRate)).isCloseTo(90.0, within(1e-6));
        assertThat(f.attitude().angleTo(new Quat().setEuler(0, Math.PI / 2, 0))).isLessThan(1e-9);
        // And once there it is still: zero rate
        f.step(DT);
        assertThat(f.still()).isTrue();
        assertThat(f.rateFrd().norm()).isZero();
    }

    @Test
    void shouldReportRatesThatIntegrateToTheHeldAttitude() {
        // Given a fixture that moves, spins and wobbles
        BenchFixture f = new BenchFixture();
        f.engage(new Quat().setEuler(0, 0, 0.5));
        Quat integrated = new Quat().set(f.attitude());
        Quat step = new Quat();
        // When its reported body rates are integrated as a gyro's would be
        f.moveTo(new Quat().setEuler(Math.PI, 0, 0.5));
        for (int i = 0; i < 2500; i++) {
            f.step(DT);
            Vec3 w = f.rateFrd();
            integrated.setProduct(integrated, step.setRotationVector(w.x * DT, w.y * DT, w.z * DT)).normalize();
        }
        f.spin(0, 0, 1, Math.toRadians(60));
        for (int i = 0; i < 3000; i++) {
            f.step(DT);
            Vec3 w = f.rateFrd();
            integrated.setProduct(integrated, step.setRotationVector(w.x * DT, w.y * DT, w.z * DT)).normalize();
        }
        f.wobble(Math.toRadians(15), 0.6);
        for (int i = 0; i < 1000; i++) {
            f.step(DT);
            Vec3 w = f.rateFrd();
            integrated.setProduct(integrated, step.setRotationVector(w.x * DT, w.y * DT, w.z * DT)).normalize();
        }
        // Then the integral is the held attitude
        assertThat(integrated.angleTo(f.attitude())).isLessThan(1e-6);
    }

    @Test
    void shouldSpinAboutTheVerticalKeepingTheSideDown() {
        // Given the vehicle held on its left side
        BenchFixture f = new BenchFixture();
        Quat left = new Quat().setEuler(-Math.PI / 2, 0, 0);
        f.engage(left);
        // When spun about the vertical for 1.5 s at 60 deg/s
        f.spin(0, 0, 1, Math.toRadians(60));
        for (int i = 0; i < 1500; i++) {
            f.step(DT);
        }
        // Then it turned 90 deg, and the body axis that points up (+y) still points up
        assertThat(Math.toDegrees(f.attitude().angleTo(left))).isCloseTo(90.0, within(1e-6));
        Vec3 y = f.attitude().rotate(new Vec3(0, 1, 0), new Vec3());
        assertThat(y.z).isCloseTo(-1.0, within(1e-9));
        // And the gyro sees 60 deg/s about the body y axis
        assertThat(Math.toDegrees(Math.abs(f.rateFrd().y))).isCloseTo(60.0, within(1e-6));
        assertThat(f.still()).isFalse();
    }

    @Test
    void shouldRefuseANonPositiveRate() {
        assertThatThrownBy(() -> new BenchFixture(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BenchFixture(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHoldTheVehicleAtRestWithGravityInTheHeldAttitude() {
        // Given a multicopter held tail down
        MulticopterSim sim = new MulticopterSim(Airframe.defaultQuadX(), 0.0);
        Quat tailDown = new Quat().setEuler(0, Math.PI / 2, 0);
        // When held for a step with the motors off
        sim.holdInFixture(DT, tailDown, new Vec3(), new double[4], 16.0);
        // Then it is at rest, and the accelerometer reads +g along x (PX4: tail down = [g, 0, 0])
        assertThat(sim.velocityNed().norm()).isZero();
        assertThat(sim.specificForceFrd().x).isCloseTo(Airframe.GRAVITY_MPS2, within(1e-9));
        assertThat(sim.specificForceFrd().z).isCloseTo(0.0, within(1e-9));
        // And set down again it rests level on the ground
        sim.setDownLevel();
        sim.step(DT, new double[4], 16.0, null);
        assertThat(sim.attitude().tiltRad()).isLessThan(1e-9);
        assertThat(sim.onGround()).isTrue();
        assertThat(sim.crashed()).isFalse();
    }
}
