package org.hoverla.core.calibration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.core.calibration.fit.StillnessDetector;

/**
 * Gyro bias at rest, every IMU at once (PX4 {@code gyro_calibration.cpp}): the mean rate of each
 * gyro over {@value #DURATION_S} s, progress every 10 %. A window whose accelerometer or gyro
 * spread says the vehicle moved ({@link StillnessDetector}) restarts the measurement with PX4's
 * "motion, retrying.."; after {@value #MAX_RETRIES} restarts it fails. A mean rate above
 * {@value #MAX_BIAS_DPS} °/s on any axis is a vehicle turning slowly or a broken gyro, not a
 * bias, and fails. Writes CAL_GYROn_ID, _XOFF/_YOFF/_ZOFF (rad/s), _DATE, _TEMP per gyro.
 */
final class GyroProcedure extends Procedure {
    static final double DURATION_S = 2.0;
    static final long DURATION_NS = 2_000_000_000L;
    static final int MAX_RETRIES = 5;
    static final int STILL_WINDOW = 50;
    static final double STILL_ACCEL_STD = 0.25;
    static final double STILL_GYRO_STD = 0.05;
    static final double MAX_BIAS_DPS = 20.0;
    static final int MIN_SAMPLES = 10;

    private final int count;
    private final RunningStats[] stats;
    private final StillnessDetector[] still;
    private long startNs;
    private int retries;
    private int lastDecile;

    GyroProcedure(CalibrationRunner runner, CalibrationContext ctx) {
        super(runner, ctx);
        count = ctx.imus.size();
        stats = new RunningStats[count];
        still = new StillnessDetector[count];
        for (int i = 0; i < count; i++) {
            stats[i] = new RunningStats(3);
            still[i] = new StillnessDetector(STILL_WINDOW, STILL_ACCEL_STD, STILL_GYRO_STD);
        }
    }

    @Override
    void begin(long nowNs) {
        if (count == 0) {
            runner.fail("no gyro found");
            return;
        }
        restart(nowNs);
    }

    private void restart(long nowNs) {
        startNs = nowNs;
        lastDecile = 0;
        for (int i = 0; i < count; i++) {
            stats[i].reset();
            still[i].reset();
        }
    }

    @Override
    void sample(RawSample s, long nowNs) {
        if (s.sensor != RawSample.IMU) {
            return;
        }
        int i = indexOf(ctx.imus, s.instance);
        if (i < 0) {
            return;
        }
        still[i].add(s.v);
        if (still[i].count() == STILL_WINDOW && !still[i].still()) {
            runner.say(CalibrationRunner.CRITICAL, CalibrationTexts.GYRO_MOTION_RETRY);
            if (++retries > MAX_RETRIES) {
                runner.fail(CalibrationTexts.REASON_MOTION);
                return;
            }
            restart(nowNs);
            return;
        }
        stats[i].add(s.v, 0, s.temperatureC);
    }

    @Override
    void tick(long nowNs) {
        long elapsed = nowNs - startNs;
        int decile = (int) Math.min(10, elapsed * 10 / DURATION_NS);
        while (lastDecile < decile) {
            lastDecile++;
            runner.progress(lastDecile * 10);
        }
        if (elapsed < DURATION_NS) {
            return;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            if (stats[i].count() < MIN_SAMPLES) {
                runner.fail(CalibrationTexts.REASON_SENSOR);
                return;
            }
            CalibrationContext.Sensor sensor = ctx.imus.get(i);
            for (int a = 0; a < 3; a++) {
                double bias = stats[i].mean(a);
                if (!Double.isFinite(bias) || Math.abs(Math.toDegrees(bias)) > MAX_BIAS_DPS) {
                    runner.fail("gyro " + i + " offset too large");
                    return;
                }
            }
            int slot = slotFor("GYRO", sensor.deviceId());
            if (slot < 0) {
                runner.fail("no free CAL_GYRO slot");
                return;
            }
            Map<String, Double> m = slotHeader("GYRO", slot, sensor.deviceId(), stats[i].temperature());
            for (int a = 0; a < 3; a++) {
                m.put("CAL_GYRO" + slot + "_" + AXES[a] + "OFF", stats[i].mean(a));
            }
            out.putAll(m);
        }
        runner.finish(out);
    }
}
