package org.hoverla.core.log;

import java.nio.ByteBuffer;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.msg.EstimatorInnovations;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.LoopTimingSample;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.MagSample;

/**
 * What the flight log records and how often: PX4's topic and field names wherever PX4 logs the same
 * data (so Flight Review, PlotJuggler, pyulog and Hoverla's own replay read a Hoverla log as they read
 * a PX4 log), SI units as PX4's messages have them, timestamps in µs. The table is in
 * docs/flight-log.md.
 *
 * <p>SDLOG_PROFILE chooses the rates: the default set logs states and setpoints at 50 Hz and slow
 * topics at 5–10 Hz; the estimator-replay bit logs the estimator's inputs (sensor_combined,
 * vehicle_air_data, vehicle_magnetometer, sensor_gps) at every sample, which {@code ./hoverla replay}
 * needs; the high-rate bit logs rates, rate setpoints and motor commands at the loop rate.
 */
public final class FlightLogTopics {
    private static final long HZ_50 = 20_000_000L;
    private static final long HZ_10 = 100_000_000L;
    private static final long HZ_5 = 200_000_000L;
    private static final double EARTH_RADIUS_M = 6_371_000.0;

    private FlightLogTopics() {
    }

    /** Adds the flight stack's topics to the recorder (boot thread). */
    public static void register(FlightLogRecorder rec, FlightBus b, int profile) {
        boolean replay = (profile & FlightLogParams.PROFILE_REPLAY) != 0;
        boolean highRate = (profile & FlightLogParams.PROFILE_HIGH_RATE) != 0;
        long fast = highRate ? 0 : HZ_50;
        long sensors = replay ? 0 : HZ_10;

        rec.addTopic(new LoggedTopic<>(LogFormat.of("sensor_combined").f32("gyro_rad", 3).u32("gyro_integral_dt")
                .i32("accelerometer_timestamp_relative").f32("accelerometer_m_s2", 3).u32("accelerometer_integral_dt")
                .build(), 0, b.vehicleImu.subscribe(), VehicleImu::new, FlightLogTopics::sensorCombined,
                replay ? 0 : HZ_50));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_air_data").u64("timestamp_sample").f32("baro_alt_meter")
                .f32("baro_temp_celcius").f32("baro_pressure_pa").build(), 0, b.sensorBaro.subscribe(),
                BaroSample::new, FlightLogTopics::airData, sensors, true));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_magnetometer").u64("timestamp_sample")
                .f32("magnetometer_ga", 3).build(), 0, b.sensorMag.subscribe(), MagSample::new,
                FlightLogTopics::magnetometer, sensors, true));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("sensor_gps").u64("timestamp_sample").u64("time_utc_usec")
                .f64("latitude_deg").f64("longitude_deg").f64("altitude_msl_m").f64("altitude_ellipsoid_m")
                .f32("eph").f32("epv").f32("s_variance_m_s").f32("vel_m_s").f32("vel_n_m_s").f32("vel_e_m_s")
                .f32("vel_d_m_s").f32("hdop").f32("vdop").i32("jamming_indicator").u8("fix_type")
                .u8("satellites_used").u8("jamming_state").u8("spoofing_state").bool("vel_ned_valid").build(), 0,
                b.gnssRaw.subscribe(), GnssSample::new, FlightLogTopics::gps, replay ? 0 : HZ_5, true));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_attitude").u64("timestamp_sample").f32("q", 4).build(),
                0, b.attitude.subscribe(), VehicleAttitude::new, FlightLogTopics::attitude, fast));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_angular_velocity").u64("timestamp_sample")
                .f32("xyz", 3).build(), 0, b.angularVelocity.subscribe(), VehicleAngularVelocity::new,
                FlightLogTopics::angularVelocity, fast));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_local_position").u64("timestamp_sample").f32("x")
                .f32("y").f32("z").f32("vx").f32("vy").f32("vz").f32("ax").f32("ay").f32("az").f32("heading")
                .f64("ref_lat").f64("ref_lon").f32("ref_alt").f32("eph").f32("epv").f32("dist_bottom")
                .bool("xy_valid").bool("z_valid").bool("v_xy_valid").bool("v_z_valid").bool("xy_global")
                .bool("dead_reckoning").build(), 0, b.localPosition.subscribe(), VehicleLocalPosition::new,
                FlightLogTopics::localPosition, HZ_50));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_global_position").f64("lat").f64("lon").f32("alt")
                .f32("eph").f32("epv").bool("dead_reckoning").build(), 0, b.localPosition.subscribe(),
                VehicleLocalPosition::new, FlightLogTopics::globalPosition, HZ_10));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_attitude_setpoint").f32("q_d", 4).f32("thrust_body", 3)
                .f32("yaw_sp_move_rate").build(), 0, b.attitudeSetpoint.subscribe(), VehicleAttitudeSetpoint::new,
                FlightLogTopics::attitudeSetpoint, HZ_50));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_rates_setpoint").f32("roll").f32("pitch").f32("yaw")
                .f32("thrust_body", 3).build(), 0, b.ratesSetpoint.subscribe(), VehicleRatesSetpoint::new,
                FlightLogTopics::ratesSetpoint, fast));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("trajectory_setpoint").f32("position", 3).f32("velocity", 3)
                .f32("acceleration", 3).f32("yaw").f32("yawspeed").build(), 0, b.trajectorySetpoint.subscribe(),
                TrajectorySetpoint::new, FlightLogTopics::trajectorySetpoint, HZ_50));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("actuator_motors").f32("control", ActuatorMotors.MAX_MOTORS)
                .u16("reversible_flags").u16("saturation_flags").build(), 0, b.actuatorMotors.subscribe(),
                ActuatorMotors::new, FlightLogTopics::actuatorMotors, fast));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("actuator_outputs").u32("noutputs")
                .f32("output", ActuatorMotors.MAX_MOTORS).bool("armed").build(), 0, b.actuatorOutputs.subscribe(),
                ActuatorOutputs::new, FlightLogTopics::actuatorOutputs, fast));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("battery_status").f32("voltage_v").f32("voltage_filtered_v")
                .f32("current_a").f32("remaining").bool("connected").build(), 0, b.batteryStatus.subscribe(),
                BatteryStatus::new, FlightLogTopics::battery, HZ_5));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_status").u64("armed_time").u32("arm_count")
                .u32("fence_breaches").u8("arming_state").u8("nav_state").u8("hoverla_mode").bool("failsafe")
                .bool("pre_flight_checks_pass").bool("lockdown").build(), 0, b.vehicleStatus.subscribe(),
                VehicleStatus::new, FlightLogTopics::status, HZ_5));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_land_detected").bool("landed").bool("maybe_landed")
                .bool("ground_contact").build(), 0, b.landDetected.subscribe(), VehicleLandDetected::new,
                FlightLogTopics::landDetected, HZ_5));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("home_position").f64("lat").f64("lon").f32("alt").f32("yaw")
                .bool("valid_hpos").build(), 0, b.homePosition.subscribe(), HomePosition::new,
                FlightLogTopics::home, HZ_5));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("estimator_status").f32("vel_test_ratio").f32("pos_test_ratio")
                .f32("hgt_test_ratio").f32("mag_test_ratio").f32("pos_horiz_accuracy").f32("time_since_aid_s")
                .u32("gps_check_fail_flags").u32("gnss_suspect_flags").u32("gps_pos_rejected").u32("gps_vel_rejected")
                .u32("hgt_rejected").u32("mag_rejected").u32("gnss_resets").i32("jamming_indicator")
                .u8("estimator_type").bool("attitude_valid").bool("xy_valid").bool("z_valid").bool("dead_reckoning")
                .bool("gnss_jamming").bool("gnss_spoofing").bool("gnss_suspect").build(), 0,
                b.estimatorStatus.subscribe(), EstimatorStatus::new, FlightLogTopics::estimatorStatus, HZ_10));
        rec.addTopic(new LoggedTopic<>(innovationsFormat("estimator_innovations"), 0,
                b.estimatorInnovations.subscribe(), EstimatorInnovations::new, FlightLogTopics::innovations, HZ_10));
        rec.addTopic(new LoggedTopic<>(innovationsFormat("estimator_innovation_test_ratios"), 0,
                b.estimatorInnovations.subscribe(), EstimatorInnovations::new, FlightLogTopics::testRatios, HZ_10));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("manual_control_setpoint").f32("roll").f32("pitch").f32("yaw")
                .f32("throttle").u8("data_source").bool("valid").build(), 0, b.manualControl.subscribe(),
                ManualControlSetpoint::new, FlightLogTopics::manualControl, HZ_10));
        rec.addTopic(new LoggedTopic<>(LogFormat.of("loop_timing").u32("cycles").u32("deadline_misses")
                .u32("overruns").f32("lateness_max_us").u32("lateness_hist", LoopTimingSample.BUCKETS).build(), 0,
                b.loopTiming.subscribe(), LoopTimingSample::new, FlightLogTopics::loopTiming, 0));
    }

    /** The bucket edges of loop_timing.lateness_hist, for the log's info message {@code loop_timing_edges_us}. */
    public static String loopTimingEdges() {
        StringBuilder s = new StringBuilder();
        for (long e : LoopTimingSample.EDGES_US) {
            s.append(s.length() == 0 ? "" : ",").append(e);
        }
        return s.toString();
    }

    private static LogFormat innovationsFormat(String name) {
        return LogFormat.of(name).f32("gps_hvel", 2).f32("gps_vvel").f32("gps_hpos", 2).f32("gps_vpos")
                .f32("baro_vpos").f32("heading").build();
    }

    static long us(long ns) {
        return ns / 1000L;
    }

    private static void sensorCombined(VehicleImu m, ByteBuffer o) {
        double dt = m.dtS > 0 ? m.dtS : Double.NaN;
        o.putLong(us(m.timestampSampleNs));
        o.putFloat((float) (m.deltaAngleFrdRad.x / dt)).putFloat((float) (m.deltaAngleFrdRad.y / dt))
                .putFloat((float) (m.deltaAngleFrdRad.z / dt));
        int dtUs = (int) Math.round(m.dtS * 1e6);
        o.putInt(dtUs);
        o.putInt(0);
        o.putFloat((float) (m.deltaVelocityFrdMps.x / dt)).putFloat((float) (m.deltaVelocityFrdMps.y / dt))
                .putFloat((float) (m.deltaVelocityFrdMps.z / dt));
        o.putInt(dtUs);
    }

    private static void airData(BaroSample m, ByteBuffer o) {
        o.putLong(us(m.timestampSampleNs));
        o.putFloat((float) org.hoverla.core.estimation.Atmosphere.pressureToAltitudeM(m.pressurePa));
        o.putFloat((float) m.temperatureC).putFloat((float) m.pressurePa);
    }

    private static void magnetometer(MagSample m, ByteBuffer o) {
        o.putLong(us(m.timestampSampleNs));
        o.putFloat((float) m.fieldXGauss).putFloat((float) m.fieldYGauss).putFloat((float) m.fieldZGauss);
    }

    private static void gps(GnssSample m, ByteBuffer o) {
        o.putLong(us(m.timestampSampleNs));
        o.putLong(m.utcTimeMs < 0 ? 0 : m.utcTimeMs * 1000L);
        o.putDouble(m.latDeg).putDouble(m.lonDeg).putDouble(m.altMslM).putDouble(m.altEllipsoidM);
        o.putFloat((float) m.ephM).putFloat((float) m.epvM).putFloat((float) m.sAccMps);
        o.putFloat((float) Math.hypot(m.velNMps, m.velEMps));
        o.putFloat((float) m.velNMps).putFloat((float) m.velEMps).putFloat((float) m.velDMps);
        o.putFloat((float) m.hdop).putFloat((float) m.vdop).putInt(m.jammingIndicator);
        o.put((byte) m.fixType).put((byte) m.satellitesUsed).put((byte) m.jammingState).put((byte) m.spoofingState);
        o.put(bool(m.velocityValid));
    }

    private static void attitude(VehicleAttitude m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putLong(us(m.timestampSampleNs));
        o.putFloat((float) m.q.w).putFloat((float) m.q.x).putFloat((float) m.q.y).putFloat((float) m.q.z);
    }

    private static void angularVelocity(VehicleAngularVelocity m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putLong(us(m.timestampSampleNs));
        o.putFloat((float) m.rateFrdRadps.x).putFloat((float) m.rateFrdRadps.y).putFloat((float) m.rateFrdRadps.z);
    }

    private static void localPosition(VehicleLocalPosition m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putLong(us(m.timestampSampleNs));
        o.putFloat((float) m.posNedM.x).putFloat((float) m.posNedM.y).putFloat((float) m.posNedM.z);
        o.putFloat((float) m.velNedMps.x).putFloat((float) m.velNedMps.y).putFloat((float) m.velNedMps.z);
        o.putFloat((float) m.accNedMps2.x).putFloat((float) m.accNedMps2.y).putFloat((float) m.accNedMps2.z);
        o.putFloat((float) m.headingRad);
        o.putDouble(m.refLatDeg).putDouble(m.refLonDeg).putFloat((float) m.refAltM);
        o.putFloat((float) m.ephM).putFloat((float) m.epvM).putFloat((float) m.groundDownM);
        o.put(bool(m.xyValid)).put(bool(m.zValid)).put(bool(m.vxyValid)).put(bool(m.vzValid)).put(bool(m.refValid))
                .put(bool(m.deadReckoning));
    }

    /** Latitude and longitude from the local position and its reference (flat earth: mm over km). */
    private static void globalPosition(VehicleLocalPosition m, ByteBuffer o) {
        double lat = Double.NaN;
        double lon = Double.NaN;
        double alt = Double.NaN;
        if (m.refValid && m.xyValid) {
            lat = m.refLatDeg + Math.toDegrees(m.posNedM.x / EARTH_RADIUS_M);
            lon = m.refLonDeg + Math.toDegrees(m.posNedM.y / (EARTH_RADIUS_M * Math.cos(Math.toRadians(m.refLatDeg))));
        }
        if (m.refValid && m.zValid) {
            alt = m.refAltM - m.posNedM.z;
        }
        o.putLong(us(m.timestampNs));
        o.putDouble(lat).putDouble(lon).putFloat((float) alt);
        o.putFloat((float) m.ephM).putFloat((float) m.epvM).put(bool(m.deadReckoning));
    }

    private static void attitudeSetpoint(VehicleAttitudeSetpoint m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.qSp.w).putFloat((float) m.qSp.x).putFloat((float) m.qSp.y).putFloat((float) m.qSp.z);
        o.putFloat(0f).putFloat(0f).putFloat((float) -m.thrustNorm);
        o.putFloat((float) m.yawRateFfRadps);
    }

    private static void ratesSetpoint(VehicleRatesSetpoint m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.rateSpFrdRadps.x).putFloat((float) m.rateSpFrdRadps.y)
                .putFloat((float) m.rateSpFrdRadps.z);
        o.putFloat(0f).putFloat(0f).putFloat((float) -m.thrustNorm);
    }

    private static void trajectorySetpoint(TrajectorySetpoint m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.posNedM.x).putFloat((float) m.posNedM.y).putFloat((float) m.posNedM.z);
        o.putFloat((float) m.velNedMps.x).putFloat((float) m.velNedMps.y).putFloat((float) m.velNedMps.z);
        o.putFloat((float) m.accNedMps2.x).putFloat((float) m.accNedMps2.y).putFloat((float) m.accNedMps2.z);
        o.putFloat((float) m.yawRad).putFloat((float) m.yawRateRadps);
    }

    private static void actuatorMotors(ActuatorMotors m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        for (int i = 0; i < ActuatorMotors.MAX_MOTORS; i++) {
            o.putFloat(i < m.count ? (float) m.thrustNorm[i] : Float.NaN);
        }
        o.putShort((short) 0).putShort((short) m.saturationFlags);
    }

    private static void actuatorOutputs(ActuatorOutputs m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putInt(m.count);
        for (int i = 0; i < ActuatorMotors.MAX_MOTORS; i++) {
            o.putFloat(i < m.count ? (float) m.commandNorm[i] : 0f);
        }
        o.put(bool(m.armed));
    }

    private static void battery(BatteryStatus m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.voltageV).putFloat((float) m.voltageFilteredV).putFloat((float) m.currentA)
                .putFloat((float) m.remainingFraction).put(bool(m.connected));
    }

    private static void status(VehicleStatus m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putLong(m.armingState == ArmingState.ARMED ? us(m.armedSinceNs) : 0L);
        o.putInt((int) m.armCount).putInt((int) m.fenceBreaches);
        o.put((byte) (m.armingState == ArmingState.ARMED ? 2 : 1));
        o.put((byte) px4NavState(m.mode));
        o.put((byte) m.mode.ordinal());
        o.put(bool(m.failsafe)).put(bool(m.preArmFailure.isEmpty())).put(bool(m.lockdown));
    }

    /** PX4's vehicle_status.nav_state for a Hoverla mode (msg/VehicleStatus.msg NAVIGATION_STATE_*). */
    public static int px4NavState(FlightMode mode) {
        switch (mode) {
            case ALTITUDE:
                return 1;
            case POSITION:
                return 2;
            case MISSION:
                return 3;
            case HOLD:
                return 4;
            case RETURN:
                return 5;
            case OFFBOARD:
                return 14;
            case STABILIZED:
                return 15;
            case TAKEOFF:
                return 17;
            case LAND:
                return 18;
            case ORBIT:
                return 21;
            default:
                return 4;
        }
    }

    private static void landDetected(VehicleLandDetected m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).put(bool(m.landed)).put(bool(m.maybeLanded)).put(bool(m.groundContact));
    }

    private static void home(HomePosition m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putDouble(m.latDeg).putDouble(m.lonDeg).putFloat((float) m.altAmslM)
                .putFloat((float) m.yawRad).put(bool(m.valid));
    }

    private static void estimatorStatus(EstimatorStatus m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.gnssVelTestRatio).putFloat((float) m.gnssPosTestRatio)
                .putFloat((float) m.heightTestRatio).putFloat((float) m.magTestRatio).putFloat((float) m.gnssEphM)
                .putFloat((float) m.noAidS);
        o.putInt(m.gnssCheckFailMask).putInt(m.gnssSuspectMask).putInt((int) m.gnssPosRejected)
                .putInt((int) m.gnssVelRejected).putInt((int) m.heightRejected).putInt((int) m.magRejected)
                .putInt((int) m.gnssResets).putInt(m.gnssJammingIndicator);
        o.put((byte) m.estimatorType).put(bool(m.attitudeValid)).put(bool(m.xyValid)).put(bool(m.zValid))
                .put(bool(m.deadReckoning)).put(bool(m.gnssJamming)).put(bool(m.gnssReceiverSpoofing))
                .put(bool(m.gnssSuspect));
    }

    private static void innovations(EstimatorInnovations m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.gpsHvelMps[0]).putFloat((float) m.gpsHvelMps[1]).putFloat((float) m.gpsVvelMps);
        o.putFloat((float) m.gpsHposM[0]).putFloat((float) m.gpsHposM[1]).putFloat(Float.NaN);
        o.putFloat((float) m.baroVposM).putFloat((float) m.headingRad);
    }

    private static void testRatios(EstimatorInnovations m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.gpsHvelRatio[0]).putFloat((float) m.gpsHvelRatio[1]).putFloat((float) m.gpsVvelRatio);
        o.putFloat((float) m.gpsHposRatio[0]).putFloat((float) m.gpsHposRatio[1]).putFloat(Float.NaN);
        o.putFloat((float) m.baroVposRatio).putFloat((float) m.headingRatio);
    }

    private static void manualControl(ManualControlSetpoint m, ByteBuffer o) {
        o.putLong(us(m.timestampNs));
        o.putFloat((float) m.rollNorm).putFloat((float) m.pitchNorm).putFloat((float) m.yawNorm)
                .putFloat((float) (m.throttleNorm * 2.0 - 1.0));
        o.put((byte) m.source).put(bool(m.source != ManualControlSetpoint.SOURCE_NONE));
    }

    private static void loopTiming(LoopTimingSample m, ByteBuffer o) {
        o.putLong(us(m.timestampNs)).putInt((int) m.cycles).putInt((int) m.deadlineMisses).putInt((int) m.overruns);
        o.putFloat(m.latenessMaxNs / 1000f);
        for (int i = 0; i < LoopTimingSample.BUCKETS; i++) {
            o.putInt((int) m.latenessHist[i]);
        }
    }

    private static byte bool(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
