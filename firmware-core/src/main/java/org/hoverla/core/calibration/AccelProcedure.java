package org.hoverla.core.calibration;

import org.hoverla.core.calibration.fit.AccelSide;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.core.calibration.fit.AccelFitResult;
import org.hoverla.core.calibration.fit.AccelSixSideFit;

/**
 * Six-side accelerometer calibration, every accelerometer at once (PX4
 * {@code accelerometer_calibration.cpp}): on each detected side "[cal] Hold still, measuring
 * &lt;side&gt; side", the mean of every accelerometer over {@value #MEASURE_S} s, "[cal] &lt;side&gt;
 * side result: [x y z]" (the first one, sensor axes), "[cal] progress &lt;17·sides&gt;". A
 * measurement whose spread on any axis exceeds {@value #STILL_STD_MPS2} m/s², or whose mean no
 * longer matches the side, is motion: "[cal] detected motion, hold still..." and the side is asked
 * for again. With all six, {@link AccelSixSideFit} per accelerometer; writes CAL_ACCn_ID,
 * _X/Y/ZOFF (m/s²), _X/Y/ZSCALE, _X/Y/ZODIAG, _DATE, _TEMP.
 */
final class AccelProcedure extends SixSideProcedure {
    static final double MEASURE_S = 1.0;
    static final long MEASURE_NS = 1_000_000_000L;
    static final double STILL_STD_MPS2 = 0.15;
    static final int MIN_SAMPLES = 10;

    private final RunningStats[] stats;
    /** [imu][AccelSide.ordinal()][axis], sensor axes. */
    private final double[][][] means;
    private final double[] temperatureSum;
    private final int[] temperatureN;
    private AccelSide side;
    private long measureStartNs;

    AccelProcedure(CalibrationRunner runner, CalibrationContext ctx) {
        super(runner, ctx, false);
        int n = ctx.imus.size();
        stats = new RunningStats[n];
        means = new double[n][SIDES][3];
        temperatureSum = new double[n];
        temperatureN = new int[n];
        for (int i = 0; i < n; i++) {
            stats[i] = new RunningStats(3);
        }
    }

    @Override
    boolean prepare(long nowNs) {
        return true;
    }

    @Override
    void workBegin(AccelSide s, long nowNs) {
        side = s;
        say(CalibrationTexts.measuringSide(s.pxName));
        measureStartNs = nowNs;
        for (RunningStats st : stats) {
            st.reset();
        }
    }

    @Override
    void workSample(RawSample s, long nowNs) {
        if (s.sensor != RawSample.IMU) {
            return;
        }
        int i = indexOf(ctx.imus, s.instance);
        if (i >= 0) {
            stats[i].add(s.v, 3, s.temperatureC);
        }
    }

    @Override
    void workTick(long nowNs) {
        if (nowNs - measureStartNs < MEASURE_NS) {
            return;
        }
        for (int i = 0; i < stats.length; i++) {
            if (stats[i].count() < MIN_SAMPLES) {
                runner.fail(CalibrationTexts.REASON_SENSOR);
                return;
            }
            for (int a = 0; a < 3; a++) {
                if (stats[i].std(a) > STILL_STD_MPS2) {
                    moved(nowNs);
                    return;
                }
            }
        }
        RunningStats p = stats[0];
        AccelSide check = SixSideProcedure.SIDE_DETECTOR.detect(imu.rotation().bodyX(p.mean(0), p.mean(1), p.mean(2)),
                imu.rotation().bodyY(p.mean(0), p.mean(1), p.mean(2)),
                imu.rotation().bodyZ(p.mean(0), p.mean(1), p.mean(2)));
        if (check != side) {
            moved(nowNs);
            return;
        }
        int fitIndex = side.ordinal();
        for (int i = 0; i < stats.length; i++) {
            for (int a = 0; a < 3; a++) {
                means[i][fitIndex][a] = stats[i].mean(a);
            }
            double t = stats[i].temperature();
            if (t != CalibrationRunner.TEMP_UNKNOWN) {
                temperatureSum[i] += t;
                temperatureN[i]++;
            }
        }
        say(CalibrationTexts.sideResult(side.pxName, p.mean(0), p.mean(1), p.mean(2)));
        doneCount++;
        runner.progress(17 * doneCount);
        sideFinished(side, nowNs);
    }

    private void moved(long nowNs) {
        say(CalibrationTexts.MOTION_DETECTED);
        attemptFailed(CalibrationTexts.REASON_MOTION, nowNs);
    }

    @Override
    void complete(long nowNs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < stats.length; i++) {
            CalibrationContext.Sensor sensor = ctx.imus.get(i);
            AccelFitResult fit;
            try {
                fit = AccelSixSideFit.solve(means[i], toBody(sensor), CalibrationRunner.ONE_G);
            } catch (IllegalArgumentException e) {
                runner.fail("accel " + i + ": " + e.getMessage());
                return;
            }
            double[][] m = fit.matrix();
            double[] off = fit.offset();
            for (int a = 0; a < 3; a++) {
                if (!Double.isFinite(off[a]) || !Double.isFinite(m[a][0]) || !Double.isFinite(m[a][1])
                        || !Double.isFinite(m[a][2])) {
                    runner.fail("accel " + i + ": fit not finite");
                    return;
                }
            }
            int slot = slotFor("ACC", sensor.deviceId());
            if (slot < 0) {
                runner.fail("no free CAL_ACC slot");
                return;
            }
            double temp = temperatureN[i] == 0 ? CalibrationRunner.TEMP_UNKNOWN : temperatureSum[i] / temperatureN[i];
            Map<String, Double> s = slotHeader("ACC", slot, sensor.deviceId(), temp);
            String p = "CAL_ACC" + slot + "_";
            for (int a = 0; a < 3; a++) {
                s.put(p + AXES[a] + "OFF", off[a]);
            }
            for (int a = 0; a < 3; a++) {
                s.put(p + AXES[a] + "SCALE", m[a][a]);
            }
            s.put(p + "XODIAG", m[0][1]);
            s.put(p + "YODIAG", m[0][2]);
            s.put(p + "ZODIAG", m[1][2]);
            out.putAll(s);
        }
        runner.finish(out);
    }

    /** The mounting rotation as a row-major sensor-to-body matrix. */
    static double[][] toBody(CalibrationContext.Sensor sensor) {
        double[][] r = new double[3][3];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                r[row][col] = sensor.rotation().element(row, col);
            }
        }
        return r;
    }
}
