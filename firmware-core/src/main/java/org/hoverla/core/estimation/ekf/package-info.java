/**
 * Error-state extended Kalman filter (21 states) for attitude, velocity, position, IMU
 * biases, the earth magnetic field and the magnetometer's body-frame bias, and the PX4
 * ekf2-style delayed fusion horizon around it: {@code OutputPredictor} (IMU ring, output state
 * "now", complementary correction toward the delayed EKF), {@code MeasurementBuffer} (per-sensor
 * queues released when the horizon reaches each sample time) and {@code ImuDownsampler} (EKF
 * prediction slower than the IMU). Pure algorithms: no bus, clock, parameters or threads; the
 * estimator task wires them (EST_TYPE = 1, the default).
 */
package org.hoverla.core.estimation.ekf;
