package org.hoverla.core.boot;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.vehicle.VehicleDevices;

/**
 * The devices one boot brought up: what the flight stack polls, the driver threads that feed
 * them, and everything to close at shutdown (last added, first closed: the motor output driver
 * is added first so it is closed last, after the flight thread stopped, and leaves the ESCs at
 * their disarmed value).
 */
public final class BootDevices implements AutoCloseable {
    private final VehicleDevices devices;
    private final List<DriverThread> drivers;
    private final List<AutoCloseable> closeables;
    private final List<Runnable> starters;
    private Chips.MotorDriver motorDriver;
    private org.hoverla.hal.rc.SerialRcReceiver rcDriver;
    private final List<java.util.function.Consumer<org.hoverla.core.vehicle.FlightBus>> flightBusUsers = new ArrayList<>();
    private List<org.hoverla.core.unit.UnitIdentity.ChipIdentity> probed = List.of();

    public BootDevices(VehicleDevices devices, List<DriverThread> drivers, List<AutoCloseable> closeables,
                       List<Runnable> starters) {
        this.devices = devices;
        this.drivers = List.copyOf(drivers);
        this.closeables = new ArrayList<>(closeables);
        this.starters = List.copyOf(starters);
    }

    /** Devices with nothing to start or close (the lockstep simulator's). */
    public static BootDevices of(VehicleDevices devices) {
        return new BootDevices(devices, List.of(), List.of(), List.of());
    }

    public VehicleDevices devices() {
        return devices;
    }

    void motorDriver(Chips.MotorDriver driver) {
        this.motorDriver = driver;
    }

    /** The PWM motor driver of a board with one, or null (simulation, a board without PWM). */
    public Chips.MotorDriver motorDriver() {
        return motorDriver;
    }

    void rcDriver(org.hoverla.hal.rc.SerialRcReceiver driver) {
        this.rcDriver = driver;
    }

    /** The serial RC receiver's driver (its counters: bad CRC, bad length, skipped bytes, …), or null. */
    public org.hoverla.hal.rc.SerialRcReceiver rcDriver() {
        return rcDriver;
    }

    /** A device that reads flight state (CRSF telemetry) is handed the flight bus once the stack exists. */
    void onFlightBus(java.util.function.Consumer<org.hoverla.core.vehicle.FlightBus> user) {
        flightBusUsers.add(user);
    }

    /** Boot thread, after the flight stack is built and before {@link #start()}. */
    public void attachFlightBus(org.hoverla.core.vehicle.FlightBus bus) {
        for (java.util.function.Consumer<org.hoverla.core.vehicle.FlightBus> user : flightBusUsers) {
            user.accept(bus);
        }
    }

    void probed(List<org.hoverla.core.unit.UnitIdentity.ChipIdentity> devices) {
        this.probed = List.copyOf(devices);
    }

    /**
     * Every device of the board file as this boot brought it up (name, chip, bus, address, PX4
     * device id, chip id), in board-file order: the unit identity's chips. Empty for devices a
     * simulator provides.
     */
    public List<org.hoverla.core.unit.UnitIdentity.ChipIdentity> probed() {
        return probed;
    }

    public List<DriverThread> drivers() {
        return drivers;
    }

    /** Starts the extra threads (motor output driver) and then the bus driver threads. Boot thread. */
    public void start() {
        for (Runnable r : starters) {
            r.run();
        }
        for (DriverThread d : drivers) {
            d.start();
        }
    }

    @Override
    public void close() {
        for (DriverThread d : drivers) {
            d.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Shutdown goes on: one device failing to close must not leave the others open.
            }
        }
    }
}
