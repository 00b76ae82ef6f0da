package org.hoverla.sim.lockstep;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.vehicle.FlightStack;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.physics.MulticopterSim;
import org.hoverla.sim.sensors.GnssSim;

/**
 * One simulated flight stepped in lockstep: a {@link SimWorld} and a flight stack that answers
 * each world step before the next. What scenarios ({@code DemoFlight}), metrics and reports need,
 * whether the flight stack runs in-process ({@link LockstepSim}) or behind PX4's simulator
 * MAVLink API on a socket ({@code SimulatorApiLockstep}).
 *
 * <p>Called from one thread (the scenario's). After {@link #step()} returns, the flight stack's
 * cycle for that step has finished and its topics hold its outputs.
 */
public interface FlightLoop {
    /** Advances the world by one step and lets the flight stack run its cycle for it. */
    void step();

    long nowNs();

    double timeS();

    SimConfig config();

    /** The flight stack being flown (its bus, parameters and scheduler). */
    FlightStack stack();

    LoopScheduler scheduler();

    /** Truth: the simulated multicopter. */
    MulticopterSim vehicle();

    /** The simulated GNSS (for its error model's drift). */
    GnssSim gnss();

    /** The simulated HAL of the world: its motors hold the commands the physics applies. */
    SimDevices devices();

    /** Truth frame: NED at home on the ground. */
    GeoRef homeRef();

    Vec3 windNedMps();

    /** Queues a command for the commander, as a link thread would. */
    boolean send(VehicleCommand command);

    /** Takes the next command acknowledgement, if any. */
    boolean pollAck(VehicleCommandAck dst);
}
