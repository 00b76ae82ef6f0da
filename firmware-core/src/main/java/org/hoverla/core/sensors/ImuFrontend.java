package org.hoverla.core.sensors;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.math.Angles;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.Imu;
import org.hoverla.hal.ImuSample;

/**
 * The IMU frontend (first in the cycle). Every run it polls every IMU instance and, per
 * instance, refuses implausible samples (non-finite, beyond a 2000 °/s gyro or 16 g
 * accelerometer range, sample time not advancing), tracks its health ({@link InstanceHealth}:
 * timeout {@link #TIMEOUT_NS}, stuck after {@link #STUCK_SAMPLES}, bus errors) and corrects each
 * accepted sample: calibration in sensor axes (CAL_GYRO/CAL_ACC slot whose id matches the
 * instance's device id: {@link SensorCalibration}), then the mounting rotation to body FRD, then
 * the board level trim ({@code SENS_BOARD_X/Y/Z_OFF}, {@link LevelTrim}). It then selects one instance
 * ({@link InstanceSelector}: highest-priority healthy, failover, hold before returning) and
 * from that instance's samples low-pass filters the gyro for the rate controller (published
 * every sample) and integrates delta angle and delta velocity for the estimator (published once
 * per estimator interval), as PX4's {@code sensors/vehicle_imu} and
 * {@code vehicle_angular_velocity}. The filter and the integration continue across a change of
 * instance, each sample integrated over its own instance's sample interval.
 *
 * <p>Publishes {@code vehicle_angular_velocity}, {@code vehicle_imu} and
 * {@code sensors_status_imu}; one STATUSTEXT per failover. Flight thread; allocation-free.
 */
public final class ImuFrontend extends InstanceFrontend {
    /** Beyond a 2000 deg/s gyro and 16 g accelerometer range a sample is a fault, not motion. */
    private static final double MAX_GYRO_RADPS = Math.toRadians(2000.0);
    private static final double MAX_ACCEL_MPS2 = 16.0 * 9.80665;
    /**
     * Samples within half a percent of the 16 g range count as clipped (a saturated sensor reads
     * its full-scale value; beyond the range a sample is refused as implausible).
     */
    static final double CLIP_ACCEL_MPS2 = 0.995 * MAX_ACCEL_MPS2;
    /** The sample interval assumed for a first sample and the publish tolerance: one base cycle. */
    private final double nominalDtS;
    /** Longest sample interval integrated as it is; longer ones are gaps (lost samples). */
    private static final double MAX_DT_S = 0.02;
    /**
     * A MEMS IMU's white noise changes the raw reading every sample (tens of LSB at 1 kHz), so
     * 50 consecutive samples (50 ms) identical on all six axes mean a frozen sensor or bus.
     */
    public static final int STUCK_SAMPLES = 50;
    /**
     * After this many consecutive samples stamped at or before the last accepted one, the
     * sensor's clock is taken to have restarted: the next sample re-synchronises the time base
     * (its interval counts as a gap) instead of the IMU being refused for ever.
     */
    public static final int TIME_RESYNC_SAMPLES = 20;
    /**
     * An IMU silent for 20 ms (20 samples at 1 kHz) is unhealthy: the rate loop flies on its
     * last angular velocity until then, so a failover must not wait for the estimator's 50 ms.
     */
    public static final long TIMEOUT_NS = 20_000_000L;

    private final Publication<VehicleAngularVelocity> angularVelocityPub;
    private final Publication<VehicleImu> vehicleImuPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final double integrationIntervalS;
    private final CalibrationParams gyroCalParams;
    private final CalibrationParams accelCalParams;
    private final LevelTrim levelTrim = new LevelTrim();
    /** Per instance: level trim · mounting rotation, row-major, used while the trim is not zero. */
    private final double[][] toBody;

    private final Imu[] devices;
    private final Rotation[] rotations;
    private final ImuSample[] samples;
    private final SensorCalibration[] gyroCal;
    private final SensorCalibration[] accelCal;
    private final long[] lastSampleNs;
    private final int[] backwardsCount;
    private final long[] gaps;
    private final double[] dtS;
    /** Corrected body-frame values of each instance's newest accepted sample: gx gy gz ax ay az. */
    private final double[][] body;
    private final boolean[] havePrevious;
    /** Previous raw values per instance, for the stuck check. */
    private final double[][] previousRaw;

    private final VehicleAngularVelocity angularVelocity = new VehicleAngularVelocity();
    private final VehicleImu vehicleImu = new VehicleImu();
    private final AccelVibrationMetric vibration = new AccelVibrationMetric(CLIP_ACCEL_MPS2);

    private double gyroCutoffHz;
    private boolean filterInitialised;
    private double filtX;
    private double filtY;
    private double filtZ;
    private double accumDtS;

    /**
     * @param instances       the IMUs, at most {@link SensorsStatus#MAX_INSTANCES}
     * @param estimatorRateHz rate at which integrated samples are published
     * @param events          the vehicle's operator-message queue, or null
     * @throws IllegalArgumentException with no instance or too many
     */
    public ImuFrontend(List<SensorInstance<Imu>> instances, Publication<VehicleAngularVelocity> angularVelocityPub,
                       Publication<VehicleImu> vehicleImuPub, Publication<SensorsStatus> statusPub,
                       SpscQueue<VehicleEvent> events, FlightParams params, double estimatorRateHz) {
        this(instances, angularVelocityPub, vehicleImuPub, statusPub, events, params, estimatorRateHz, 1000.0);
    }

    /**
     * As above, at a base (loop) rate other than 1 kHz (IMU_GYRO_RATEMAX).
     *
     * @param baseRateHz the rate this frontend runs at, Hz; its period is the nominal sample interval
     */
    public ImuFrontend(List<SensorInstance<Imu>> instances, Publication<VehicleAngularVelocity> angularVelocityPub,
                       Publication<VehicleImu> vehicleImuPub, Publication<SensorsStatus> statusPub,
                       SpscQueue<VehicleEvent> events, FlightParams params, double estimatorRateHz, double baseRateHz) {
        super(instances, "IMU", "IMU", "instances", true, TIMEOUT_NS, STUCK_SAMPLES, statusPub, events);
        this.angularVelocityPub = angularVelocityPub;
        this.vehicleImuPub = vehicleImuPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
        this.integrationIntervalS = 1.0 / estimatorRateHz;
        this.nominalDtS = 1.0 / baseRateHz;
        this.gyroCalParams = new CalibrationParams(params.store, CalibrationParams.GYRO);
        this.accelCalParams = new CalibrationParams(params.store, CalibrationParams.ACCEL);
        devices = new Imu[count];
        rotations = new Rotation[count];
        samples = new ImuSample[count];
        gyroCal = new SensorCalibration[count];
        accelCal = new SensorCalibration[count];
        lastSampleNs = new long[count];
        backwardsCount = new int[count];
        gaps = new long[count];
        dtS = new double[count];
        body = new double[count][6];
        havePrevious = new boolean[count];
        previousRaw = new double[count][6];
        toBody = new double[count][9];
        for (int i = 0; i < count; i++) {
            SensorInstance<Imu> in = instances.get(i);
            devices[i] = in.device();
            rotations[i] = in.rotation();
            samples[i] = new ImuSample();
            gyroCal[i] = new SensorCalibration();
            accelCal[i] = new SensorCalibration();
            lastSampleNs[i] = Long.MIN_VALUE;
        }
    }

    @Override
    void beforeInstances(long nowNs) {
        if (paramWatch.due(nowNs)) {
            gyroCutoffHz = params.gyroCutoffHz.get();
            for (int i = 0; i < count; i++) {
                gyroCalParams.load(deviceIds[i], gyroCal[i]);
                accelCalParams.load(deviceIds[i], accelCal[i]);
            }
            CalibrationParamSet cal = params.calibration;
            if (levelTrim.set(cal.levelRollDeg().get(), cal.levelPitchDeg().get(), cal.levelYawDeg().get())) {
                for (int i = 0; i < count; i++) {
                    levelTrim.compose(rotations[i], toBody[i]);
                }
            }
        }
    }

    @Override
    boolean receive(int i, long nowNs) {
        return devices[i].poll(samples[i]) && accept(i, nowNs);
    }

    /** Checks, time-stamps and corrects instance i's new sample; false when it is refused. */
    private boolean accept(int i, long nowNs) {
        ImuSample sample = samples[i];
        InstanceHealth h = health[i];
        h.onErrorCount(sample.errorCount);
        if (!finite(sample)) {
            h.onNonFinite();
            return false;
        }
        if (!inRange(sample)) {
            h.onOutOfRange();
            return false;
        }
        if (lastSampleNs[i] != Long.MIN_VALUE && sample.timestampSampleNs <= lastSampleNs[i]) {
            h.onOutOfOrder();
            if (++backwardsCount[i] < TIME_RESYNC_SAMPLES) {
                return false;
            }
            // The sensor clock restarted: take this sample as a new time base.
            lastSampleNs[i] = Long.MIN_VALUE;
            gaps[i]++;
        }
        backwardsCount[i] = 0;
        h.onAccepted(nowNs, sameAsPrevious(i, sample));
        double dt = lastSampleNs[i] == Long.MIN_VALUE ? nominalDtS
                : (sample.timestampSampleNs - lastSampleNs[i]) * 1e-9;
        lastSampleNs[i] = sample.timestampSampleNs;
        // A gap (sensor hiccup) must not turn into a huge integration step.
        if (dt > MAX_DT_S) {
            gaps[i]++;
        }
        dtS[i] = Angles.clamp(dt, 0.0001, MAX_DT_S);
        if (rawTap != null && rawTap.enabled()) {
            rawTap.offerImu(i, deviceIds[i], sample.timestampSampleNs, sample.gyroXRadps, sample.gyroYRadps,
                    sample.gyroZRadps, sample.accelXMps2, sample.accelYMps2, sample.accelZMps2, sample.temperatureC);
        }
        correct(i, sample);
        return true;
    }

    /**
     * Calibration in sensor axes, then the mounting rotation and the level trim (each skipped
     * when it is the identity).
     */
    private void correct(int i, ImuSample s) {
        double[] b = body[i];
        b[0] = s.gyroXRadps;
        b[1] = s.gyroYRadps;
        b[2] = s.gyroZRadps;
        b[3] = s.accelXMps2;
        b[4] = s.accelYMps2;
        b[5] = s.accelZMps2;
        gyroCal[i].applyInPlace(b, 0);
        accelCal[i].applyInPlace(b, 3);
        if (levelTrim.isZero()) {
            rotations[i].toBodyInPlace(b, 0);
            rotations[i].toBodyInPlace(b, 3);
        } else {
            LevelTrim.multiplyInPlace(toBody[i], b, 0);
            LevelTrim.multiplyInPlace(toBody[i], b, 3);
        }
    }

    @Override
    void publishSelected(int i, long nowNs) {
        double[] b = body[i];
        double dt = dtS[i];
        long sampleNs = samples[i].timestampSampleNs;
        double alpha = Angles.lowPassAlpha(gyroCutoffHz, dt);
        if (!filterInitialised) {
            filtX = b[0];
            filtY = b[1];
            filtZ = b[2];
            filterInitialised = true;
        } else {
            filtX += alpha * (b[0] - filtX);
            filtY += alpha * (b[1] - filtY);
            filtZ += alpha * (b[2] - filtZ);
        }
        angularVelocity.timestampNs = nowNs;
        angularVelocity.timestampSampleNs = sampleNs;
        angularVelocity.rateFrdRadps.set(filtX, filtY, filtZ);
        angularVelocityPub.publish(angularVelocity);
        vibration.update(b[3], b[4], b[5], dt);

        vehicleImu.deltaAngleFrdRad.x += b[0] * dt;
        vehicleImu.deltaAngleFrdRad.y += b[1] * dt;
        vehicleImu.deltaAngleFrdRad.z += b[2] * dt;
        vehicleImu.deltaVelocityFrdMps.x += b[3] * dt;
        vehicleImu.deltaVelocityFrdMps.y += b[4] * dt;
        vehicleImu.deltaVelocityFrdMps.z += b[5] * dt;
        accumDtS += dt;
        // Publish when the interval is full (half a sample early tolerance against rounding).
        if (accumDtS >= integrationIntervalS - 0.5 * nominalDtS) {
            vehicleImu.timestampNs = nowNs;
            vehicleImu.timestampSampleNs = sampleNs;
            vehicleImu.dtS = accumDtS;
            vehicleImu.rejectedSamples = rejectedSamples();
            vehicleImu.gapCount = gapCount();
            vehicleImu.stuckSamples = stuckSamples();
            vehicleImu.stuck = health[i].stuck();
            vehicleImu.accelVibrationFrdMps2.set(vibration.vibrationMps2(0), vibration.vibrationMps2(1),
                    vibration.vibrationMps2(2));
            vehicleImu.accelClippingX = vibration.clipping(0);
            vehicleImu.accelClippingY = vibration.clipping(1);
            vehicleImu.accelClippingZ = vibration.clipping(2);
            vehicleImuPub.publish(vehicleImu);
            vehicleImu.deltaAngleFrdRad.zero();
            vehicleImu.deltaVelocityFrdMps.zero();
            accumDtS = 0.0;
        }
    }

    /** Samples refused (non-finite, out of range, out of time order), all instances. */
    public long rejectedSamples() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += health[i].rejectedSamples();
        }
        return n;
    }

    /** Sample intervals longer than the integration clamp and clock restarts, all instances. */
    public long gapCount() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += gaps[i];
        }
        return n;
    }

    /** Samples received while an instance looked stuck, all instances. */
    public long stuckSamples() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += health[i].stuckSamples();
        }
        return n;
    }

    /** Whether the six raw values repeat instance i's previous sample exactly (remembers these). */
    private boolean sameAsPrevious(int i, ImuSample s) {
        double[] p = previousRaw[i];
        boolean same = havePrevious[i] && s.gyroXRadps == p[0] && s.gyroYRadps == p[1] && s.gyroZRadps == p[2]
                && s.accelXMps2 == p[3] && s.accelYMps2 == p[4] && s.accelZMps2 == p[5];
        p[0] = s.gyroXRadps;
        p[1] = s.gyroYRadps;
        p[2] = s.gyroZRadps;
        p[3] = s.accelXMps2;
        p[4] = s.accelYMps2;
        p[5] = s.accelZMps2;
        havePrevious[i] = true;
        return same;
    }

    private static boolean finite(ImuSample s) {
        return Double.isFinite(s.gyroXRadps) && Double.isFinite(s.gyroYRadps) && Double.isFinite(s.gyroZRadps)
                && Double.isFinite(s.accelXMps2) && Double.isFinite(s.accelYMps2) && Double.isFinite(s.accelZMps2);
    }

    private static boolean inRange(ImuSample s) {
        return Math.abs(s.gyroXRadps) <= MAX_GYRO_RADPS && Math.abs(s.gyroYRadps) <= MAX_GYRO_RADPS
                && Math.abs(s.gyroZRadps) <= MAX_GYRO_RADPS && Math.abs(s.accelXMps2) <= MAX_ACCEL_MPS2
                && Math.abs(s.accelYMps2) <= MAX_ACCEL_MPS2 && Math.abs(s.accelZMps2) <= MAX_ACCEL_MPS2;
    }
}
