package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.common.ActuatorOutputStatus;
import io.dronefleet.mavlink.common.GpsGlobalOrigin;
import io.dronefleet.mavlink.common.MavEstimatorType;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.Odometry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.vehicle.FlightBus;

/**
 * The estimate and output streams MAVSDK's telemetry plugin subscribes to
 * ({@code telemetry_impl.cpp}: {@code set_rate_odometry}, {@code set_rate_actuator_output_status};
 * GPS_GLOBAL_ORIGIN by REQUEST_MESSAGE in {@code get_gps_global_origin}), with PX4's field
 * semantics ({@code ODOMETRY.hpp}, {@code GPS_GLOBAL_ORIGIN.hpp}, {@code ACTUATOR_OUTPUT_STATUS.hpp}).
 *
 * <p><b>ODOMETRY</b>: pose in {@code MAV_FRAME_LOCAL_NED} (position NED m, quaternion FRD→NED),
 * velocity in {@code MAV_FRAME_LOCAL_NED} as PX4's EKF2 odometry (child_frame_id names the
 * velocity's frame), body rates FRD (rad/s). Covariances are the 21-element row-major upper
 * triangles of 6×6 matrices: pose (x, y, z, roll, pitch, yaw) and velocity (vx, vy, vz, rates);
 * the diagonal the EKF knows is filled (indices 0, 6, 11 position/velocity; 15, 18, 20 attitude:
 * the EKF's body-frame attitude error, roll/pitch/yaw near level), every other element is NaN
 * (unknown), as PX4 does. With the complementary filter the whole covariance is unknown: element
 * 0 NaN, as the message defines "unknown".
 *
 * <p>MAVLink thread only; builders return null while their source has never published.
 */
final class StateStreams {
    /** Upper-triangle indices of the diagonal of a 6×6 matrix stored row-major (21 elements). */
    static final int[] DIAGONAL = {0, 6, 11, 15, 18, 20};
    static final int COVARIANCE_LENGTH = 21;

    private final long bootNs;
    private final Subscription<VehicleLocalPosition> localPosSub;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleAngularVelocity> rateSub;
    private final Subscription<EstimatorStatus> estimatorSub;
    private final Subscription<ActuatorOutputs> outputsSub;
    private final VehicleLocalPosition localPos = new VehicleLocalPosition();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleAngularVelocity rates = new VehicleAngularVelocity();
    private final EstimatorStatus estimator = new EstimatorStatus();
    private final ActuatorOutputs outputs = new ActuatorOutputs();

    /** The origin last reported, to send GPS_GLOBAL_ORIGIN when it is set or moves. */
    private double sentOriginLat = Double.NaN;
    private double sentOriginLon = Double.NaN;
    private double sentOriginAlt = Double.NaN;

    StateStreams(FlightBus bus, long bootNs) {
        this.bootNs = bootNs;
        localPosSub = bus.localPosition.subscribe();
        attitudeSub = bus.attitude.subscribe();
        rateSub = bus.angularVelocity.subscribe();
        estimatorSub = bus.estimatorStatus.subscribe();
        outputsSub = bus.actuatorOutputs.subscribe();
    }

    /** ODOMETRY (331) from the estimator's local position, attitude and their variances. */
    Odometry odometry() {
        if (!fresh(localPosSub, localPos) || !fresh(attitudeSub, attitude)
                || !(localPos.xyValid || localPos.zValid)) {
            return null;
        }
        fresh(rateSub, rates);
        boolean haveEstimator = fresh(estimatorSub, estimator);
        Vec3 p = localPos.posNedM;
        Vec3 v = localPos.velNedMps;
        List<Float> pose = unknownCovariance();
        set(pose, 0, localPos.posVarNedM2);
        set(pose, 3, attitude.errorVarFrdRad2);
        List<Float> twist = unknownCovariance();
        set(twist, 0, localPos.velVarNedM2ps2);
        return Odometry.builder()
                .timeUsec(BigInteger.valueOf(Math.max(0L, (localPos.timestampSampleNs - bootNs) / 1_000L)))
                .frameId(MavFrame.MAV_FRAME_LOCAL_NED)
                .childFrameId(MavFrame.MAV_FRAME_LOCAL_NED)
                .x(localPos.xyValid ? (float) p.x : Float.NaN)
                .y(localPos.xyValid ? (float) p.y : Float.NaN)
                .z(localPos.zValid ? (float) p.z : Float.NaN)
                .q(List.of((float) attitude.q.w, (float) attitude.q.x, (float) attitude.q.y, (float) attitude.q.z))
                .vx(localPos.vxyValid ? (float) v.x : Float.NaN)
                .vy(localPos.vxyValid ? (float) v.y : Float.NaN)
                .vz(localPos.vzValid ? (float) v.z : Float.NaN)
                .rollspeed((float) rates.rateFrdRadps.x)
                .pitchspeed((float) rates.rateFrdRadps.y)
                .yawspeed((float) rates.rateFrdRadps.z)
                .poseCovariance(pose)
                .velocityCovariance(twist)
                .resetCounter(haveEstimator ? (int) (estimator.gnssResets & 0xFF) : 0)
                .estimatorType(MavEstimatorType.MAV_ESTIMATOR_TYPE_AUTOPILOT)
                .quality(0) // unknown: the estimator grades no quality percentage
                .build();
    }

    /** 21 NaN (unknown) elements. */
    static List<Float> unknownCovariance() {
        List<Float> c = new ArrayList<>(COVARIANCE_LENGTH);
        for (int i = 0; i < COVARIANCE_LENGTH; i++) {
            c.add(Float.NaN);
        }
        return c;
    }

    /** Writes three variances to the diagonal from row/column {@code first}; NaN stays NaN (unknown). */
    private static void set(List<Float> covariance, int first, Vec3 variances) {
        covariance.set(DIAGONAL[first], (float) variances.x);
        covariance.set(DIAGONAL[first + 1], (float) variances.y);
        covariance.set(DIAGONAL[first + 2], (float) variances.z);
    }

    /**
     * GPS_GLOBAL_ORIGIN (49): the WGS-84 origin of the local frame (degE7, altitude AMSL mm);
     * null while the estimator has none.
     */
    GpsGlobalOrigin gpsGlobalOrigin() {
        if (!fresh(localPosSub, localPos) || !localPos.refValid) {
            return null;
        }
        return GpsGlobalOrigin.builder()
                .latitude(TelemetryService.degE7(localPos.refLatDeg))
                .longitude(TelemetryService.degE7(localPos.refLonDeg))
                .altitude((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(localPos.refAltM * 1000.0))))
                .timeUsec(BigInteger.valueOf(Math.max(0L, (localPos.timestampNs - bootNs) / 1_000L)))
                .build();
    }

    /**
     * The origin when it was set or has moved since the last call that returned one (PX4 sends
     * GPS_GLOBAL_ORIGIN when its EKF sets or resets the origin); null otherwise.
     */
    GpsGlobalOrigin gpsGlobalOriginIfChanged() {
        if (!fresh(localPosSub, localPos) || !localPos.refValid) {
            return null;
        }
        if (localPos.refLatDeg == sentOriginLat && localPos.refLonDeg == sentOriginLon
                && localPos.refAltM == sentOriginAlt) {
            return null;
        }
        sentOriginLat = localPos.refLatDeg;
        sentOriginLon = localPos.refLonDeg;
        sentOriginAlt = localPos.refAltM;
        return gpsGlobalOrigin();
    }

    /**
     * ACTUATOR_OUTPUT_STATUS (375): the motor outputs as pulses, 1000 + 1000·command µs (the
     * values SERVO_OUTPUT_RAW carries; 0 = unused channel), {@code active} = the number of
     * outputs, as PX4 fills it from actuator_outputs.noutputs.
     */
    ActuatorOutputStatus actuatorOutputStatus() {
        if (!fresh(outputsSub, outputs)) {
            return null;
        }
        List<Float> values = new ArrayList<>(32);
        for (int i = 0; i < 32; i++) {
            values.add(i < outputs.count ? (float) TelemetryService.servoMicros(outputs.commandNorm[i]) : 0f);
        }
        return ActuatorOutputStatus.builder()
                .timeUsec(BigInteger.valueOf(Math.max(0L, (outputs.timestampNs - bootNs) / 1_000L)))
                .active(outputs.count)
                .actuator(values)
                .build();
    }

    private static <M> boolean fresh(Subscription<M> sub, M dst) {
        if (sub.topic().generation() == 0L) {
            return false;
        }
        sub.update(dst);
        return true;
    }
}
