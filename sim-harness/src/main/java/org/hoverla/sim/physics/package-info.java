/**
 * Vehicle physics for the simulator: airframe parameters ({@link org.hoverla.sim.physics.Airframe}),
 * the 6-DOF rigid body with motors and ground contact ({@link org.hoverla.sim.physics.MulticopterSim}),
 * wind ({@link org.hoverla.sim.physics.WindSim}) and the battery ({@link org.hoverla.sim.physics.BatterySim}).
 *
 * <p>SI units, NED world frame with the origin on the ground at home, FRD body frame. Step
 * methods allocate nothing and throw nothing; noise sources take explicit seeds.
 */
package org.hoverla.sim.physics;
