package org.hoverla.sim.realtime;

import org.hoverla.core.boot.BackendChannel;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.VehicleDevices;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.RcInputSample;
import org.hoverla.sim.hal.SimDevices;

/**
 * The boundary between the physics thread and the flight thread of the real-time simulator,
 * built from the hand-offs a real vehicle's driver threads use: each simulated sensor publishes
 * into a {@link BackendChannel} (the seqlock channel a chip backend's driver thread writes), the
 * flight thread polls the channels through the HAL interfaces, and the motor task's commands come
 * back through a {@link MotorCommandChannel}.
 *
 * <p>{@link #exchange(SimDevices, Runnable)} is one physics step as seen from the boundary: the
 * newest motor commands into the world's simulated ESCs, the world step, and every sample the
 * step produced out to the channels. The flight side is {@link #vehicleDevices()}.
 *
 * <p>Threads: {@link #exchange} on the physics thread only; the devices' polls and motor writes
 * on the flight thread. Neither side allocates, locks or waits on the other.
 */
public final class SimHandoff {
    public final BackendChannel.ImuChannel imu = new BackendChannel.ImuChannel("sim_imu");
    public final BackendChannel.BaroChannel baro = new BackendChannel.BaroChannel("sim_baro");
    public final BackendChannel.MagChannel mag = new BackendChannel.MagChannel("sim_mag");
    public final BackendChannel.GnssChannel gnss = new BackendChannel.GnssChannel("sim_gnss");
    public final BackendChannel.BatteryChannel battery = new BackendChannel.BatteryChannel("sim_battery");
    public final RcChannel rc = new RcChannel("sim_rc");
    public final MotorCommandChannel motors;

    private final MotorCommandChannel.MotorCommand command;
    private final ImuSample imuSample = new ImuSample();
    private final BaroSample baroSample = new BaroSample();
    private final MagSample magSample = new MagSample();
    private final GnssSample gnssSample = new GnssSample();
    private final BatterySample batterySample = new BatterySample();
    private final RcInputSample rcSample = new RcInputSample();
    private long motorUpdates;

    /**
     * @param motorCount   the airframe's motors
     * @param vehicleClock the flight thread's clock (stamps motor commands and cycle starts)
     * @param cycles       the flight loop's interval log
     */
    public SimHandoff(int motorCount, Clock vehicleClock, CycleIntervalLog cycles) {
        motors = new MotorCommandChannel(motorCount, vehicleClock, cycles);
        command = new MotorCommandChannel.MotorCommand(motorCount);
    }

    /** The devices the vehicle boots on, with the simulated sensors' device ids. */
    public VehicleDevices vehicleDevices() {
        return VehicleDevices.single(imu, SimDevices.IMU_DEVICE_ID, baro, SimDevices.BARO_DEVICE_ID, mag,
                SimDevices.MAG_DEVICE_ID, gnss, rc, battery, motors);
    }

    /**
     * Physics thread: applies the newest motor commands to {@code world}'s simulated ESCs, runs
     * {@code step} (the world step, which deposits samples in {@code world}), then publishes every
     * new sample to the flight thread. Allocation-free.
     */
    public void exchange(SimDevices world, Runnable step) {
        if (motors.poll(command)) {
            world.motors.write(command.commandsNorm, command.armed);
            motorUpdates++;
        }
        step.run();
        if (world.imu.poll(imuSample)) {
            imu.accept(imuSample);
        }
        if (world.barometer.poll(baroSample)) {
            baro.accept(baroSample);
        }
        if (world.magnetometer.poll(magSample)) {
            mag.accept(magSample);
        }
        if (world.gnss.poll(gnssSample)) {
            gnss.accept(gnssSample);
        }
        if (world.battery.poll(batterySample)) {
            battery.accept(batterySample);
        }
        if (world.rc.poll(rcSample)) {
            rc.accept(rcSample);
        }
    }

    /** @return how many times the physics took new motor commands (physics thread's count) */
    public long motorUpdates() {
        return motorUpdates;
    }
}
