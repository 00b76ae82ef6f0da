package org.hoverla.core.calibration;

import org.hoverla.core.calibration.fit.ExpectedMagField;
import org.hoverla.core.calibration.fit.WhiteNoiseEstimator;

import org.hoverla.core.calibration.fit.AccelSide;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hoverla.core.calibration.fit.MagEllipsoidFit;
import org.hoverla.core.calibration.fit.MagFitResult;
import org.hoverla.hal.GnssSample;

/**
 * Magnetometer calibration, every magnetometer at once (PX4 {@code mag_calibration.cpp}), on the
 * six sides with PX4's lenient rest detection. On each side: "[cal] Rotate vehicle around the
 * detected orientation", "[cal] Continue rotation for &lt;side&gt; 7.0 s"; once the first gyro has
 * turned 0.5 rad about any axis (within 5 × 7 s, else "This calibration requires rotation"),
 * samples for 7 s or 40 points, each at least PX4's minimum distance from the ones kept
 * ("[cal] &lt;side&gt; side calibration: progress &lt;N&gt;"), then "[cal] &lt;side&gt; side done, rotate
 * to a different side" and "[cal] progress &lt;N&gt;". With all sides, {@link MagEllipsoidFit} per
 * magnetometer; a quality under {@value #MIN_QUALITY} fails "poor fit, iron nearby?", and with a
 * GNSS fix a field strength more than {@link ExpectedMagField#STRENGTH_TOLERANCE} (World Magnetic Model) off the expected one fails too.
 * Writes CAL_MAGn_ID, _X/Y/ZOFF (gauss), _X/Y/ZSCALE, _X/Y/ZODIAG, _DATE, _TEMP.
 */
final class MagProcedure extends SixSideProcedure {
    static final double SIDE_S = 42.0 / 6;
    static final long SIDE_NS = 7_000_000_000L;
    static final int POINTS_PER_SIDE = 40;
    static final int MAX_POINTS = POINTS_PER_SIDE * SIDES;
    static final double ROTATION_RAD = 0.5;
    static final long ROTATION_DEADLINE_NS = 5 * SIDE_NS;
    /** PX4 reject_sample: 5.4 · 0.2 G / √240 / 3. */
    static final double MIN_SAMPLE_DIST_G = 5.4 * 0.2 / Math.sqrt(MAX_POINTS) / 3.0;
    static final double MIN_QUALITY = 0.5;
    /**
     * The largest share of the fit's residual, beyond the sensor's own noise, that is accepted
     * (fraction of the field): {@code √(residual² − (σ/r)²)}. A field that no ellipsoid describes
     * (iron near the magnetometer that moves relative to it as the vehicle turns) leaves such an
     * excess while its RMS can stay small: in the simulator a magnetised screwdriver 12 cm from the
     * rotation centre left a 2.1 % residual, 1.9 % beyond the noise, and a hard-iron error of 4.3 %
     * of the field; a clean run leaves 0.8 % beyond the noise (the algebraic fit's own bias).
     */
    static final double MAX_EXCESS_RESIDUAL = 0.012;

    private final int count;
    private final double[][] xs;
    private final double[][] ys;
    private final double[][] zs;
    private final int[] n;
    private final RunningStats[] temps;
    private final WhiteNoiseEstimator[] noise;
    private AccelSide side;
    private boolean collecting;
    private long workStartNs;
    private long collectStartNs;
    private final double[] gyroIntegral = new double[3];
    private long lastGyroNs = -1;
    private int sideCount;
    private int lastProgress;

    MagProcedure(CalibrationRunner runner, CalibrationContext ctx) {
        super(runner, ctx, true);
        count = ctx.mags.size();
        xs = new double[count][MAX_POINTS];
        ys = new double[count][MAX_POINTS];
        zs = new double[count][MAX_POINTS];
        n = new int[count];
        temps = new RunningStats[count];
        noise = new WhiteNoiseEstimator[count];
        for (int i = 0; i < count; i++) {
            temps[i] = new RunningStats(1);
            noise[i] = new WhiteNoiseEstimator();
        }
    }

    @Override
    boolean prepare(long nowNs) {
        if (count == 0) {
            runner.fail("no mag found");
            return false;
        }
        return true;
    }

    @Override
    void workBegin(AccelSide s, long nowNs) {
        side = s;
        say(CalibrationTexts.MAG_ROTATE);
        say(CalibrationTexts.magContinueRotation(s.pxName, SIDE_S));
        collecting = false;
        workStartNs = nowNs;
        gyroIntegral[0] = gyroIntegral[1] = gyroIntegral[2] = 0.0;
        lastGyroNs = -1;
        sideCount = 0;
        for (WhiteNoiseEstimator e : noise) {
            e.restartSequence();
        }
    }

    @Override
    void workSample(RawSample s, long nowNs) {
        if (!collecting) {
            if (s.sensor == RawSample.IMU && s.instance == imu.instance()) {
                if (lastGyroNs >= 0) {
                    double dt = (s.timeNs - lastGyroNs) * 1e-9;
                    for (int a = 0; a < 3; a++) {
                        gyroIntegral[a] += s.v[a] * dt;
                    }
                }
                lastGyroNs = s.timeNs;
                for (int a = 0; a < 3; a++) {
                    if (Math.abs(gyroIntegral[a]) >= ROTATION_RAD) {
                        collecting = true;
                        collectStartNs = nowNs;
                        return;
                    }
                }
            }
            return;
        }
        if (s.sensor != RawSample.MAG) {
            return;
        }
        int i = indexOf(ctx.mags, s.instance);
        if (i >= 0) {
            noise[i].add(s.v[0], s.v[1], s.v[2]);
        }
        if (i < 0 || n[i] >= MAX_POINTS || reject(i, s.v[0], s.v[1], s.v[2])) {
            return;
        }
        xs[i][n[i]] = s.v[0];
        ys[i][n[i]] = s.v[1];
        zs[i][n[i]] = s.v[2];
        n[i]++;
        temps[i].add(s.v, 0, s.temperatureC);
        if (i == 0) {
            sideCount++;
            int p = 100 * doneCount / SIDES + (int) ((100 / SIDES) * ((double) sideCount / POINTS_PER_SIDE));
            if (p > lastProgress) {
                lastProgress = p;
                say(CalibrationTexts.magSideProgress(side.pxName, p));
            }
        }
    }

    /** PX4 reject_sample: too close to a sample already kept. */
    private boolean reject(int i, double x, double y, double z) {
        for (int k = 0; k < n[i]; k++) {
            double dx = x - xs[i][k];
            double dy = y - ys[i][k];
            double dz = z - zs[i][k];
            if (Math.sqrt(dx * dx + dy * dy + dz * dz) < MIN_SAMPLE_DIST_G) {
                return true;
            }
        }
        return false;
    }

    @Override
    void workTick(long nowNs) {
        if (!collecting) {
            if (nowNs - workStartNs > ROTATION_DEADLINE_NS) {
                runner.say(CalibrationRunner.CRITICAL, CalibrationTexts.MAG_NEEDS_ROTATION);
                runner.fail(CalibrationTexts.REASON_ROTATION);
            }
            return;
        }
        if (nowNs - collectStartNs >= SIDE_NS || sideCount >= POINTS_PER_SIDE) {
            say(CalibrationTexts.sideDone(side.pxName));
            doneCount++;
            runner.progress(100 * doneCount / SIDES);
            sideFinished(side, nowNs);
        }
    }

    /** The fit's residual beyond what the sensor's noise {@code sigmaGauss} explains (fraction of the field). */
    static double excessResidual(MagFitResult fit, double sigmaGauss) {
        double noiseShare = Double.isFinite(sigmaGauss) ? sigmaGauss / fit.radiusGauss() : 0.0;
        double r = fit.residualRms();
        return Math.sqrt(Math.max(0.0, r * r - noiseShare * noiseShare));
    }

    @Override
    int requiredSensor() {
        return RawSample.IMU;
    }

    @Override
    void complete(long nowNs) {
        GnssSample fix = ctx.gnss.get();
        double expected = Double.NaN;
        if (fix != null && fix.fixType >= GnssSample.FIX_2D) {
            expected = ExpectedMagField.strengthGauss(fix.latDeg, fix.lonDeg, fix.altMslM, runner.utcYear());
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            MagFitResult fit;
            try {
                fit = MagEllipsoidFit.fit(xs[i], ys[i], zs[i], n[i]);
            } catch (IllegalArgumentException e) {
                runner.fail("mag " + i + ": " + e.getMessage());
                return;
            }
            if (!(fit.quality() >= MIN_QUALITY) || excessResidual(fit, noise[i].sigma()) > MAX_EXCESS_RESIDUAL) {
                runner.fail(CalibrationTexts.REASON_POOR_FIT);
                return;
            }
            if (Double.isFinite(expected) && !ExpectedMagField.isStrengthConsistent(fit.radiusGauss(), expected)) {
                runner.fail(String.format(Locale.ROOT, "field %.2f G, want %.2f", fit.radiusGauss(), expected));
                return;
            }
            CalibrationContext.Sensor sensor = ctx.mags.get(i);
            int slot = slotFor("MAG", sensor.deviceId());
            if (slot < 0) {
                runner.fail("no free CAL_MAG slot");
                return;
            }
            Map<String, Double> s = slotHeader("MAG", slot, sensor.deviceId(), temps[i].temperature());
            String p = "CAL_MAG" + slot + "_";
            double[][] m = fit.matrix();
            for (int a = 0; a < 3; a++) {
                s.put(p + AXES[a] + "OFF", fit.offset()[a]);
            }
            for (int a = 0; a < 3; a++) {
                s.put(p + AXES[a] + "SCALE", m[a][a]);
            }
            s.put(p + "XODIAG", m[0][1]);
            s.put(p + "YODIAG", m[0][2]);
            s.put(p + "ZODIAG", m[1][2]);
            out.putAll(s);
        }
        runner.progress(100);
        runner.finish(out);
    }
}
