/**
 * Error-state extended Kalman filter (15 states) for attitude, velocity, position and IMU
 * biases. Pure algorithms: no bus, clock, parameters or threads. Not yet wired into the
 * flight tasks; {@code AttitudeFilter} and {@code PositionFilter} remain in service until
 * this filter is proven.
 */
package org.hoverla.core.estimation.ekf;
