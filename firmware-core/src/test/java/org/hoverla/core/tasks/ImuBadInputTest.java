package org.hoverla.core.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.core.sensors.BaroFrontend;
import org.hoverla.core.sensors.ImuFrontend;
import org.hoverla.core.sensors.MagFrontend;
import org.hoverla.core.sensors.Rotation;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.Imu;
import org.hoverla.hal.Magnetometer;
import java.util.List;
import org.hoverla.hal.ImuSample;
import org.junit.jupiter.api.Test;

/**
 * Bad IMU input through the real IMU frontend into the estimator (EKF, EST_TYPE = 1): NaN and
 * infinite samples, time going backwards, a clock restart, long gaps and a stuck sensor. Each is
 * rejected or flagged with a counter; the estimator never publishes NaN and nothing throws.
 */
class ImuBadInputTest {
    private static final long STEP_NS = 1_000_000L;
    private static final double G = 9.80665;

    private final FlightBus bus = new FlightBus();
    private final FlightParams params = new FlightParams(new ParamStore());
    private final ImuSample next = new ImuSample();
    private boolean fresh;
    private final SplittableRandom rng = new SplittableRandom(7);
    private long nowNs;
    private long sensorNs;

    private final ImuFrontend imuTask = new ImuFrontend(List.of(new SensorInstance<Imu>("imu0", dst -> {
        if (!fresh) {
            return false;
        }
        dst.copyFrom(next);
        fresh = false;
        return true;
    }, 1, Rotation.NONE, 0)), bus.angularVelocity.advertise(), bus.vehicleImu.advertise(),
            bus.sensorsStatusImu.advertise(), null, params, 250.0);

    private long baroCount;
    private final BaroFrontend baroFrontend = new BaroFrontend(List.of(new SensorInstance<Barometer>("baro0", dst -> {
        if (nowNs % 20_000_000L != 0) {
            return false;
        }
        dst.timestampSampleNs = nowNs;
        dst.pressurePa = 101_325.0 + 0.5 * rng.nextGaussian();
        dst.temperatureC = 20.0;
        baroCount++;
        return true;
    }, 2, Rotation.NONE, 0)), bus.sensorBaro.advertise(), bus.sensorsStatusBaro.advertise(), null, params);
    private final MagFrontend magFrontend = new MagFrontend(List.of(new SensorInstance<Magnetometer>("mag0", dst -> {
        if (nowNs % 10_000_000L != 0) {
            return false;
        }
        dst.timestampSampleNs = nowNs;
        dst.fieldXGauss = 0.2 + 0.002 * rng.nextGaussian();
        dst.fieldYGauss = 0.002 * rng.nextGaussian();
        dst.fieldZGauss = 0.45 + 0.002 * rng.nextGaussian();
        return true;
    }, 3, Rotation.NONE, 0)), bus.sensorMag.advertise(), bus.sensorsStatusMag.advertise(), null, params);
    @SuppressWarnings("unchecked")
    private final EstimatorTask estimator = new EstimatorTask(bus.vehicleImu.subscribe(), bus.sensorBaro.subscribe(),
            bus.sensorMag.subscribe(), bus.gnssRaw.subscribe(), new Subscription[] {bus.sensorsStatusImu.subscribe(),
                bus.sensorsStatusBaro.subscribe(), bus.sensorsStatusMag.subscribe()},
            bus.attitude.advertise(), bus.localPosition.advertise(), bus.estimatorStatus.advertise(), null, params);

    private final Subscription<EstimatorStatus> statusSub = bus.estimatorStatus.subscribe();
    private final Subscription<VehicleLocalPosition> posSub = bus.localPosition.subscribe();
    private final Subscription<VehicleAttitude> attSub = bus.attitude.subscribe();
    private final Subscription<VehicleImu> imuSub = bus.vehicleImu.subscribe();
    private final EstimatorStatus status = new EstimatorStatus();
    private final VehicleLocalPosition pos = new VehicleLocalPosition();
    private final VehicleAttitude att = new VehicleAttitude();
    private final VehicleImu vimu = new VehicleImu();

    /** One 1 ms cycle with the given raw sample (stamped sampleNs) and checks the outputs are finite. */
    private void cycle(long sampleNs, double gx, double gy, double gz, double ax, double ay, double az) {
        nowNs += STEP_NS;
        next.timestampSampleNs = sampleNs;
        next.gyroXRadps = gx;
        next.gyroYRadps = gy;
        next.gyroZRadps = gz;
        next.accelXMps2 = ax;
        next.accelYMps2 = ay;
        next.accelZMps2 = az;
        fresh = true;
        runFrontendsAndEstimator();
        statusSub.copy(status);
        posSub.copy(pos);
        attSub.copy(att);
        assertThat(pos.posNedM.isFinite()).isTrue();
        assertThat(pos.velNedMps.isFinite()).isTrue();
        if (att.timestampNs > 0) {
            assertThat(att.q.isFinite()).isTrue();
        }
    }

    /** The frontends every cycle, then the estimator (this test has always run it every 1 ms cycle). */
    private void runFrontendsAndEstimator() {
        imuTask.run(nowNs);
        baroFrontend.run(nowNs);
        magFrontend.run(nowNs);
        estimator.run(nowNs);
    }

    /** A still, level IMU with white noise, sensor clock advancing 1 ms a sample. */
    private void still(int samples) {
        for (int i = 0; i < samples; i++) {
            sensorNs += STEP_NS;
            cycle(sensorNs, 1e-3 * rng.nextGaussian(), 1e-3 * rng.nextGaussian(), 1e-3 * rng.nextGaussian(),
                    0.02 * rng.nextGaussian(), 0.02 * rng.nextGaussian(), -G + 0.02 * rng.nextGaussian());
        }
    }

    @Test
    void shouldRejectOrFlagBadImuSamplesAndKeepTheEkfFinite() {
        // Given the EKF aligned on a still vehicle
        params.estType.set(1);
        still(4_000);
        assertThat(status.estimatorType).isEqualTo(1);
        assertThat(status.imuHealthy).isTrue();
        assertThat(status.attitudeValid).isTrue();
        long rejected0 = imuTask.rejectedSamples();

        // When samples are NaN, infinite or beyond the sensor range
        sensorNs += STEP_NS;
        cycle(sensorNs, Double.NaN, 0, 0, 0, 0, -G);
        sensorNs += STEP_NS;
        cycle(sensorNs, 0, 0, 0, Double.POSITIVE_INFINITY, 0, -G);
        sensorNs += STEP_NS;
        cycle(sensorNs, 0, 0, 1e6, 0, 0, -G);
        sensorNs += STEP_NS;
        cycle(sensorNs, 0, 0, 0, 0, Double.NEGATIVE_INFINITY, -G);
        // Then each was rejected
        assertThat(imuTask.rejectedSamples() - rejected0).isEqualTo(4);

        // When time goes backwards for a few samples, then resumes
        still(100);
        long rejected1 = imuTask.rejectedSamples();
        for (int i = 0; i < 5; i++) {
            cycle(sensorNs - 50 * STEP_NS + i * STEP_NS, 0, 0, 0, 0, 0, -G);
        }
        cycle(sensorNs, 0, 0, 0, 0, 0, -G); // a repeated timestamp
        assertThat(imuTask.rejectedSamples() - rejected1).isEqualTo(6);
        still(100);

        // When the sensor's clock restarts from zero (stays behind the last accepted time)
        long gaps0 = imuTask.gapCount();
        long restartNs = 0;
        for (int i = 0; i < ImuFrontend.TIME_RESYNC_SAMPLES + 200; i++) {
            restartNs += STEP_NS;
            cycle(restartNs, 1e-3 * rng.nextGaussian(), 1e-3 * rng.nextGaussian(), 1e-3 * rng.nextGaussian(),
                    0.02 * rng.nextGaussian(), 0.02 * rng.nextGaussian(), -G + 0.02 * rng.nextGaussian());
        }
        sensorNs = restartNs;
        // Then the frontend re-synchronised (one gap) and the estimator kept getting data
        assertThat(imuTask.gapCount() - gaps0).isEqualTo(1);
        assertThat(status.imuHealthy).isTrue();

        // When a 2 s gap (no samples, the flight loop still running) and a 0.5 s jump in sample time happen
        for (int i = 0; i < 2_000; i++) {
            nowNs += STEP_NS;
            runFrontendsAndEstimator();
        }
        statusSub.copy(status);
        assertThat(status.imuHealthy).isFalse();
        sensorNs += 2_500_000_000L;
        still(200);
        // Then the gap was counted, not integrated as one huge step, and health came back
        assertThat(imuTask.gapCount() - gaps0).isEqualTo(2);
        assertThat(status.imuHealthy).isTrue();
        assertThat(status.attitudeValid).isTrue();
        assertThat(att.q.tiltRad()).isLessThan(Math.toRadians(2.0));

        // When the sensor freezes: identical readings for 200 samples
        for (int i = 0; i < 200; i++) {
            sensorNs += STEP_NS;
            cycle(sensorNs, 0.001, -0.002, 0.0005, 0.01, 0.02, -G);
        }
        // Then it is flagged stuck, the IMU is reported unhealthy (pre-arm fails), and counted
        imuSub.copy(vimu);
        assertThat(vimu.stuck).isTrue();
        assertThat(imuTask.stuckSamples()).isGreaterThanOrEqualTo(200 - ImuFrontend.STUCK_SAMPLES - 4);
        assertThat(vimu.stuckSamples).isPositive();
        assertThat(status.imuHealthy).isFalse();

        // When live data returns
        still(200);
        imuSub.copy(vimu);
        // Then the flag clears and the estimator is healthy and finite again
        assertThat(vimu.stuck).isFalse();
        assertThat(status.imuHealthy).isTrue();
        assertThat(pos.posNedM.isFinite()).isTrue();
        assertThat(status.rejectedSamples).isGreaterThanOrEqualTo(imuTask.rejectedSamples());
        assertThat(baroCount).isPositive();
    }
}
