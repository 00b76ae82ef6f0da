package org.hoverla.core.boot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hoverla.core.boot.DeviceConfig.Role;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.core.vehicle.VehicleDevices;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.Imu;
import org.hoverla.hal.Magnetometer;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.RcReceiver;
import org.hoverla.hal.chip.SensorBackend;

/**
 * Brings up a board's devices: probes every chip on its bus (real buses through Pi4J, or the
 * register-file fakes), wraps each in a {@link BackendChannel} read by its bus's
 * {@link DriverThread}, and returns the {@link VehicleDevices} the flight stack polls. A chip that
 * fails its probe stops the boot with the board file's line, the chip and the reason: a vehicle
 * does not take off with a sensor missing from its board file.
 *
 * <p>Boot thread only.
 */
public final class BoardDevices {
    private BoardDevices() {
    }

    /**
     * @param buses how chips are reached ({@link Chips#linuxBuses()} or {@link Chips#fakeBuses(long)})
     * @param log   one line per device brought up
     */
    public static BootDevices open(BoardConfig board, FlightParams params, Clock clock, Chips.Buses buses,
                                   Consumer<String> log) throws BootException {
        Map<String, DriverThread> threads = new LinkedHashMap<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        List<Runnable> starters = new ArrayList<>();
        List<SensorInstance<Imu>> imus = new ArrayList<>();
        List<SensorInstance<Barometer>> baros = new ArrayList<>();
        List<SensorInstance<Magnetometer>> mags = new ArrayList<>();
        GnssReceiver gnss = AbsentDevices.NO_GNSS;
        List<SensorInstance<GnssReceiver>> receivers = new ArrayList<>();
        BatteryMonitor battery = AbsentDevices.NO_BATTERY;
        RcReceiver rc = AbsentDevices.NO_RC;
        org.hoverla.hal.rc.SerialRcReceiver rcDriver = null;
        List<Consumer<FlightBus>> flightBusUsers = new ArrayList<>();
        MotorOutputs motors = null;
        Chips.MotorDriver motorDriver = null;
        int motorCount = org.hoverla.core.vehicle.FlightStack.geometry(params.airframe.get()).motorCount();
        int index = 0;
        List<org.hoverla.core.unit.UnitIdentity.ChipIdentity> probed = new ArrayList<>();
        try {
            for (DeviceConfig d : board.devices()) {
                String where = board.source() + ":" + d.line() + ": " + d.chip() + " on " + d.bus();
                String name = d.role().key() + index++;
                if (d.role() == Role.PWM) {
                    Chips.MotorDriver driver = Chips.openPwm(d, buses, params, motorCount, clock, where);
                    motors = driver.outputs();
                    motorDriver = driver;
                    // Added first so that it is closed last: the ESCs get their disarmed value after
                    // the flight thread has stopped.
                    closeables.add(0, driver);
                    starters.add(driver::start);
                    log.accept("pwm: " + d.chip() + " on " + d.bus() + ", " + motorCount + " motors");
                    probed.add(UnitIdentities.chip(name, d, 0));
                    continue;
                }
                if (d.role() == Role.RC) {
                    SerialRc serialRc = SerialRc.open(d, clock);
                    rc = serialRc.receiver();
                    rcDriver = serialRc.driver();
                    starters.add(serialRc::start);
                    closeables.add(serialRc);
                    flightBusUsers.add(serialRc::attach);
                    log.accept("rc: " + d.chip() + " on " + d.bus());
                    probed.add(UnitIdentities.chip(name, d, 0));
                    continue;
                }
                if (d.bus() instanceof DeviceConfig.Bus.Uart uart) {
                    SerialGnss serial = SerialGnss.open(uart, new BackendChannel.GnssChannel(name), clock,
                            "ublox".equals(d.chip()));
                    receivers.add(new SensorInstance<>(name + ":" + d.chip(), serial.channel(), 0, d.rotation(),
                            d.priority()));
                    starters.add(serial::start);
                    closeables.add(serial);
                    log.accept("gnss: " + d.chip() + " on " + d.bus());
                    probed.add(UnitIdentities.chip(name, d, 0));
                    continue;
                }
                SensorBackend<?> backend = Chips.probe(d, buses, where);
                probed.add(UnitIdentities.chip(name, d, backend.deviceId()));
                DriverThread thread = threads.computeIfAbsent(threadKey(d), k -> new DriverThread(k, clock));
                log.accept(d.role().key() + ": " + d.chip() + " on " + d.bus() + ", device id " + backend.deviceId()
                        + ", rotation " + d.rotation().px4Name() + ", priority " + d.priority());
                switch (d.role()) {
                    case IMU -> imus.add(instance(name, add(thread, backend, new BackendChannel.ImuChannel(name)), backend, d));
                    case BARO -> baros.add(instance(name, add(thread, backend, new BackendChannel.BaroChannel(name)), backend, d));
                    case MAG -> mags.add(instance(name, add(thread, backend, new BackendChannel.MagChannel(name)), backend, d));
                    case GNSS -> receivers.add(instance(name, add(thread, backend, new BackendChannel.GnssChannel(name)),
                            backend, d));
                    case BATTERY -> battery = add(thread, backend, new BackendChannel.BatteryChannel(name));
                    default -> throw new IllegalStateException("role " + d.role());
                }
            }
        } catch (BootException | RuntimeException e) {
            closeAll(closeables);
            throw e;
        }
        if (motors == null) {
            log.accept("pwm: none on this board: motor outputs go nowhere");
            motors = AbsentDevices.noMotors(motorCount);
        }
        Comparator<SensorInstance<?>> byPriority = Comparator.comparingInt(i -> -i.priority());
        imus.sort(byPriority);
        baros.sort(byPriority);
        mags.sort(byPriority);
        receivers.sort(byPriority);
        if (receivers.size() == 1) {
            gnss = receivers.get(0).device();
        } else if (receivers.size() > 1) {
            gnss = new org.hoverla.core.vehicle.GnssInstances(receivers);
        }
        VehicleDevices devices = new VehicleDevices(imus, baros, mags, gnss, rc, battery, motors);
        if (board.buses() == BoardConfig.Buses.FAKE) {
            // Register-file fakes are ideal sensors: they come with a factory calibration in the
            // parameter defaults, as simulated ones do. A real board's slots start empty, so it
            // refuses to arm ("Preflight Fail: Accel 0 uncalibrated") until it is calibrated.
            params.calibration.setFactoryCalibration(devices, org.hoverla.core.sensors.CalibrationParamSet.FACTORY_DATE);
        }
        BootDevices boot = new BootDevices(devices, new ArrayList<>(threads.values()), closeables, starters);
        boot.motorDriver(motorDriver);
        flightBusUsers.forEach(boot::onFlightBus);
        boot.rcDriver(rcDriver);
        boot.probed(probed);
        return boot;
    }

    /** One driver thread per physical bus (or one for bus-less devices). */
    private static String threadKey(DeviceConfig d) {
        if (d.bus() instanceof DeviceConfig.Bus.I2c i) {
            return "i2c" + i.bus();
        }
        if (d.bus() instanceof DeviceConfig.Bus.Spi s) {
            return "spi" + s.bus() + "." + s.cs();
        }
        return "aux";
    }

    @SuppressWarnings("unchecked")
    private static <S, C extends BackendChannel<S>> C add(DriverThread thread, SensorBackend<?> backend, C channel) {
        thread.add((SensorBackend<S>) backend, channel);
        return channel;
    }

    private static <D> SensorInstance<D> instance(String name, D device, SensorBackend<?> backend, DeviceConfig d) {
        return new SensorInstance<>(name + ":" + d.chip(), device, backend.deviceId(), d.rotation(), d.priority());
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing after a failed boot: the boot error is what the user needs to see.
            }
        }
    }
}
