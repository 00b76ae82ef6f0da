package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.Imu;
import org.hoverla.hal.ImuSample;
import org.junit.jupiter.api.Test;

class ImuFrontendTest {
    private static final long MS = 1_000_000L;
    private static final double G = 9.80665;
    private static final int ID_A = 0x140001;
    private static final int ID_B = 0x140002;

    /** A fake IMU: delivers {@link #next} once per cycle while {@link #alive}. */
    static final class FakeImu extends FakeDevice<ImuSample> implements Imu {
        FakeImu() {
            super(new ImuSample(), ImuSample::copyFrom);
        }

        @Override
        public boolean poll(ImuSample dst) {
            return deliver(dst);
        }
    }

    private final FlightBus bus = new FlightBus();
    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final FakeImu imuA = new FakeImu();
    private final FakeImu imuB = new FakeImu();
    private final SplittableRandom rng = new SplittableRandom(3);
    private final Subscription<VehicleAngularVelocity> rateSub = bus.angularVelocity.subscribe();
    private final Subscription<VehicleImu> imuSub = bus.vehicleImu.subscribe();
    private final Subscription<SensorsStatus> statusSub = bus.sensorsStatusImu.subscribe();
    private final VehicleAngularVelocity rate = new VehicleAngularVelocity();
    private final VehicleImu vimu = new VehicleImu();
    private final SensorsStatus status = new SensorsStatus();
    private ImuFrontend frontend;
    private long nowNs;

    private ImuFrontend build(Rotation rotationA, int priorityA, int priorityB) {
        frontend = new ImuFrontend(List.of(new SensorInstance<Imu>("imuA", imuA, ID_A, rotationA, priorityA),
                new SensorInstance<Imu>("imuB", imuB, ID_B, Rotation.NONE, priorityB)), bus.angularVelocity.advertise(),
                bus.vehicleImu.advertise(), bus.sensorsStatusImu.advertise(), bus.events, params, 250.0);
        return frontend;
    }

    /** One 1 ms cycle: both IMUs sample (gyro rates in their own axes, plus noise), the frontend runs. */
    private void cycle(double gxA, double gyA, double gzA, double gxB, double gyB, double gzB) {
        nowNs += MS;
        set(imuA, gxA, gyA, gzA);
        set(imuB, gxB, gyB, gzB);
        frontend.run(nowNs);
        rateSub.copy(rate);
        statusSub.copy(status);
    }

    private void set(FakeImu imu, double gx, double gy, double gz) {
        imu.next.timestampSampleNs = nowNs;
        imu.next.gyroXRadps = gx + 1e-4 * rng.nextGaussian();
        imu.next.gyroYRadps = gy + 1e-4 * rng.nextGaussian();
        imu.next.gyroZRadps = gz + 1e-4 * rng.nextGaussian();
        imu.next.accelXMps2 = 0.01 * rng.nextGaussian();
        imu.next.accelYMps2 = 0.01 * rng.nextGaussian();
        imu.next.accelZMps2 = -G + 0.01 * rng.nextGaussian();
        imu.fresh = true;
    }

    private void cycles(int n, double gx, double gy, double gz) {
        for (int i = 0; i < n; i++) {
            cycle(gx, gy, gz, gx, gy, gz);
        }
    }

    @Test
    void shouldRotateTheSelectedImuToTheBodyFrame() {
        // Given IMU A (preferred) mounted yawed 90°: its x axis points along the body's y axis
        build(Rotation.YAW_90, 10, 0);
        // When the vehicle rolls at 1 rad/s about body x, which IMU A sees about its −y axis
        for (int i = 0; i < 500; i++) {
            cycle(0.0, -1.0, 0.0, 1.0, 0.0, 0.0);
        }
        // Then the published rate is about body x
        assertThat(frontend.selected()).isZero();
        assertThat(rate.rateFrdRadps.x).isCloseTo(1.0, within(1e-3));
        assertThat(rate.rateFrdRadps.y).isCloseTo(0.0, within(1e-3));
        imuSub.copy(vimu);
        assertThat(vimu.deltaAngleFrdRad.x / vimu.dtS).isCloseTo(1.0, within(1e-2));
        assertThat(vimu.deltaVelocityFrdMps.z / vimu.dtS).isCloseTo(-G, within(0.05));
    }

    @Test
    void shouldApplyCalibrationOnlyToTheDeviceWhoseIdMatches() {
        // Given gyro and accelerometer calibration slot 0 taken on IMU B's device id
        store.set("CAL_GYRO0_ID", ID_B);
        store.set("CAL_ACC0_ID", ID_B);
        store.set("CAL_GYRO0_XOFF", 0.2);
        store.set("CAL_ACC0_ZOFF", 0.5);
        store.set("CAL_ACC0_ZSCALE", 1.1);
        build(Rotation.NONE, 10, 0);
        // When both IMUs read 0.2 rad/s about x (B's bias is 0.2, A's true rate is 0.2)
        cycles(300, 0.2, 0.0, 0.0);
        // Then A, selected, is published uncalibrated
        assertThat(frontend.selected()).isZero();
        assertThat(rate.rateFrdRadps.x).isCloseTo(0.2, within(1e-3));
        // When A dies and B takes over
        imuA.alive = false;
        cycles(300, 0.2, 0.0, 0.0);
        // Then B's calibration applies: (0.2 − 0.2) rad/s, and (−g − 0.5) · 1.1 on z
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(rate.rateFrdRadps.x).isCloseTo(0.0, within(1e-3));
        imuSub.copy(vimu);
        assertThat(vimu.deltaVelocityFrdMps.z / vimu.dtS).isCloseTo((-G - 0.5) * 1.1, within(0.05));
    }

    /** Cycles with both IMUs reading the given gyro and accelerometer values (sensor axes) plus a little noise. */
    private void cyclesReading(int n, double[] gyro, double[] accel) {
        for (int k = 0; k < n; k++) {
            nowNs += MS;
            for (FakeImu imu : new FakeImu[] {imuA, imuB}) {
                imu.next.timestampSampleNs = nowNs;
                imu.next.gyroXRadps = gyro[0] + 1e-5 * rng.nextGaussian();
                imu.next.gyroYRadps = gyro[1] + 1e-5 * rng.nextGaussian();
                imu.next.gyroZRadps = gyro[2] + 1e-5 * rng.nextGaussian();
                imu.next.accelXMps2 = accel[0] + 1e-5 * rng.nextGaussian();
                imu.next.accelYMps2 = accel[1] + 1e-5 * rng.nextGaussian();
                imu.next.accelZMps2 = accel[2] + 1e-5 * rng.nextGaussian();
                imu.fresh = true;
            }
            frontend.run(nowNs);
            rateSub.copy(rate);
        }
        imuSub.copy(vimu);
    }

    @Test
    void shouldApplyTheAccelerometerOffsetsAndSymmetricMatrixOfTheMatchingSlot() {
        // Given CAL_ACC1 (slot 1) taken on IMU A: offsets and a full symmetric matrix (scale and misalignment)
        store.set("CAL_ACC1_ID", ID_A);
        store.set("CAL_ACC1_XOFF", 0.2);
        store.set("CAL_ACC1_YOFF", -0.1);
        store.set("CAL_ACC1_ZOFF", 0.3);
        store.set("CAL_ACC1_XSCALE", 1.02);
        store.set("CAL_ACC1_YSCALE", 0.98);
        store.set("CAL_ACC1_ZSCALE", 1.05);
        store.set("CAL_ACC1_XODIAG", 0.01);
        store.set("CAL_ACC1_YODIAG", -0.02);
        store.set("CAL_ACC1_ZODIAG", 0.03);
        build(Rotation.NONE, 10, 0);
        // When IMU A reads (1.0, 0.5, -9.0) m/s²
        cyclesReading(300, new double[3], new double[] {1.0, 0.5, -9.0});
        // Then the published acceleration is M · (raw − offset) = M · (0.8, 0.6, -9.3)
        assertThat(frontend.selected()).isZero();
        double x = 0.8;
        double y = 0.6;
        double z = -9.3;
        assertThat(vimu.deltaVelocityFrdMps.x / vimu.dtS).isCloseTo(1.02 * x + 0.01 * y - 0.02 * z, within(1e-3));
        assertThat(vimu.deltaVelocityFrdMps.y / vimu.dtS).isCloseTo(0.01 * x + 0.98 * y + 0.03 * z, within(1e-3));
        assertThat(vimu.deltaVelocityFrdMps.z / vimu.dtS).isCloseTo(-0.02 * x + 0.03 * y + 1.05 * z, within(1e-3));
    }

    @Test
    void shouldApplyTheLevelTrimAfterTheMountingRotation() {
        // Given IMU A mounted yawed 90° and tilted 3° nose up on the airframe: SENS_BOARD_Y_OFF = 3
        double pitch = Math.toRadians(3.0);
        store.set("SENS_BOARD_Y_OFF", 3.0);
        build(Rotation.YAW_90, 10, 0);
        // When the airframe sits level yawing at 0.5 rad/s: in IMU A's axes gravity's reaction is
        // Rz(90)ᵀ·Ry(3°)ᵀ·(0, 0, -g) = (0, -g sin 3°, -g cos 3°), the yaw rate (0, 0.5 sin 3°, 0.5 cos 3°)
        cyclesReading(300, new double[] {0.0, 0.5 * Math.sin(pitch), 0.5 * Math.cos(pitch)},
                new double[] {0.0, -G * Math.sin(pitch), -G * Math.cos(pitch)});
        // Then the body frame sees gravity straight down and a pure yaw rate
        assertThat(vimu.deltaVelocityFrdMps.x / vimu.dtS).isCloseTo(0.0, within(1e-3));
        assertThat(vimu.deltaVelocityFrdMps.y / vimu.dtS).isCloseTo(0.0, within(1e-3));
        assertThat(vimu.deltaVelocityFrdMps.z / vimu.dtS).isCloseTo(-G, within(1e-3));
        assertThat(rate.rateFrdRadps.x).isCloseTo(0.0, within(1e-4));
        assertThat(rate.rateFrdRadps.y).isCloseTo(0.0, within(1e-4));
        assertThat(rate.rateFrdRadps.z).isCloseTo(0.5, within(1e-4));
        // When the trim goes back to 0 (at the next parameter check), Then the tilt shows again
        store.set("SENS_BOARD_Y_OFF", 0.0);
        cyclesReading(1500, new double[3], new double[] {0.0, -G * Math.sin(pitch), -G * Math.cos(pitch)});
        assertThat(vimu.deltaVelocityFrdMps.x / vimu.dtS).isCloseTo(G * Math.sin(pitch), within(1e-3));
    }

    @Test
    void shouldFailOverByHealthKeepPublishingAndTellTheOperatorOnce() {
        // Given IMU A preferred and selected
        build(Rotation.NONE, 10, 0);
        cycles(100, 0.1, 0.0, 0.0);
        assertThat(frontend.selected()).isZero();
        long rates0 = bus.angularVelocity.generation();
        // When A stops delivering
        imuA.alive = false;
        cycles(100, 0.1, 0.0, 0.0);
        // Then after the 20 ms timeout B took over, and the rate kept being published every cycle but those 20
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(frontend.failovers()).isEqualTo(1);
        assertThat(bus.angularVelocity.generation() - rates0).isGreaterThanOrEqualTo(100 - 21);
        assertThat(status.healthy).isTrue();
        assertThat(status.selectedDeviceId).isEqualTo(ID_B);
        assertThat(status.faults[0]).isEqualTo(SensorsStatus.FAULT_TIMEOUT);
        assertThat(status.timeouts[0]).isEqualTo(1);
        VehicleEvent e = new VehicleEvent();
        assertThat(bus.events.poll(e)).isTrue();
        assertThat(e.severity).isEqualTo(VehicleEvent.CRITICAL);
        assertThat(e.text).isEqualTo("IMU imuA failed, switched to imuB");
        assertThat(bus.events.poll(e)).isFalse();

        // When A comes back: B stays selected until A has been healthy for the hold
        imuA.alive = true;
        cycles(4_900, 0.1, 0.0, 0.0);
        assertThat(frontend.selected()).isEqualTo(1);
        cycles(200, 0.1, 0.0, 0.0);
        // Then A is taken back (an INFO message, not a failover)
        assertThat(frontend.selected()).isZero();
        assertThat(frontend.failovers()).isEqualTo(1);
        assertThat(status.switches).isEqualTo(2);
        assertThat(bus.events.poll(e)).isTrue();
        assertThat(e.text).isEqualTo("IMU imuA recovered, switched back from imuB");
    }

    @Test
    void shouldFailOverFromAStuckImu() {
        // Given A selected
        build(Rotation.NONE, 10, 0);
        cycles(100, 0.1, 0.0, 0.0);
        // When A freezes: the same six values every sample
        for (int i = 0; i < 100; i++) {
            nowNs += MS;
            imuA.next.timestampSampleNs = nowNs;
            imuA.fresh = true;
            set(imuB, 0.1, 0, 0);
            frontend.run(nowNs);
        }
        statusSub.copy(status);
        // Then after 50 identical samples A is stuck, counted, and B took over
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(frontend.health(0).faults()).isEqualTo(SensorsStatus.FAULT_STUCK);
        assertThat(status.stuckSamples[0]).isGreaterThanOrEqualTo(100 - ImuFrontend.STUCK_SAMPLES - 1);
        assertThat(status.instanceHealthy[0]).isFalse();
        assertThat(status.instanceHealthy[1]).isTrue();
    }

    @Test
    void shouldCountNanOutOfRangeAndBackwardsSamplesAndFailOverOnABurst() {
        // Given A selected
        build(Rotation.NONE, 10, 0);
        cycles(100, 0.1, 0.0, 0.0);
        // When A sends a NaN, a 3000 deg/s rate and a repeated timestamp, among good samples
        cycle(Double.NaN, 0, 0, 0.1, 0, 0);
        cycles(5, 0.1, 0.0, 0.0);
        cycle(Math.toRadians(3000), 0, 0, 0.1, 0, 0);
        cycles(5, 0.1, 0.0, 0.0);
        nowNs += MS;
        imuA.next.timestampSampleNs = nowNs - 2 * MS;
        imuA.fresh = true;
        frontend.run(nowNs);
        statusSub.copy(status);
        // Then each is refused and counted, none published, and A is still healthy and selected
        assertThat(status.nonFiniteSamples[0]).isEqualTo(1);
        assertThat(status.outOfRangeSamples[0]).isEqualTo(1);
        assertThat(status.outOfOrderSamples[0]).isEqualTo(1);
        assertThat(status.rejectedSamples).isEqualTo(3);
        assertThat(frontend.selected()).isZero();
        assertThat(rate.rateFrdRadps.isFinite()).isTrue();
        // When A sends only NaN (a broken conversion)
        for (int i = 0; i < 15; i++) {
            cycle(Double.NaN, 0, 0, 0.1, 0, 0);
        }
        // Then the burst of refused samples makes it unhealthy before its timeout, and B took over
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(frontend.health(0).faults() & SensorsStatus.FAULT_ERRORS).isNotZero();
        assertThat(rate.rateFrdRadps.x).isCloseTo(0.1, within(2e-3));
    }

    @Test
    void shouldFailOverOnBusErrors() {
        // Given A selected
        build(Rotation.NONE, 10, 0);
        cycles(100, 0.1, 0.0, 0.0);
        // When A's driver reports 30 bus errors at once (still delivering samples)
        imuA.next.errorCount = 30;
        cycles(2, 0.1, 0.0, 0.0);
        // Then A is unhealthy for errors, counted, and B took over
        assertThat(status.busErrors[0]).isEqualTo(30);
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(status.faults[0]).isEqualTo(SensorsStatus.FAULT_ERRORS);
    }
}
