package org.hoverla.sim.simapi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Consumer;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.simapi.SimulatorApiVehicle;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.vehicle.FlightStack;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.lockstep.FlightLoop;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.MulticopterSim;
import org.hoverla.sim.sensors.GnssSim;

/**
 * Hoverla's own world driving a Hoverla vehicle across a real TCP socket through PX4's simulator
 * MAVLink API, in lockstep: a {@link SimulatorApiServer} around a {@link SimWorld} on one side, a
 * {@link SimulatorApiVehicle} (flight stack on {@code SimulatorApiDevices}, its link thread as the
 * flight thread) on the other, both in this JVM but speaking only through the socket. Boots like
 * {@code LockstepSim}: parameters registered, loaded, SYS_AUTOCONFIG applied, the airframe built
 * for SYS_AUTOSTART, EST_MAG_DECL set to the site's declination.
 *
 * <p>{@link #step()} is one world step and the vehicle's cycle for it; a vehicle that stalls or
 * disconnects, or whose flight cycle threw, ends the run with an {@link IllegalStateException}
 * naming why (never a hang: the answer wait is bounded). Called from one thread (the scenario's).
 */
public final class SimulatorApiLockstep implements FlightLoop, AutoCloseable {
    private final SimConfig config;
    private final ParamStore paramStore;
    private final FlightParams flightParams;
    private final SimWorld world;
    private final SimulatorApiServer server;
    private final SimulatorApiVehicle vehicleSide;
    private long lastSeenCycles;

    /**
     * @param bindAddress     where the simulator listens and the vehicle connects (loopback)
     * @param port            the simulator's port (0 = ephemeral, 4560 = PX4's)
     * @param answerTimeoutNs bound on the wait for each step's answer, and (in ms) on the
     *                        vehicle's first connection
     * @param log             link progress lines of both sides
     * @throws IOException when the port cannot be bound or the vehicle does not connect
     */
    public SimulatorApiLockstep(SimConfig config, Clock executionTimer, Consumer<ParamStore> loadParameters,
                                InetAddress bindAddress, int port, long answerTimeoutNs, Consumer<String> log)
            throws IOException {
        this.config = config;
        try {
            vehicleSide = SimulatorApiVehicle.boot(Vehicle.builder().executionTimer(executionTimer)
                    .errorPolicy(TaskErrorPolicy.RETHROW).overrides(loadParameters).log(log));
        } catch (BootException e) {
            throw new IOException("the vehicle failed to boot: " + e.getMessage(), e);
        }
        flightParams = vehicleSide.vehicle().params();
        paramStore = vehicleSide.vehicle().store();
        // The world steps once per vehicle cycle (HIL_SENSOR per step): at the vehicle's base rate.
        config.stepNs = vehicleSide.vehicle().stack().rates().basePeriodNs();
        world = new SimWorld(config, Airframe.forAutostart(flightParams.airframe.get()));
        try {
            server = new SimulatorApiServer(world, bindAddress, port, answerTimeoutNs, 5);
        } catch (IOException | RuntimeException e) {
            vehicleSide.close();
            throw e;
        }
        vehicleSide.connectTo(bindAddress.getHostAddress(), server.port(), log);
        applySiteDeclination();
        vehicleSide.start();
        boolean connected;
        try {
            connected = server.acceptVehicle((int) Math.max(1000, answerTimeoutNs / 1_000_000));
        } catch (IOException e) {
            close();
            throw e;
        }
        if (!connected) {
            close();
            throw new IOException("the vehicle did not connect to the simulator on port " + server.port());
        }
    }

    /** Sets EST_MAG_DECL to the simulated field's declination (as {@code LockstepSim} does). */
    public void applySiteDeclination() {
        flightParams.magDeclinationDeg.set(Math.toDegrees(world.magDeclinationRad()));
    }

    @Override
    public void step() {
        SimulatorApiServer.StepResult r = server.step();
        // Reading the vehicle's volatile cycle counter orders this thread after the cycle that
        // produced the answer, so the topics read next are that cycle's.
        long cycles = vehicleSide.link().cycles();
        Throwable failure = vehicleSide.link().firstCycleFailure();
        if (failure != null) {
            throw new IllegalStateException("the vehicle's flight cycle failed: " + failure, failure);
        }
        if (r != SimulatorApiServer.StepResult.ANSWERED) {
            throw new IllegalStateException("simulator API step at " + timeS() + " s: vehicle " + r.name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        lastSeenCycles = cycles;
    }

    @Override
    public long nowNs() {
        return world.clock().nanoTime();
    }

    @Override
    public double timeS() {
        return world.clock().nanoTime() * 1e-9;
    }

    @Override
    public SimConfig config() {
        return config;
    }

    @Override
    public FlightStack stack() {
        return vehicleSide.stack();
    }

    @Override
    public LoopScheduler scheduler() {
        return vehicleSide.stack().scheduler();
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

    @Override
    public boolean send(VehicleCommand command) {
        return vehicleSide.stack().bus().commands.offer(command);
    }

    @Override
    public boolean pollAck(VehicleCommandAck dst) {
        return vehicleSide.stack().bus().commandAcks.poll(dst);
    }

    public ParamStore params() {
        return paramStore;
    }

    public SimWorld world() {
        return world;
    }

    public SimulatorApiServer server() {
        return server;
    }

    public SimulatorApiVehicle vehicleSide() {
        return vehicleSide;
    }

    /** Vehicle cycles seen after the last answered step. */
    public long vehicleCycles() {
        return lastSeenCycles;
    }

    /** Stops the vehicle's link thread and closes the sockets. */
    @Override
    public void close() {
        if (vehicleSide != null) {
            vehicleSide.close();
        }
        server.close();
    }
}
