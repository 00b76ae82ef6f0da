package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.Altitude;
import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.AttitudeQuaternion;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.EstimatorStatusFlags;
import io.dronefleet.mavlink.common.ExtendedSysState;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsFixType;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.HomePosition;
import io.dronefleet.mavlink.common.LocalPositionNed;
import io.dronefleet.mavlink.common.MavBatteryFunction;
import io.dronefleet.mavlink.common.MavBatteryType;
import io.dronefleet.mavlink.common.MavLandedState;
import io.dronefleet.mavlink.common.MavSysStatusSensor;
import io.dronefleet.mavlink.common.MavVtolState;
import io.dronefleet.mavlink.common.RequestDataStream;
import io.dronefleet.mavlink.common.ServoOutputRaw;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.VfrHud;
import io.dronefleet.mavlink.util.EnumValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.StreamProfile;
import org.hoverla.core.mavlink.dialect.AvailableModes;
import org.hoverla.core.mavlink.dialect.CurrentMode;
import org.hoverla.core.mavlink.dialect.StandardModes;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.GnssSample;

/**
 * The MAVLink telemetry microservice: streams vehicle state on every link at per-link rates,
 * answers one-shot message requests and the legacy data-stream protocol, and sends STATUSTEXT.
 * All MAVLink unit conversions (degE7, mm, cm/s, cdeg, mV, cA, µs) happen in the
 * {@code build*} methods of this class and of its helper {@link SetpointStreams} (setpoints,
 * vibration), from the SI/NED flight topics.
 *
 * <p><b>Default streams</b> (PX4 SITL "normal" mode on UDP as a model; rates per link):
 * <table>
 * <tr><th>message</th><th>id</th><th>rate</th><th>source</th></tr>
 * <tr><td>SYS_STATUS</td><td>1</td><td>1 Hz</td><td>estimator_status, battery_status, vehicle_status</td></tr>
 * <tr><td>GPS_RAW_INT</td><td>24</td><td>1 Hz</td><td>{@link GnssRawSource} (only if wired)</td></tr>
 * <tr><td>ATTITUDE</td><td>30</td><td>20 Hz</td><td>vehicle_attitude, vehicle_angular_velocity</td></tr>
 * <tr><td>ATTITUDE_QUATERNION</td><td>31</td><td>10 Hz</td><td>same</td></tr>
 * <tr><td>LOCAL_POSITION_NED</td><td>32</td><td>1 Hz</td><td>vehicle_local_position</td></tr>
 * <tr><td>GLOBAL_POSITION_INT</td><td>33</td><td>5 Hz</td><td>vehicle_local_position + its reference, home_position</td></tr>
 * <tr><td>SERVO_OUTPUT_RAW</td><td>36</td><td>1 Hz</td><td>actuator_outputs (1000 + 1000·command µs)</td></tr>
 * <tr><td>VFR_HUD</td><td>74</td><td>4 Hz</td><td>local position, actuator_outputs</td></tr>
 * <tr><td>ALTITUDE</td><td>141</td><td>1 Hz</td><td>local position, home</td></tr>
 * <tr><td>BATTERY_STATUS</td><td>147</td><td>0.5 Hz</td><td>battery_status</td></tr>
 * <tr><td>HOME_POSITION</td><td>242</td><td>0.5 Hz</td><td>home_position (when valid)</td></tr>
 * <tr><td>EXTENDED_SYS_STATE</td><td>245</td><td>1 Hz</td><td>vehicle_land_detected, vehicle_status</td></tr>
 * <tr><td>CURRENT_MODE</td><td>436</td><td>1 Hz and on every mode change</td><td>vehicle_status</td></tr>
 * <tr><td>NAV_CONTROLLER_OUTPUT</td><td>62</td><td>1 Hz</td><td>attitude setpoint, trajectory setpoint, local position</td></tr>
 * <tr><td>ATTITUDE_TARGET</td><td>83</td><td>2 Hz</td><td>vehicle_attitude_setpoint, vehicle_rates_setpoint</td></tr>
 * <tr><td>POSITION_TARGET_LOCAL_NED</td><td>85</td><td>1.5 Hz</td><td>trajectory_setpoint</td></tr>
 * <tr><td>VIBRATION</td><td>241</td><td>0.1 Hz</td><td>vehicle_imu (accelerometer vibration, clipping)</td></tr>
 * </table>
 * The last four are PX4's default GCS-link rates ({@code mavlink_main.cpp},
 * {@code MAVLINK_MODE_NORMAL}); QGroundControl's Tuning page raises 83, 85 and 62 with
 * SET_MESSAGE_INTERVAL and restores them with interval 0 ({@code MAVLinkStreamConfig.cc}).
 * That is a link's {@link StreamProfile#NORMAL} profile; an {@link StreamProfile#ONBOARD} link (the
 * API link MAVSDK connects to) starts at PX4's onboard rates instead ({@code ONBOARD_RATES_HZ}: PX4's {@code MAVLINK_MODE_ONBOARD} rates).
 * HEARTBEAT belongs to {@link HeartbeatService}. RC_CHANNELS (65, 5 Hz) is sent once RC input
 * exists; until then its SET_MESSAGE_INTERVAL is refused (FAILED) and its interval reads 0.
 *
 * <p><b>On request only</b> (MAVSDK's telemetry plugin, {@code telemetry_impl.cpp}): SYSTEM_TIME (2),
 * SCALED_IMU (26), SCALED_PRESSURE (29), HIGHRES_IMU (105), built by {@link SensorStreams};
 * ODOMETRY (331), ACTUATOR_OUTPUT_STATUS (375), GPS_GLOBAL_ORIGIN (49, also sent on every link
 * when the origin is set or moves) by {@link StateStreams}. RAW_IMU (27) is UNSUPPORTED. A message whose source has never
 * published (or whose position is invalid) is skipped, not sent with zeros.
 *
 * <p><b>Scheduling.</b> {@link #tick(long)} (≥ 50 Hz) sends each due message; deadlines advance
 * by the interval (no drift) and a late tick skips missed periods rather than bursting. The
 * first tick after a link is added sends every stream once. Rates above the tick rate are
 * capped by it. A link's {@link LinkConditions#rateMultiplier} (flow control from its telemetry
 * radio) divides every stream interval on that link; replies are never slowed.
 *
 * <p><b>Wiring.</b> Links are added with {@link #addLink}; a link a message, request or interval
 * arrives on is added automatically. The command service (another service) maps
 * {@code MAV_CMD_SET_MESSAGE_INTERVAL} to {@link #setMessageInterval},
 * {@code MAV_CMD_GET_MESSAGE_INTERVAL} to {@link #messageIntervalUs},
 * {@code MAV_CMD_REQUEST_MESSAGE} (and {@code REQUEST_AUTOPILOT_CAPABILITIES}, as id 148) to
 * {@link #requestMessage} and acknowledges with the returned {@code MAV_RESULT}.
 * {@code REQUEST_DATA_STREAM} (a message, not a command) is handled in {@link #onMessage}.
 *
 * <p><b>Threads.</b> Everything runs on the MAVLink thread. Topics are read through
 * subscriptions created here at construction (seqlocks: safe from this thread). Scratch
 * messages are preallocated; the library's builders allocate per message, which DESIGN §6
 * accepts for the link layer.
 */
public final class TelemetryService implements MavlinkService {
    public static final int SYS_STATUS = 1;
    public static final int GPS_RAW_INT = 24;
    public static final int ATTITUDE = 30;
    public static final int ATTITUDE_QUATERNION = 31;
    public static final int LOCAL_POSITION_NED = 32;
    public static final int GLOBAL_POSITION_INT = 33;
    public static final int SERVO_OUTPUT_RAW = 36;
    public static final int RC_CHANNELS = 65;
    public static final int VFR_HUD = 74;
    public static final int ALTITUDE = 141;
    public static final int AUTOPILOT_VERSION = AutopilotVersionService.MESSAGE_ID;
    public static final int BATTERY_STATUS = 147;
    public static final int HOME_POSITION = 242;
    public static final int EXTENDED_SYS_STATE = 245;
    public static final int ESTIMATOR_STATUS = 230;
    public static final int ORBIT_EXECUTION_STATUS = 360;
    public static final int AVAILABLE_MODES = AvailableModes.ID;
    public static final int CURRENT_MODE = CurrentMode.ID;
    public static final int PROTOCOL_VERSION = 300;
    // Streams MAVSDK's telemetry plugin subscribes to (telemetry_impl.cpp); off until requested
    public static final int SYSTEM_TIME = 2;
    public static final int SCALED_IMU = 26;
    public static final int RAW_IMU = 27;
    public static final int SCALED_PRESSURE = 29;
    public static final int GPS_GLOBAL_ORIGIN = 49;
    public static final int HIGHRES_IMU = 105;
    public static final int ODOMETRY = 331;
    public static final int ACTUATOR_OUTPUT_STATUS = 375;

    /**
     * PROTOCOL_VERSION: Hoverla speaks MAVLink 2 and accepts MAVLink 1 frames (versions x100).
     * The hashes are zero: Hoverla's dialect comes from io.dronefleet's generated classes, not
     * from a known mavlink git commit. QGroundControl asks for it at connect
     * (InitialConnectStateMachine::_stateRequestProtocolVersion) and uses max_version.
     */
    private static final io.dronefleet.mavlink.minimal.ProtocolVersion PROTOCOL_VERSION_MESSAGE =
            io.dronefleet.mavlink.minimal.ProtocolVersion.builder()
                    .version(200).minVersion(100).maxVersion(200)
                    .specVersionHash(new byte[8]).libraryVersionHash(new byte[8])
                    .build();
    // Setpoint and health streams (QGC Tuning page, vibration widget)
    public static final int NAV_CONTROLLER_OUTPUT = 62;
    public static final int ATTITUDE_TARGET = 83;
    public static final int POSITION_TARGET_LOCAL_NED = 85;
    public static final int VIBRATION = 241;
    public static final int MESSAGE_INTERVAL = 244;
    static final int HEARTBEAT = 0;

    // MAV_RESULT
    public static final int MAV_RESULT_ACCEPTED = 0;
    public static final int MAV_RESULT_DENIED = 2;
    public static final int MAV_RESULT_UNSUPPORTED = 3;
    public static final int MAV_RESULT_FAILED = 4;

    // MAV_DATA_STREAM
    static final int DATA_STREAM_ALL = 0;
    static final int DATA_STREAM_RAW_SENSORS = 1;
    static final int DATA_STREAM_EXTENDED_STATUS = 2;
    static final int DATA_STREAM_RC_CHANNELS = 3;
    static final int DATA_STREAM_POSITION = 6;
    static final int DATA_STREAM_EXTRA1 = 10;
    static final int DATA_STREAM_EXTRA2 = 11;
    static final int DATA_STREAM_EXTRA3 = 12;

    private static final long NS_PER_S = 1_000_000_000L;
    private static final int UINT16_MAX = 65535;

    /**
     * One streamed message: its id, its default rate, the legacy {@code MAV_DATA_STREAM} group
     * that {@code REQUEST_DATA_STREAM} switches it with (groups as ArduPilot groups them; -1 =
     * only with ALL), and how it is built from the newest topics (null when there is no data).
     * Adding a stream is one row of {@link #STREAMS}. A stream that is not {@code onByDefault}
     * is sent only once SET_MESSAGE_INTERVAL (or REQUEST_DATA_STREAM ALL) asks for it; its
     * {@code defaultIntervalNs} is then the rate interval 0 selects.
     */
    private record Stream(int id, long defaultIntervalNs, int dataStream, Function<TelemetryService, Object> builder,
                          boolean onByDefault) {
        Stream(int id, long defaultIntervalNs, int dataStream, Function<TelemetryService, Object> builder) {
            this(id, defaultIntervalNs, dataStream, builder, true);
        }
    }

    /** Every streamed message, in send order within a tick. */
    private static final Stream[] STREAMS = {
        new Stream(SYS_STATUS, hz(1), DATA_STREAM_EXTENDED_STATUS, TelemetryService::buildSysStatus),
        new Stream(EXTENDED_SYS_STATE, hz(1), DATA_STREAM_EXTENDED_STATUS, TelemetryService::buildExtendedSysState),
        new Stream(CURRENT_MODE, hz(1), DATA_STREAM_EXTENDED_STATUS, TelemetryService::buildCurrentMode),
        new Stream(ATTITUDE, hz(20), DATA_STREAM_EXTRA1, TelemetryService::buildAttitude),
        new Stream(ATTITUDE_QUATERNION, hz(10), DATA_STREAM_EXTRA1, TelemetryService::buildAttitudeQuaternion),
        new Stream(GLOBAL_POSITION_INT, hz(5), DATA_STREAM_POSITION, TelemetryService::buildGlobalPositionInt),
        new Stream(LOCAL_POSITION_NED, hz(1), DATA_STREAM_POSITION, TelemetryService::buildLocalPositionNed),
        new Stream(GPS_RAW_INT, hz(1), DATA_STREAM_RAW_SENSORS, TelemetryService::buildGpsRawInt),
        new Stream(VFR_HUD, hz(4), DATA_STREAM_EXTRA2, TelemetryService::buildVfrHud),
        new Stream(ALTITUDE, hz(1), DATA_STREAM_EXTRA3, TelemetryService::buildAltitude),
        new Stream(BATTERY_STATUS, hz(0.5), DATA_STREAM_EXTENDED_STATUS, TelemetryService::buildBatteryStatus),
        new Stream(HOME_POSITION, hz(0.5), DATA_STREAM_EXTRA3, TelemetryService::buildHomePosition),
        new Stream(SERVO_OUTPUT_RAW, hz(1), DATA_STREAM_RC_CHANNELS, TelemetryService::buildServoOutputRaw),
        new Stream(RC_CHANNELS, hz(5), -1, TelemetryService::buildRcChannels),
        new Stream(ESTIMATOR_STATUS, hz(1), DATA_STREAM_EXTRA3, TelemetryService::buildEstimatorStatus),
        // PX4 streams it at 2 Hz on normal links; only while orbiting (QGC draws the circle from it).
        new Stream(ORBIT_EXECUTION_STATUS, hz(2), -1, TelemetryService::buildOrbitExecutionStatus),
        // Setpoint and health streams, at PX4's default rates for a GCS link; no legacy group
        // (PX4 has none; REQUEST_DATA_STREAM's groups stay as ArduPilot-style clients know them)
        new Stream(NAV_CONTROLLER_OUTPUT, hz(1), -1, TelemetryService::buildNavControllerOutput),
        new Stream(ATTITUDE_TARGET, hz(2), -1, TelemetryService::buildAttitudeTarget),
        new Stream(POSITION_TARGET_LOCAL_NED, hz(1.5), -1, TelemetryService::buildPositionTargetLocalNed),
        new Stream(VIBRATION, hz(0.1), -1, TelemetryService::buildVibration),
        // What MAVSDK's telemetry plugin asks for with SET_MESSAGE_INTERVAL (telemetry_impl.cpp
        // set_rate_*), off until asked; the rate interval 0 restores is PX4's onboard-link rate.
        // RAW_IMU is not here: no raw ADC counts exist (see SensorStreams), so it is UNSUPPORTED.
        new Stream(SYSTEM_TIME, hz(1), -1, TelemetryService::buildSystemTime, false),
        new Stream(SCALED_IMU, hz(10), -1, t -> t.sensors.scaledImu(), false),
        new Stream(HIGHRES_IMU, hz(50), -1, t -> t.sensors.highresImu(), false),
        new Stream(SCALED_PRESSURE, hz(10), -1, t -> t.sensors.scaledPressure(), false),
        new Stream(ODOMETRY, hz(30), -1, t -> t.state.odometry(), false),
        new Stream(ACTUATOR_OUTPUT_STATUS, hz(10), -1, t -> t.state.actuatorOutputStatus(), false),
        new Stream(GPS_GLOBAL_ORIGIN, hz(0.1), -1, t -> t.state.gpsGlobalOrigin(), false),
    };
    private static final long DISABLED = -1L;

    /**
     * Rates (Hz) of a {@link StreamProfile#ONBOARD} link, the API link MAVSDK and MAVROS use:
     * PX4's {@code MAVLINK_MODE_ONBOARD} ({@code mavlink_main.cpp}, configure_streams_to_default),
     * which PX4's SITL runs on UDP 14540 ({@code px4-rc.mavlink}), capped at this service's 50 Hz
     * tick (PX4: ATTITUDE 100 Hz). GPS_RAW_INT, "every fix" in PX4, is the receiver's 10 Hz.
     * A stream without a row keeps its normal rate.
     */
    private static final double[][] ONBOARD_RATES_HZ = {
        {SYS_STATUS, 5}, {EXTENDED_SYS_STATE, 5}, {CURRENT_MODE, 0.5},
        {ATTITUDE, 50}, {ATTITUDE_QUATERNION, 50},
        {GLOBAL_POSITION_INT, 50}, {LOCAL_POSITION_NED, 30}, {GPS_RAW_INT, 10},
        {VFR_HUD, 10}, {ALTITUDE, 10}, {BATTERY_STATUS, 0.5}, {HOME_POSITION, 0.5},
        {SERVO_OUTPUT_RAW, 10}, {RC_CHANNELS, 20}, {ESTIMATOR_STATUS, 1}, {ORBIT_EXECUTION_STATUS, 5},
        {NAV_CONTROLLER_OUTPUT, 10}, {ATTITUDE_TARGET, 10}, {POSITION_TARGET_LOCAL_NED, 10}, {VIBRATION, 0.5},
    };

    /** Default interval (ns) per profile (ordinal) and stream index. */
    private static final long[][] PROFILE_INTERVALS_NS = profileIntervals();

    private static final int SENSOR_GYRO = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_GYRO);
    private static final int SENSOR_ACCEL = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_ACCEL);
    private static final int SENSOR_MAG = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_MAG);
    private static final int SENSOR_BARO = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE);
    private static final int SENSOR_GPS = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS);
    private static final int SENSOR_AHRS = bit(MavSysStatusSensor.MAV_SYS_STATUS_AHRS);
    private static final int SENSOR_BATTERY = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_BATTERY);
    private static final int SENSOR_PREARM = bit(MavSysStatusSensor.MAV_SYS_STATUS_PREARM_CHECK);
    private static final int SENSOR_CONTROL = bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ANGULAR_RATE_CONTROL)
            | bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ATTITUDE_STABILIZATION)
            | bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_YAW_POSITION)
            | bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_Z_ALTITUDE_CONTROL)
            | bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_XY_POSITION_CONTROL)
            | bit(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_MOTOR_OUTPUTS);

    private static final List<Float> IDENTITY_Q = List.of(1f, 0f, 0f, 0f);
    private static final List<Integer> NO_EXT_CELLS = List.of(0, 0, 0, 0);
    private static final FlightMode[] MODES = FlightMode.values();

    private final VehicleIdentity identity;
    private final MavlinkOutput out;
    private final StatusTextSender texts;
    private final AutopilotVersionService version;
    private final GnssRawSource gnss;
    private final long bootNs;

    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<EstimatorStatus> estimatorSub;
    private final Subscription<org.hoverla.core.msg.BatteryStatus> batterySub;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleAngularVelocity> rateSub;
    private final Subscription<VehicleLocalPosition> localPosSub;
    private final Subscription<org.hoverla.core.msg.HomePosition> homeSub;
    private final Subscription<VehicleLandDetected> landSub;
    private final Subscription<ActuatorOutputs> outputsSub;
    private final Subscription<org.hoverla.hal.RcInputSample> rcSub;
    private final org.hoverla.hal.RcInputSample rc = new org.hoverla.hal.RcInputSample();
    private final SetpointStreams setpoints;
    private final SensorStreams sensors;
    private final StateStreams state;
    /** Vehicle-clock time of the newest tick, for SYSTEM_TIME. */
    private long lastTickNs = Long.MIN_VALUE;

    private final VehicleStatus status = new VehicleStatus();
    private final EstimatorStatus estimator = new EstimatorStatus();
    private final Subscription<org.hoverla.core.msg.SensorsStatus> imuStatusSub;
    private final Subscription<org.hoverla.core.msg.SensorsStatus> baroStatusSub;
    private final Subscription<org.hoverla.core.msg.SensorsStatus> magStatusSub;
    private final Subscription<org.hoverla.core.msg.SensorsStatus> gnssStatusSub;
    private final org.hoverla.core.msg.SensorsStatus sensorStatus = new org.hoverla.core.msg.SensorsStatus();
    private final org.hoverla.core.msg.BatteryStatus battery = new org.hoverla.core.msg.BatteryStatus();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleAngularVelocity rates = new VehicleAngularVelocity();
    private final VehicleLocalPosition localPos = new VehicleLocalPosition();
    private final org.hoverla.core.bus.Subscription<org.hoverla.core.msg.NavigatorStatus> navigatorSub;
    private final org.hoverla.core.msg.NavigatorStatus navigator = new org.hoverla.core.msg.NavigatorStatus();
    private final Vec3 orbitGeo = new Vec3();
    private final org.hoverla.core.msg.HomePosition home = new org.hoverla.core.msg.HomePosition();
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final ActuatorOutputs outputs = new ActuatorOutputs();
    private final GnssSample gnssSample = new GnssSample();
    private final GeoRef geoRef = new GeoRef();
    private final Vec3 geo = new Vec3();
    private final AvailableModes[] availableModes;

    private final List<LinkState> links = new ArrayList<>();
    private FlightMode lastMode;
    /** Flow control and receive-error figures per link (radio status service, or none). */
    private LinkConditions conditions = LinkConditions.NONE;
    /** The link a SYS_STATUS is being built for (its drop_rate_comm / errors_comm are per link). */
    private MavlinkLink sysStatusLink;

    /** Per-link stream intervals and deadlines. */
    private static final class LinkState {
        final MavlinkLink link;
        final long[] defaultNs;
        final long[] intervalNs;
        final long[] nextDueNs = new long[STREAMS.length];
        boolean started;

        LinkState(MavlinkLink link) {
            this.link = link;
            this.defaultNs = PROFILE_INTERVALS_NS[link.streamProfile().ordinal()];
            this.intervalNs = initialIntervals(defaultNs);
        }
    }

    /**
     * @param bus      the vehicle's topics; all subscriptions are made here
     * @param identity who we are (system id for REQUEST_DATA_STREAM targeting)
     * @param out      MAVLink output (MAVLink thread)
     * @param version  builds AUTOPILOT_VERSION for {@link #requestMessage}
     * @param gnss     raw GNSS for GPS_RAW_INT, or null until the integrator has one
     * @param bootNs   vehicle-clock time of boot; {@code time_boot_ms} fields count from it
     */
    public TelemetryService(FlightBus bus, VehicleIdentity identity, MavlinkOutput out,
                            AutopilotVersionService version, GnssRawSource gnss, long bootNs) {
        this(bus, identity, out, version, gnss, bootNs, new StatusTextSender(out));
    }

    /** As above, with the vehicle interface's one STATUSTEXT sender (shared chunk ids). */
    public TelemetryService(FlightBus bus, VehicleIdentity identity, MavlinkOutput out,
                            AutopilotVersionService version, GnssRawSource gnss, long bootNs, StatusTextSender texts) {
        this.texts = texts;
        this.identity = identity;
        this.out = out;
        this.version = version;
        this.gnss = gnss;
        this.bootNs = bootNs;
        statusSub = bus.vehicleStatus.subscribe();
        estimatorSub = bus.estimatorStatus.subscribe();
        batterySub = bus.batteryStatus.subscribe();
        attitudeSub = bus.attitude.subscribe();
        rateSub = bus.angularVelocity.subscribe();
        localPosSub = bus.localPosition.subscribe();
        homeSub = bus.homePosition.subscribe();
        landSub = bus.landDetected.subscribe();
        outputsSub = bus.actuatorOutputs.subscribe();
        rcSub = bus.rcInput.subscribe();
        navigatorSub = bus.navigatorStatus.subscribe();
        imuStatusSub = bus.sensorsStatusImu.subscribe();
        baroStatusSub = bus.sensorsStatusBaro.subscribe();
        magStatusSub = bus.sensorsStatusMag.subscribe();
        gnssStatusSub = bus.sensorsStatusGnss.subscribe();
        setpoints = new SetpointStreams(bus, bootNs);
        sensors = new SensorStreams(bus, bootNs);
        state = new StateStreams(bus, bootNs);
        availableModes = buildAvailableModes();
    }

    // ------------------------------------------------------------------ links

    /**
     * Sets where each link's flow-control factor and receive-error figures come from (see
     * {@link LinkConditions}); {@link LinkConditions#NONE} until set. Before the links start.
     */
    public void linkConditions(LinkConditions conditions) {
        this.conditions = conditions == null ? LinkConditions.NONE : conditions;
    }

    /** Starts the default streams on a link (idempotent). MAVLink thread. */
    public void addLink(MavlinkLink link) {
        state(link);
    }

    /** Stops all streams on a link and forgets its overrides. */
    public void removeLink(MavlinkLink link) {
        for (int i = 0; i < links.size(); i++) {
            if (links.get(i).link.id() == link.id()) {
                links.remove(i);
                return;
            }
        }
    }

    private LinkState state(MavlinkLink link) {
        for (int i = 0; i < links.size(); i++) {
            LinkState s = links.get(i);
            if (s.link.id() == link.id()) {
                return s;
            }
        }
        LinkState s = new LinkState(link);
        links.add(s);
        return s;
    }

    // ------------------------------------------------------------------ streaming

    @Override
    public void tick(long nowNs) {
        lastTickNs = nowNs;
        boolean modeChanged = false;
        if (statusSub.topic().generation() != 0L) {
            statusSub.update(status);
            modeChanged = lastMode != null && status.mode != lastMode;
            lastMode = status.mode;
        }
        int currentModeIndex = streamIndex(CURRENT_MODE);
        for (int l = 0; l < links.size(); l++) {
            LinkState s = links.get(l);
            if (!s.started) {
                Arrays.fill(s.nextDueNs, nowNs);
                s.started = true;
            }
            // Flow control (PX4 MavlinkStream::update: interval / rate_mult): only streams slow
            // down; HEARTBEAT (its own service) and every reply keep their pace.
            double rateMultiplier = conditions.rateMultiplier(s.link, nowNs);
            sysStatusLink = s.link;
            for (int i = 0; i < STREAMS.length; i++) {
                long interval = s.intervalNs[i];
                if (interval <= 0L) {
                    continue;
                }
                if (rateMultiplier < 1.0 && rateMultiplier > 0.0) {
                    interval = (long) (interval / rateMultiplier);
                }
                boolean onChange = modeChanged && i == currentModeIndex;
                if (nowNs < s.nextDueNs[i] && !onChange) {
                    continue;
                }
                if (nowNs >= s.nextDueNs[i]) {
                    long next = s.nextDueNs[i] + interval;
                    s.nextDueNs[i] = next <= nowNs ? nowNs + interval : next;
                }
                Object msg = STREAMS[i].builder().apply(this);
                if (msg != null) {
                    out.send(s.link, msg);
                }
            }
        }
        // As PX4 (GPS_GLOBAL_ORIGIN.hpp): the origin is sent on every link when it is set or moves.
        if (!links.isEmpty()) {
            Object origin = state.gpsGlobalOriginIfChanged();
            if (origin != null) {
                for (int l = 0; l < links.size(); l++) {
                    out.send(links.get(l).link, origin);
                }
            }
        }
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        LinkState s = state(source);
        Object payload = message.getPayload();
        if (payload instanceof RequestDataStream) {
            onRequestDataStream(s, (RequestDataStream) payload);
        }
    }

    /**
     * Legacy {@code REQUEST_DATA_STREAM}: maps a {@code MAV_DATA_STREAM} group to Hoverla's
     * messages and starts them at {@code req_message_rate} Hz (0 = the default rate) or stops
     * them. Groups (as ArduPilot groups them): ALL = every stream; RAW_SENSORS = GPS_RAW_INT;
     * EXTENDED_STATUS = SYS_STATUS, EXTENDED_SYS_STATE, BATTERY_STATUS, CURRENT_MODE;
     * RC_CHANNELS = SERVO_OUTPUT_RAW; POSITION = GLOBAL_POSITION_INT, LOCAL_POSITION_NED;
     * EXTRA1 = ATTITUDE, ATTITUDE_QUATERNION; EXTRA2 = VFR_HUD; EXTRA3 = ALTITUDE, HOME_POSITION,
     * ESTIMATOR_STATUS (the {@code dataStream} column of {@link #STREAMS}).
     * Requests for another system are ignored.
     */
    private void onRequestDataStream(LinkState s, RequestDataStream req) {
        if (req.targetSystem() != 0 && req.targetSystem() != identity.systemId()) {
            return;
        }
        int[] group = dataStreamGroup(req.reqStreamId());
        if (group == null) {
            return;
        }
        boolean start = req.startStop() != 0;
        int rateHz = req.reqMessageRate();
        for (int id : group) {
            int i = streamIndex(id);
            if (!start) {
                s.intervalNs[i] = DISABLED;
            } else if (canServe(id)) {
                s.intervalNs[i] = rateHz > 0 ? NS_PER_S / rateHz : s.defaultNs[i];
                s.nextDueNs[i] = Long.MIN_VALUE / 2; // due now
            }
        }
    }

    static int[] dataStreamGroup(int streamId) {
        switch (streamId) {
            case DATA_STREAM_ALL:
                return streamedMessageIds();
            case DATA_STREAM_RAW_SENSORS:
            case DATA_STREAM_EXTENDED_STATUS:
            case DATA_STREAM_RC_CHANNELS:
            case DATA_STREAM_POSITION:
            case DATA_STREAM_EXTRA1:
            case DATA_STREAM_EXTRA2:
            case DATA_STREAM_EXTRA3:
                int n = 0;
                for (Stream st : STREAMS) {
                    n += st.dataStream() == streamId ? 1 : 0;
                }
                int[] ids = new int[n];
                n = 0;
                for (Stream st : STREAMS) {
                    if (st.dataStream() == streamId) {
                        ids[n++] = st.id();
                    }
                }
                return ids;
            default:
                return null;
        }
    }

    /**
     * {@code MAV_CMD_SET_MESSAGE_INTERVAL} for one link.
     *
     * @param intervalUs &gt; 0 interval (µs); 0 = back to the default rate; -1 = stop
     * @return MAV_RESULT: ACCEPTED; UNSUPPORTED for a message id Hoverla does not stream
     *         (RAW_IMU among them); DENIED for an interval below -1; FAILED, with a STATUSTEXT
     *         on that link, for a stream the vehicle cannot serve now: RC_CHANNELS while no RC
     *         input exists (mavlink.io MAV_RESULT_FAILED: a problem that must be fixed before a
     *         retry can succeed), so that a client is never ACCEPTED and left without messages.
     *         Stopping (-1) is always accepted.
     */
    public int setMessageInterval(MavlinkLink link, int messageId, long intervalUs) {
        int i = streamIndex(messageId);
        if (i < 0) {
            return MAV_RESULT_UNSUPPORTED;
        }
        if (intervalUs < -1L) {
            return MAV_RESULT_DENIED;
        }
        if (intervalUs != -1L && !canServe(messageId)) {
            texts.send(link, SEVERITY_INFO, NO_RC_INPUT);
            return MAV_RESULT_FAILED;
        }
        LinkState s = state(link);
        if (intervalUs == -1L) {
            s.intervalNs[i] = DISABLED;
        } else {
            boolean wasDisabled = s.intervalNs[i] <= 0L;
            s.intervalNs[i] = intervalUs == 0L ? s.defaultNs[i] : intervalUs * 1000L;
            if (wasDisabled) {
                s.nextDueNs[i] = Long.MIN_VALUE / 2; // due at the next tick
            }
        }
        return MAV_RESULT_ACCEPTED;
    }

    /**
     * The current interval of a message on a link (µs), for {@code MESSAGE_INTERVAL}: -1 when
     * disabled, 0 when Hoverla does not stream it.
     */
    public long messageIntervalUs(MavlinkLink link, int messageId) {
        int i = streamIndex(messageId);
        if (i < 0 || !canServe(messageId)) {
            return 0L;
        }
        long ns = state(link).intervalNs[i];
        return ns <= 0L ? -1L : ns / 1000L;
    }

    /**
     * Answers {@code MAV_CMD_GET_MESSAGE_INTERVAL} (param1) and {@code MAV_CMD_REQUEST_MESSAGE(244)}
     * (param2): sends one MESSAGE_INTERVAL for the message on {@code link}, with mavlink.io's
     * {@code interval_us}: the interval when it is streamed, -1 when its stream is disabled on this
     * link, 0 when Hoverla does not stream it ("not available"; also for ids no dialect defines).
     * HEARTBEAT reports the heartbeat service's 1 s.
     *
     * @param messageId the id as the command carries it (a float)
     * @return ACCEPTED (sent); DENIED, nothing sent, when the id is not an integer in 0..65535
     *         (NaN, infinite, negative, fractional, or beyond MESSAGE_INTERVAL's uint16 field)
     */
    public int sendMessageInterval(MavlinkLink link, double messageId) {
        if (!Double.isFinite(messageId) || messageId < 0.0 || messageId > UINT16_MAX
                || messageId != Math.rint(messageId)) {
            return MAV_RESULT_DENIED;
        }
        int id = (int) messageId;
        long us = id == HEARTBEAT ? HeartbeatService.PERIOD_NS / 1000L : messageIntervalUs(link, id);
        out.send(link, io.dronefleet.mavlink.common.MessageInterval.builder()
                .messageId(id)
                .intervalUs((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, us)))
                .build());
        return MAV_RESULT_ACCEPTED;
    }

    static final int SEVERITY_INFO = 6;
    static final String NO_RC_INPUT = "RC_CHANNELS not available: no RC input";

    /**
     * Whether a streamed message has a source that can deliver: only RC_CHANNELS depends on
     * hardware that may be absent (the input_rc topic is published once a receiver delivers a
     * plausible frame, RcInputTask). Every other stream's source is part of the flight stack.
     */
    private boolean canServe(int messageId) {
        return messageId != RC_CHANNELS || rcSub.topic().generation() != 0L;
    }

    /** Default interval (µs) of a streamed message on a ground-station link, or 0 when it is not streamed. */
    public static long defaultIntervalUs(int messageId) {
        return defaultIntervalUs(StreamProfile.NORMAL, messageId);
    }

    /** Default interval (µs) of a streamed message on a link of {@code profile}, or 0 when it is not streamed. */
    public static long defaultIntervalUs(StreamProfile profile, int messageId) {
        int i = streamIndex(messageId);
        return i < 0 ? 0L : PROFILE_INTERVALS_NS[profile.ordinal()][i] / 1000L;
    }

    /** Ids Hoverla streams (a copy). */
    public static int[] streamedMessageIds() {
        int[] ids = new int[STREAMS.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = STREAMS[i].id();
        }
        return ids;
    }

    /** {@link #requestMessage(MavlinkLink, int, float)} with param2 = 0. */
    public int requestMessage(MavlinkLink link, int messageId) {
        return requestMessage(link, messageId, 0f);
    }

    /**
     * {@code MAV_CMD_REQUEST_MESSAGE}: sends the message once, now, on {@code link}. Supported:
     * MESSAGE_INTERVAL (244; param2 = the message id, see {@link #sendMessageInterval}),
     * AUTOPILOT_VERSION (148), PROTOCOL_VERSION (300), HOME_POSITION (242), AVAILABLE_MODES (435; param2 0 = all modes,
     * one message per mode, else the 1-based mode index), CURRENT_MODE (436) and every streamed
     * message.
     *
     * @param param2 the command's param2 (used by AVAILABLE_MODES and MESSAGE_INTERVAL)
     * @return MAV_RESULT: ACCEPTED (sent); FAILED when the data does not exist yet (e.g. no
     *         home) or the mode index is out of range; UNSUPPORTED for other ids
     */
    public int requestMessage(MavlinkLink link, int messageId, float param2) {
        state(link);
        if (messageId == MESSAGE_INTERVAL) {
            return sendMessageInterval(link, param2);
        }
        if (messageId == AUTOPILOT_VERSION) {
            out.send(link, version.build());
            return MAV_RESULT_ACCEPTED;
        }
        if (messageId == PROTOCOL_VERSION) {
            out.send(link, PROTOCOL_VERSION_MESSAGE);
            return MAV_RESULT_ACCEPTED;
        }
        if (messageId == AVAILABLE_MODES) {
            int index = Float.isFinite(param2) ? Math.round(param2) : 0;
            if (index == 0) {
                for (AvailableModes m : availableModes) {
                    out.send(link, m);
                }
                return MAV_RESULT_ACCEPTED;
            }
            if (index < 1 || index > availableModes.length) {
                return MAV_RESULT_FAILED;
            }
            out.send(link, availableModes[index - 1]);
            return MAV_RESULT_ACCEPTED;
        }
        if (streamIndex(messageId) < 0) {
            return MAV_RESULT_UNSUPPORTED;
        }
        if (messageId == CURRENT_MODE && statusSub.topic().generation() != 0L) {
            statusSub.update(status);
        }
        sysStatusLink = link;
        Object msg = build(messageId);
        if (msg == null) {
            return MAV_RESULT_FAILED;
        }
        out.send(link, msg);
        return MAV_RESULT_ACCEPTED;
    }

    // ------------------------------------------------------------------ STATUSTEXT

    /**
     * Sends a STATUSTEXT to every link through the vehicle's one {@link StatusTextSender}
     * (chunking, chunk ids, severity clamping and character rules are described there).
     *
     * @param severity {@code MAV_SEVERITY} 0 (emergency) .. 7 (debug)
     */
    public void statusText(int severity, String text) {
        texts.send(null, severity, text);
    }

    // ------------------------------------------------------------------ messages

    /** The streamed message with this id built from the newest topics, or null when there is no data. */
    Object build(int messageId) {
        int i = streamIndex(messageId);
        return i < 0 ? null : STREAMS[i].builder().apply(this);
    }

    /** RC_CHANNELS from the newest receiver frame; nothing while no RC receiver delivers. */
    private Object buildRcChannels() {
        if (!rcSub.copy(rc)) {
            return null;
        }
        int[] ch = rc.channelsUs;
        int n = rc.channelCount;
        return io.dronefleet.mavlink.common.RcChannels.builder()
                .timeBootMs(timeBootMs(rc.timestampSampleNs))
                .chancount(n)
                .chan1Raw(n > 0 ? ch[0] : UINT16_MAX).chan2Raw(n > 1 ? ch[1] : UINT16_MAX)
                .chan3Raw(n > 2 ? ch[2] : UINT16_MAX).chan4Raw(n > 3 ? ch[3] : UINT16_MAX)
                .chan5Raw(n > 4 ? ch[4] : UINT16_MAX).chan6Raw(n > 5 ? ch[5] : UINT16_MAX)
                .chan7Raw(n > 6 ? ch[6] : UINT16_MAX).chan8Raw(n > 7 ? ch[7] : UINT16_MAX)
                .chan9Raw(n > 8 ? ch[8] : UINT16_MAX).chan10Raw(n > 9 ? ch[9] : UINT16_MAX)
                .chan11Raw(n > 10 ? ch[10] : UINT16_MAX).chan12Raw(n > 11 ? ch[11] : UINT16_MAX)
                .chan13Raw(n > 12 ? ch[12] : UINT16_MAX).chan14Raw(n > 13 ? ch[13] : UINT16_MAX)
                .chan15Raw(n > 14 ? ch[14] : UINT16_MAX).chan16Raw(n > 15 ? ch[15] : UINT16_MAX)
                .chan17Raw(n > 16 ? ch[16] : UINT16_MAX).chan18Raw(n > 17 ? ch[17] : UINT16_MAX)
                .rssi(rc.rssiPct < 0 ? 255 : Math.min(254, rc.rssiPct * 254 / 100))
                .build();
    }

    /**
     * SYSTEM_TIME: time since boot on the vehicle clock; {@code time_unix_usec} 0 = unknown, as
     * the vehicle has no UTC source (the GNSS driver does not deliver the receiver's time).
     */
    Object buildSystemTime() {
        if (lastTickNs == Long.MIN_VALUE) {
            return null;
        }
        return io.dronefleet.mavlink.common.SystemTime.builder()
                .timeUnixUsec(BigInteger.ZERO)
                .timeBootMs(timeBootMs(lastTickNs))
                .build();
    }

    private long timeBootMs(long timestampNs) {
        return Math.max(0L, (timestampNs - bootNs) / 1_000_000L) & 0xFFFF_FFFFL;
    }

    private long timeUs(long timestampNs) {
        return Math.max(0L, (timestampNs - bootNs) / 1_000L);
    }

    SysStatus buildSysStatus() {
        boolean haveStatus = fresh(statusSub, status);
        boolean haveEstimator = fresh(estimatorSub, estimator);
        boolean haveBattery = fresh(batterySub, battery) && battery.connected;
        int present = SENSOR_CONTROL | SENSOR_PREARM;
        int enabled = SENSOR_PREARM;
        int health = SENSOR_CONTROL;
        if (haveEstimator) {
            present |= SENSOR_GYRO | SENSOR_ACCEL | SENSOR_MAG | SENSOR_BARO | SENSOR_GPS | SENSOR_AHRS;
            enabled |= SENSOR_GYRO | SENSOR_ACCEL | SENSOR_MAG | SENSOR_BARO | SENSOR_GPS | SENSOR_AHRS;
            health |= (estimator.imuHealthy ? SENSOR_GYRO | SENSOR_ACCEL : 0)
                    | (estimator.magHealthy ? SENSOR_MAG : 0)
                    | (estimator.baroHealthy ? SENSOR_BARO : 0)
                    // GPS healthy only with a fix the estimator accepts: receiving, quality checks
                    // passed (PX4 EKF2 gps checks), not suspect; a fix alone is not enough
                    | (estimator.gnssHealthy && estimator.gnssChecksPassed && !estimator.gnssSuspect ? SENSOR_GPS : 0)
                    | (estimator.attitudeValid ? SENSOR_AHRS : 0);
        }
        // The sensor frontends know which roles exist and whether the instance they publish is
        // healthy: a role without instances is not present; a selected instance that failed with
        // no healthy alternative makes the bit unhealthy whatever the estimator still holds.
        int[] masks = sensorMasks;
        masks[0] = present;
        masks[1] = enabled;
        masks[2] = health;
        applySensorStatus(imuStatusSub, SENSOR_GYRO | SENSOR_ACCEL, masks);
        applySensorStatus(baroStatusSub, SENSOR_BARO, masks);
        applySensorStatus(magStatusSub, SENSOR_MAG, masks);
        applySensorStatus(gnssStatusSub, SENSOR_GPS, masks);
        present = masks[0];
        enabled = masks[1];
        health = masks[2];
        if (haveBattery) {
            present |= SENSOR_BATTERY;
            enabled |= SENSOR_BATTERY;
            health |= SENSOR_BATTERY;
        }
        if (status.armed()) {
            enabled |= SENSOR_CONTROL;
        }
        // PREARM healthy (MAVSDK's is_armable, telemetry_impl.cpp process_sys_status) only once
        // the commander has run its checks and they passed: not from vehicle_status's defaults
        if (haveStatus && status.preArmChecked && (status.preArmFailure == null || status.preArmFailure.isEmpty())) {
            health |= SENSOR_PREARM;
        }
        return SysStatus.builder()
                .onboardControlSensorsPresent(EnumValues.of(MavSysStatusSensor.class, present))
                .onboardControlSensorsEnabled(EnumValues.of(MavSysStatusSensor.class, enabled))
                .onboardControlSensorsHealth(EnumValues.of(MavSysStatusSensor.class, health))
                .load(0)
                .voltageBattery(haveBattery ? millivolts(battery.voltageV) : UINT16_MAX)
                .currentBattery(haveBattery ? centiamps(battery.currentA) : -1)
                .batteryRemaining(haveBattery ? batteryRemainingPct(battery.remainingFraction) : -1)
                // PX4 sends zeros here (SYS_STATUS.hpp); Hoverla fills them per link as
                // mavlink.io defines them: frames lost / corrupted on reception
                .dropRateComm(sysStatusLink == null ? 0 : conditions.dropRateCommCentiPct(sysStatusLink))
                .errorsComm(sysStatusLink == null ? 0 : conditions.errorsComm(sysStatusLink))
                .build();
    }

    private final int[] sensorMasks = new int[3];

    /**
     * Adjusts SYS_STATUS present / enabled / health (masks[0..2]) for one sensor role from its
     * frontend's status, when the frontend has published one (otherwise the estimator's flags
     * stand alone, as before the frontends existed).
     */
    private void applySensorStatus(Subscription<org.hoverla.core.msg.SensorsStatus> sub, int bits, int[] masks) {
        if (sub.topic().generation() == 0L) {
            return;
        }
        sub.copy(sensorStatus); // copy, not update: one message object serves the four roles
        if (sensorStatus.instanceCount == 0) {
            masks[0] &= ~bits;
            masks[1] &= ~bits;
            masks[2] &= ~bits;
            return;
        }
        boolean estimatorSays = (masks[0] & bits) != 0;
        masks[0] |= bits;
        masks[1] |= bits;
        if (!sensorStatus.healthy) {
            masks[2] &= ~bits;
        } else if (!estimatorSays) {
            masks[2] |= bits;
        }
    }

    ExtendedSysState buildExtendedSysState() {
        fresh(statusSub, status);
        boolean haveLand = fresh(landSub, land);
        MavLandedState landed;
        if (!haveLand) {
            landed = MavLandedState.MAV_LANDED_STATE_UNDEFINED;
        } else if (!status.armed() || land.landed) {
            landed = MavLandedState.MAV_LANDED_STATE_ON_GROUND;
        } else if (status.mode == FlightMode.TAKEOFF) {
            landed = MavLandedState.MAV_LANDED_STATE_TAKEOFF;
        } else if (status.mode == FlightMode.LAND) {
            landed = MavLandedState.MAV_LANDED_STATE_LANDING;
        } else {
            landed = MavLandedState.MAV_LANDED_STATE_IN_AIR;
        }
        return ExtendedSysState.builder()
                .vtolState(MavVtolState.MAV_VTOL_STATE_MC)
                .landedState(landed)
                .build();
    }

    CurrentMode buildCurrentMode() {
        FlightMode mode = status.mode;
        // intended_custom_mode 0 = unknown: vehicle_status does not carry the last commanded mode yet
        return CurrentMode.builder()
                .standardMode(mode.standardMode())
                .customMode(mode.px4CustomMode() & 0xFFFF_FFFFL)
                .intendedCustomMode(0L)
                .build();
    }

    Attitude buildAttitude() {
        if (!fresh(attitudeSub, attitude)) {
            return null;
        }
        fresh(rateSub, rates);
        return Attitude.builder()
                .timeBootMs(timeBootMs(attitude.timestampNs))
                .roll((float) attitude.q.roll())
                .pitch((float) attitude.q.pitch())
                .yaw((float) attitude.q.yaw())
                .rollspeed((float) rates.rateFrdRadps.x)
                .pitchspeed((float) rates.rateFrdRadps.y)
                .yawspeed((float) rates.rateFrdRadps.z)
                .build();
    }

    AttitudeQuaternion buildAttitudeQuaternion() {
        if (!fresh(attitudeSub, attitude)) {
            return null;
        }
        fresh(rateSub, rates);
        return AttitudeQuaternion.builder()
                .timeBootMs(timeBootMs(attitude.timestampNs))
                .q1((float) attitude.q.w)
                .q2((float) attitude.q.x)
                .q3((float) attitude.q.y)
                .q4((float) attitude.q.z)
                .rollspeed((float) rates.rateFrdRadps.x)
                .pitchspeed((float) rates.rateFrdRadps.y)
                .yawspeed((float) rates.rateFrdRadps.z)
                .reprOffsetQ(IDENTITY_Q)
                .build();
    }

    /** Updates {@link #geo} to (lat deg, lon deg, alt AMSL m) of the local position; false if unknown. */
    private boolean globalPosition() {
        if (!fresh(localPosSub, localPos) || !localPos.refValid || !localPos.xyValid || !localPos.zValid) {
            return false;
        }
        if (!geoRef.isInitialised() || geoRef.refAltM() != localPos.refAltM
                || refMoved(localPos.refLatDeg, localPos.refLonDeg)) {
            geoRef.reset(localPos.refLatDeg, localPos.refLonDeg, localPos.refAltM);
            refLatDeg = localPos.refLatDeg;
            refLonDeg = localPos.refLonDeg;
        }
        geoRef.toGeodetic(localPos.posNedM.x, localPos.posNedM.y, localPos.posNedM.z, geo);
        return true;
    }

    private double refLatDeg = Double.NaN;
    private double refLonDeg = Double.NaN;

    private boolean refMoved(double latDeg, double lonDeg) {
        return latDeg != refLatDeg || lonDeg != refLonDeg;
    }

    /** Height above home (m): home's local down minus ours; above the local origin without home. */
    private double relativeAltM() {
        boolean haveHome = fresh(homeSub, home) && home.valid;
        double homeDown = haveHome ? home.posNedM.z : 0.0;
        return homeDown - localPos.posNedM.z;
    }

    GlobalPositionInt buildGlobalPositionInt() {
        if (!globalPosition()) {
            return null;
        }
        return GlobalPositionInt.builder()
                .timeBootMs(timeBootMs(localPos.timestampNs))
                .lat(degE7(geo.x))
                .lon(degE7(geo.y))
                .alt(clampInt(Math.round(geo.z * 1000.0)))
                .relativeAlt(clampInt(Math.round(relativeAltM() * 1000.0)))
                .vx(cmps(localPos.velNedMps.x))
                .vy(cmps(localPos.velNedMps.y))
                .vz(cmps(localPos.velNedMps.z))
                .hdg(headingCdeg(localPos.headingRad))
                .build();
    }

    /**
     * ESTIMATOR_STATUS: the estimator's validity flags, innovation test ratios (above 1 means the
     * last measurement of that source was rejected; 0 when not measured) and position accuracy,
     * for QGroundControl's estimator display.
     */
    io.dronefleet.mavlink.common.EstimatorStatus buildEstimatorStatus() {
        if (!fresh(estimatorSub, estimator)) {
            return null;
        }
        boolean havePos = fresh(localPosSub, localPos);
        boolean haveRef = havePos && localPos.refValid;
        EstimatorStatus e = estimator;
        int flags = 0;
        flags |= e.attitudeValid ? bit(EstimatorStatusFlags.ESTIMATOR_ATTITUDE) : 0;
        flags |= e.vxyValid ? bit(EstimatorStatusFlags.ESTIMATOR_VELOCITY_HORIZ) : 0;
        flags |= e.vzValid ? bit(EstimatorStatusFlags.ESTIMATOR_VELOCITY_VERT) : 0;
        flags |= e.xyValid ? bit(EstimatorStatusFlags.ESTIMATOR_POS_HORIZ_REL)
                | bit(EstimatorStatusFlags.ESTIMATOR_PRED_POS_HORIZ_REL) : 0;
        flags |= e.xyValid && haveRef ? bit(EstimatorStatusFlags.ESTIMATOR_POS_HORIZ_ABS)
                | bit(EstimatorStatusFlags.ESTIMATOR_PRED_POS_HORIZ_ABS) : 0;
        flags |= e.zValid ? bit(EstimatorStatusFlags.ESTIMATOR_POS_VERT_ABS) : 0;
        // Aligned but with no horizontal aiding and no dead reckoning: position held constant.
        flags |= e.attitudeValid && !e.xyValid && !e.deadReckoning
                ? bit(EstimatorStatusFlags.ESTIMATOR_CONST_POS_MODE) : 0;
        flags |= e.gnssPosTestRatio > 1.0 ? bit(EstimatorStatusFlags.ESTIMATOR_GPS_GLITCH) : 0;
        return io.dronefleet.mavlink.common.EstimatorStatus.builder()
                .timeUsec(BigInteger.valueOf(timeUs(e.timestampNs)))
                .flags(EnumValues.of(EstimatorStatusFlags.class, flags))
                .velRatio(nonNegative(e.gnssVelTestRatio))
                .posHorizRatio(nonNegative(e.gnssPosTestRatio))
                .posVertRatio(nonNegative(e.heightTestRatio))
                .magRatio(nonNegative(e.magTestRatio))
                .haglRatio(0f)
                .tasRatio(0f)
                .posHorizAccuracy(havePos ? nonNegative(localPos.ephM) : 0f)
                .posVertAccuracy(havePos ? nonNegative(localPos.epvM) : 0f)
                .build();
    }

    /** A non-negative finite figure as float; NaN (not measured) and negatives as 0. */
    private static float nonNegative(double v) {
        return v >= 0.0 && Double.isFinite(v) ? (float) v : 0f;
    }

    LocalPositionNed buildLocalPositionNed() {
        if (!fresh(localPosSub, localPos) || !(localPos.xyValid || localPos.zValid)) {
            return null;
        }
        return LocalPositionNed.builder()
                .timeBootMs(timeBootMs(localPos.timestampNs))
                .x((float) localPos.posNedM.x)
                .y((float) localPos.posNedM.y)
                .z((float) localPos.posNedM.z)
                .vx((float) localPos.velNedMps.x)
                .vy((float) localPos.velNedMps.y)
                .vz((float) localPos.velNedMps.z)
                .build();
    }

    GpsRawInt buildGpsRawInt() {
        if (gnss == null || !gnss.latest(gnssSample)) {
            return null;
        }
        double vn = gnssSample.velNMps;
        double ve = gnssSample.velEMps;
        double speed = Math.sqrt(vn * vn + ve * ve);
        int cog = speed > 0.1 ? headingCdeg(Math.atan2(ve, vn)) : UINT16_MAX;
        return GpsRawInt.builder()
                .timeUsec(BigInteger.valueOf(timeUs(gnssSample.timestampSampleNs)))
                .fixType(EnumValues.of(GpsFixType.class, Math.max(0, Math.min(8, gnssSample.fixType))))
                .lat(degE7(gnssSample.latDeg))
                .lon(degE7(gnssSample.lonDeg))
                .alt(clampInt(Math.round(gnssSample.altMslM * 1000.0)))
                // eph/epv are the receiver's HDOP/VDOP x 100, as PX4 sends them (GPS_RAW_INT.hpp);
                // the 1-sigma accuracies go to h_acc/v_acc below
                .eph(dopTimes100(gnssSample.hdop))
                .epv(dopTimes100(gnssSample.vdop))
                .vel(Double.isFinite(speed) ? (int) Math.min(UINT16_MAX - 1, Math.round(speed * 100.0)) : UINT16_MAX)
                .cog(cog)
                .satellitesVisible(gnssSample.satellitesUsed >= 0 ? Math.min(254, gnssSample.satellitesUsed) : 255)
                .altEllipsoid(0)
                .hAcc(accuracyMm(gnssSample.ephM))
                .vAcc(accuracyMm(gnssSample.epvM))
                .velAcc(accuracyMm(gnssSample.sAccMps))
                .hdgAcc(0)
                .yaw(0)
                .build();
    }

    VfrHud buildVfrHud() {
        if (!fresh(localPosSub, localPos)) {
            return null;
        }
        double vn = localPos.velNedMps.x;
        double ve = localPos.velNedMps.y;
        float groundspeed = (float) Math.sqrt(vn * vn + ve * ve);
        double altAmsl = localPos.refValid ? localPos.refAltM - localPos.posNedM.z : -localPos.posNedM.z;
        int throttle = 0;
        if (fresh(outputsSub, outputs) && outputs.armed && outputs.count > 0) {
            double sum = 0.0;
            for (int i = 0; i < outputs.count; i++) {
                sum += outputs.commandNorm[i];
            }
            throttle = (int) Math.round(Math.max(0.0, Math.min(1.0, sum / outputs.count)) * 100.0);
        }
        int heading = (int) Math.round(Math.toDegrees(wrap2Pi(localPos.headingRad))) % 360;
        return VfrHud.builder()
                .airspeed(groundspeed) // no airspeed sensor on a multicopter: ground speed, as PX4
                .groundspeed(groundspeed)
                .heading(heading)
                .throttle(throttle)
                .alt((float) altAmsl)
                .climb((float) -localPos.velNedMps.z)
                .build();
    }

    Altitude buildAltitude() {
        if (!fresh(localPosSub, localPos) || !localPos.zValid) {
            return null;
        }
        double local = -localPos.posNedM.z;
        float amsl = localPos.refValid ? (float) (localPos.refAltM + local) : Float.NaN;
        return Altitude.builder()
                .timeUsec(BigInteger.valueOf(timeUs(localPos.timestampNs)))
                .altitudeMonotonic(amsl)
                .altitudeAmsl(amsl)
                .altitudeLocal((float) local)
                .altitudeRelative((float) relativeAltM())
                .altitudeTerrain(-1000f) // unknown (no terrain data)
                .bottomClearance(-1f)    // unknown (no range finder)
                .build();
    }

    BatteryStatus buildBatteryStatus() {
        if (!fresh(batterySub, battery) || !battery.connected) {
            return null;
        }
        int mv = millivolts(battery.voltageV);
        // total voltage in the first cell, the others "unknown", as the message defines
        List<Integer> cells = List.of(mv, UINT16_MAX, UINT16_MAX, UINT16_MAX, UINT16_MAX,
                UINT16_MAX, UINT16_MAX, UINT16_MAX, UINT16_MAX, UINT16_MAX);
        return BatteryStatus.builder()
                .id(0)
                .batteryFunction(MavBatteryFunction.MAV_BATTERY_FUNCTION_ALL)
                .type(MavBatteryType.MAV_BATTERY_TYPE_LIPO)
                .temperature(Short.MAX_VALUE)
                .voltages(cells)
                .currentBattery(centiamps(battery.currentA))
                .currentConsumed(-1)
                .energyConsumed(-1)
                .batteryRemaining(batteryRemainingPct(battery.remainingFraction))
                .timeRemaining(0)
                .voltagesExt(NO_EXT_CELLS)
                .build();
    }

    HomePosition buildHomePosition() {
        if (!fresh(homeSub, home) || !home.valid) {
            return null;
        }
        double half = 0.5 * home.yawRad;
        return HomePosition.builder()
                .latitude(degE7(home.latDeg))
                .longitude(degE7(home.lonDeg))
                .altitude(clampInt(Math.round(home.altAmslM * 1000.0)))
                .x((float) home.posNedM.x)
                .y((float) home.posNedM.y)
                .z((float) home.posNedM.z)
                .q(List.of((float) Math.cos(half), 0f, 0f, (float) Math.sin(half)))
                .approachX(0f)
                .approachY(0f)
                .approachZ(0f)
                .timeUsec(BigInteger.valueOf(timeUs(home.timestampNs)))
                .build();
    }

    /**
     * ORBIT_EXECUTION_STATUS while an orbit is flown: signed radius (positive clockwise), centre
     * in MAV_FRAME_GLOBAL (lat/lon degE7, altitude AMSL), as PX4's orbit_status stream sends it.
     */
    io.dronefleet.mavlink.common.OrbitExecutionStatus buildOrbitExecutionStatus() {
        // The mode check drops the navigator's last orbiting status after a mode change.
        if (status.mode != FlightMode.ORBIT || !fresh(navigatorSub, navigator) || !navigator.orbiting
                || !globalPosition()) {
            return null;
        }
        Vec3 c = navigator.orbitCenterNedM;
        geoRef.toGeodetic(c.x, c.y, c.z, orbitGeo);
        return io.dronefleet.mavlink.common.OrbitExecutionStatus.builder()
                .timeUsec(BigInteger.valueOf(timeUs(navigator.timestampNs)))
                .radius((float) navigator.orbitRadiusM)
                .frame(io.dronefleet.mavlink.common.MavFrame.MAV_FRAME_GLOBAL)
                .x(degE7(orbitGeo.x))
                .y(degE7(orbitGeo.y))
                .z((float) orbitGeo.z)
                .build();
    }

    ServoOutputRaw buildServoOutputRaw() {
        if (!fresh(outputsSub, outputs)) {
            return null;
        }
        int[] us = servoUs;
        for (int i = 0; i < us.length; i++) {
            us[i] = i < outputs.count ? servoMicros(outputs.commandNorm[i]) : 0;
        }
        return ServoOutputRaw.builder()
                .timeUsec(timeUs(outputs.timestampNs) & 0xFFFF_FFFFL)
                .port(0)
                .servo1Raw(us[0]).servo2Raw(us[1]).servo3Raw(us[2]).servo4Raw(us[3])
                .servo5Raw(us[4]).servo6Raw(us[5]).servo7Raw(us[6]).servo8Raw(us[7])
                .servo9Raw(us[8]).servo10Raw(us[9]).servo11Raw(us[10]).servo12Raw(us[11])
                .servo13Raw(us[12]).servo14Raw(us[13]).servo15Raw(us[14]).servo16Raw(us[15])
                .build();
    }

    private final int[] servoUs = new int[16];

    /** The AVAILABLE_MODES messages, index 1..n (a copy of the array). */
    public AvailableModes[] availableModes() {
        return availableModes.clone();
    }

    /**
     * One AVAILABLE_MODES per {@link FlightMode}, in enum order. Each standard mode is offered
     * once (the protocol forbids duplicates): Position and Hold both map to POSITION_HOLD in
     * {@link FlightMode}, so the first (Position) carries it and Hold is listed as a custom mode.
     * Auto modes carry MAV_MODE_PROPERTY_AUTO_MODE; Offboard and Orbit are NOT_USER_SELECTABLE (they
     * need a setpoint stream from an offboard computer, or DO_ORBIT, to be entered).
     */
    private static AvailableModes[] buildAvailableModes() {
        AvailableModes[] result = new AvailableModes[MODES.length];
        boolean[] used = new boolean[256];
        for (int i = 0; i < MODES.length; i++) {
            FlightMode m = MODES[i];
            int std = m.standardMode();
            if (std > 0 && used[std]) {
                std = StandardModes.MAV_STANDARD_MODE_NON_STANDARD;
            }
            used[std] = true;
            int props = 0;
            if (m.isAuto()) {
                props |= StandardModes.MAV_MODE_PROPERTY_AUTO_MODE;
            }
            // Orbit needs DO_ORBIT's centre and radius, as QGC's PX4 plugin marks it not settable.
            if (m == FlightMode.OFFBOARD || m == FlightMode.ORBIT) {
                props |= StandardModes.MAV_MODE_PROPERTY_NOT_USER_SELECTABLE;
            }
            result[i] = AvailableModes.builder()
                    .numberModes(MODES.length)
                    .modeIndex(i + 1)
                    .standardMode(std)
                    .customMode(m.px4CustomMode() & 0xFFFF_FFFFL)
                    .properties(props)
                    .modeName(modeName(m))
                    .build();
        }
        return result;
    }

    private static String modeName(FlightMode m) {
        String n = m.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    // ------------------------------------------------------------------ setpoint and health streams

    private Object buildNavControllerOutput() {
        boolean havePos = fresh(localPosSub, localPos);
        return setpoints.navControllerOutput(havePos ? localPos : null);
    }

    private Object buildAttitudeTarget() {
        return setpoints.attitudeTarget();
    }

    private Object buildPositionTargetLocalNed() {
        return setpoints.positionTargetLocalNed();
    }

    private Object buildVibration() {
        return setpoints.vibration();
    }

    // ------------------------------------------------------------------ units (the one place)

    /** Degrees to degE7, rounded. */
    static int degE7(double deg) {
        return clampInt(Math.round(deg * 1e7));
    }

    /** m/s to cm/s in int16. */
    static int cmps(double mps) {
        if (!Double.isFinite(mps)) {
            return 0;
        }
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(mps * 100.0)));
    }

    /** Heading (rad, any range) to centidegrees 0..35999; UINT16_MAX when unknown. */
    static int headingCdeg(double rad) {
        if (!Double.isFinite(rad)) {
            return UINT16_MAX;
        }
        int cdeg = (int) Math.round(Math.toDegrees(wrap2Pi(rad)) * 100.0);
        return cdeg >= 36000 ? cdeg - 36000 : cdeg;
    }

    /** Volts to millivolts (uint16); UINT16_MAX when unknown. */
    static int millivolts(double v) {
        if (!Double.isFinite(v) || v < 0.0) {
            return UINT16_MAX;
        }
        return (int) Math.min(UINT16_MAX - 1, Math.round(v * 1000.0));
    }

    /** Amperes to centiamperes (int16); -1 when unknown. */
    static int centiamps(double a) {
        if (!Double.isFinite(a)) {
            return -1;
        }
        return (int) Math.max(-1, Math.min(Short.MAX_VALUE, Math.round(a * 100.0)));
    }

    /** State of charge (fraction) to MAVLink's battery_remaining percent 0..100; -1 when unknown. */
    static int batteryRemainingPct(double fraction) {
        if (!Double.isFinite(fraction)) {
            return -1;
        }
        return (int) Math.round(Math.max(0.0, Math.min(1.0, fraction)) * 100.0);
    }

    /** Dilution of precision to GPS_RAW_INT's eph/epv (DOP x 100); UINT16_MAX when unknown. */
    static int dopTimes100(double dop) {
        if (!Double.isFinite(dop) || dop < 0.0) {
            return UINT16_MAX;
        }
        return (int) Math.min(UINT16_MAX - 1, Math.round(dop * 100.0));
    }

    /** Normalised command 0..1 to a PWM-style pulse, 1000 + 1000 * command µs. */
    static int servoMicros(double commandNorm) {
        if (!Double.isFinite(commandNorm)) {
            return 0;
        }
        return (int) Math.round(1000.0 + 1000.0 * Math.max(0.0, Math.min(1.0, commandNorm)));
    }

    private static long accuracyMm(double m) {
        return Double.isFinite(m) && m >= 0.0 ? Math.min(0xFFFF_FFFEL, Math.round(m * 1000.0)) : 0L;
    }

    private static double wrap2Pi(double rad) {
        double r = rad % (2.0 * Math.PI);
        return r < 0.0 ? r + 2.0 * Math.PI : r;
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    // ------------------------------------------------------------------ helpers

    private static <M> boolean fresh(Subscription<M> sub, M dst) {
        if (sub.topic().generation() == 0L) {
            return false;
        }
        sub.update(dst);
        return true;
    }

    /**
     * Each profile's rate for every stream: what a link starts with (for a stream that is on by
     * default) and what "default" (interval 0) asks for; on-request streams start disabled
     * ({@link #initialIntervals}).
     */
    private static long[][] profileIntervals() {
        long[][] byProfile = new long[StreamProfile.values().length][STREAMS.length];
        for (int i = 0; i < STREAMS.length; i++) {
            byProfile[StreamProfile.NORMAL.ordinal()][i] = STREAMS[i].defaultIntervalNs();
            byProfile[StreamProfile.ONBOARD.ordinal()][i] = STREAMS[i].defaultIntervalNs();
        }
        for (double[] row : ONBOARD_RATES_HZ) {
            byProfile[StreamProfile.ONBOARD.ordinal()][streamIndex((int) row[0])] = hz(row[1]);
        }
        return byProfile;
    }

    /** A new link's intervals: its profile's rates for streams on by default, disabled for the others. */
    private static long[] initialIntervals(long[] profileNs) {
        long[] ns = profileNs.clone();
        for (int i = 0; i < ns.length; i++) {
            if (!STREAMS[i].onByDefault()) {
                ns[i] = DISABLED;
            }
        }
        return ns;
    }

    private static int streamIndex(int messageId) {
        for (int i = 0; i < STREAMS.length; i++) {
            if (STREAMS[i].id() == messageId) {
                return i;
            }
        }
        return -1;
    }

    private static long hz(double rateHz) {
        return Math.round(NS_PER_S / rateHz);
    }

    private static int bit(MavSysStatusSensor s) {
        return EnumValue.of(s).value();
    }

    private static int bit(EstimatorStatusFlags f) {
        return EnumValue.of(f).value();
    }
}
