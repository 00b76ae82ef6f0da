package org.hoverla.sim.realtime;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hoverla.core.boot.BootDevices;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.sched.DedicatedLoopRunner;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightStack;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.lockstep.FlightLoop;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.hoverla.sim.sensors.GnssSim;

/**
 * Software in the loop in real time: the vehicle boots exactly as on hardware
 * ({@link Vehicle#builder()} on the system clock, {@link TaskErrorPolicy#CONTAIN},
 * {@link Vehicle#startFlightThread()}: the flight thread in dedicated mode, park-then-spin), and
 * the simulated world runs on the thread that calls {@link #step()}, one 1 ms step at a time on
 * the wall clock. The two meet only at the {@link SimHandoff}: sensor samples into the driver
 * threads' seqlock channels, motor commands back through a seqlock topic. Nothing waits for the
 * other side, so the flight thread sees the timing a real vehicle sees.
 *
 * <p>Time: the world's clock is set to {@code System.nanoTime()} when the physics starts and
 * advances exactly 1 ms per step; {@link #step()} waits (parks) until the wall clock reaches the
 * step's time and, after a stall of the physics thread, catches up step by step, so world time
 * and vehicle time stay one time base (sample timestamps are vehicle times, as from a real
 * driver). A scenario ({@code DemoFlight}, {@code MissionFlight}) steps it exactly as it steps
 * the lockstep simulator and reads the vehicle's topics (cross-thread seqlocks) and the world's
 * truth (on its own thread).
 *
 * <p>Threads: build, {@link #start()}, {@link #step()} and {@link #close()} on one thread (the
 * physics thread, which is also the scenario's).
 */
public final class RealtimeSim implements FlightLoop, AutoCloseable {
    /** Base period of the flight loop and the physics step, ns. */
    public static final long STEP_NS = SimConfig.STEP_NS;

    private final SimConfig config;
    private final SimClock worldClock = new SimClock();
    private final Vehicle vehicle;
    private final SimWorld world;
    private final SimHandoff handoff;
    private final CycleIntervalLog cycles = new CycleIntervalLog(2 * STEP_NS);
    private final Runnable worldStep;
    private long startNs;
    private boolean started;
    private long steps;
    private long maxBehindNs;
    private org.hoverla.core.boot.FlightClassPreloader.Result preload;

    /**
     * Boots the vehicle (nothing started yet).
     *
     * @param paramFile loaded before {@code overrides}; null for none
     * @param overrides command-line parameter overrides (boot thread)
     * @param log       boot messages
     */
    public RealtimeSim(SimConfig config, ParamFile paramFile, Consumer<ParamStore> overrides, Consumer<String> log) {
        this.config = config;
        SimWorld[] made = new SimWorld[1];
        SimHandoff[] madeHandoff = new SimHandoff[1];
        try {
            vehicle = Vehicle.builder().clock(SystemClock.INSTANCE).executionTimer(SystemClock.INSTANCE)
                    .errorPolicy(TaskErrorPolicy.CONTAIN).paramFile(paramFile).overrides(overrides).log(log)
                    .devices(params -> {
                        Airframe airframe = Airframe.forAutostart(params.airframe.get());
                        made[0] = new SimWorld(config, airframe, worldClock);
                        madeHandoff[0] = new SimHandoff(airframe.motorCount(), SystemClock.INSTANCE, cycles);
                        org.hoverla.core.vehicle.VehicleDevices devices = madeHandoff[0].vehicleDevices();
                        // As the lockstep simulator: the simulated sensors' factory calibration and the
                        // simulated transmitter's channel map in the parameter defaults.
                        params.calibration.setFactoryCalibration(devices,
                                org.hoverla.core.sensors.CalibrationParamSet.FACTORY_DATE);
                        org.hoverla.sim.rc.SimRcTransmitter.mapChannels(params);
                        org.hoverla.sim.hal.SimDevices.applyLogDefaults(params);
                        return new BootDevices(devices, List.of(), List.of(), List.of());
                    })
                    .build();
        } catch (BootException e) {
            throw new IllegalStateException("simulated vehicle failed to boot: " + e.getMessage(), e);
        }
        world = made[0];
        world.attachFailureInjection(vehicle.stack().bus().failureInjection);
        handoff = madeHandoff[0];
        worldStep = world::stepWorld;
        vehicle.params().magDeclinationDeg.set(Math.toDegrees(world.magDeclinationRad()));
    }

    /**
     * Starts the world's clock at the wall clock's time, the devices, the flight thread (dedicated
     * mode, {@link Vehicle#startFlightThread()}) and the calibration thread, as {@code VehicleBoot} does.
     */
    public DedicatedLoopRunner start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        // Every class the flight thread may use, loaded here: a first arming or failsafe minutes
        // into the flight must not load classes (allocate, read the jar) on the flight thread.
        preload = org.hoverla.core.boot.FlightClassPreloader.preload(RealtimeSim.class, MotorCommandChannel.class,
                SimHandoff.class, RcChannel.class);
        startNs = System.nanoTime();
        worldClock.set(startNs);
        // One step first, so the flight thread's first cycle finds sensor samples.
        handoff.exchange(world.devices(), worldStep);
        vehicle.startDevices();
        // Timing measured, published and enforced (pre-arm gate, degradation) as on a vehicle.
        vehicle.startTimingMonitor();
        DedicatedLoopRunner runner = vehicle.startFlightThread();
        vehicle.startCalibrationThread();
        return runner;
    }

    /**
     * Waits for the wall clock to reach the next step's time (not at all when behind), then steps
     * the world by 1 ms across the hand-off.
     */
    @Override
    public void step() {
        if (!started) {
            throw new IllegalStateException("start() first");
        }
        long due = worldClock.nanoTime() + STEP_NS;
        long now = System.nanoTime();
        while (now < due) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
        long behind = now - due;
        if (behind > maxBehindNs && steps > 0) {
            maxBehindNs = behind;
        }
        handoff.exchange(world.devices(), worldStep);
        steps++;
    }

    /** Stops the flight thread, the links and the devices (the vehicle's own shutdown order). */
    @Override
    public void close() {
        vehicle.close();
    }

    public Vehicle runtime() {
        return vehicle;
    }

    /** @return what the class preload at {@link #start()} did, or null before it */
    public org.hoverla.core.boot.FlightClassPreloader.Result preload() {
        return preload;
    }

    public SimHandoff handoff() {
        return handoff;
    }

    /** The flight loop's cycle intervals (deadline misses, longest stall). */
    public CycleIntervalLog cycles() {
        return cycles;
    }

    public SimWorld world() {
        return world;
    }

    /** @return the largest lag of a physics step behind the wall clock, ns (physics thread) */
    public long maxPhysicsBehindNs() {
        return maxBehindNs;
    }

    public long steps() {
        return steps;
    }

    /** @return when the physics started (System.nanoTime), ns */
    public long startNs() {
        return startNs;
    }

    @Override
    public long nowNs() {
        return worldClock.nanoTime();
    }

    @Override
    public double timeS() {
        return started ? (worldClock.nanoTime() - startNs) * 1e-9 : 0.0;
    }

    @Override
    public SimConfig config() {
        return config;
    }

    @Override
    public FlightStack stack() {
        return vehicle.stack();
    }

    @Override
    public LoopScheduler scheduler() {
        return vehicle.scheduler();
    }

    @Override
    public MulticopterSim vehicle() {
        return world.vehicle();
    }

    @Override
    public GnssSim gnss() {
        return world.gnss();
    }

    @Override
    public SimDevices devices() {
        return world.devices();
    }

    @Override
    public GeoRef homeRef() {
        return world.homeRef();
    }

    @Override
    public Vec3 windNedMps() {
        return world.windNedMps();
    }

    /** Scenario thread: the on-board command queue (one producer: this thread). */
    @Override
    public boolean send(VehicleCommand command) {
        return vehicle.stack().bus().commands.offer(command);
    }

    @Override
    public boolean pollAck(VehicleCommandAck dst) {
        return vehicle.stack().bus().commandAcks.poll(dst);
    }
}
