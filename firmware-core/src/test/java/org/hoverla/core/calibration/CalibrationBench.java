package org.hoverla.core.calibration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.sensors.Rotation;
import org.hoverla.hal.GnssSample;

/**
 * A calibration runner on synthetic raw samples, no simulator: a test clock, IMUs at 200 Hz,
 * magnetometers at 50 Hz and barometers at 25 Hz offered into the tap as the frontends would,
 * and the runner stepped every 10 ms. Sources are settable per phase of a test.
 */
final class CalibrationBench {
    static final long STEP_NS = 10_000_000L;
    /** 2026-12-05 12:00 UTC. */
    static final long UTC_MS = 1_796_472_000_000L;
    static final int IMU0_ID = 0x2A0011;
    static final int IMU1_ID = 0x2A0012;
    static final int MAG0_ID = 0x3B0021;
    static final int BARO0_ID = 0x4C0031;

    /** A sensor's reading at a time: fills {@code out}. */
    interface Source {
        void read(long tNs, double[] out);
    }

    final ParamStore params = new ParamStore();
    final RawSampleTap tap = new RawSampleTap();
    final List<String> lines = new ArrayList<>();
    final AtomicBoolean calibrating = new AtomicBoolean();
    final List<Integer> escLevels = new ArrayList<>();
    final Random random = new Random(7);
    int saves;
    boolean failSave;
    boolean armed;
    GnssSample gnss;
    BatteryStatus battery;
    long nowNs = 1_000_000_000L;
    int imuCount = 2;
    int magCount = 1;
    int baroCount = 1;
    double noise = 0.01;
    Source imu = (t, out) -> level(out, 0, 0);
    Source mag = (t, out) -> {
        out[0] = 0.2;
        out[1] = 0.0;
        out[2] = 0.4;
    };
    Source baro = (t, out) -> out[0] = 95_000.0;
    final CalibrationRunner runner;

    CalibrationBench() {
        this(2, 1, 1);
    }

    CalibrationBench(int imus, int mags, int baros) {
        imuCount = imus;
        magCount = mags;
        baroCount = baros;
        new org.hoverla.core.sensors.CalibrationParamSet(params);
        List<CalibrationContext.Sensor> imuList = new ArrayList<>();
        for (int i = 0; i < imus; i++) {
            imuList.add(new CalibrationContext.Sensor(i, i == 0 ? IMU0_ID : IMU1_ID, Rotation.NONE));
        }
        List<CalibrationContext.Sensor> magList = new ArrayList<>();
        for (int i = 0; i < mags; i++) {
            magList.add(new CalibrationContext.Sensor(i, MAG0_ID + i, Rotation.NONE));
        }
        List<CalibrationContext.Sensor> baroList = new ArrayList<>();
        for (int i = 0; i < baros; i++) {
            baroList.add(new CalibrationContext.Sensor(i, BARO0_ID + i, Rotation.NONE));
        }
        ParamPersistence persistence = new ParamPersistence() {
            @Override
            public void save(ParamStore store) throws IOException {
                if (failSave) {
                    throw new IOException("disk full");
                }
                saves++;
            }

            @Override
            public LoadResult load(ParamStore store) {
                return new LoadResult(LoadResult.Source.DEFAULTS, 0, List.of());
            }
        };
        runner = new CalibrationRunner(CalibrationContext.builder()
                .tap(tap).imus(imuList).mags(magList).baros(baroList)
                .armed(() -> armed)
                .gnss(() -> {
                    if (gnss != null) {
                        gnss.timestampSampleNs = nowNs;
                    }
                    return gnss;
                })
                .battery(() -> {
                    if (battery != null) {
                        battery.timestampNs = nowNs;
                    }
                    return battery;
                })
                .esc(escLevels::add)
                .store(new ParamCalibrationStore(params, persistence))
                .utcMillis(() -> UTC_MS)
                .calibratingFlag(calibrating)
                .build());
        runner.addNarration((severity, text) -> lines.add(text));
    }

    /** Specific force (m/s², FRD) of a vehicle at rest with roll and pitch (rad), plus no rotation rate. */
    static void level(double[] out, double rollRad, double pitchRad) {
        double g = CalibrationRunner.ONE_G;
        out[0] = 0;
        out[1] = 0;
        out[2] = 0;
        out[3] = g * Math.sin(pitchRad);
        out[4] = -g * Math.sin(rollRad) * Math.cos(pitchRad);
        out[5] = -g * Math.cos(rollRad) * Math.cos(pitchRad);
    }

    /** Runs {@code seconds} of samples and steps. */
    void run(double seconds) {
        long end = nowNs + Math.round(seconds * 1e9);
        double[] v = new double[6];
        double[] m = new double[3];
        double[] b = new double[1];
        while (nowNs < end) {
            long t0 = nowNs;
            nowNs += STEP_NS;
            for (int k = 1; k <= 2; k++) { // 200 Hz IMU
                long t = t0 + k * STEP_NS / 2;
                imu.read(t, v);
                for (int i = 0; i < imuCount; i++) {
                    tap.offerImu(i, i == 0 ? IMU0_ID : IMU1_ID, t, v[0] + n(0.001), v[1] + n(0.001), v[2] + n(0.001),
                            v[3] + n(noise), v[4] + n(noise), v[5] + n(noise), 31.5);
                }
            }
            if ((nowNs / STEP_NS) % 2 == 0) {
                mag.read(nowNs, m);
                for (int i = 0; i < magCount; i++) {
                    tap.offerMag(i, MAG0_ID + i, nowNs, m[0], m[1], m[2], 29.0);
                }
            }
            if ((nowNs / STEP_NS) % 4 == 0) {
                baro.read(nowNs, b);
                for (int i = 0; i < baroCount; i++) {
                    tap.offerBaro(i, BARO0_ID + i, nowNs, b[0] + n(1.0), 28.0);
                }
            }
            runner.step(nowNs);
        }
    }

    /** Runs until the calibration ends or {@code maxSeconds} pass. */
    void runToEnd(double maxSeconds) {
        long end = nowNs + Math.round(maxSeconds * 1e9);
        while (runner.running() && nowNs < end) {
            run(0.01);
        }
    }

    private double n(double sigma) {
        return sigma * random.nextGaussian();
    }

    double param(String name) {
        return params.find(name).doubleValue();
    }

    /** Every parameter's value, to compare before and after. */
    double[] snapshot() {
        double[] s = new double[params.count()];
        for (int i = 0; i < s.length; i++) {
            s[i] = params.get(i).doubleValue();
        }
        return s;
    }
}
