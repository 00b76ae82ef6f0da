package org.hoverla.core.simapi;

import java.util.function.Consumer;
import org.hoverla.core.boot.BootDevices;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightStack;

/**
 * A vehicle flown by an external simulator: {@link SimulatorApiDevices}, a {@link FlightStack} on
 * them and the {@link SimulatorApiVehicleLink} that steps it, on a {@link SimClock} the simulator
 * moves. {@link #boot} puts it together through the vehicle boot path (DESIGN §1), as
 * {@code ./hoverla run --board simulator-api} and {@code ./hoverla sim --simulator-api} do.
 *
 * <p>Threads: {@link #start()} starts the link thread, which is the flight thread from then on;
 * {@link #close()} stops it. Topics of {@link #stack()} may be read from any thread.
 */
public final class SimulatorApiVehicle implements AutoCloseable {
    /** PX4 battery_simulator defaults: SIM_BAT_DRAIN 60 s, SIM_BAT_MIN_PCT 50 %. */
    static final double BATTERY_DRAIN_S = 60.0;
    static final double BATTERY_MIN_FRACTION = 0.5;

    private final Vehicle vehicle;
    private final SimClock clock;
    private final SimulatorApiDevices devices;
    private SimulatorApiVehicleLink link;

    private SimulatorApiVehicle(Vehicle vehicle, SimClock clock, SimulatorApiDevices devices) {
        this.vehicle = vehicle;
        this.clock = clock;
        this.devices = devices;
    }

    /**
     * Boots the vehicle through the vehicle boot path ({@link Vehicle#builder()}: parameter file,
     * overrides, SYS_AUTOCONFIG) with the simulator's devices and the simulator's clock; SYS_AUTOSTART,
     * MAV_SYS_ID and the BAT1_* battery parameters are read here, at boot. Does not connect yet.
     *
     * @param builder the boot options (parameters, execution timer, error policy); its clock and
     *                devices are set here
     */
    public static SimulatorApiVehicle boot(Vehicle.Builder builder) throws BootException {
        SimClock clock = new SimClock();
        SimulatorApiDevices[] made = new SimulatorApiDevices[1];
        Vehicle vehicle = builder.clock(clock).devices(params -> {
            int motorCount = FlightStack.geometry(params.airframe.get()).motorCount();
            made[0] = new SimulatorApiDevices(motorCount, params.batteryCells.get(), params.batteryFullCellV.get(),
                    params.batteryEmptyCellV.get(), BATTERY_DRAIN_S, BATTERY_MIN_FRACTION);
            org.hoverla.core.vehicle.VehicleDevices devices = made[0].asVehicleDevices();
            // The simulator's sensors come with a factory calibration in the parameter defaults
            // (PX4 SITL's rcS sets CAL_ACC0_ID.. likewise); a calibration run and saved wins.
            params.calibration.setFactoryCalibration(devices, org.hoverla.core.sensors.CalibrationParamSet.FACTORY_DATE);
            return BootDevices.of(devices);
        }).build();
        return new SimulatorApiVehicle(vehicle, clock, made[0]);
    }

    /**
     * Makes the link to the simulator at host:port ({@link SimulatorApiVehicleLink#DEFAULT_PORT});
     * {@link #start()} then connects. Its thread runs the flight cycles.
     */
    public void connectTo(String host, int port, Consumer<String> log) {
        if (link != null) {
            throw new IllegalStateException("already linked to a simulator");
        }
        link = new SimulatorApiVehicleLink(host, port, devices, clock, vehicle.scheduler()::runCycle,
                vehicle.params().mavSystemId.get(), 1, SimulatorApiVehicleLink.DEFAULT_RETRY_PERIOD_NS, log);
    }

    /** The booted vehicle (parameters, flight stack, MAVLink ground-station links). */
    public Vehicle vehicle() {
        return vehicle;
    }

    /** Starts connecting to the simulator. */
    public void start() {
        link.start();
    }

    /** Stops the link (and with it the flight cycles), then the vehicle's links. */
    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
        vehicle.close();
    }

    /** The vehicle clock (the simulator's time); readable from any thread. */
    public SimClock clock() {
        return clock;
    }

    public SimulatorApiDevices devices() {
        return devices;
    }

    public FlightStack stack() {
        return vehicle.stack();
    }

    public SimulatorApiVehicleLink link() {
        return link;
    }
}
