package org.hoverla.core.calibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One kind of calibration, driven by the {@link CalibrationRunner}: {@link #begin} after the
 * started line, then every raw sample and a {@link #tick} per step, until it calls
 * {@link CalibrationRunner#finish} or {@link CalibrationRunner#fail}. Calibration thread.
 */
abstract class Procedure {
    static final String[] AXES = {"X", "Y", "Z"};

    final CalibrationRunner runner;
    final CalibrationContext ctx;
    /** Slots given to an instance in this run (nothing is written until the end). */
    private final java.util.Set<String> claimed = new java.util.HashSet<>();

    Procedure(CalibrationRunner runner, CalibrationContext ctx) {
        this.runner = runner;
        this.ctx = ctx;
    }

    abstract void begin(long nowNs);

    abstract void sample(RawSample s, long nowNs);

    abstract void tick(long nowNs);

    /** Which raw samples must keep coming (RawSample.IMU, MAG, BARO), or -1 for none. */
    int requiredSensor() {
        return RawSample.IMU;
    }

    /** Called once when the run ends, whatever the outcome (outputs back to normal). */
    void end() {
    }

    /** Index in {@code list} of the sensor with frontend instance {@code instance}, or -1. */
    static int indexOf(List<CalibrationContext.Sensor> list, int instance) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).instance() == instance) {
                return i;
            }
        }
        return -1;
    }

    void say(String text) {
        runner.say(CalibrationRunner.INFO, text);
    }

    /**
     * The calibration slot for {@code deviceId} of PX4 role {@code role} (ACC, GYRO, MAG, BARO):
     * the slot whose CAL_&lt;role&gt;n_ID is the device id, else the first free (id 0) writable one,
     * as PX4's {@code calibration::FindCurrentCalibrationIndex} / {@code FindAvailableCalibrationIndex}.
     *
     * @return 0..3, or -1 when none can take it
     */
    int slotFor(String role, int deviceId) {
        String offset = role.equals("BARO") ? "_OFF" : "_XOFF";
        for (int n = 0; n < 4; n++) {
            String prefix = "CAL_" + role + n;
            if (!claimed.contains(prefix) && ctx.store.read(prefix + "_ID") == deviceId
                    && ctx.store.writable(prefix + offset)) {
                claimed.add(prefix);
                return n;
            }
        }
        for (int n = 0; n < 4; n++) {
            String prefix = "CAL_" + role + n;
            if (!claimed.contains(prefix) && ctx.store.read(prefix + "_ID") == 0 && ctx.store.writable(prefix + "_ID")
                    && ctx.store.writable(prefix + offset)) {
                claimed.add(prefix);
                return n;
            }
        }
        return -1;
    }

    /** The id, date and temperature of slot {@code n}, in a fresh ordered map. */
    Map<String, Double> slotHeader(String role, int n, int deviceId, double temperatureC) {
        Map<String, Double> m = new LinkedHashMap<>();
        String prefix = "CAL_" + role + n;
        m.put(prefix + "_ID", (double) deviceId);
        m.put(prefix + "_DATE", (double) runner.utcDate());
        m.put(prefix + "_TEMP", Double.isFinite(temperatureC) ? temperatureC : CalibrationRunner.TEMP_UNKNOWN);
        return m;
    }
}
