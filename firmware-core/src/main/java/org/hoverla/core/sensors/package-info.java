/**
 * Sensor frontends and their algorithms, all on the flight thread and allocation-free.
 * <ul>
 *   <li>Frontends ({@link org.hoverla.core.sensors.ImuFrontend}, {@link org.hoverla.core.sensors.BaroFrontend},
 *       {@link org.hoverla.core.sensors.MagFrontend}, {@link org.hoverla.core.sensors.GnssFrontend}): flight
 *       tasks that poll every instance of one sensor role, correct its samples (calibration by device id,
 *       mounting rotation), judge each instance's health, select one by priority and health, and publish.</li>
 *   <li>Pure pieces (no bus, HAL, clock or parameters): {@link org.hoverla.core.sensors.Rotation},
 *       {@link org.hoverla.core.sensors.InstanceHealth}, {@link org.hoverla.core.sensors.InstanceSelector},
 *       {@link org.hoverla.core.sensors.SensorCalibration}, vibration and battery figures.</li>
 * </ul>
 */
package org.hoverla.core.sensors;
