package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.common.AttitudeTarget;
import io.dronefleet.mavlink.common.AttitudeTargetTypemask;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.NavControllerOutput;
import io.dronefleet.mavlink.common.PositionTargetLocalNed;
import io.dronefleet.mavlink.common.PositionTargetTypemask;
import io.dronefleet.mavlink.common.Vibration;
import io.dronefleet.mavlink.util.EnumValue;
import java.math.BigInteger;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.vehicle.FlightBus;

/**
 * The controller-setpoint and IMU-health messages of {@link TelemetryService}: ATTITUDE_TARGET
 * (83), POSITION_TARGET_LOCAL_NED (85), NAV_CONTROLLER_OUTPUT (62) and VIBRATION (241), built from
 * the newest topics in MAVLink units. Each returns null while its source has never published
 * (nothing is sent with zeros). Field choices follow PX4's streams ({@code ATTITUDE_TARGET.hpp},
 * {@code POSITION_TARGET_LOCAL_NED.hpp}, {@code NAV_CONTROLLER_OUTPUT.hpp}), with the
 * differences noted per method. MAVLink thread; subscriptions made at construction.
 */
final class SetpointStreams {
    private static final int UINT16_MAX = 65535;

    private final long bootNs;
    private final Subscription<VehicleAttitudeSetpoint> attitudeSpSub;
    private final Subscription<VehicleRatesSetpoint> ratesSpSub;
    private final Subscription<TrajectorySetpoint> trajectorySub;
    private final Subscription<VehicleImu> imuSub;
    private final VehicleAttitudeSetpoint attitudeSp = new VehicleAttitudeSetpoint();
    private final VehicleRatesSetpoint ratesSp = new VehicleRatesSetpoint();
    private final TrajectorySetpoint trajectory = new TrajectorySetpoint();
    private final VehicleImu imu = new VehicleImu();

    SetpointStreams(FlightBus bus, long bootNs) {
        this.bootNs = bootNs;
        attitudeSpSub = bus.attitudeSetpoint.subscribe();
        ratesSpSub = bus.ratesSetpoint.subscribe();
        trajectorySub = bus.trajectorySetpoint.subscribe();
        imuSub = bus.vehicleImu.subscribe();
    }

    /**
     * ATTITUDE_TARGET: the attitude controller's input (quaternion, collective thrust 0..1) and
     * the rate controller's input (body rates). type_mask 0: all fields are meaningful.
     */
    AttitudeTarget attitudeTarget() {
        if (!fresh(attitudeSpSub, attitudeSp)) {
            return null;
        }
        boolean haveRates = fresh(ratesSpSub, ratesSp);
        return AttitudeTarget.builder()
                .timeBootMs(timeBootMs(attitudeSp.timestampNs))
                .typeMask(EnumValues.of(AttitudeTargetTypemask.class, 0))
                .q(List.of((float) attitudeSp.qSp.w, (float) attitudeSp.qSp.x, (float) attitudeSp.qSp.y,
                        (float) attitudeSp.qSp.z))
                .bodyRollRate(haveRates ? (float) ratesSp.rateSpFrdRadps.x : 0f)
                .bodyPitchRate(haveRates ? (float) ratesSp.rateSpFrdRadps.y : 0f)
                .bodyYawRate(haveRates ? (float) ratesSp.rateSpFrdRadps.z : 0f)
                .thrust((float) attitudeSp.thrustNorm)
                .build();
    }

    /**
     * POSITION_TARGET_LOCAL_NED: the trajectory setpoint the position controller follows, in
     * MAV_FRAME_LOCAL_NED; each NaN ("not controlled") component sets its IGNORE bit, as PX4.
     */
    PositionTargetLocalNed positionTargetLocalNed() {
        if (!fresh(trajectorySub, trajectory)) {
            return null;
        }
        TrajectorySetpoint t = trajectory;
        int mask = ignore(t.posNedM.x, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_X_IGNORE)
                | ignore(t.posNedM.y, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_Y_IGNORE)
                | ignore(t.posNedM.z, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_Z_IGNORE)
                | ignore(t.velNedMps.x, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_VX_IGNORE)
                | ignore(t.velNedMps.y, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_VY_IGNORE)
                | ignore(t.velNedMps.z, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_VZ_IGNORE)
                | ignore(t.accNedMps2.x, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_AX_IGNORE)
                | ignore(t.accNedMps2.y, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_AY_IGNORE)
                | ignore(t.accNedMps2.z, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_AZ_IGNORE)
                | ignore(t.yawRad, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_YAW_IGNORE)
                | ignore(t.yawRateRadps, PositionTargetTypemask.POSITION_TARGET_TYPEMASK_YAW_RATE_IGNORE);
        return PositionTargetLocalNed.builder()
                .timeBootMs(timeBootMs(t.timestampNs))
                .coordinateFrame(MavFrame.MAV_FRAME_LOCAL_NED)
                .typeMask(EnumValues.of(PositionTargetTypemask.class, mask))
                .x((float) t.posNedM.x).y((float) t.posNedM.y).z((float) t.posNedM.z)
                .vx((float) t.velNedMps.x).vy((float) t.velNedMps.y).vz((float) t.velNedMps.z)
                .afx((float) t.accNedMps2.x).afy((float) t.accNedMps2.y).afz((float) t.accNedMps2.z)
                .yaw((float) t.yawRad)
                .yawRate((float) t.yawRateRadps)
                .build();
    }

    /**
     * NAV_CONTROLLER_OUTPUT for a multicopter. PX4 sends it only from its fixed-wing position
     * controller; Hoverla fills what it has: nav_roll/nav_pitch/nav_bearing from the attitude
     * setpoint (deg), target_bearing and wp_dist from the local position towards the trajectory
     * setpoint's position (the current bearing and 0 when the setpoint holds no position),
     * alt_error our altitude minus the setpoint's (m; mavlink.io names it only "current altitude
     * error", so Hoverla follows PX4's sign: {@code altitude - altitude_sp}, positive above the
     * setpoint), aspd_error 0 (no airspeed control) and xtrack_error 0
     * (no track controller).
     *
     * @param position the newest local position, or null when none was published
     */
    NavControllerOutput navControllerOutput(VehicleLocalPosition position) {
        if (!fresh(attitudeSpSub, attitudeSp)) {
            return null;
        }
        boolean haveTrajectory = fresh(trajectorySub, trajectory);
        int navBearing = bearingDeg(attitudeSp.qSp.yaw());
        int targetBearing = navBearing;
        int wpDist = 0;
        float altError = 0f;
        if (position != null && haveTrajectory) {
            double dn = trajectory.posNedM.x - position.posNedM.x;
            double de = trajectory.posNedM.y - position.posNedM.y;
            double horizontal = Math.sqrt(dn * dn + de * de);
            if (Double.isFinite(horizontal)) {
                wpDist = (int) Math.min(UINT16_MAX, Math.round(horizontal));
                if (horizontal > 0.1) {
                    targetBearing = bearingDeg(Math.atan2(de, dn));
                }
            }
            double dz = trajectory.posNedM.z - position.posNedM.z;
            if (Double.isFinite(dz)) {
                altError = (float) dz; // NED: (-z) - (-z_sp) = z_sp - z
            }
        }
        return NavControllerOutput.builder()
                .navRoll((float) Math.toDegrees(attitudeSp.qSp.roll()))
                .navPitch((float) Math.toDegrees(attitudeSp.qSp.pitch()))
                .navBearing(navBearing)
                .targetBearing(targetBearing)
                .wpDist(wpDist)
                .altError(altError)
                .aspdError(0f)
                .xtrackError(0f)
                .build();
    }

    /**
     * VIBRATION: accelerometer vibration per body axis (m/s², mavlink.io's meaning; see
     * {@link org.hoverla.core.sensors.AccelVibrationMetric}) and the clip count of the one
     * accelerometer in clipping_0 (all axes summed, as PX4); clipping_1/2 are 0 (no second or
     * third accelerometer).
     */
    Vibration vibration() {
        if (!fresh(imuSub, imu)) {
            return null;
        }
        long clips = imu.accelClippingX + imu.accelClippingY + imu.accelClippingZ;
        return Vibration.builder()
                .timeUsec(BigInteger.valueOf(Math.max(0L, (imu.timestampNs - bootNs) / 1_000L)))
                .vibrationX((float) imu.accelVibrationFrdMps2.x)
                .vibrationY((float) imu.accelVibrationFrdMps2.y)
                .vibrationZ((float) imu.accelVibrationFrdMps2.z)
                .clipping0(Math.min(0xFFFF_FFFFL, Math.max(0L, clips)))
                .clipping1(0L)
                .clipping2(0L)
                .build();
    }

    private long timeBootMs(long timestampNs) {
        return Math.max(0L, (timestampNs - bootNs) / 1_000_000L) & 0xFFFF_FFFFL;
    }

    /** Heading (rad, any range) as whole degrees 0..359 (NAV_CONTROLLER_OUTPUT's int16 bearings). */
    static int bearingDeg(double rad) {
        if (!Double.isFinite(rad)) {
            return 0;
        }
        double deg = Math.toDegrees(rad) % 360.0;
        int d = (int) Math.round(deg < 0.0 ? deg + 360.0 : deg);
        return d >= 360 ? d - 360 : d;
    }

    private static int ignore(double v, PositionTargetTypemask bit) {
        return Double.isFinite(v) ? 0 : EnumValue.of(bit).value();
    }

    private static <M> boolean fresh(Subscription<M> sub, M dst) {
        if (sub.topic().generation() == 0L) {
            return false;
        }
        sub.update(dst);
        return true;
    }
}
