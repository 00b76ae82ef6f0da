/**
 * Simulated sensors that turn a {@link org.hoverla.sim.physics.MulticopterSim} state into HAL
 * samples: IMU, barometer, magnetometer and GNSS. Each takes a seed and a parameter object
 * whose defaults come from a named datasheet or a documented estimate. Sample and update
 * methods allocate nothing and throw nothing.
 */
package org.hoverla.sim.sensors;
