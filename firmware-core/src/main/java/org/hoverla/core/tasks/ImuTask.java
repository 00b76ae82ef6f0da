package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.math.Angles;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.sensors.AccelVibrationMetric;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.hal.Imu;
import org.hoverla.hal.ImuSample;

/**
 * The IMU frontend (first in the cycle): polls the IMU, rejects implausible samples, low-pass
 * filters the gyro for the rate controller (published every sample) and integrates delta angle
 * and delta velocity for the estimator (published once per estimator interval), as PX4's
 * {@code sensors/vehicle_imu} and {@code vehicle_angular_velocity}.
 */
public final class ImuTask implements FlightTask {
    /** Beyond a 2000 deg/s gyro and 16 g accelerometer range a sample is a fault, not motion. */
    private static final double MAX_GYRO_RADPS = Math.toRadians(2000.0);
    private static final double MAX_ACCEL_MPS2 = 16.0 * 9.80665;
    /**
     * Samples within half a percent of the 16 g range count as clipped (a saturated sensor reads
     * its full-scale value; beyond the range a sample is refused as implausible).
     */
    static final double CLIP_ACCEL_MPS2 = 0.995 * MAX_ACCEL_MPS2;
    private static final double NOMINAL_DT_S = 0.001;
    /** Longest sample interval integrated as it is; longer ones are gaps (lost samples). */
    private static final double MAX_DT_S = 0.02;
    /**
     * A MEMS IMU's white noise changes the raw reading every sample (tens of LSB at 1 kHz), so
     * 50 consecutive samples (50 ms) identical on all six axes mean a frozen sensor or bus.
     */
    static final int STUCK_SAMPLES = 50;
    /**
     * After this many consecutive samples stamped at or before the last accepted one, the
     * sensor's clock is taken to have restarted: the next sample re-synchronises the time base
     * (its interval counts as a gap) instead of the IMU being refused for ever.
     */
    static final int TIME_RESYNC_SAMPLES = 20;

    private final Imu imu;
    private final Publication<VehicleAngularVelocity> angularVelocityPub;
    private final Publication<VehicleImu> vehicleImuPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final double integrationIntervalS;

    private final ImuSample sample = new ImuSample();
    private final VehicleAngularVelocity angularVelocity = new VehicleAngularVelocity();
    private final VehicleImu vehicleImu = new VehicleImu();
    private final AccelVibrationMetric vibration = new AccelVibrationMetric(CLIP_ACCEL_MPS2);

    private double gyroCutoffHz;
    private long lastSampleNs = Long.MIN_VALUE;
    private boolean filterInitialised;
    private double filtX;
    private double filtY;
    private double filtZ;
    private double accumDtS;
    private long rejectedSamples;
    private long gapCount;
    private long stuckSamples;
    private int sameCount;
    private int backwardsCount;
    private boolean havePrevious;
    private double prevGx;
    private double prevGy;
    private double prevGz;
    private double prevAx;
    private double prevAy;
    private double prevAz;

    /**
     * @param estimatorRateHz rate at which integrated samples are published
     */
    public ImuTask(Imu imu, Publication<VehicleAngularVelocity> angularVelocityPub,
                   Publication<VehicleImu> vehicleImuPub, FlightParams params, double estimatorRateHz) {
        this.imu = imu;
        this.angularVelocityPub = angularVelocityPub;
        this.vehicleImuPub = vehicleImuPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
        this.integrationIntervalS = 1.0 / estimatorRateHz;
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            gyroCutoffHz = params.gyroCutoffHz.get();
        }
        if (!imu.poll(sample)) {
            return;
        }
        if (!plausibleValues(sample)) {
            rejectedSamples++;
            return;
        }
        if (lastSampleNs != Long.MIN_VALUE && sample.timestampSampleNs <= lastSampleNs) {
            rejectedSamples++;
            if (++backwardsCount < TIME_RESYNC_SAMPLES) {
                return;
            }
            // The sensor clock restarted: take this sample as a new time base.
            lastSampleNs = Long.MIN_VALUE;
            gapCount++;
        }
        backwardsCount = 0;
        updateStuck(sample);
        double dtS = lastSampleNs == Long.MIN_VALUE ? NOMINAL_DT_S : (sample.timestampSampleNs - lastSampleNs) * 1e-9;
        lastSampleNs = sample.timestampSampleNs;
        // A gap (sensor hiccup) must not turn into a huge integration step.
        if (dtS > MAX_DT_S) {
            gapCount++;
        }
        dtS = Angles.clamp(dtS, 0.0001, MAX_DT_S);

        double alpha = Angles.lowPassAlpha(gyroCutoffHz, dtS);
        if (!filterInitialised) {
            filtX = sample.gyroXRadps;
            filtY = sample.gyroYRadps;
            filtZ = sample.gyroZRadps;
            filterInitialised = true;
        } else {
            filtX += alpha * (sample.gyroXRadps - filtX);
            filtY += alpha * (sample.gyroYRadps - filtY);
            filtZ += alpha * (sample.gyroZRadps - filtZ);
        }
        angularVelocity.timestampNs = nowNs;
        angularVelocity.timestampSampleNs = sample.timestampSampleNs;
        angularVelocity.rateFrdRadps.set(filtX, filtY, filtZ);
        angularVelocityPub.publish(angularVelocity);
        vibration.update(sample.accelXMps2, sample.accelYMps2, sample.accelZMps2, dtS);

        vehicleImu.deltaAngleFrdRad.x += sample.gyroXRadps * dtS;
        vehicleImu.deltaAngleFrdRad.y += sample.gyroYRadps * dtS;
        vehicleImu.deltaAngleFrdRad.z += sample.gyroZRadps * dtS;
        vehicleImu.deltaVelocityFrdMps.x += sample.accelXMps2 * dtS;
        vehicleImu.deltaVelocityFrdMps.y += sample.accelYMps2 * dtS;
        vehicleImu.deltaVelocityFrdMps.z += sample.accelZMps2 * dtS;
        accumDtS += dtS;
        // Publish when the interval is full (half a sample early tolerance against rounding).
        if (accumDtS >= integrationIntervalS - 0.5 * NOMINAL_DT_S) {
            vehicleImu.timestampNs = nowNs;
            vehicleImu.timestampSampleNs = sample.timestampSampleNs;
            vehicleImu.dtS = accumDtS;
            vehicleImu.rejectedSamples = rejectedSamples;
            vehicleImu.gapCount = gapCount;
            vehicleImu.stuckSamples = stuckSamples;
            vehicleImu.stuck = sameCount >= STUCK_SAMPLES;
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

    public long rejectedSamples() {
        return rejectedSamples;
    }

    /** Sample intervals longer than the integration clamp, so far. */
    public long gapCount() {
        return gapCount;
    }

    /** Samples received while the sensor looked stuck, so far. */
    public long stuckSamples() {
        return stuckSamples;
    }

    /** Counts consecutive samples whose six raw values repeat the previous sample exactly. */
    private void updateStuck(ImuSample s) {
        boolean same = havePrevious && s.gyroXRadps == prevGx && s.gyroYRadps == prevGy && s.gyroZRadps == prevGz
                && s.accelXMps2 == prevAx && s.accelYMps2 == prevAy && s.accelZMps2 == prevAz;
        sameCount = same ? Math.min(sameCount + 1, Integer.MAX_VALUE - 1) : 0;
        if (sameCount >= STUCK_SAMPLES) {
            stuckSamples++;
        }
        prevGx = s.gyroXRadps;
        prevGy = s.gyroYRadps;
        prevGz = s.gyroZRadps;
        prevAx = s.accelXMps2;
        prevAy = s.accelYMps2;
        prevAz = s.accelZMps2;
        havePrevious = true;
    }

    private static boolean plausibleValues(ImuSample s) {
        // NaN fails every <= comparison, so non-finite samples are rejected too.
        return Math.abs(s.gyroXRadps) <= MAX_GYRO_RADPS && Math.abs(s.gyroYRadps) <= MAX_GYRO_RADPS
                && Math.abs(s.gyroZRadps) <= MAX_GYRO_RADPS && Math.abs(s.accelXMps2) <= MAX_ACCEL_MPS2
                && Math.abs(s.accelYMps2) <= MAX_ACCEL_MPS2 && Math.abs(s.accelZMps2) <= MAX_ACCEL_MPS2;
    }
}
