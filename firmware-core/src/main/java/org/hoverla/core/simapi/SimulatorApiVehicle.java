package org.hoverla.core.simapi;

import java.util.function.Consumer;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.Clock;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.FlightStack;

/**
 * A vehicle flown by an external simulator: {@link SimulatorApiDevices}, a {@link FlightStack} on
 * them and the {@link SimulatorApiVehicleLink} that steps it, on a {@link SimClock} the simulator
 * moves. {@link #create} is the one place this is put together until the boot package (board
 * file → devices → flight stack → links) takes it over; MAVLink ground-station links and
 * persistence are not part of it.
 *
 * <p>Threads: {@link #start()} starts the link thread, which is the flight thread from then on;
 * {@link #close()} stops it. Topics of {@link #stack()} may be read from any thread.
 */
public final class SimulatorApiVehicle implements AutoCloseable {
    /** PX4 battery_simulator defaults: SIM_BAT_DRAIN 60 s, SIM_BAT_MIN_PCT 50 %. */
    static final double BATTERY_DRAIN_S = 60.0;
    static final double BATTERY_MIN_FRACTION = 0.5;

    private final SimClock clock;
    private final SimulatorApiDevices devices;
    private final FlightStack stack;
    private final SimulatorApiVehicleLink link;

    private SimulatorApiVehicle(SimClock clock, SimulatorApiDevices devices, FlightStack stack,
                                SimulatorApiVehicleLink link) {
        this.clock = clock;
        this.devices = devices;
        this.stack = stack;
        this.link = link;
    }

    /**
     * Builds the vehicle on parameters already loaded (SYS_AUTOSTART, MAV_SYS_ID and the BAT1_*
     * battery parameters are read here, at boot); does not connect yet.
     *
     * @param params         registered and loaded parameters (autoconfig already applied)
     * @param host           the simulator's host
     * @param port           its port ({@link SimulatorApiVehicleLink#DEFAULT_PORT})
     * @param executionTimer clock for the scheduler's execution-time counters
     * @param errorPolicy    what a throwing task does (CONTAIN on a vehicle, RETHROW in tests)
     * @param log            link progress lines
     */
    public static SimulatorApiVehicle create(FlightParams params, String host, int port, Clock executionTimer,
                                             TaskErrorPolicy errorPolicy, Consumer<String> log) {
        int motorCount = FlightStack.geometry(params.airframe.get()).motorCount();
        SimulatorApiDevices devices = new SimulatorApiDevices(motorCount, params.batteryCells.get(),
                params.batteryFullCellV.get(), params.batteryEmptyCellV.get(), BATTERY_DRAIN_S, BATTERY_MIN_FRACTION);
        params.setup.gyroDeviceId.setByVehicle(SimulatorApiDevices.IMU_DEVICE_ID);
        params.setup.accelDeviceId.setByVehicle(SimulatorApiDevices.IMU_DEVICE_ID);
        params.setup.magDeviceId.setByVehicle(SimulatorApiDevices.MAG_DEVICE_ID);
        FlightStack stack = new FlightStack(devices.asVehicleDevices(), params, executionTimer, errorPolicy);
        SimClock clock = new SimClock();
        SimulatorApiVehicleLink link = new SimulatorApiVehicleLink(host, port, devices, clock,
                stack.scheduler()::runCycle, params.mavSystemId.get(), 1, SimulatorApiVehicleLink.DEFAULT_RETRY_PERIOD_NS,
                log);
        return new SimulatorApiVehicle(clock, devices, stack, link);
    }

    /** Starts connecting to the simulator. */
    public void start() {
        link.start();
    }

    @Override
    public void close() {
        link.close();
    }

    /** The vehicle clock (the simulator's time); readable from any thread. */
    public SimClock clock() {
        return clock;
    }

    public SimulatorApiDevices devices() {
        return devices;
    }

    public FlightStack stack() {
        return stack;
    }

    public SimulatorApiVehicleLink link() {
        return link;
    }
}
