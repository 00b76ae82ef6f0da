package org.hoverla.core.navigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManualPositionControlTest {
    private static final double DT = 0.05;
    private final ManualPositionControl c = new ManualPositionControl();
    private final Vec3 pos = new Vec3(10, 20, -10);
    private final Vec3 vel = new Vec3();

    @BeforeEach
    void limits() {
        // Given PX4's defaults: 10 m/s manual speed, 3 up / 1.5 down, 150 deg/s yaw, deadzone 0.1
        c.setLimits(10.0, 3.0, 1.5, Math.toRadians(150), 0.1, 3.0, 3.0);
        c.begin(pos, 0.0);
    }

    private boolean run(double pitch, double roll, double yaw, double thr, double heading, int steps) {
        boolean active = false;
        for (int i = 0; i < steps; i++) {
            active = c.update(pitch, roll, yaw, thr, pos, vel, heading, DT);
        }
        return active;
    }

    @Test
    void shouldHoldTheStartPositionAndHeadingWithCentredSticks() {
        // When all sticks are centred, or inside the deadzone
        assertThat(run(0.0, 0.0, 0.0, 0.5, 0.0, 10)).isFalse();
        assertThat(run(0.09, -0.09, 0.05, 0.54, 0.0, 10)).isFalse();
        // Then the held position and heading are the setpoint, no velocity is commanded
        assertThat(c.posSpNedM.x).isEqualTo(10.0);
        assertThat(c.posSpNedM.y).isEqualTo(20.0);
        assertThat(c.posSpNedM.z).isEqualTo(-10.0);
        assertThat(c.velSpNedMps.x).isNaN();
        assertThat(c.yawSpRad).isZero();
        assertThat(c.yawRateSpRadps).isNaN();
    }

    @Test
    void shouldTreatNaNSticksAsCentred() {
        assertThat(c.deflected(Double.NaN, Double.NaN, Double.NaN, Double.NaN)).isFalse();
        assertThat(run(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 5)).isFalse();
        assertThat(c.posSpNedM.z).isEqualTo(-10.0);
    }

    @Test
    void shouldRampToTheManualSpeedForwardInTheHeadingFrame() {
        // When full forward stick is held heading east for 5 s
        assertThat(run(1.0, 0.0, 0.0, 0.5, Math.PI / 2, 100)).isTrue();
        // Then the setpoint is 10 m/s east (velocity control: horizontal position not held)
        assertThat(c.velSpNedMps.x).isCloseTo(0.0, within(1e-9));
        assertThat(c.velSpNedMps.y).isCloseTo(10.0, within(1e-9));
        assertThat(c.posSpNedM.x).isNaN();
        // and the altitude is still held
        assertThat(c.posSpNedM.z).isEqualTo(-10.0);
    }

    @Test
    void shouldLimitAccelerationAndTheDiagonalToTheManualSpeed() {
        // When full forward and full right are given heading north for one step
        run(1.0, 1.0, 0.0, 0.5, 0.0, 1);
        // Then the setpoint moved by accel * dt only
        assertThat(Math.hypot(c.velSpNedMps.x, c.velSpNedMps.y)).isCloseTo(3.0 * DT, within(1e-9));
        // and after long enough its length is the manual speed, not sqrt(2) times it
        run(1.0, 1.0, 0.0, 0.5, 0.0, 200);
        assertThat(Math.hypot(c.velSpNedMps.x, c.velSpNedMps.y)).isCloseTo(10.0, within(1e-9));
        assertThat(c.velSpNedMps.x).isCloseTo(c.velSpNedMps.y, within(1e-9));
    }

    @Test
    void shouldRescaleAfterTheDeadzoneAndClampOutOfRange() {
        assertThat(ManualPositionControl.deadzone(0.55, 0.1)).isCloseTo(0.5, within(1e-9));
        assertThat(ManualPositionControl.deadzone(-1.0, 0.1)).isCloseTo(-1.0, within(1e-9));
        assertThat(ManualPositionControl.deadzone(0.1, 0.1)).isZero();
        // When the stick reads 5 (beyond the travel) for long enough
        run(5.0, 0.0, 0.0, 0.5, 0.0, 200);
        // Then it is full stick, no more
        assertThat(c.velSpNedMps.x).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void shouldBrakeThenHoldWhereTheVehicleStopped() {
        // Given flying north at full stick
        run(1.0, 0.0, 0.0, 0.5, 0.0, 100);
        vel.set(10, 0, 0);
        // When the stick is released: the setpoint ramps down at 3 m/s^2 while the vehicle still moves
        assertThat(run(0.0, 0.0, 0.0, 0.5, 0.0, 20)).isTrue();
        assertThat(c.velSpNedMps.x).isCloseTo(7.0, within(1e-9));
        run(0.0, 0.0, 0.0, 0.5, 0.0, 60);
        assertThat(c.velSpNedMps.x).isZero();
        // and once the vehicle is slow, where it is becomes the hold position
        pos.set(60, 20, -10);
        vel.set(0.1, 0, 0);
        assertThat(run(0.0, 0.0, 0.0, 0.5, 0.0, 1)).isFalse();
        assertThat(c.posSpNedM.x).isEqualTo(60.0);
        assertThat(c.velSpNedMps.x).isNaN();
    }

    @Test
    void shouldLockAfterTheBrakeTimeoutEvenIfStillDrifting() {
        run(1.0, 0.0, 0.0, 0.5, 0.0, 100);
        vel.set(1.0, 0, 0);
        // When released while the vehicle keeps drifting at 1 m/s: 10/3 s of braking setpoint, then the timeout
        int rampSteps = (int) Math.ceil(10.0 / 3.0 / DT);
        int timeoutSteps = (int) Math.ceil(ManualPositionControl.BRAKE_TIMEOUT_S / DT);
        assertThat(run(0.0, 0.0, 0.0, 0.5, 0.0, rampSteps + timeoutSteps - 2)).isTrue();
        // Then it locks where it is after the timeout
        pos.set(70, 20, -10);
        assertThat(run(0.0, 0.0, 0.0, 0.5, 0.0, 4)).isFalse();
        assertThat(c.posSpNedM.x).isEqualTo(70.0);
    }

    @Test
    void shouldClimbAndDescendAtTheirOwnLimitsFromTheThrottleStick() {
        // When throttle is full up
        run(0.0, 0.0, 0.0, 1.0, 0.0, 100);
        // Then it climbs at MPC_Z_VEL_MAX_UP (negative down), altitude not held
        assertThat(c.velSpNedMps.z).isCloseTo(-3.0, within(1e-9));
        assertThat(c.posSpNedM.z).isNaN();
        // When throttle is full down
        run(0.0, 0.0, 0.0, 0.0, 0.0, 100);
        // Then it descends at MPC_Z_VEL_MAX_DN
        assertThat(c.velSpNedMps.z).isCloseTo(1.5, within(1e-9));
        // When throttle goes to 0.775 (half the travel above the deadzone)
        run(0.0, 0.0, 0.0, 0.775, 0.0, 100);
        assertThat(c.velSpNedMps.z).isCloseTo(-1.5, within(1e-9));
        // and the horizontal position stays held
        assertThat(c.posSpNedM.x).isEqualTo(10.0);
    }

    @Test
    void shouldTurnTheHeadingAtTheYawRateAndKeepItWhenReleased() {
        // When full right yaw for 0.5 s while the vehicle follows
        double heading = 0.0;
        for (int i = 0; i < 10; i++) {
            c.update(0.0, 0.0, 1.0, 0.5, pos, vel, heading, DT);
            heading = c.yawSpRad;
        }
        // Then the heading setpoint moved 75 degrees with 150 deg/s feed-forward
        assertThat(Math.toDegrees(c.yawSpRad)).isCloseTo(75.0, within(1e-6));
        assertThat(Math.toDegrees(c.yawRateSpRadps)).isCloseTo(150.0, within(1e-6));
        // When released
        assertThat(run(0.0, 0.0, 0.0, 0.5, heading, 1)).isFalse();
        // Then it stays there, no rate
        assertThat(Math.toDegrees(c.yawSpRad)).isCloseTo(75.0, within(1e-6));
        assertThat(c.yawRateSpRadps).isNaN();
    }

    @Test
    void shouldNotLetTheHeadingSetpointRunAwayFromASlowVehicle() {
        // When full left yaw for 2 s while the vehicle does not turn at all
        run(0.0, 0.0, -1.0, 0.5, 0.0, 40);
        // Then the setpoint leads by at most MAX_YAW_LEAD_RAD
        assertThat(c.yawSpRad).isCloseTo(-ManualPositionControl.MAX_YAW_LEAD_RAD, within(1e-9));
    }

    @Test
    void shouldDoNothingWithAZeroTimeStep() {
        assertThat(c.update(1.0, 0.0, 0.0, 0.5, pos, vel, 0.0, 0.0)).isTrue();
        assertThat(c.velSpNedMps.x).isZero();
        assertThat(c.update(1.0, 0.0, 0.0, 0.5, pos, vel, 0.0, Double.NaN)).isTrue();
        assertThat(c.velSpNedMps.x).isZero();
    }
}
