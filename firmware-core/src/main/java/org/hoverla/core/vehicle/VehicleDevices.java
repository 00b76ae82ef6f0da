package org.hoverla.core.vehicle;

import org.hoverla.hal.Barometer;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.Imu;
import org.hoverla.hal.Magnetometer;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.RcReceiver;

/**
 * The devices one vehicle flies with, chosen at boot (real drivers on hardware, simulated
 * backends in SITL). The flight code sees only these interfaces.
 */
public record VehicleDevices(Imu imu, Barometer barometer, Magnetometer magnetometer, GnssReceiver gnss,
                             RcReceiver rc, BatteryMonitor battery, MotorOutputs motors) {
}
