package org.hoverla.core.vehicle;

import java.util.List;
import org.hoverla.core.sensors.Rotation;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.Imu;
import org.hoverla.hal.Magnetometer;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.RcReceiver;

/**
 * The devices one vehicle flies with, chosen at boot from the board file (real drivers on
 * hardware, simulated backends in SITL). The flight code sees only these interfaces; the sensor
 * frontends choose among the instances of each role by priority and health.
 */
public record VehicleDevices(List<SensorInstance<Imu>> imus, List<SensorInstance<Barometer>> barometers,
                             List<SensorInstance<Magnetometer>> magnetometers, GnssReceiver gnss,
                             RcReceiver rc, BatteryMonitor battery, MotorOutputs motors) {
    public VehicleDevices {
        if (imus.isEmpty()) {
            throw new IllegalArgumentException("a vehicle needs at least one IMU");
        }
        imus = List.copyOf(imus);
        barometers = List.copyOf(barometers);
        magnetometers = List.copyOf(magnetometers);
    }

    /** One unrotated instance per sensor role (the simulator's devices). */
    public static VehicleDevices single(Imu imu, int imuDeviceId, Barometer barometer, int baroDeviceId,
                                        Magnetometer magnetometer, int magDeviceId, GnssReceiver gnss,
                                        RcReceiver rc, BatteryMonitor battery, MotorOutputs motors) {
        return new VehicleDevices(List.of(new SensorInstance<>("imu0", imu, imuDeviceId, Rotation.NONE, 0)),
                List.of(new SensorInstance<>("baro0", barometer, baroDeviceId, Rotation.NONE, 0)),
                List.of(new SensorInstance<>("mag0", magnetometer, magDeviceId, Rotation.NONE, 0)),
                gnss, rc, battery, motors);
    }
}
