package org.hoverla.sim.lockstep;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.Clock;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.FlightStack;
import org.hoverla.core.boot.BootDevices;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.BatterySim;
import org.hoverla.sim.physics.MulticopterSim;
import org.hoverla.sim.sensors.GnssSim;

import java.util.function.Consumer;

/**
 * Software in the loop, in lockstep: one {@link #step()} advances the {@link SimWorld} by one
 * millisecond and then lets the unchanged flight code run one scheduler cycle at the new time.
 * <pre>
 *   wind → physics (motor commands of the previous cycle) → battery
 *   → clock += 1 ms → sensor models deposit samples in the simulated HAL
 *   → scheduler.runCycle(now): imu … navigator → motor commands
 * </pre>
 * Time exists only as the simulated clock, so a run is deterministic for a seed and as fast as
 * the machine allows; pacing to real time is the caller's choice.
 *
 * <p>Single-threaded; allocation-free per step after construction.
 */
public final class LockstepSim implements FlightLoop {
    private final SimConfig config;
    private final SimWorld world;
    private final ParamStore paramStore;
    private final Vehicle runtime;
    private final FlightParams flightParams;
    private final boolean autoconfigApplied;
    private final FlightStack stack;
    private final LoopScheduler scheduler;
    private long steps;
    private org.hoverla.core.log.FlightLogWriter flightLog;
    private SimTruthLog truthLog;
    private long nextLogWorkNs;
    /** The log writer's step in simulated time: 20 ms of the default profile and the ground truth is about 1 KB of ring. */
    static final long LOG_WORK_PERIOD_NS = 20_000_000L;

    public LockstepSim(SimConfig config) {
        this(config, SystemClock.INSTANCE);
    }

    /**
     * @param executionTimer measures task execution time for the perf counters (wall clock by
     *                       default; pass a fixed clock for bit-identical perf output)
     */
    public LockstepSim(SimConfig config, Clock executionTimer) {
        this(config, executionTimer, store -> { });
    }

    /**
     * Boots as the vehicle does: parameters registered, then {@code loadParameters} (the
     * parameter file, command-line overrides), then SYS_AUTOCONFIG, then the simulated sensors'
     * factory calibration goes into the parameter defaults, then the flight stack and the simulated airframe are built for
     * SYS_AUTOSTART. So a changed airframe takes effect at the next boot, as on PX4.
     *
     * @param loadParameters fills the store before anything reads it (boot thread)
     */
    public LockstepSim(SimConfig config, Clock executionTimer, Consumer<ParamStore> loadParameters) {
        this(config, executionTimer, null, loadParameters, line -> { });
    }

    /**
     * Boots through the vehicle's own boot path ({@link Vehicle#builder()}): parameters registered,
     * the parameter file loaded, {@code overrides} applied, SYS_AUTOCONFIG, then the simulated
     * world and its devices for SYS_AUTOSTART's airframe, then the flight stack on them. So a
     * changed airframe takes effect at the next boot, as on PX4.
     *
     * @param paramFile loaded before {@code overrides}, saved after an autoconfig reset; null for none
     * @param overrides command-line parameter overrides (boot thread)
     * @param log       boot messages (parameter warnings)
     */
    public LockstepSim(SimConfig config, Clock executionTimer, ParamFile paramFile, Consumer<ParamStore> overrides,
                       Consumer<String> log) {
        this.config = config;
        SimClock clock = new SimClock();
        SimWorld[] made = new SimWorld[1];
        try {
            runtime = Vehicle.builder().clock(clock).executionTimer(executionTimer).errorPolicy(TaskErrorPolicy.RETHROW)
                    .paramFile(paramFile).overrides(overrides).log(log)
                    .devices(params -> {
                        // One physics and IMU step per flight cycle, at the base rate the flight stack
                        // will run (IMU_GYRO_RATEMAX; its default when the combination is refused).
                        org.hoverla.core.vehicle.LoopRateParams r = params.loopRates;
                        int baseHz = org.hoverla.core.vehicle.LoopRateParams.problem(r.baseHz.get(),
                                r.integrationHz.get(), r.positionHz.get()) == null ? r.baseHz.get()
                                : org.hoverla.core.vehicle.LoopRateParams.BASE_HZ_DEFAULT;
                        config.stepNs = 1_000_000_000L / baseHz;
                        made[0] = new SimWorld(config, Airframe.forAutostart(params.airframe.get()), clock);
                        org.hoverla.core.vehicle.VehicleDevices devices = made[0].devices().asVehicleDevices();
                        // The simulated sensors' factory calibration (identity, their ids) in the parameter
                        // defaults, as PX4's SITL rcS sets CAL_ACC0_ID..: a calibration run and saved wins.
                        params.calibration.setFactoryCalibration(devices,
                                org.hoverla.core.sensors.CalibrationParamSet.FACTORY_DATE);
                        // The simulated transmitter's radio setup (a real board keeps PX4's unmapped defaults).
                        org.hoverla.sim.rc.SimRcTransmitter.mapChannels(params);
                        org.hoverla.sim.hal.SimDevices.applyLogDefaults(params);
                        return BootDevices.of(devices);
                    })
                    .build();
        } catch (BootException e) {
            throw new IllegalStateException("simulated vehicle failed to boot: " + e.getMessage(), e);
        }
        world = made[0];
        world.attachFailureInjection(runtime.stack().bus().failureInjection);
        flightParams = runtime.params();
        paramStore = runtime.store();
        autoconfigApplied = runtime.autoconfigApplied();
        stack = runtime.stack();
        scheduler = stack.scheduler();
        applySiteDeclination();
    }

    /**
     * Sets EST_MAG_DECL to the simulated field's declination: what a real vehicle would take from
     * a magnetic model lookup at its position. Call again after loading a parameter file, which
     * would otherwise put back a value saved for another site (or the default 0).
     */
    public void applySiteDeclination() {
        flightParams.magDeclinationDeg.set(Math.toDegrees(world.magDeclinationRad()));
    }

    /** Advances the world by one step and runs one flight-code cycle. */
    @Override
    public void step() {
        long now = world.stepWorld();
        if (truthLog != null) {
            truthLog.publish(now, world.vehicle());
        }
        scheduler.runCycle(now);
        // Calibration on this thread, after the cycle whose samples it reads: deterministic runs.
        runtime.calibration().step(now);
        if (flightLog != null && now >= nextLogWorkNs) {
            // The log writer on this thread at simulated-time steps: the same seed gives the same log.
            flightLog.doWork();
            nextLogWorkNs = now + LOG_WORK_PERIOD_NS;
        }
        steps++;
    }

    /**
     * Writes flight logs into {@code directory} as SDLOG_MODE says, with the simulator's ground truth
     * beside the estimate; the writer runs on this thread every 20 ms of simulated time. Before the
     * first step.
     */
    public org.hoverla.core.log.FlightLogWriter startFlightLog(org.hoverla.core.log.LogDirectory directory) {
        truthLog = SimTruthLog.register(stack.logRecorder(), world.homeRef());
        flightLog = runtime.startFlightLog(directory, java.util.Map.of("sys_board", "SITL", "ver_hw", "SITL",
                "sys_uuid", String.format(java.util.Locale.ROOT, "%016x", 0x4856_534c_0000_0000L ^ config.seed),
                "sim_seed", Long.toString(config.seed)), false);
        return flightLog;
    }

    /** Ends the flight log (end of the simulation): what the ring holds is written and the file closed. */
    public void closeFlightLog() {
        if (flightLog != null) {
            flightLog.doWork();
            flightLog.close(0L);
        }
    }

    /** @return the flight log writer, or null without {@link #startFlightLog} */
    public org.hoverla.core.log.FlightLogWriter flightLog() {
        return flightLog;
    }

    /** Queues a command for the commander, as a link thread would. */
    @Override
    public boolean send(VehicleCommand command) {
        return stack.bus().commands.offer(command);
    }

    /** Takes the next command acknowledgement, if any. */
    @Override
    public boolean pollAck(VehicleCommandAck dst) {
        return stack.bus().commandAcks.poll(dst);
    }

    /** The simulated vehicle clock; other threads (the MAVLink thread) may read it. */
    public SimClock clock() {
        return world.clock();
    }

    @Override
    public long nowNs() {
        return world.clock().nanoTime();
    }

    @Override
    public double timeS() {
        return world.clock().nanoTime() * 1e-9;
    }

    /** The vehicle's calibration runner (started by MAV_CMD_PREFLIGHT_CALIBRATION or directly). */
    public org.hoverla.core.calibration.CalibrationRunner calibrationRunner() {
        return runtime.calibration();
    }

    /** The simulated world (physics, sensors, simulated HAL) this runner steps. */
    public SimWorld world() {
        return world;
    }

    public long steps() {
        return steps;
    }

    @Override
    public SimConfig config() {
        return config;
    }

    /** The booted vehicle (flight stack, parameters, devices) this simulation steps in invoker mode. */
    public Vehicle runtime() {
        return runtime;
    }

    @Override
    public FlightStack stack() {
        return stack;
    }

    public ParamStore params() {
        return paramStore;
    }

    /** @return whether this boot reset the parameters because SYS_AUTOCONFIG was 1 (save them) */
    public boolean autoconfigApplied() {
        return autoconfigApplied;
    }

    @Override
    public LoopScheduler scheduler() {
        return scheduler;
    }

    @Override
    public MulticopterSim vehicle() {
        return world.vehicle();
    }

    @Override
    public SimDevices devices() {
        return world.devices();
    }

    /** The simulated battery (the truth behind the battery monitor's readings). */
    public BatterySim battery() {
        return world.battery();
    }

    @Override
    public GnssSim gnss() {
        return world.gnss();
    }

    public Airframe airframe() {
        return world.airframe();
    }

    /** Truth frame: NED at home on the ground. */
    @Override
    public GeoRef homeRef() {
        return world.homeRef();
    }

    @Override
    public Vec3 windNedMps() {
        return world.windNedMps();
    }
}
