/**
 * The vehicle side of PX4's simulator MAVLink API ("simulator_mavlink"), so that the simulators
 * that speak it (Gazebo Classic, jMAVSim, AirSim, and the sim-harness's own
 * {@code SimulatorApiServer}) can fly Hoverla unchanged.
 *
 * <p>Roles, as PX4's {@code src/modules/simulation/simulator_mavlink/SimulatorMavlink.cpp}: the
 * simulator listens on TCP 4560 and the vehicle connects to it, retrying until it is there; the
 * simulator sends {@code HIL_SENSOR} (the lockstep tick), {@code HIL_GPS} and optionally
 * {@code HIL_STATE_QUATERNION} (truth); the vehicle sends {@code HEARTBEAT} with its armed flag
 * and answers every {@code HIL_SENSOR} with exactly one {@code HIL_ACTUATOR_CONTROLS}. The
 * simulator's {@code time_usec} is the vehicle's clock.
 *
 * <p>{@link org.hoverla.core.simapi.SimulatorApiDevices} implements the HAL device interfaces;
 * {@link org.hoverla.core.simapi.SimulatorApiVehicleLink} owns the socket and runs the flight
 * cycle on each sensor step (its thread is the flight thread, so nothing there allocates per
 * step); {@link org.hoverla.core.simapi.HilCodec} decodes and encodes the HIL messages in place;
 * {@link org.hoverla.core.simapi.HilUnits} converts between MAVLink's HIL units and SI in one place.
 */
package org.hoverla.core.simapi;
