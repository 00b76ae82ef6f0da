/**
 * Error-state extended Kalman filter (21 states) for attitude, velocity, position, IMU
 * biases, the earth magnetic field and the magnetometer's body-frame bias. Pure algorithms: no bus, clock, parameters or threads. Not yet wired into the
 * flight tasks; {@code AttitudeFilter} and {@code PositionFilter} remain in service until
 * this filter is proven.
 */
package org.hoverla.core.estimation.ekf;
