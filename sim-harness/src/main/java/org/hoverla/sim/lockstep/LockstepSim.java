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
import org.hoverla.sim.physics.WindSim;
import org.hoverla.sim.sensors.BaroSim;
import org.hoverla.sim.sensors.GnssSim;
import org.hoverla.sim.sensors.ImuSim;
import org.hoverla.sim.sensors.MagSim;

import java.util.function.Consumer;

/**
 * Software in the loop, in lockstep: one {@link #step()} advances the world by one millisecond
 * and then lets the unchanged flight code run one scheduler cycle at the new time.
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
public final class LockstepSim {
    private static final double STEP_S = SimConfig.STEP_NS * 1e-9;
    private static final long BATTERY_PERIOD_NS = 100_000_000L;

    private final SimConfig config;
    private final SimClock clock = new SimClock();
    private final Airframe airframe;
    private final MulticopterSim vehicle;
    private final WindSim wind;
    private final BatterySim battery;
    private final ImuSim imuSim;
    private final BaroSim baroSim;
    private final MagSim magSim;
    private final GnssSim gnssSim;
    private final SimDevices devices;
    private final ParamStore paramStore;
    private final Vehicle runtime;
    private final FlightParams flightParams;
    private final boolean autoconfigApplied;
    private final FlightStack stack;
    private final LoopScheduler scheduler;
    private final GeoRef homeRef;
    private final Vec3 windNedMps = new Vec3();
    private long nextBatteryNs;
    private long steps;

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
     * parameter file, command-line overrides), then SYS_AUTOCONFIG, then the sensors report
     * their device ids, then the flight stack and the simulated airframe are built for
     * SYS_AUTOSTART. So a changed airframe takes effect at the next boot, as on PX4.
     *
     * @param loadParameters fills the store before anything reads it (boot thread)
     */
    public LockstepSim(SimConfig config, Clock executionTimer, Consumer<ParamStore> loadParameters) {
        this(config, executionTimer, null, loadParameters, line -> { });
    }

    /**
     * Boots through the vehicle's own boot path ({@link Vehicle#builder()}), with the simulated
     * devices as the board's devices and the simulated clock as the vehicle clock.
     *
     * @param paramFile      loaded before {@code overrides}, saved after an autoconfig reset; null for none
     * @param overrides      command-line parameter overrides (boot thread)
     * @param log            boot messages (parameter warnings)
     */
    public LockstepSim(SimConfig config, Clock executionTimer, ParamFile paramFile, Consumer<ParamStore> overrides,
                       Consumer<String> log) {
        this.config = config;
        long seed = config.seed;
        wind = new WindSim(seed * 31 + 1, config.windSpeedMps, config.windFromDeg, config.effectiveGustSigmaMps());
        imuSim = new ImuSim(seed * 31 + 2, config.imu);
        config.baro.homeAltMslM = config.homeAltM;
        baroSim = new BaroSim(seed * 31 + 3, config.baro);
        MagSim.dipoleField(config.homeLatDeg, config.homeLonDeg, config.mag.fieldNedGauss);
        magSim = new MagSim(seed * 31 + 4, config.mag);
        homeRef = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        gnssSim = new GnssSim(seed * 31 + 5, config.gnss, homeRef);
        SimDevices[] made = new SimDevices[1];
        try {
            runtime = Vehicle.builder().clock(clock).executionTimer(executionTimer).errorPolicy(TaskErrorPolicy.RETHROW)
                    .paramFile(paramFile).overrides(overrides).log(log)
                    .devices(params -> {
                        made[0] = new SimDevices(Airframe.forAutostart(params.airframe.get()).motorCount());
                        // Simulated sensors are calibrated by construction: their ids are the calibrated ones.
                        params.setup.gyroDeviceId.setByVehicle(SimDevices.IMU_DEVICE_ID);
                        params.setup.accelDeviceId.setByVehicle(SimDevices.IMU_DEVICE_ID);
                        params.setup.magDeviceId.setByVehicle(SimDevices.MAG_DEVICE_ID);
                        return BootDevices.of(made[0].asVehicleDevices());
                    })
                    .build();
        } catch (BootException e) {
            throw new IllegalStateException("simulated vehicle failed to boot: " + e.getMessage(), e);
        }
        devices = made[0];
        flightParams = runtime.params();
        paramStore = runtime.store();
        autoconfigApplied = runtime.autoconfigApplied();
        stack = runtime.stack();
        scheduler = stack.scheduler();
        airframe = Airframe.forAutostart(flightParams.airframe.get());
        vehicle = new MulticopterSim(airframe, Math.toRadians(config.initialYawDeg));
        battery = new BatterySim(airframe);
        applySiteDeclination();
    }

    /**
     * Sets EST_MAG_DECL to the simulated field's declination: what a real vehicle would take from
     * a magnetic model lookup at its position. Call again after loading a parameter file, which
     * would otherwise put back a value saved for another site (or the default 0).
     */
    public void applySiteDeclination() {
        flightParams.magDeclinationDeg.set(Math.toDegrees(magSim.declinationRad()));
    }

    /** Advances the world by one step and runs one flight-code cycle. */
    public void step() {
        wind.update(STEP_S, windNedMps);
        vehicle.step(STEP_S, devices.motors.commands(), battery.voltageV(), windNedMps);
        battery.update(STEP_S, vehicle.totalCurrentA());
        clock.advance(SimConfig.STEP_NS);
        long now = clock.nanoTime();

        imuSim.sample(vehicle, now, devices.imu.sample);
        devices.imu.deliver();
        if (baroSim.update(vehicle, now, devices.barometer.sample)) {
            devices.barometer.deliver();
        }
        if (magSim.update(vehicle, now, devices.magnetometer.sample)) {
            devices.magnetometer.deliver();
        }
        if (gnssSim.update(vehicle, now, devices.gnss.sample)) {
            devices.gnss.deliver();
        }
        if (now >= nextBatteryNs) {
            battery.sample(now, devices.battery.sample);
            devices.battery.deliver();
            nextBatteryNs = now + BATTERY_PERIOD_NS;
        }
        scheduler.runCycle(now);
        steps++;
    }

    /** Queues a command for the commander, as a link thread would. */
    public boolean send(VehicleCommand command) {
        return stack.bus().commands.offer(command);
    }

    /** Takes the next command acknowledgement, if any. */
    public boolean pollAck(VehicleCommandAck dst) {
        return stack.bus().commandAcks.poll(dst);
    }

    /** The simulated vehicle clock; other threads (the MAVLink thread) may read it. */
    public SimClock clock() {
        return clock;
    }

    public long nowNs() {
        return clock.nanoTime();
    }

    public double timeS() {
        return clock.nanoTime() * 1e-9;
    }

    public long steps() {
        return steps;
    }

    public SimConfig config() {
        return config;
    }

    /** The booted vehicle (flight stack, parameters, devices) this simulation steps in invoker mode. */
    public Vehicle runtime() {
        return runtime;
    }

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

    public LoopScheduler scheduler() {
        return scheduler;
    }

    public MulticopterSim vehicle() {
        return vehicle;
    }

    public SimDevices devices() {
        return devices;
    }

    /** The simulated battery (the truth behind the battery monitor's readings). */
    public BatterySim battery() {
        return battery;
    }

    public GnssSim gnss() {
        return gnssSim;
    }

    public Airframe airframe() {
        return airframe;
    }

    /** Truth frame: NED at home on the ground. */
    public GeoRef homeRef() {
        return homeRef;
    }

    public Vec3 windNedMps() {
        return windNedMps;
    }
}
