package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.math.Angles;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.sched.FlightTask;
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
    private static final double NOMINAL_DT_S = 0.001;

    private final Imu imu;
    private final Publication<VehicleAngularVelocity> angularVelocityPub;
    private final Publication<VehicleImu> vehicleImuPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final double integrationIntervalS;

    private final ImuSample sample = new ImuSample();
    private final VehicleAngularVelocity angularVelocity = new VehicleAngularVelocity();
    private final VehicleImu vehicleImu = new VehicleImu();

    private double gyroCutoffHz;
    private long lastSampleNs = Long.MIN_VALUE;
    private boolean filterInitialised;
    private double filtX;
    private double filtY;
    private double filtZ;
    private double accumDtS;
    private long rejectedSamples;

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
        if (!plausible(sample)) {
            rejectedSamples++;
            return;
        }
        double dtS = lastSampleNs == Long.MIN_VALUE ? NOMINAL_DT_S : (sample.timestampSampleNs - lastSampleNs) * 1e-9;
        lastSampleNs = sample.timestampSampleNs;
        // A gap (sensor hiccup) must not turn into a huge integration step.
        dtS = Angles.clamp(dtS, 0.0001, 0.02);

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
            vehicleImuPub.publish(vehicleImu);
            vehicleImu.deltaAngleFrdRad.zero();
            vehicleImu.deltaVelocityFrdMps.zero();
            accumDtS = 0.0;
        }
    }

    public long rejectedSamples() {
        return rejectedSamples;
    }

    private boolean plausible(ImuSample s) {
        if (lastSampleNs != Long.MIN_VALUE && s.timestampSampleNs <= lastSampleNs) {
            return false;
        }
        return Math.abs(s.gyroXRadps) <= MAX_GYRO_RADPS && Math.abs(s.gyroYRadps) <= MAX_GYRO_RADPS
                && Math.abs(s.gyroZRadps) <= MAX_GYRO_RADPS && Math.abs(s.accelXMps2) <= MAX_ACCEL_MPS2
                && Math.abs(s.accelYMps2) <= MAX_ACCEL_MPS2 && Math.abs(s.accelZMps2) <= MAX_ACCEL_MPS2;
        // NaN fails every <= comparison above, so non-finite samples are rejected too.
    }
}
