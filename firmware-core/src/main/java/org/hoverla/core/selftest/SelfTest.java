package org.hoverla.core.selftest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardDevices;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Chips;
import org.hoverla.core.boot.DeviceConfig;
import org.hoverla.core.boot.FakeBuses;
import org.hoverla.core.boot.LinuxBuses;
import org.hoverla.core.boot.DeviceConfig.Role;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sched.LoopScheduler;
import org.hoverla.core.sensors.CalibrationParams;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.FlightStack;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.bus.GpioOutput;
import org.hoverla.hal.bus.I2cDevice;
import org.hoverla.hal.bus.SpiDevice;
import org.hoverla.hal.chip.ChipIds;
import org.hoverla.hal.chip.ChipSelfTest;
import org.hoverla.hal.chip.Pca9685;
import org.hoverla.hal.chip.ProbeException;
import org.hoverla.hal.chip.SensorBackend;
import org.hoverla.hal.fake.FakePca9685;

/**
 * The production self-test of one unit: for every device of its board file, the chip id read
 * against the expected one, the probe, the chip's own self-test, noise and bias at rest against
 * {@link SelfTestLimits}, data health (bus errors, stuck data, sample rate), the calibration's
 * presence and plausibility in the parameters; the PWM outputs written and read back with the
 * disarmed pulse and the output-enable line driven; and the flight loop's timing on the board's
 * devices. A failing check never stops the run: every device is checked and reported.
 *
 * <p>The vehicle stays disarmed throughout and the outputs only ever carry the disarmed pulse
 * (PWM_MAIN_DISn), what a disarmed vehicle sends anyway; props must be off all the same.
 *
 * <p>Boot thread (the command's); it starts and stops the flight thread for the loop timing.
 */
public final class SelfTest {
    /** Opens the board's buses: a new set for each phase (devices, then the loop). */
    @FunctionalInterface
    public interface BusesFactory {
        Chips.Buses open() throws BootException;
    }

    /**
     * @param board          the board to test
     * @param buses          its buses for the device checks (LinuxBuses, or FakeBuses with the board's faults)
     * @param loopBuses      its buses for the loop timing, on the wall clock (the flight thread runs on it)
     * @param clock          time for the at-rest window (the fakes' clock; the buses' sleeper waits on it)
     * @param params         the unit's parameters (loaded from its state directory)
     * @param sampleWindowNs how long the at-rest window samples every sensor
     * @param loopWindowNs   how long the flight loop's timing is measured (0: skip the loop timing)
     * @param progress       one line per phase
     */
    public record Options(BoardConfig board, BusesFactory buses, BusesFactory loopBuses, LongSupplier clock,
                          FlightParams params, long sampleWindowNs, long loopWindowNs, Consumer<String> progress) {

        /**
         * What {@code ./hoverla selftest} runs: the board's real buses, or its fakes (with the
         * faults its devices name) on the wall clock, the default windows.
         */
        public static Options forBoard(BoardConfig board, long seed, FlightParams params, Consumer<String> progress) {
            BusesFactory buses = board.buses() == BoardConfig.Buses.FAKE ? () -> FakeBuses.create(seed, board)
                    : LinuxBuses::create;
            return new Options(board, buses, buses, System::nanoTime, params, SAMPLE_WINDOW_NS, LOOP_WINDOW_NS, progress);
        }
    }

    /** What the run found: the report, and each probed chip for the unit identity. */
    public record Outcome(SelfTestReport report, List<UnitIdentity.ChipIdentity> chips) {
    }

    /** Default at-rest window: 1 s, a thousand IMU samples and 50 magnetometer and barometer samples. */
    public static final long SAMPLE_WINDOW_NS = 1_000_000_000L;
    /** Default loop timing window: 2 s after a 3 s warm-up (the JIT compiles the flight code meanwhile). */
    public static final long LOOP_WINDOW_NS = 2_000_000_000L;
    static final long LOOP_WARMUP_NS = 3_000_000_000L;

    private final Options o;
    private final List<SelfTestCheck> checks = new ArrayList<>();
    private final List<UnitIdentity.ChipIdentity> chips = new ArrayList<>();
    private final List<Probed> probed = new ArrayList<>();
    /** Whether loop timing decides pass or fail (a real board) or is only reported (a fake one). */
    private boolean timingJudged = true;
    private final List<ProbedDevice> toCalibrationCheck = new ArrayList<>();

    /** A sensor that answered its probe, for the calibration checks once every device is known. */
    private record ProbedDevice(String name, DeviceConfig config, int deviceId) {
    }

    private SelfTest(Options o) {
        this.o = o;
    }

    /** Runs every check; never throws for a faulty device (each failure is a check). */
    public static Outcome run(Options o) {
        SelfTest t = new SelfTest(o);
        long started = System.currentTimeMillis();
        t.devices();
        if (o.loopWindowNs() > 0) {
            t.loopTiming();
        }
        return new Outcome(new SelfTestReport(o.board().source(), started, byDevice(t.checks)), List.copyOf(t.chips));
    }

    /** The checks grouped by device in board order (stable: each device's checks in the order run). */
    static List<SelfTestCheck> byDevice(List<SelfTestCheck> checks) {
        Map<String, List<SelfTestCheck>> groups = new java.util.LinkedHashMap<>();
        for (SelfTestCheck c : checks) {
            groups.computeIfAbsent(c.device(), k -> new ArrayList<>()).add(c);
        }
        List<SelfTestCheck> out = new ArrayList<>();
        groups.values().forEach(out::addAll);
        return out;
    }

    // ---------------------------------------------------------------- devices

    private void devices() {
        o.progress().accept("selftest: devices of " + o.board().name() + " (" + o.board().source() + ")");
        Chips.Buses raw;
        try {
            raw = o.buses().open();
        } catch (BootException e) {
            add("board", "buses", false, "could not open", "", e.getMessage());
            return;
        }
        try (SameDeviceBuses buses = new SameDeviceBuses(raw)) {
            Map<Role, Integer> perRole = new EnumMap<>(Role.class);
            for (DeviceConfig d : o.board().devices()) {
                int index = perRole.merge(d.role(), 1, Integer::sum) - 1;
                String name = d.role().key() + index + ":" + d.chip();
                if (d.bus() instanceof DeviceConfig.Bus.Uart uart) {
                    serialPort(name, uart);
                } else if (d.bus() instanceof DeviceConfig.Bus.None) {
                    add(name, "probe", true, "no bus (a fixed simulated receiver)", "", "");
                } else if (d.role() == Role.PWM) {
                    pwm(name, d, buses);
                } else {
                    sensor(name, d, buses);
                }
            }
            calibrationChecks();
            o.progress().accept(String.format(Locale.ROOT, "selftest: sampling %d sensors at rest for %.1f s",
                    probed.size(), o.sampleWindowNs() * 1e-9));
            sampleAtRest(buses.sleeper());
            for (Probed p : probed) {
                atRestChecks(p);
            }
        }
    }

    private void serialPort(String name, DeviceConfig.Bus.Uart uart) {
        Path path = Path.of(uart.path());
        boolean present = Files.exists(path);
        add(name, "serial port", present, present ? uart.path() + " present" : uart.path() + " absent",
                "present", present ? "" : "no such serial port (receiver data are not checked by the self-test)");
    }

    private void sensor(String name, DeviceConfig d, SameDeviceBuses buses) {
        String chipId = "";
        ChipIds.IdRegister id = ChipIds.of(d.chip());
        if (id != null) {
            try {
                int read = d.bus() instanceof DeviceConfig.Bus.Spi s
                        ? ChipIds.read(id, buses.spi(s.bus(), s.cs(), d.chip()))
                        : ChipIds.read(id, buses.i2c(((DeviceConfig.Bus.I2c) d.bus()).bus(),
                                ((DeviceConfig.Bus.I2c) d.bus()).address(), d.chip()));
                chipId = id.format(read);
                boolean ok = read == id.expected();
                boolean silentSpi = d.bus() instanceof DeviceConfig.Bus.Spi && (read == 0xFF || read == 0x00);
                add(name, "chip id", ok, chipId, "= " + id.format(id.expected()), ok ? ""
                        : silentSpi ? "absent: SPI has no acknowledge, and a missing chip or a floating MISO line reads "
                        + chipId
                        : "wrong chip id: register 0x" + Integer.toHexString(id.register()) + " reads " + chipId
                        + ", a " + d.chip() + " reads " + id.format(id.expected()) + " (another part, or the wrong address)");
                if (!ok) {
                    chips.add(identity(name, d, 0, chipId));
                    return;
                }
            } catch (BusException | BootException e) {
                add(name, "chip id", false, "no answer", "= " + id.format(id.expected()), reason(e));
                chips.add(identity(name, d, 0, ""));
                return;
            }
        }
        String where = o.board().source() + ":" + d.line() + ": " + d.chip() + " on " + d.bus();
        SensorBackend<?> backend;
        try {
            backend = Chips.probe(d, buses, where);
        } catch (BootException e) {
            String message = e.getMessage().startsWith(where + ": ") ? e.getMessage().substring(where.length() + 2)
                    : e.getMessage();
            boolean selfTest = message.contains("self-test") || message.contains("PROM") || message.contains("CRC")
                    || message.contains("trimming");
            add(name, selfTest ? "self-test" : "probe", false, "failed at probe", "", message);
            chips.add(identity(name, d, 0, chipId));
            return;
        }
        chips.add(identity(name, d, backend.deviceId(), chipId));
        add(name, "probe", true, String.format(Locale.ROOT, "device id %d (0x%06x)", backend.deviceId(),
                backend.deviceId()), "", "");
        if (backend instanceof ChipSelfTest.SelfTesting st) {
            ChipSelfTest r = st.selfTestOutcome();
            add(name, "self-test", r.passed(), r.procedure() + ": " + r.figure(), r.limit(), r.reason());
        }
        toCalibrationCheck.add(new ProbedDevice(name, d, backend.deviceId()));
        if (d.role() != Role.GNSS) {
            probed.add(new Probed(name, d, backend));
        }
    }

    private static UnitIdentity.ChipIdentity identity(String name, DeviceConfig d, int deviceId, String chipId) {
        String address = d.bus() instanceof DeviceConfig.Bus.I2c i ? "0x" + Integer.toHexString(i.address())
                : d.bus() instanceof DeviceConfig.Bus.Spi s ? "cs " + s.cs() : "";
        String bus = d.bus() instanceof DeviceConfig.Bus.I2c i ? "i2c-" + i.bus()
                : d.bus() instanceof DeviceConfig.Bus.Spi s ? "spi" + s.bus() : d.bus().toString();
        return new UnitIdentity.ChipIdentity(name, d.chip(), bus, address, deviceId, chipId);
    }

    private static String reason(Exception e) {
        if (e instanceof BusException b && b.kind() == BusException.Kind.NACK) {
            return "absent (no acknowledge): " + e.getMessage();
        }
        return e.getMessage();
    }

    // ---------------------------------------------------------------- calibration

    /**
     * The calibration checks of every probed sensor. A fake board's register-file chips come with
     * the factory calibration the vehicle gives them at boot (BoardDevices), so the check sees what
     * {@code run} would fly with; a real board's parameters are checked as they are.
     */
    private void calibrationChecks() {
        if (o.board().buses() == org.hoverla.core.boot.BoardConfig.Buses.FAKE) {
            int[] imuIds = toCalibrationCheck.stream().filter(p -> p.config().role() == Role.IMU)
                    .mapToInt(ProbedDevice::deviceId).toArray();
            int[] magIds = toCalibrationCheck.stream().filter(p -> p.config().role() == Role.MAG)
                    .mapToInt(ProbedDevice::deviceId).toArray();
            o.params().calibration.setFactoryCalibration(imuIds, magIds,
                    org.hoverla.core.sensors.CalibrationParamSet.FACTORY_DATE);
        }
        for (ProbedDevice p : toCalibrationCheck) {
            calibration(p.name(), p.config(), p.deviceId());
        }
    }

    private void calibration(String name, DeviceConfig d, int deviceId) {
        ParamStore store = o.params().store;
        switch (d.role()) {
            case IMU -> {
                calibration(name, "accel calibration", store, CalibrationParams.ACCEL, deviceId,
                        SelfTestLimits.ACCEL_OFFSET_MAX_MPS2, "m/s²", SelfTestLimits.ACCEL_SCALE_MIN,
                        SelfTestLimits.ACCEL_SCALE_MAX, true);
                calibration(name, "gyro calibration", store, CalibrationParams.GYRO, deviceId,
                        SelfTestLimits.GYRO_OFFSET_MAX_RADPS, "rad/s", Double.NaN, Double.NaN, true);
            }
            case MAG -> calibration(name, "mag calibration", store, CalibrationParams.MAG, deviceId,
                    SelfTestLimits.MAG_OFFSET_MAX_GAUSS, "G", SelfTestLimits.MAG_SCALE_MIN, SelfTestLimits.MAG_SCALE_MAX,
                    true);
            case BARO -> calibration(name, "baro calibration", store, CalibrationParams.BARO, deviceId,
                    SelfTestLimits.BARO_OFFSET_MAX_PA, "Pa", Double.NaN, Double.NaN, false);
            default -> {
            }
        }
    }

    /**
     * One calibration check: the slot whose CAL_&lt;ROLE&gt;n_ID is this device's id, then its offsets,
     * scales and date where those parameters exist in this build (they are read by name, absent
     * ones skipped). {@code required}: an uncalibrated device fails (a barometer's is optional).
     */
    static SelfTestCheck calibrationCheck(String name, String check, ParamStore store, String role, int deviceId,
                                          double offsetMax, String unit, double scaleMin, double scaleMax,
                                          boolean required) {
        int slot = -1;
        List<String> seen = new ArrayList<>();
        for (int n = 0; n < CalibrationParams.SLOTS; n++) {
            Param id = store.find("CAL_" + role + n + "_ID");
            if (id == null) {
                continue;
            }
            seen.add(id.name() + "=" + (int) id.doubleValue());
            if ((int) id.doubleValue() == deviceId && deviceId != 0) {
                slot = n;
                break;
            }
        }
        String limit = "a CAL_" + role + "n_ID = " + deviceId + "; |offset| ≤ " + fmt(offsetMax) + " " + unit
                + (Double.isNaN(scaleMin) ? "" : "; scale " + fmt(scaleMin) + ".." + fmt(scaleMax));
        if (slot < 0) {
            if (!required) {
                return new SelfTestCheck(name, check, true, "none (optional)", limit, "");
            }
            return new SelfTestCheck(name, check, false, "not calibrated", limit, "no CAL_" + role + "n_ID holds device id "
                    + deviceId + (seen.isEmpty() ? " (no CAL_" + role + " slots in the parameters)" : " (" + String.join(", ", seen) + ")"));
        }
        String prefix = "CAL_" + role + slot + "_";
        StringBuilder figure = new StringBuilder("slot " + slot);
        List<String> problems = new ArrayList<>();
        String[] axes = role.equals(CalibrationParams.BARO) ? new String[] {""} : new String[] {"X", "Y", "Z"};
        List<String> offsets = new ArrayList<>();
        for (String axis : axes) {
            Param p = store.find(prefix + axis + "OFF");
            if (p != null) {
                double v = p.doubleValue();
                offsets.add(fmt(v));
                if (!(Math.abs(v) <= offsetMax)) {
                    problems.add(p.name() + " = " + fmt(v) + " " + unit + " beyond ±" + fmt(offsetMax));
                }
            }
        }
        if (!offsets.isEmpty()) {
            figure.append("; offset ").append(String.join(", ", offsets)).append(' ').append(unit);
        }
        List<String> scales = new ArrayList<>();
        if (!Double.isNaN(scaleMin)) {
            for (String axis : axes) {
                Param p = store.find(prefix + axis + "SCALE");
                if (p != null) {
                    double v = p.doubleValue();
                    scales.add(fmt(v));
                    if (!(v >= scaleMin && v <= scaleMax)) {
                        problems.add(p.name() + " = " + fmt(v) + " outside " + fmt(scaleMin) + ".." + fmt(scaleMax));
                    }
                }
            }
        }
        if (!scales.isEmpty()) {
            figure.append("; scale ").append(String.join(", ", scales));
        }
        Param date = store.find(prefix + "DATE");
        if (date != null) {
            int yyyymmdd = (int) date.doubleValue();
            figure.append("; date ").append(yyyymmdd == 0 ? "never" : Integer.toString(yyyymmdd));
            if (yyyymmdd == 0) {
                problems.add(date.name() + " = 0: the slot holds the id but no calibration was ever stored");
            }
        }
        Param temp = store.find(prefix + "TEMP");
        if (temp != null && temp.doubleValue() > -1000) {
            figure.append("; at ").append(fmt(temp.doubleValue())).append(" °C");
        }
        if (offsets.isEmpty() && scales.isEmpty() && date == null) {
            figure.append(" (offset, scale and date parameters not in this build)");
        }
        return new SelfTestCheck(name, check, problems.isEmpty(), figure.toString(), limit, String.join("; ", problems));
    }

    private void calibration(String name, String check, ParamStore store, String role, int deviceId, double offsetMax,
                             String unit, double scaleMin, double scaleMax, boolean required) {
        checks.add(calibrationCheck(name, check, store, role, deviceId, offsetMax, unit, scaleMin, scaleMax, required));
    }

    // ---------------------------------------------------------------- at rest

    /** A probed sensor and what its at-rest window collected. */
    private static final class Probed {
        final String name;
        final DeviceConfig config;
        final SensorBackend<?> backend;
        final Moments a = new Moments(3);
        final Moments b = new Moments(3);
        long reads;
        long busErrors;
        String lastError = "";

        Probed(String name, DeviceConfig config, SensorBackend<?> backend) {
            this.name = name;
            this.config = config;
            this.backend = backend;
        }

        @SuppressWarnings("unchecked")
        void read(long nowNs) throws BusException {
            switch (config.role()) {
                case IMU -> ((SensorBackend<ImuSample>) backend).read(nowNs, s -> {
                    a.add(Math.toDegrees(s.gyroXRadps), Math.toDegrees(s.gyroYRadps), Math.toDegrees(s.gyroZRadps));
                    b.add(s.accelXMps2, s.accelYMps2, s.accelZMps2);
                });
                case MAG -> ((SensorBackend<MagSample>) backend).read(nowNs,
                        s -> a.add(s.fieldXGauss, s.fieldYGauss, s.fieldZGauss));
                case BARO -> ((SensorBackend<BaroSample>) backend).read(nowNs, s -> a.add(s.pressurePa, 0, 0));
                case BATTERY -> ((SensorBackend<BatterySample>) backend).read(nowNs, s -> a.add(s.voltageV, 0, 0));
                default -> {
                }
            }
        }
    }

    /** Running mean and variance per axis (Welford). */
    static final class Moments {
        private final long[] n;
        private final double[] mean;
        private final double[] m2;

        Moments(int axes) {
            n = new long[axes];
            mean = new double[axes];
            m2 = new double[axes];
        }

        void add(double x, double y, double z) {
            add(0, x);
            add(1, y);
            add(2, z);
        }

        private void add(int axis, double v) {
            n[axis]++;
            double d = v - mean[axis];
            mean[axis] += d / n[axis];
            m2[axis] += d * (v - mean[axis]);
        }

        long count() {
            return n[0];
        }

        double mean(int axis) {
            return mean[axis];
        }

        double rms(int axis) {
            return n[axis] < 2 ? Double.NaN : Math.sqrt(m2[axis] / (n[axis] - 1));
        }

        /** The largest per-axis standard deviation. */
        double maxRms() {
            return Math.max(rms(0), Math.max(rms(1), rms(2)));
        }

        /** The largest |mean| of the axes. */
        double maxAbsMean() {
            return Math.max(Math.abs(mean[0]), Math.max(Math.abs(mean[1]), Math.abs(mean[2])));
        }

        double meanNorm() {
            return Math.sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
        }
    }

    /** Reads every probed sensor at its own period for the window, on the fakes' or the wall clock. */
    private void sampleAtRest(LongConsumer sleeper) {
        if (probed.isEmpty()) {
            return;
        }
        LongSupplier clock = o.clock();
        long start = clock.getAsLong();
        long end = start + o.sampleWindowNs();
        long[] next = new long[probed.size()];
        java.util.Arrays.fill(next, start);
        while (true) {
            long now = clock.getAsLong();
            if (now >= end) {
                break;
            }
            long soonest = end;
            for (int i = 0; i < probed.size(); i++) {
                Probed p = probed.get(i);
                if (now >= next[i]) {
                    p.reads++;
                    try {
                        p.read(now);
                    } catch (BusException e) {
                        p.busErrors++;
                        p.lastError = e.getMessage();
                    }
                    long period = p.backend.periodNs();
                    next[i] += period;
                    if (next[i] <= now) {
                        next[i] = now + period;
                    }
                }
                soonest = Math.min(soonest, next[i]);
            }
            long wait = soonest - clock.getAsLong();
            if (wait > 0) {
                sleeper.accept(wait);
            }
        }
    }

    private void atRestChecks(Probed p) {
        SensorBackend<?> b = p.backend;
        double windowS = o.sampleWindowNs() * 1e-9;
        // The MS5611 alternates pressure and temperature conversions: one sample per two reads.
        long readsPerSample = "ms5611".equals(p.config.chip()) ? 2 : 1;
        long expected = Math.max(1, o.sampleWindowNs() / b.periodNs() / readsPerSample);
        long samples = p.a.count();
        List<String> problems = new ArrayList<>();
        if (p.busErrors > 0) {
            problems.add(p.busErrors + " bus errors in " + p.reads + " reads (last: " + p.lastError + ")");
        }
        if (b.stuckReads() > 0) {
            problems.add("stuck data: " + b.stuckReads() + " reads repeated the previous data exactly");
        }
        if (samples < SelfTestLimits.SAMPLE_SHARE_MIN * expected) {
            problems.add("only " + samples + " samples of the ~" + expected + " its period promises");
        }
        String voltage = p.config.role() == Role.BATTERY && samples > 0
                ? String.format(Locale.ROOT, " (%.2f V)", p.a.mean(0)) : "";
        add(p.name, "data", problems.isEmpty(), String.format(Locale.ROOT, "%d samples in %.1f s, %d bus errors, %d stuck%s",
                samples, windowS, p.busErrors, b.stuckReads(), voltage),
                String.format(Locale.ROOT, "≥ %d samples, 0 bus errors, 0 stuck", (long) Math.ceil(SelfTestLimits.SAMPLE_SHARE_MIN * expected)),
                String.join("; ", problems));
        if (samples < 2) {
            return;
        }
        SelfTestLimits.ChipLimits limits = SelfTestLimits.of(p.config.chip());
        switch (p.config.role()) {
            case IMU -> {
                if (limits == null) {
                    return;
                }
                noise(p.name, "gyro noise", p.a.maxRms(), limits.gyroNoiseDps(), "°/s RMS", 1, "%.4f");
                bias(p.name, "gyro bias", p.a.maxAbsMean(), limits.gyroBiasDps(), "°/s", "%.3f",
                        "zero-rate output beyond the datasheet's initial tolerance (or the unit moved)");
                noise(p.name, "accel noise", p.b.maxRms(), limits.accelNoiseMps2(), "m/s² RMS", 1, "%.4f");
                double accelBias = Math.abs(p.b.meanNorm() - SelfTestLimits.G);
                bias(p.name, "accel bias", accelBias, limits.accelBiasMps2(), "m/s² (| |a| − g |)", "%.3f",
                        "zero-g offset beyond the datasheet's initial tolerance (or the unit moved)");
            }
            case MAG -> {
                if (limits != null) {
                    noise(p.name, "mag noise", p.a.maxRms(), limits.magNoiseGauss(), "mG RMS", 1000, "%.2f");
                }
                double field = p.a.meanNorm();
                boolean ok = field >= SelfTestLimits.MAG_FIELD_MIN_GAUSS && field <= SelfTestLimits.MAG_FIELD_MAX_GAUSS;
                add(p.name, "mag field", ok, String.format(Locale.ROOT, "%.3f G", field), String.format(Locale.ROOT,
                        "%.2f..%.2f G", SelfTestLimits.MAG_FIELD_MIN_GAUSS, SelfTestLimits.MAG_FIELD_MAX_GAUSS),
                        ok ? "" : "not the Earth's field: a dead bridge, or iron or a magnet near the sensor");
            }
            case BARO -> {
                if (limits != null) {
                    noise(p.name, "baro noise", p.a.rms(0), limits.baroNoisePa(), "Pa RMS", 1, "%.2f");
                }
                double pa = p.a.mean(0);
                boolean ok = pa >= SelfTestLimits.PRESSURE_MIN_PA && pa <= SelfTestLimits.PRESSURE_MAX_PA;
                add(p.name, "pressure", ok, String.format(Locale.ROOT, "%.0f Pa", pa), String.format(Locale.ROOT,
                        "%.0f..%.0f Pa", SelfTestLimits.PRESSURE_MIN_PA, SelfTestLimits.PRESSURE_MAX_PA),
                        ok ? "" : "outside the range a bench can see");
            }
            default -> {
            }
        }
    }

    private void noise(String name, String check, double rms, double limit, String unit, double scale, String format) {
        String figure = String.format(Locale.ROOT, format + " %s", rms * scale, unit);
        String lim = String.format(Locale.ROOT, "0 < x ≤ " + format + " %s", limit * scale, unit);
        if (rms == 0) {
            add(name, check, false, figure, lim, "no noise at all: the output is frozen (stuck data)");
        } else {
            add(name, check, rms <= limit, figure, lim, rms <= limit ? ""
                    : String.format(Locale.ROOT, "noise %.1f× the limit (%.0f× the datasheet's typical)", rms / limit,
                    SelfTestLimits.NOISE_MARGIN * rms / limit));
        }
    }

    private void bias(String name, String check, double value, double limit, String unit, String format, String why) {
        add(name, check, value <= limit, String.format(Locale.ROOT, format + " %s", value, unit),
                String.format(Locale.ROOT, "≤ " + format + " %s", limit, unit), value <= limit ? "" : why);
    }

    // ---------------------------------------------------------------- outputs

    private void pwm(String name, DeviceConfig d, SameDeviceBuses buses) {
        DeviceConfig.Bus.I2c at = (DeviceConfig.Bus.I2c) d.bus();
        Pca9685 chip;
        I2cDevice dev;
        GpioOutput oe = null;
        int oeLine = (int) d.option("output_enable_gpio", -1);
        try {
            dev = buses.i2c(at.bus(), at.address(), d.chip());
            if (oeLine >= 0) {
                oe = dev instanceof FakePca9685 fake ? fake.outputEnablePin() : buses.gpio(oeLine);
            }
            chip = Pca9685.probe(dev, oe);
        } catch (BootException | ProbeException e) {
            add(name, "probe", false, "failed", "", e.getMessage());
            chips.add(identity(name, d, 0, ""));
            return;
        }
        chips.add(identity(name, d, 0, ""));
        add(name, "probe", true, String.format(Locale.ROOT, "PRE_SCALE %d (%.1f Hz)", chip.prescale(),
                chip.actualFrequencyHz()), "", "");
        FlightParams params = o.params();
        int motors = Math.min(FlightStack.geometry(params.airframe.get()).motorCount(),
                org.hoverla.core.vehicle.PwmParams.CHANNELS);
        int[] pulses = new int[motors];
        for (int i = 0; i < motors; i++) {
            pulses[i] = params.pwm.disarmedUs[i].get();
        }
        FakePca9685 fake = dev instanceof FakePca9685 f ? f : null;
        try {
            chip.writePulsesUs(pulses, motors);
            chip.setOutputsEnabled(true);
            for (int ch = 0; ch < motors; ch++) {
                output(name, chip, ch, pulses[ch]);
            }
            if (oe != null) {
                chip.setOutputsEnabled(false);
                boolean offOk = fake == null || fake.outputEnablePinHigh();
                chip.setOutputsEnabled(true);
                boolean onOk = fake == null || !fake.outputEnablePinHigh();
                String figure = fake == null ? "GPIO " + oeLine + " driven high then low (no read-back on this bus)"
                        : "OE " + (offOk ? "high" : "LOW") + " when disabled, " + (onOk ? "low" : "HIGH") + " when enabled";
                add(name, "output enable", offOk && onOk, figure, "high = outputs off, low = on (active-low OE)",
                        offOk && onOk ? "" : "the OE line does not follow: outputs cannot be switched off");
            }
        } catch (BusException e) {
            add(name, "outputs", false, "bus error", "", reason(e));
        } finally {
            try {
                chip.setOutputsEnabled(false);
            } catch (BusException e) {
                add(name, "outputs off", false, "bus error", "", "could not switch the outputs off: " + reason(e));
            }
        }
    }

    private void output(String name, Pca9685 chip, int channel, int pulseUs) {
        String check = "output " + (channel + 1);
        int wanted = Pca9685.countsFor(pulseUs, chip.prescale());
        String limit = String.format(Locale.ROOT, "= %d µs written (count %d)", pulseUs, wanted);
        try {
            int counts = chip.readBackCounts(channel);
            if (counts == Pca9685.FULL_OFF) {
                add(name, check, false, "full off", limit, "dead output: channel " + channel
                        + " reads back full-off after the disarmed pulse was written");
                return;
            }
            boolean ok = counts == wanted;
            add(name, check, ok, String.format(Locale.ROOT, "%.0f µs (count %d)", Pca9685.pulseUsFor(counts,
                    chip.prescale()), counts), limit, ok ? "" : "read-back mismatch on channel " + channel);
        } catch (BusException e) {
            add(name, check, false, "no answer", limit, reason(e));
        }
    }

    // ---------------------------------------------------------------- loop timing

    private void loopTiming() {
        o.progress().accept(String.format(Locale.ROOT, "selftest: flight loop on the board's devices for %.1f s (disarmed)",
                o.loopWindowNs() * 1e-9));
        Chips.Buses buses;
        try {
            buses = o.loopBuses().open();
        } catch (BootException e) {
            add("vehicle", "loop timing", false, "not run", "", "buses: " + e.getMessage());
            return;
        }
        Vehicle vehicle;
        ParamStore unit = o.params().store;
        try {
            vehicle = Vehicle.builder()
                    .clock(SystemClock.INSTANCE)
                    .overrides(store -> copyParams(unit, store))
                    .devices(params -> BoardDevices.open(o.board(), params, SystemClock.INSTANCE, buses, s -> { }))
                    .build();
        } catch (BootException | RuntimeException e) {
            buses.close();
            add("vehicle", "loop timing", false, "not run", "", "the vehicle did not boot: " + e.getMessage());
            return;
        }
        LoopScheduler scheduler = vehicle.scheduler();
        try {
            vehicle.startDevices();
            vehicle.startFlightThread();
            sleepNs(LOOP_WARMUP_NS);
            scheduler.requestPerfReset();
            sleepNs(o.loopWindowNs());
        } finally {
            vehicle.close();
            buses.close();
        }
        // The flight thread has stopped (close joins it): its counters are safe to read.
        timingJudged = o.board().buses() != org.hoverla.core.boot.BoardConfig.Buses.FAKE;
        double windowS = o.loopWindowNs() * 1e-9;
        long runs = scheduler.perf(0).runs();
        double expected = windowS * scheduler.table().baseRateHz();
        boolean rateOk = runs >= SelfTestLimits.LOOP_CYCLE_SHARE_MIN * expected;
        addTiming("loop rate", rateOk, String.format(Locale.ROOT, "%d cycles of %s in %.1f s (%.1f Hz)", runs,
                scheduler.taskName(0), windowS, runs / windowS),
                String.format(Locale.ROOT, "≥ %.0f cycles", SelfTestLimits.LOOP_CYCLE_SHARE_MIN * expected),
                rateOk ? "" : "the flight loop cannot keep its base rate on this unit");
        double jitterUs = scheduler.perf(0).rmsJitterNs() / 1000.0;
        boolean jitterOk = jitterUs <= SelfTestLimits.LOOP_JITTER_RMS_MAX_US;
        addTiming("loop jitter", jitterOk, String.format(Locale.ROOT, "%.1f µs RMS (max %.0f µs)", jitterUs,
                scheduler.perf(0).maxAbsJitterNs() / 1000.0), String.format(Locale.ROOT, "≤ %.0f µs RMS",
                SelfTestLimits.LOOP_JITTER_RMS_MAX_US), jitterOk ? "" : "cycle period jitter too large");
        long lateNs = 0;
        String lateTask = "";
        for (int i = 0; i < scheduler.taskCount(); i++) {
            if (scheduler.perf(i).maxLatenessNs() > lateNs) {
                lateNs = scheduler.perf(i).maxLatenessNs();
                lateTask = scheduler.taskName(i);
            }
        }
        boolean lateOk = lateNs / 1000.0 <= SelfTestLimits.LOOP_LATENESS_MAX_US;
        addTiming("loop lateness", lateOk, String.format(Locale.ROOT, "max %.0f µs (%s)", lateNs / 1000.0,
                lateTask.isEmpty() ? "none" : lateTask), String.format(Locale.ROOT, "≤ %.0f µs",
                SelfTestLimits.LOOP_LATENESS_MAX_US), lateOk ? "" : "a task ran too long after its deadline");
        long overruns = scheduler.overruns();
        long taskRuns = 0;
        for (int i = 0; i < scheduler.taskCount(); i++) {
            taskRuns += scheduler.perf(i).runs();
        }
        boolean overrunOk = overruns <= SelfTestLimits.LOOP_OVERRUN_SHARE_MAX * Math.max(taskRuns, 1);
        addTiming("loop overruns", overrunOk, String.format(Locale.ROOT, "%d of %d task runs (%.2f %%, last: %s)",
                overruns, taskRuns, 100.0 * overruns / Math.max(taskRuns, 1),
                scheduler.lastOverrunTaskName() == null ? "none" : scheduler.lastOverrunTaskName()),
                String.format(Locale.ROOT, "≤ %.0f %% of task runs", 100 * SelfTestLimits.LOOP_OVERRUN_SHARE_MAX),
                overrunOk ? "" : "tasks exceed their time budgets");
    }

    /**
     * A loop-timing check. On a fake board the loop runs on whatever computer the developer has,
     * not on the unit, so its timing is measured and printed but not judged (a real board's is).
     */
    private void addTiming(String check, boolean ok, String figure, String limit, String reason) {
        if (ok || timingJudged) {
            add("vehicle", check, ok, figure, limit, reason);
        } else {
            add("vehicle", check, true, figure, limit + " (not judged on a fake board: " + reason
                    + " on this development host)", "");
        }
    }

    private static void copyParams(ParamStore from, ParamStore to) {
        for (int i = 0; i < from.count(); i++) {
            Param p = from.get(i);
            if (to.find(p.name()) != null && p.doubleValue() != p.defaultValue()) {
                to.set(p.name(), p.doubleValue());
            }
        }
    }

    private static void sleepNs(long ns) {
        long deadline = System.nanoTime() + ns;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void add(String device, String check, boolean passed, String figure, String limit, String reason) {
        checks.add(new SelfTestCheck(device, check, passed, figure, limit, passed ? "" : reason));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * The buses of the device phase: one device object per location, so the chip id read and the
     * probe talk to the same device (a second Pi4J handle on one address, or a second fake, would not).
     */
    private static final class SameDeviceBuses implements Chips.Buses {
        private final Chips.Buses raw;
        private final Map<String, Object> open = new HashMap<>();

        SameDeviceBuses(Chips.Buses raw) {
            this.raw = raw;
        }

        @Override
        public I2cDevice i2c(int bus, int address, String chip) throws BootException {
            String key = "i2c" + bus + ":" + address;
            Object d = open.get(key);
            if (d == null) {
                d = raw.i2c(bus, address, chip);
                open.put(key, d);
            }
            return (I2cDevice) d;
        }

        @Override
        public SpiDevice spi(int bus, int chipSelect, String chip) throws BootException {
            String key = "spi" + bus + ":" + chipSelect;
            Object d = open.get(key);
            if (d == null) {
                d = raw.spi(bus, chipSelect, chip);
                open.put(key, d);
            }
            return (SpiDevice) d;
        }

        @Override
        public GpioOutput gpio(int line) throws BootException {
            return raw.gpio(line);
        }

        @Override
        public long seed() {
            return raw.seed();
        }

        @Override
        public LongConsumer sleeper() {
            return raw.sleeper();
        }

        @Override
        public List<Object> fakes() {
            return raw.fakes();
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}
