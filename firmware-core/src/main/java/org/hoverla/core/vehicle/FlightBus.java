package org.hoverla.core.vehicle;

import org.hoverla.core.bus.SpscQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.msg.MissionEvent;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.fence.Geofence;
import org.hoverla.mission.fence.RallyPoints;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.RcInputSample;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.GcsLinkStatus;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.NavigatorStatus;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.msg.VehicleStatus;

/**
 * All topics and queues of one vehicle, created at boot and handed to the tasks that publish
 * and subscribe. One instance per vehicle (a test or a simulator may build several side by
 * side); no static state.
 */
public final class FlightBus {
    public final Topic<VehicleAngularVelocity> angularVelocity =
            new Topic<>("vehicle_angular_velocity", new VehicleAngularVelocity(), VehicleAngularVelocity::copyFrom);
    public final Topic<VehicleImu> vehicleImu = new Topic<>("vehicle_imu", new VehicleImu(), VehicleImu::copyFrom);
    public final Topic<VehicleAttitude> attitude =
            new Topic<>("vehicle_attitude", new VehicleAttitude(), VehicleAttitude::copyFrom);
    public final Topic<VehicleLocalPosition> localPosition =
            new Topic<>("vehicle_local_position", new VehicleLocalPosition(), VehicleLocalPosition::copyFrom);
    public final Topic<EstimatorStatus> estimatorStatus =
            new Topic<>("estimator_status", new EstimatorStatus(), EstimatorStatus::copyFrom);
    public final Topic<VehicleAttitudeSetpoint> attitudeSetpoint =
            new Topic<>("vehicle_attitude_setpoint", new VehicleAttitudeSetpoint(), VehicleAttitudeSetpoint::copyFrom);
    public final Topic<VehicleRatesSetpoint> ratesSetpoint =
            new Topic<>("vehicle_rates_setpoint", new VehicleRatesSetpoint(), VehicleRatesSetpoint::copyFrom);
    public final Topic<TrajectorySetpoint> trajectorySetpoint =
            new Topic<>("trajectory_setpoint", new TrajectorySetpoint(), TrajectorySetpoint::copyFrom);
    public final Topic<ActuatorMotors> actuatorMotors =
            new Topic<>("actuator_motors", new ActuatorMotors(), ActuatorMotors::copyFrom);
    public final Topic<ActuatorOutputs> actuatorOutputs =
            new Topic<>("actuator_outputs", new ActuatorOutputs(), ActuatorOutputs::copyFrom);
    public final Topic<VehicleStatus> vehicleStatus =
            new Topic<>("vehicle_status", new VehicleStatus(), VehicleStatus::copyFrom);
    public final Topic<VehicleLandDetected> landDetected =
            new Topic<>("vehicle_land_detected", new VehicleLandDetected(), VehicleLandDetected::copyFrom);
    public final Topic<BatteryStatus> batteryStatus =
            new Topic<>("battery_status", new BatteryStatus(), BatteryStatus::copyFrom);
    public final Topic<HomePosition> homePosition =
            new Topic<>("home_position", new HomePosition(), HomePosition::copyFrom);
    public final Topic<NavigatorStatus> navigatorStatus =
            new Topic<>("navigator_status", new NavigatorStatus(), NavigatorStatus::copyFrom);

    /** The newest GNSS solution as the selected receiver reported it (GNSS frontend; estimator, telemetry, logs). */
    public final Topic<GnssSample> gnssRaw = new Topic<>("sensor_gps", new GnssSample(), GnssSample::copyFrom);

    /** The selected barometer's newest accepted, calibrated reading (baro frontend; estimator, SCALED_PRESSURE, HIGHRES_IMU). */
    public final Topic<org.hoverla.hal.BaroSample> sensorBaro =
            new Topic<>("sensor_baro", new org.hoverla.hal.BaroSample(), org.hoverla.hal.BaroSample::copyFrom);
    /** The selected magnetometer's newest accepted reading, calibrated, body FRD (mag frontend; estimator, SCALED_IMU, HIGHRES_IMU). */
    public final Topic<org.hoverla.hal.MagSample> sensorMag =
            new Topic<>("sensor_mag", new org.hoverla.hal.MagSample(), org.hoverla.hal.MagSample::copyFrom);

    /** Instance health and selection of each sensor role, from its frontend (telemetry's SYS_STATUS bits). */
    public final Topic<org.hoverla.core.msg.SensorsStatus> sensorsStatusImu = sensorsStatus("sensors_status_imu");
    public final Topic<org.hoverla.core.msg.SensorsStatus> sensorsStatusBaro = sensorsStatus("sensors_status_baro");
    public final Topic<org.hoverla.core.msg.SensorsStatus> sensorsStatusMag = sensorsStatus("sensors_status_mag");
    public final Topic<org.hoverla.core.msg.SensorsStatus> sensorsStatusGnss = sensorsStatus("sensors_status_gnss");

    /** The newest plausible RC frame (receiver, or RC_CHANNELS_OVERRIDE while the receiver is silent), raw. */
    public final Topic<RcInputSample> rcInput = new Topic<>("input_rc", new RcInputSample(), RcInputSample::copyFrom);

    /** Setpoints from an offboard computer; the MAVLink thread publishes. */
    public final Topic<OffboardSetpoint> offboardSetpoint =
            new Topic<>("offboard_setpoint", new OffboardSetpoint(), OffboardSetpoint::copyFrom);
    /**
     * The selected manual input (RC receiver or ground-station joystick, COM_RC_IN_MODE); the
     * rc_input task publishes it (ManualInputSelector), the navigator and commander read it.
     */
    public final Topic<org.hoverla.core.msg.ManualControlSetpoint> manualControl = new Topic<>("manual_control_setpoint",
            new org.hoverla.core.msg.ManualControlSetpoint(), org.hoverla.core.msg.ManualControlSetpoint::copyFrom);
    /** Ground-station joystick input (MANUAL_CONTROL), before selection; the MAVLink thread publishes. */
    public final Topic<org.hoverla.core.msg.ManualControlSetpoint> manualControlMavlink = new Topic<>(
            "manual_control_input_mavlink", new org.hoverla.core.msg.ManualControlSetpoint(),
            org.hoverla.core.msg.ManualControlSetpoint::copyFrom);
    /** QGC's radio calibration is running (MAV_CMD_PREFLIGHT_CALIBRATION param4 1 until the all-zero cancel): RC sticks unused. */
    public final java.util.concurrent.atomic.AtomicBoolean rcCalibrating = new java.util.concurrent.atomic.AtomicBoolean();
    /** RC_CHANNELS_OVERRIDE frames as RC input (PX4 input_rc source MAVLink); the MAVLink thread publishes. */
    public final Topic<RcInputSample> rcOverride =
            new Topic<>("input_rc_mavlink", new RcInputSample(), RcInputSample::copyFrom);
    /** Ground-station liveness; the MAVLink thread publishes. */
    public final Topic<GcsLinkStatus> gcsLinkStatus =
            new Topic<>("gcs_link_status", new GcsLinkStatus(), GcsLinkStatus::copyFrom);
    /** The EKF's innovations and test ratios (estimator; flight log). */
    public final Topic<org.hoverla.core.msg.EstimatorInnovations> estimatorInnovations = new Topic<>(
            "estimator_innovations", new org.hoverla.core.msg.EstimatorInnovations(),
            org.hoverla.core.msg.EstimatorInnovations::copyFrom);
    /** One second of loop timing (the scheduler's cycle observer; flight log). */
    public final Topic<org.hoverla.core.msg.LoopTimingSample> loopTiming = new Topic<>("loop_timing",
            new org.hoverla.core.msg.LoopTimingSample(), org.hoverla.core.msg.LoopTimingSample::copyFrom);
    /** Attitude and motor failure, judged by the failure detector; read by the failsafe table. */
    public final Topic<org.hoverla.core.msg.FailureDetectorStatus> failureDetectorStatus = new Topic<>(
            "failure_detector_status", new org.hoverla.core.msg.FailureDetectorStatus(),
            org.hoverla.core.msg.FailureDetectorStatus::copyFrom);
    /** Operator messages from the flight thread to the links (sent as STATUSTEXT). */
    public final SpscQueue<VehicleEvent> events = new SpscQueue<>(64, VehicleEvent::new, VehicleEvent::copyFrom);
    /** The same operator messages for the flight log's writer thread ({@link #events} tees into it). */
    public final SpscQueue<VehicleEvent> logEvents = new SpscQueue<>(64, VehicleEvent::new, VehicleEvent::copyFrom);

    /** The flight log writer's notices (log started, closed, failed) for the links; the log thread produces. */
    public final SpscQueue<VehicleEvent> logNotices = new SpscQueue<>(16, VehicleEvent::new, VehicleEvent::copyFrom);

    {
        events.teeTo(logEvents);
    }

    /** The mission executor's progress. */
    public final Topic<MissionStatus> missionStatus =
            new Topic<>("mission_status", new MissionStatus(), MissionStatus::copyFrom);
    /** Mission events for the links (MISSION_ITEM_REACHED, MISSION_CURRENT, camera log). */
    public final SpscQueue<MissionEvent> missionEvents = new SpscQueue<>(64, MissionEvent::new, MissionEvent::copyFrom);
    /**
     * The active plan, replaced whole by the mission protocol (MAVLink thread) or at boot; the
     * navigator notices a new reference and loads it. A volatile reference to an immutable
     * plan: no lock, nothing copied on the flight thread.
     */
    public final AtomicReference<MissionPlan> missionPlan = new AtomicReference<>(MissionPlan.EMPTY);
    /** The geofence of the active plan in the estimator's local frame, or null; built off the flight thread. */
    public final AtomicReference<Geofence> geofence = new AtomicReference<>();
    /** The rally points of the active plan in the estimator's local frame, or null. */
    public final AtomicReference<RallyPoints> rallyPoints = new AtomicReference<>();
    /** MISSION_SET_CURRENT requests for the navigator; -1 = none pending. */
    public final AtomicInteger missionSetCurrent = new AtomicInteger(-1);
    /** Raw sensor samples (sensor axes, uncalibrated) to a running calibration or self-test. */
    public final org.hoverla.core.calibration.RawSampleTap rawSamples = new org.hoverla.core.calibration.RawSampleTap();
    /** A sensor or ESC calibration is running (the calibration's thread sets it); arming is refused meanwhile. */
    public final java.util.concurrent.atomic.AtomicBoolean sensorCalibrating = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * ESC calibration's request to the motor outputs while disarmed: 0 none, 1 every output at its
     * maximum pulse, 2 at its minimum (CalibrationContext.EscOutput); the calibration's thread writes it.
     */
    public final java.util.concurrent.atomic.AtomicInteger escCalibration = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Injected failures (MAV_CMD_INJECT_FAILURE, simulator scenarios): written by the MAVLink thread,
     * read lock-free by whatever applies them (simulated devices, the MAVLink link for mavlink_signal).
     */
    public final org.hoverla.core.fault.FailureInjection failureInjection = new org.hoverla.core.fault.FailureInjection();

    /** Commands into the commander from on-board producers (the simulator's scenarios, tests). */
    public final SpscQueue<VehicleCommand> commands =
            new SpscQueue<>(32, VehicleCommand::new, VehicleCommand::copyFrom);
    /** Answers to {@link #commands}. */
    public final SpscQueue<VehicleCommandAck> commandAcks =
            new SpscQueue<>(32, VehicleCommandAck::new, VehicleCommandAck::copyFrom);
    /**
     * Commands from ground stations; the MAVLink thread is the one producer. A queue per
     * producer keeps each single-producer, so no producer ever waits on another.
     */
    public final SpscQueue<VehicleCommand> gcsCommands =
            new SpscQueue<>(64, VehicleCommand::new, VehicleCommand::copyFrom);
    /** Answers to {@link #gcsCommands}, consumed by the MAVLink thread. */
    public final SpscQueue<VehicleCommandAck> gcsCommandAcks =
            new SpscQueue<>(64, VehicleCommandAck::new, VehicleCommandAck::copyFrom);

    private static Topic<org.hoverla.core.msg.SensorsStatus> sensorsStatus(String name) {
        return new Topic<>(name, new org.hoverla.core.msg.SensorsStatus(), org.hoverla.core.msg.SensorsStatus::copyFrom);
    }
}
