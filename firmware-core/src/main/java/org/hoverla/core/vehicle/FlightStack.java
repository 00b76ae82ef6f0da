package org.hoverla.core.vehicle;

import org.hoverla.core.control.Mixer;
import org.hoverla.core.control.MotorGeometry;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.sched.TaskTable;
import org.hoverla.core.tasks.AttitudeControlTask;
import org.hoverla.core.tasks.CommanderTask;
import org.hoverla.core.tasks.EstimatorTask;
import org.hoverla.core.tasks.MotorOutputTask;
import org.hoverla.core.tasks.NavigatorTask;
import org.hoverla.core.tasks.PositionControlTask;
import org.hoverla.core.tasks.RcInputTask;
import org.hoverla.core.tasks.RateControlTask;
import org.hoverla.core.time.Clock;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.sensors.BaroFrontend;
import org.hoverla.core.sensors.GnssFrontend;
import org.hoverla.core.sensors.ImuFrontend;
import org.hoverla.core.sensors.MagFrontend;
import org.hoverla.core.sensors.Rotation;
import org.hoverla.hal.GnssReceiver;

/**
 * Composition root of the flight code: builds the bus, the tasks and the task table for a set
 * of devices, and hands out the scheduler. The same object runs on a companion computer
 * (dedicated thread) and in the simulator (lockstep invoker); nothing here knows which.
 *
 * <p>The task table, in execution order within a cycle (DESIGN.md §3a). The base rate is the
 * IMU rate; slower stages use the newest outputs of faster ones. The rates below are the
 * defaults: the base, estimator and position rates come from the boot-time parameters
 * IMU_GYRO_RATEMAX, IMU_INTEG_RATE and MPC_LOOP_RATE ({@link LoopRateParams}; 400 Hz base at the
 * lowest); rc_input and navigator keep 50 and 20 Hz, which divide every allowed base rate.
 * <pre>
 *  name        rate     budget  why this order
 *  imu         1000 Hz   40 us  first: everything downstream uses this cycle's sample; all IMU
 *                               instances, failover, rotation, calibration (ImuFrontend)
 *  rate_ctrl   1000 Hz   40 us  lowest latency from gyro to motors
 *  motors      1000 Hz   30 us  writes what rate control just mixed
 *  baro         250 Hz   15 us  barometer instances → sensor_baro (BaroFrontend), at the
 *                               estimator's rate and just before it, so it fuses this cycle's sample
 *  mag          250 Hz   15 us  magnetometer instances → sensor_mag (MagFrontend), likewise
 *  gnss         250 Hz   15 us  GNSS receivers → sensor_gps (GnssFrontend), likewise
 *  estimator    250 Hz  150 us  one IMU integration interval; fuses slow sensors
 *  att_ctrl     250 Hz   40 us  uses this cycle's attitude
 *  failure_det  250 Hz   20 us  attitude and motor failure from this cycle's attitude and the
 *                               newest mix (FailureDetector); before the commander, whose
 *                               failsafes read it, and a cycle before rate control reacts
 *  pos_ctrl      50 Hz   60 us  uses this cycle's position
 *  rc_input      50 Hz   20 us  receiver frames → calibrated sticks; RC or joystick selected
 *                               (COM_RC_IN_MODE) for the commander and navigator
 *  commander   1000 Hz  100 us  commands answered within a cycle; state machine every 20 ms
 *  navigator     20 Hz   60 us  setpoints for the next position-control run
 * </pre>
 * Budgets are what each stage may take on a Raspberry Pi 4 class core with margin; overruns are
 * counted, not fatal.
 */
public final class FlightStack {
    /** The default base rate (IMU_GYRO_RATEMAX's default); a booted stack's is {@link #rates()}. */
    public static final double BASE_RATE_HZ = LoopRateParams.BASE_HZ_DEFAULT;
    /** The default estimator rate (IMU_INTEG_RATE's default); a booted stack's is {@link #rates()}. */
    public static final double ESTIMATOR_RATE_HZ = LoopRateParams.INTEG_HZ_DEFAULT;

    private final FlightBus bus = new FlightBus();
    private final FlightParams params;
    private final TaskTable taskTable;
    private final LoopScheduler scheduler;
    private final Mixer mixer;
    private final LoopRateParams.Rates rates;
    private final org.hoverla.core.log.FlightLogRecorder logRecorder;
    /** The flight log's ring: ~26 s of the default profile (40.3 KB/s measured, docs/flight-log.md), for a stalled disk. */
    static final int LOG_RING_BYTES = 1 << 20;
    static final int LOG_MAX_RECORD_BYTES = 256;

    /**
     * @param executionTimer clock used to measure task execution times (the system clock on
     *                       hardware and in the simulator; a fake in scheduler tests)
     * @param errorPolicy    what the scheduler does when a task throws: CONTAIN on a vehicle
     *                       (count it, keep flying), RETHROW in simulation and tests (fail loudly)
     */
    public FlightStack(VehicleDevices devices, ParamStore store, Clock executionTimer, TaskErrorPolicy errorPolicy) {
        this(devices, new FlightParams(store), executionTimer, errorPolicy);
    }

    /**
     * Builds the stack on parameters registered (and loaded from the parameter file) before it:
     * the boot order that lets boot-time parameters (SYS_AUTOSTART, SYS_AUTOCONFIG) take effect.
     * Call {@link #applyAutoconfig} between loading the file and this constructor.
     */
    public FlightStack(VehicleDevices devices, FlightParams params, Clock executionTimer, TaskErrorPolicy errorPolicy) {
        this.params = params;
        this.rates = params.loopRates.resolve();
        final double baseHz = rates.baseHz();
        final double estimatorHz = rates.estimatorHz();
        final double positionHz = rates.positionHz();
        this.mixer = new Mixer(geometry(params.airframe.get()));
        if (mixer.motorCount() != devices.motors().motorCount()) {
            throw new IllegalArgumentException("airframe has " + mixer.motorCount() + " motors but the motor output drives "
                    + devices.motors().motorCount());
        }
        FlightBus b = bus;
        ImuFrontend imu = new ImuFrontend(devices.imus(), b.angularVelocity.advertise(), b.vehicleImu.advertise(),
                b.sensorsStatusImu.advertise(), b.events, params, estimatorHz, baseHz);
        RateControlTask rateControl = new RateControlTask(b.angularVelocity.subscribe(), b.ratesSetpoint.subscribe(),
                b.vehicleStatus.subscribe(), b.landDetected.subscribe(), b.actuatorMotors.advertise(), mixer, params);
        MotorOutputTask motors = new MotorOutputTask(b.actuatorMotors.subscribe(), b.vehicleStatus.subscribe(),
                devices.motors(), b.actuatorOutputs.advertise(), params);
        BaroFrontend baro = new BaroFrontend(devices.barometers(), b.sensorBaro.advertise(),
                b.sensorsStatusBaro.advertise(), b.events, params);
        MagFrontend mag = new MagFrontend(devices.magnetometers(), b.sensorMag.advertise(),
                b.sensorsStatusMag.advertise(), b.events, params);
        motors.escCalibration(b.escCalibration);
        imu.tapRawSamples(b.rawSamples);
        baro.tapRawSamples(b.rawSamples);
        mag.tapRawSamples(b.rawSamples);
        // Several receivers come as GnssInstances (board files with two GNSS), else one or none.
        java.util.List<SensorInstance<GnssReceiver>> receivers = devices.gnss() instanceof GnssInstances several
                ? several.instances() : devices.gnss() == null ? java.util.List.of()
                : java.util.List.of(new SensorInstance<>("gps0", devices.gnss(), 0, Rotation.NONE, 0));
        GnssFrontend gnss = new GnssFrontend(receivers, b.gnssRaw.advertise(), b.sensorsStatusGnss.advertise(), b.events);
        EstimatorTask estimator = new EstimatorTask(b.vehicleImu.subscribe(), b.sensorBaro.subscribe(),
                b.sensorMag.subscribe(), b.gnssRaw.subscribe(), sensorStatusSubscriptions(b),
                b.attitude.advertise(), b.localPosition.advertise(),
                b.estimatorStatus.advertise(), b.landDetected.subscribe(), params);
        AttitudeControlTask attitudeControl = new AttitudeControlTask(b.attitude.subscribe(),
                b.attitudeSetpoint.subscribe(), b.vehicleStatus.subscribe(), b.ratesSetpoint.advertise(), params);
        PositionControlTask positionControl = new PositionControlTask(b.localPosition.subscribe(),
                b.trajectorySetpoint.subscribe(), b.vehicleStatus.subscribe(), b.landDetected.subscribe(),
                b.offboardSetpoint.subscribe(), b.missionStatus.subscribe(), b.attitudeSetpoint.advertise(),
                b.manualControl.subscribe(), params);
        CommanderTask commander = new CommanderTask(b.commands, b.commandAcks, b.gcsCommands, b.gcsCommandAcks,
                b.estimatorStatus.subscribe(),
                b.localPosition.subscribe(), b.attitude.subscribe(), b.attitudeSetpoint.subscribe(),
                b.navigatorStatus.subscribe(), b.offboardSetpoint.subscribe(), b.gcsLinkStatus.subscribe(),
                b.missionStatus.subscribe(), b.events, b.geofence, b.missionPlan,
                devices.battery(), b.vehicleStatus.advertise(),
                b.landDetected.advertise(), b.homePosition.advertise(), b.batteryStatus.advertise(),
                b.manualControl.subscribe(), params);
        commander.checkCalibrationWith(new org.hoverla.core.sensors.CalibrationCheck(devices, params.calibration,
                params.store, b.sensorCalibrating));
        // Attitude/motor failure (the failure detector) and sensor roles with no healthy instance
        // left are failsafe triggers (failsafe/FailsafeTrigger).
        commander.watchFailuresWith(b.failureDetectorStatus.subscribe(), b.sensorsStatusImu.subscribe(),
                b.sensorsStatusBaro.subscribe(), b.sensorsStatusMag.subscribe(), b.sensorsStatusGnss.subscribe());
        RcInputTask rcInput = new RcInputTask(devices.rc(), b.rcInput.advertise(), b.rcOverride.subscribe(),
                b.manualControlMavlink.subscribe(), b.manualControl.advertise(), b.rcCalibrating, params);
        NavigatorTask navigator = new NavigatorTask(b.vehicleStatus.subscribe(), b.localPosition.subscribe(),
                b.homePosition.subscribe(), b.offboardSetpoint.subscribe(), b.trajectorySetpoint.advertise(),
                b.navigatorStatus.advertise(), b.landDetected.subscribe(), b.missionPlan, b.rallyPoints, b.geofence, b.missionSetCurrent,
                b.missionEvents,
                b.missionStatus.advertise(), b.manualControl.subscribe(), b.events, params);

        org.hoverla.core.tasks.FailureDetectorTask failureDetector = new org.hoverla.core.tasks.FailureDetectorTask(
                new org.hoverla.core.failure.FailureDetector(geometry(params.airframe.get())),
                b.actuatorMotors.subscribe(), b.angularVelocity.subscribe(), b.attitude.subscribe(),
                b.vehicleStatus.subscribe(), b.landDetected.subscribe(), b.localPosition.subscribe(),
                b.failureDetectorStatus.advertise(), b.events, params.failureDetector, params.store,
                mixer.motorCount());
        rateControl.reactToMotorFailures(b.failureDetectorStatus.subscribe());
        estimator.publishInnovations(b.estimatorInnovations.advertise());
        logRecorder = new org.hoverla.core.log.FlightLogRecorder(
                new org.hoverla.core.log.LogRing(LOG_RING_BYTES), LOG_MAX_RECORD_BYTES);
        org.hoverla.core.log.FlightLogTopics.register(logRecorder, b, params.log.profile.get());

        taskTable = TaskTable.builder().baseRateHz(baseHz)
                .add("imu", baseHz, 40, imu)
                .add("rate_ctrl", baseHz, 40, rateControl)
                .add("motors", baseHz, 30, motors)
                .add("baro", estimatorHz, 15, baro)
                .add("mag", estimatorHz, 15, mag)
                .add("gnss", estimatorHz, 15, gnss)
                .add("estimator", estimatorHz, 150, estimator)
                .add("att_ctrl", estimatorHz, 40, attitudeControl)
                // After attitude: judges this cycle's attitude and the newest mix; rate control
                // reacts to a failed motor on the next cycle, the commander's failsafes this cycle.
                .add("failure_det", estimatorHz, 20, failureDetector)
                .add("pos_ctrl", positionHz, 60, positionControl)
                .add("rc_input", 50.0, 20, rcInput)
                .add("commander", baseHz, 100, commander)
                .add("navigator", 20.0, 60, navigator)
                // Last: records what every task of this cycle published.
                .add("logger", baseHz, 40, logRecorder)
                .build();
        scheduler = new LoopScheduler(taskTable, executionTimer, errorPolicy);
        scheduler.observe(new org.hoverla.core.log.LoopTimingLog(b.loopTiming.advertise(),
                Math.round(1e9 / baseHz)));
    }

    @SuppressWarnings("unchecked")
    private static Subscription<SensorsStatus>[] sensorStatusSubscriptions(FlightBus b) {
        return new Subscription[] {b.sensorsStatusImu.subscribe(), b.sensorsStatusBaro.subscribe(),
            b.sensorsStatusMag.subscribe(), b.sensorsStatusGnss.subscribe()};
    }

    /** The motor geometry of a SYS_AUTOSTART airframe id (values as {@link FlightParams}). */
    public static MotorGeometry geometry(int autostart) {
        switch (autostart) {
            case FlightParams.AUTOSTART_QUAD_PLUS:
                return MotorGeometry.quadPlus(0.225);
            case FlightParams.AUTOSTART_HEXA_X:
                return MotorGeometry.hexaX(0.275);
            case FlightParams.AUTOSTART_QUAD_X:
            default:
                return MotorGeometry.quadX(0.225);
        }
    }

    /**
     * Boot step after the parameter file is loaded: with SYS_AUTOCONFIG = 1 (as QGC's airframe
     * page writes with a new SYS_AUTOSTART) every parameter returns to its default except the
     * airframe, the system id and the sensor calibration ({@code CAL_*}, {@code SENS_BOARD_*_OFF}),
     * and SYS_AUTOCONFIG goes back to 0, as PX4's rcS does. The
     * caller saves the parameters when this returns true. Boot thread.
     *
     * @return whether the parameters were reset
     */
    public static boolean applyAutoconfig(FlightParams params) {
        if (params.sysAutoconfig.get() != 1) {
            return false;
        }
        int autostart = params.airframe.get();
        int systemId = params.mavSystemId.get();
        // Calibration describes this unit, not the airframe: kept, as PX4's rcS keeps CAL_*.
        params.store.resetToDefaultsExcept(org.hoverla.core.sensors.CalibrationParamSet::isCalibration);
        params.airframe.set(autostart);
        params.mavSystemId.set(systemId);
        return true;
    }

    /** @return the mixer built at boot for the SYS_AUTOSTART airframe */
    public Mixer mixer() {
        return mixer;
    }

    /** @return the loop rates this stack was built with (IMU_GYRO_RATEMAX etc. at boot) and boot's note on them */
    public LoopRateParams.Rates rates() {
        return rates;
    }

    /** The flight thread's half of the flight log (idle until a {@link org.hoverla.core.log.FlightLogWriter} starts a log). */
    public org.hoverla.core.log.FlightLogRecorder logRecorder() {
        return logRecorder;
    }

    public FlightBus bus() {
        return bus;
    }

    public FlightParams params() {
        return params;
    }

    public LoopScheduler scheduler() {
        return scheduler;
    }

    public TaskTable taskTable() {
        return taskTable;
    }
}
