package org.hoverla.core.vehicle;

import org.hoverla.core.sensors.Rotation;

/**
 * One instance of a sensor role as the board file describes it: the device the flight thread
 * polls, its PX4 device id (calibration is stored per id), its mounting rotation and its
 * priority among instances of the same role (higher wins while healthy, as PX4's CAL_*_PRIO).
 *
 * @param <D> the HAL interface ({@code Imu}, {@code Barometer}, {@code Magnetometer})
 */
public record SensorInstance<D>(String name, D device, int deviceId, Rotation rotation, int priority) {
    public SensorInstance {
        if (name == null || device == null || rotation == null) {
            throw new IllegalArgumentException("name, device and rotation must be given");
        }
    }
}
