package org.hoverla.core.calibration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.core.calibration.fit.LevelTrim;

/**
 * Level horizon (PX4 {@code level_calibration.cpp}): with the vehicle level on its landing gear,
 * the roll and pitch the first IMU's accelerometer sees become SENS_BOARD_X_OFF and
 * SENS_BOARD_Y_OFF (degrees), the trim the sensors apply on top of the mounting rotation. PX4
 * averages its attitude estimate; Hoverla averages the raw accelerometer over {@value #WINDOW_S} s
 * (with the accelerometer's stored calibration and the mounting rotation applied, no board trim),
 * so the result is the whole trim, not a correction of the old one. Roll = atan2(−f_y, −f_z),
 * pitch = atan2(f_x, √(f_y² + f_z²)) of the mean specific force f (body FRD). A window with an
 * accelerometer spread above {@value #STILL_ACCEL_STD} m/s² or a gyro spread above
 * {@value #STILL_GYRO_STD} rad/s is motion and is retried (PX4 retries too), at most
 * {@value #MAX_TRIES} times; more than 0.8 rad of roll or pitch fails as in PX4.
 */
final class LevelProcedure extends Procedure {
    static final double WINDOW_S = 1.0;
    static final long WINDOW_NS = 1_000_000_000L;
    static final int MAX_TRIES = 10;
    static final double STILL_ACCEL_STD = 0.15;
    static final double STILL_GYRO_STD = 0.05;
    static final int MIN_SAMPLES = 10;

    private final RunningStats stats = new RunningStats(6);
    private CalibrationContext.Sensor imu;
    private long startNs;
    private int tries;
    private int lastReport;

    LevelProcedure(CalibrationRunner runner, CalibrationContext ctx) {
        super(runner, ctx);
    }

    @Override
    void begin(long nowNs) {
        if (ctx.imus.isEmpty()) {
            runner.fail("no accel found");
            return;
        }
        imu = ctx.imus.get(0);
        restart(nowNs);
    }

    private void restart(long nowNs) {
        tries++;
        startNs = nowNs;
        lastReport = 0;
        stats.reset();
    }

    @Override
    void sample(RawSample s, long nowNs) {
        if (s.sensor == RawSample.IMU && s.instance == imu.instance()) {
            stats.add(s.v, 0, s.temperatureC);
        }
    }

    @Override
    void tick(long nowNs) {
        long elapsed = nowNs - startNs;
        int pct = (int) Math.min(100, elapsed * 100 / WINDOW_NS);
        if (pct >= lastReport + 20 && pct < 100) { // PX4 reports every 20 %, then 100 at the end
            lastReport = pct / 20 * 20;
            runner.progress(lastReport);
        }
        if (elapsed < WINDOW_NS) {
            return;
        }
        if (stats.count() < MIN_SAMPLES) {
            runner.fail(CalibrationTexts.REASON_SENSOR);
            return;
        }
        boolean moved = false;
        for (int a = 0; a < 3; a++) {
            moved |= stats.std(a) > STILL_GYRO_STD || stats.std(a + 3) > STILL_ACCEL_STD;
        }
        if (moved) {
            if (tries >= MAX_TRIES) {
                runner.progress(100);
                runner.fail(CalibrationTexts.REASON_MOTION);
                return;
            }
            restart(nowNs);
            return;
        }
        runner.progress(100);
        double[] f = AccelCalibrationReader.bodySpecificForce(ctx.store, imu,
                stats.mean(3), stats.mean(4), stats.mean(5));
        LevelTrim trim;
        try {
            trim = LevelTrim.fromMeanAccel(f, CalibrationRunner.ONE_G);
        } catch (IllegalArgumentException e) {
            // PX4's short reasons: the [cal] line has room for 24 characters after "failed: "
            String m = e.getMessage();
            runner.fail(m.contains("roll") ? "excess roll angle" : m.contains("pitch") ? "excess pitch angle"
                    : CalibrationTexts.REASON_MOTION);
            return;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("SENS_BOARD_X_OFF", trim.rollDeg());
        out.put("SENS_BOARD_Y_OFF", trim.pitchDeg());
        runner.finish(out);
    }
}
