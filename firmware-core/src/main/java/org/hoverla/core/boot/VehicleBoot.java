package org.hoverla.core.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.storage.AtomicFiles;

/**
 * Boots a real (or fake-bus) vehicle from its board file: {@link Vehicle#builder()} with the
 * board's devices, then MAVLink, the driver threads and the flight thread in dedicated mode on the
 * system clock. What {@code ./hoverla run} does, kept out of the command so tests can boot too.
 */
public final class VehicleBoot {
    private VehicleBoot() {
    }

    /**
     * @param board     the parsed board file
     * @param paramFile parameters (null: in memory only)
     * @param overrides command-line parameter overrides
     * @param links     MAVLink link specs
     * @param uid       the unit's UID (AUTOPILOT_VERSION uid; ground stations key settings on it)
     * @param stateDir  where plans and the UID are kept
     * @param log       boot messages
     * @param reboot    what MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN does
     */
    public record Options(BoardConfig board, ParamFile paramFile, Consumer<ParamStore> overrides, List<String> links,
                          long uid, Path stateDir, Consumer<String> log, MavlinkVehicleInterface.RebootHandler reboot,
                          org.hoverla.core.rt.RealtimeSetup.Options realtime, Path logDir) {
        /** Flight logs in {@code STATE_DIR/logs}. */
        public Options(BoardConfig board, ParamFile paramFile, Consumer<ParamStore> overrides, List<String> links,
                       long uid, Path stateDir, Consumer<String> log, MavlinkVehicleInterface.RebootHandler reboot,
                       org.hoverla.core.rt.RealtimeSetup.Options realtime) {
            this(board, paramFile, overrides, links, uid, stateDir, log, reboot, realtime, stateDir.resolve("logs"));
        }

        /** Without real-time set-up of the flight thread ({@code RealtimeSetup.Options.NONE}). */
        public Options(BoardConfig board, ParamFile paramFile, Consumer<ParamStore> overrides, List<String> links,
                       long uid, Path stateDir, Consumer<String> log, MavlinkVehicleInterface.RebootHandler reboot) {
            this(board, paramFile, overrides, links, uid, stateDir, log, reboot,
                    org.hoverla.core.rt.RealtimeSetup.Options.NONE);
        }
    }

    /** Boots the vehicle and starts its motor output, bus drivers, links, flight thread and calibration thread. */
    public static Vehicle bootAndStart(Options o) throws BootException {
        return bootAndStart(o, v -> { });
    }

    /**
     * As {@link #bootAndStart(Options)}, with {@code beforeStart} given the built vehicle before any
     * of its threads starts (the boot check's arming refusal goes in there).
     */
    public static Vehicle bootAndStart(Options o, Consumer<Vehicle> beforeStart) throws BootException {
        BoardConfig board = o.board();
        if (board.buses() == BoardConfig.Buses.SIMULATION) {
            throw new BootException(board.source() + ": a board with buses: simulation is Hoverla's own simulator; "
                    + "run it with ./hoverla sim");
        }
        if (board.buses() == BoardConfig.Buses.SIMULATOR_API) {
            return bootOnSimulator(o, beforeStart);
        }
        Chips.Buses buses = board.buses() == BoardConfig.Buses.FAKE ? FakeBuses.create(o.uid(), board) : LinuxBuses.create();
        o.log().accept("Hoverla vehicle: board " + board.name() + " (" + board.source() + ")");
        // What runs (docs/update-over-mavlink.md): version, signer, install state, parameter schema.
        o.log().accept("release: " + String.join("; ", org.hoverla.core.update.RunningRelease.current().lines()));
        Vehicle vehicle = Vehicle.builder()
                .clock(SystemClock.INSTANCE)
                .paramFile(o.paramFile())
                .overrides(o.overrides())
                .log(o.log())
                .devices(params -> {
                    try {
                        return BoardDevices.open(board, params, SystemClock.INSTANCE, buses, o.log());
                    } catch (BootException | RuntimeException e) {
                        buses.close();
                        throw e;
                    }
                })
                .build();
        vehicle.attach(buses);
        beforeStart.accept(vehicle);
        org.hoverla.core.unit.UnitIdentity unit = recordIdentity(o, vehicle.devices().probed());
        byte[] uid2 = unit.uid2();
        recordCalibrations(o, vehicle, unit);
        try {
            startFlightLog(vehicle, o, board);
            vehicle.startDevices();
            if (!o.links().isEmpty()) {
                PlanStore plans = VehicleMissionPorts.file(o.stateDir().resolve("mission.plan"));
                vehicle.signingKeyFile(o.stateDir().resolve(org.hoverla.core.mavlink.signing.SigningKeyStore.KEY_FILE));
                for (LinkEndpoint e : vehicle.startMavlink(o.links(), identity(vehicle.params(), o.uid(), uid2), plans,
                        o.reboot())) {
                    o.log().accept("MAVLink: " + e.name());
                }
            }
            // Every class the flight thread may use, loaded now: a first arming or failsafe must not
            // load classes (read the jar, allocate, take a class-loading lock) on the flight thread.
            FlightClassPreloader.Result preload = FlightClassPreloader.preload();
            o.log().accept(preload.summary());
            vehicle.startTimingMonitor(); // before the flight thread: the recorder hook goes in first
            vehicle.startFlightThread(o.realtime() == null ? org.hoverla.core.rt.RealtimeSetup.Options.NONE
                    : o.realtime(), o.log());
            vehicle.startCalibrationThread();
            if (o.stateDir() != null) {
                vehicle.startArmedMarker(o.stateDir(), o.log());
            }
        } catch (RuntimeException e) {
            vehicle.close();
            throw new BootException("start-up failed: " + e.getMessage(), e);
        }
        org.hoverla.core.vehicle.LoopRateParams.Rates rates = vehicle.stack().rates();
        if (!rates.note().isEmpty()) {
            o.log().accept("loop rates: " + rates.note());
        }
        o.log().accept("flight thread running at " + rates.baseHz() + " Hz (estimator " + rates.estimatorHz()
                + " Hz, position " + rates.positionHz() + " Hz); parameters " + (o.paramFile() == null ? "in memory" : "in " + o.paramFile().path()));
        return vehicle;
    }

    /** The flight log in {@code o.logDir()}, written by its own thread (docs/flight-log.md). */
    private static void startFlightLog(Vehicle vehicle, Options o, BoardConfig board) {
        vehicle.startFlightLog(new org.hoverla.core.log.LogDirectory(o.logDir()), java.util.Map.of(
                "sys_board", board.name(), "ver_hw", board.name(), "sys_uuid", String.format(java.util.Locale.ROOT, "%016x", o.uid())), true);
        o.log().accept("flight logs: " + o.logDir() + " (SDLOG_MODE " + vehicle.params().log.mode.get() + ")");
    }

    /**
     * A vehicle whose devices and clock are an external simulator's (PX4's simulator MAVLink API):
     * it connects to the simulator (retrying until it is there) and the link's thread runs one
     * flight cycle per HIL_SENSOR; ground stations talk to it on the board's MAVLink links.
     */
    private static Vehicle bootOnSimulator(Options o, Consumer<Vehicle> beforeStart) throws BootException {
        BoardConfig board = o.board();
        o.log().accept("Hoverla vehicle: board " + board.name() + " (" + board.source() + "), simulator at "
                + board.simulatorHost() + ":" + board.simulatorPort());
        org.hoverla.core.simapi.SimulatorApiVehicle sim = org.hoverla.core.simapi.SimulatorApiVehicle.boot(
                Vehicle.builder().paramFile(o.paramFile()).overrides(o.overrides()).log(o.log()));
        Vehicle vehicle = sim.vehicle();
        beforeStart.accept(vehicle);
        sim.connectTo(board.simulatorHost(), board.simulatorPort(), o.log());
        vehicle.runExternally(() -> sim.link().close());
        byte[] uid2 = recordIdentity(o, List.of()).uid2();
        try {
            startFlightLog(vehicle, o, board);
            if (!o.links().isEmpty()) {
                PlanStore plans = VehicleMissionPorts.file(o.stateDir().resolve("mission.plan"));
                vehicle.signingKeyFile(o.stateDir().resolve(org.hoverla.core.mavlink.signing.SigningKeyStore.KEY_FILE));
                for (LinkEndpoint e : vehicle.startMavlink(o.links(), identity(vehicle.params(), o.uid(), uid2), plans,
                        o.reboot())) {
                    o.log().accept("MAVLink: " + e.name());
                }
            }
            sim.start();
            vehicle.startCalibrationThread();
            if (o.stateDir() != null) {
                vehicle.startArmedMarker(o.stateDir(), o.log());
            }
        } catch (RuntimeException e) {
            vehicle.close();
            throw new BootException("start-up failed: " + e.getMessage(), e);
        }
        o.log().accept("flight cycles run in lockstep with the simulator's HIL_SENSOR steps");
        return vehicle;
    }

    /** Stops the vehicle: flight thread, links, drivers, then the motor outputs at their disarmed value. */
    public static void stop(Vehicle vehicle, Options o) {
        // The driver threads' garbage, measured before they stop: what their reads cost the GC.
        long upNs = System.nanoTime() - vehicle.startedNs();
        for (DriverThread d : vehicle.devices().drivers()) {
            long bytes = d.allocatedBytes();
            if (bytes >= 0 && upNs > 0) {
                o.log().accept(String.format(java.util.Locale.ROOT, "driver %s: allocated %d bytes in %.1f s (%.0f B/s)",
                        d.name(), bytes, upNs * 1e-9, bytes / (upNs * 1e-9)));
            }
        }
        vehicle.close();
        for (DriverThread d : vehicle.devices().drivers()) {
            for (String line : d.describe()) {
                o.log().accept("driver " + d.name() + ": " + line);
            }
        }
    }

    /**
     * The unit's identity as this boot found it (UID, host serial, board, probed devices), kept in
     * {@code STATE_DIR/unit-identity.json} for {@code ./hoverla unit}; returns its uid2 for
     * AUTOPILOT_VERSION. A snapshot that cannot be written is logged, not fatal: flying does not
     * depend on it.
     */
    static org.hoverla.core.unit.UnitIdentity recordIdentity(Options o,
                                                             List<org.hoverla.core.unit.UnitIdentity.ChipIdentity> probed) {
        org.hoverla.core.unit.UnitIdentity unit = UnitIdentities.of(o.board(), probed, o.uid(),
                org.hoverla.core.unit.HostSerial.read());
        if (o.stateDir() != null) {
            try {
                org.hoverla.core.unit.UnitIdentityFile.write(o.stateDir(), unit);
            } catch (IOException e) {
                o.log().accept("unit: could not keep the identity in " + o.stateDir() + ": " + e.getMessage());
            }
        }
        o.log().accept("unit: uid " + unit.uidHex() + (unit.hostSerial().isEmpty() ? " (no host serial)"
                : " (host serial " + unit.hostSerial() + ")") + ", uid2 " + unit.uid2Hex());
        return unit;
    }

    /**
     * Every calibration that ends done (from a ground station or {@code ./hoverla calibrate}) is
     * appended to the unit record in STATE_DIR, so recalibrations stay in the unit's history. A
     * record that cannot be written is logged: the calibration itself is already in force.
     */
    static void recordCalibrations(Options o, Vehicle vehicle, org.hoverla.core.unit.UnitIdentity unit) {
        if (o.stateDir() == null) {
            return;
        }
        java.nio.file.Path file = org.hoverla.core.unit.UnitRecords.defaultFile(o.stateDir());
        vehicle.calibration().addOutcomeListener(outcome -> {
            if (outcome.result() != org.hoverla.core.calibration.CalibrationOutcome.Result.DONE) {
                return;
            }
            com.fasterxml.jackson.databind.node.ObjectNode payload =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            payload.put("kind", outcome.kind().cliName);
            com.fasterxml.jackson.databind.node.ObjectNode written = payload.putObject("written");
            new java.util.TreeMap<>(outcome.written()).forEach(written::put);
            try {
                org.hoverla.core.unit.UnitRecords.append(file, org.hoverla.core.unit.UnitRecords.entry("calibration",
                        unit, vehicle.params().store, "", payload));
                o.log().accept("unit: " + outcome.kind().cliName + " calibration recorded in " + file);
            } catch (IOException | RuntimeException e) {
                o.log().accept("unit: the " + outcome.kind().cliName + " calibration is in force but not recorded in "
                        + file + ": " + e.getMessage());
            }
        });
    }

    /** The MAVLink identity from MAV_SYS_ID and SYS_AUTOSTART as loaded at this boot. */
    public static VehicleIdentity identity(FlightParams params, long uid) {
        return identity(params, uid, new byte[VehicleIdentity.UID2_BYTES]);
    }

    /** As {@link #identity(FlightParams, long)}, with the unit's AUTOPILOT_VERSION uid2. */
    public static VehicleIdentity identity(FlightParams params, long uid, byte[] uid2) {
        int autostart = params.airframe.get();
        VehicleIdentity.Frame frame = autostart == FlightParams.AUTOSTART_QUAD_PLUS ? VehicleIdentity.Frame.QUAD_PLUS
                : autostart == FlightParams.AUTOSTART_HEXA_X ? VehicleIdentity.Frame.HEXA_X : VehicleIdentity.Frame.QUAD_X;
        return VehicleIdentity.fromManifest(params.mavSystemId.get(), frame, uid, uid2);
    }

    /**
     * The unit's UID, kept in {@code STATE_DIR/uid} so a ground station recognises the vehicle across
     * boots and software updates: the kept one, else derived from the host's serial (the Raspberry
     * Pi's), else random; see {@link org.hoverla.core.unit.UnitIdentity#resolveUid}.
     */
    public static long unitUid(Path stateDir) throws IOException {
        return org.hoverla.core.unit.UnitIdentity.resolveUid(stateDir, org.hoverla.core.unit.HostSerial.read());
    }

    /**
     * Writes what the fake PWM chip of a fake board was given ({@code run --motor-log}): a header
     * with the vehicle's arming record at the end of the run (times on the vehicle clock, the same
     * time base as the pulses), then one line per pulse change.
     */
    public static void writeMotorLog(Vehicle vehicle, Path file) throws IOException {
        org.hoverla.hal.fake.FakePca9685 pwm = vehicle.buses() == null ? null : FakeBuses.pwm(vehicle.buses());
        org.hoverla.core.msg.VehicleStatus status = new org.hoverla.core.msg.VehicleStatus();
        vehicle.stack().bus().vehicleStatus.subscribe().copy(status);
        StringBuilder out = new StringBuilder();
        out.append("# arm_count=").append(status.armCount).append('\n');
        out.append("# armed_at_end=").append(status.armed()).append('\n');
        out.append("# armed_since_ns=").append(status.armed() ? status.armedSinceNs : -1).append('\n');
        out.append("# output_enable_pin_active_at_end=").append(pwm != null && pwm.outputsEnabled()).append('\n');
        out.append("time_ns,channel,pulse_us\n");
        if (pwm != null) {
            for (org.hoverla.hal.fake.FakePca9685.PulseChange c : pwm.history()) {
                out.append(c.timeNs()).append(',').append(c.channel()).append(',').append(c.pulseUs()).append('\n');
            }
        }
        AtomicFiles.writeString(file, out.toString());
    }
}
