package org.hoverla.sim.hal;

import org.hoverla.core.bus.Copier;
import org.hoverla.core.vehicle.VehicleDevices;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.Imu;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.Magnetometer;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;

/**
 * Simulated backends of the HAL interfaces: the lockstep runner deposits each new sensor sample
 * and the flight tasks poll it, exactly as they poll a real driver. Single-threaded by design:
 * in lockstep the runner and the flight tasks take turns on one thread.
 */
public final class SimDevices {
    /**
     * PX4 device id of the simulated IMU (accelerometer and gyro): bus type SIMULATION, bus 1,
     * address 1, device type 0x14 (PX4 DRV_IMU_DEVTYPE_SIM) = 1310988, as PX4's own SITL reports.
     */
    public static final int IMU_DEVICE_ID = org.hoverla.core.vehicle.SetupParams.deviceId(
            org.hoverla.core.vehicle.SetupParams.BUS_TYPE_SIMULATION, 1, 1, 0x14);
    /** PX4 device id of the simulated magnetometer: SIMULATION, bus 1, address 3, type 0x03 = 197388. */
    public static final int MAG_DEVICE_ID = org.hoverla.core.vehicle.SetupParams.deviceId(
            org.hoverla.core.vehicle.SetupParams.BUS_TYPE_SIMULATION, 1, 3, 0x03);

    /** PX4 device id of the simulated barometer: SIMULATION, bus 1, address 2, type 0x65 (DRV_BARO_DEVTYPE_BAROSIM). */
    public static final int BARO_DEVICE_ID = org.hoverla.core.vehicle.SetupParams.deviceId(
            org.hoverla.core.vehicle.SetupParams.BUS_TYPE_SIMULATION, 1, 2, 0x65);

    public final SimImu imu = new SimImu();
    public final SimBarometer barometer = new SimBarometer();
    public final SimMagnetometer magnetometer = new SimMagnetometer();
    public final SimGnss gnss = new SimGnss();
    public final SimBattery battery = new SimBattery();
    /** The RC receiver; silent unless a {@code SimRcTransmitter} drives it. */
    public final SimRc rc = new SimRc();
    public final SimMotors motors;

    public SimDevices(int motorCount) {
        motors = new SimMotors(motorCount);
    }

    /**
     * The simulated sensors' factory calibration in {@code params}' defaults
     * ({@link org.hoverla.core.sensors.CalibrationParamSet#setFactoryCalibration}): what the SITL
     * boots with, for tools that describe its parameters without building it ({@code ./hoverla params}).
     */
    public static void applyFactoryCalibration(org.hoverla.core.vehicle.FlightParams params) {
        params.calibration.setFactoryCalibration(new int[] {IMU_DEVICE_ID}, new int[] {MAG_DEVICE_ID},
                org.hoverla.core.sensors.CalibrationParamSet.FACTORY_DATE);
    }

    /**
     * The simulator's flight-log default: a simulated flight's log starts at boot (PX4's SDLOG_MODE 1),
     * so it holds the estimator's alignment and replays exactly (docs/replay-hoverla-logs.md); a saved
     * SDLOG_MODE still wins. Applied where the SITL boots and where its parameters are described.
     */
    public static void applyLogDefaults(org.hoverla.core.vehicle.FlightParams params) {
        params.log.mode.setDefaultByVehicle(org.hoverla.core.log.FlightLogParams.MODE_BOOT_TO_DISARM);
    }

    public VehicleDevices asVehicleDevices() {
        return VehicleDevices.single(imu, IMU_DEVICE_ID, barometer, BARO_DEVICE_ID, magnetometer, MAG_DEVICE_ID, gnss, rc,
                battery, motors);
    }

    /**
     * One simulated sensor: {@link #sample} is what the runner fills, {@link #deliver()} makes it
     * pollable once. A device that is not {@link #alive} never delivers (a dead sensor).
     */
    public abstract static class SimSensor<S> {
        public final S sample;
        private final Copier<S> copier;
        private boolean fresh;
        public boolean alive = true;

        SimSensor(S sample, Copier<S> copier) {
            this.sample = sample;
            this.copier = copier;
        }

        public void deliver() {
            fresh = alive;
        }

        public boolean poll(S dst) {
            if (!fresh) {
                return false;
            }
            copier.copy(dst, sample);
            fresh = false;
            return true;
        }
    }

    public static final class SimImu extends SimSensor<ImuSample> implements Imu {
        SimImu() {
            super(new ImuSample(), ImuSample::copyFrom);
        }
    }

    public static final class SimBarometer extends SimSensor<BaroSample> implements Barometer {
        SimBarometer() {
            super(new BaroSample(), BaroSample::copyFrom);
        }
    }

    public static final class SimMagnetometer extends SimSensor<MagSample> implements Magnetometer {
        SimMagnetometer() {
            super(new MagSample(), MagSample::copyFrom);
        }
    }

    public static final class SimGnss extends SimSensor<GnssSample> implements GnssReceiver {
        SimGnss() {
            super(new GnssSample(), GnssSample::copyFrom);
        }
    }

    public static final class SimBattery extends SimSensor<BatterySample> implements BatteryMonitor {
        SimBattery() {
            super(new BatterySample(), BatterySample::copyFrom);
        }
    }

    public static final class SimRc extends SimSensor<RcInputSample> implements RcReceiver {
        SimRc() {
            super(new RcInputSample(), RcInputSample::copyFrom);
        }
    }

    /** Motor outputs: keeps the last commands for the physics to read. */
    public static final class SimMotors implements MotorOutputs {
        private final double[] commands;
        private boolean armed;
        private long writes;

        SimMotors(int count) {
            commands = new double[count];
        }

        @Override
        public int motorCount() {
            return commands.length;
        }

        @Override
        public void write(double[] commandsNorm, boolean armed) {
            this.armed = armed;
            for (int i = 0; i < commands.length; i++) {
                double c = armed ? commandsNorm[i] : 0.0;
                commands[i] = c >= 0.0 ? (c <= 1.0 ? c : 1.0) : 0.0;
            }
            writes++;
        }

        /** The commands the ESCs currently apply (0..1). */
        public double[] commands() {
            return commands;
        }

        public boolean armed() {
            return armed;
        }

        public long writes() {
            return writes;
        }
    }
}
