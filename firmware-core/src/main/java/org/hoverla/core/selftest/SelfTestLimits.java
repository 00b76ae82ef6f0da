package org.hoverla.core.selftest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-chip limits of the production self-test's at-rest checks, in one table with their
 * sources. Noise limits are {@value #NOISE_MARGIN}× the datasheet's typical noise over the
 * bandwidth Hoverla's driver configures (density × √bandwidth, or the datasheet's RMS figure for
 * the configured oversampling): a part at three times its typical noise is damaged or badly
 * mounted, while a healthy part's measured RMS over a 1 s window stays well inside. Bias limits
 * are the datasheet's initial (zero-rate / zero-g) tolerance of the raw, uncalibrated output.
 * A NaN entry means the check does not apply to the chip.
 */
public final class SelfTestLimits {
    /** Noise limits are this many times the datasheet's typical noise. */
    public static final double NOISE_MARGIN = 3.0;
    static final double G = 9.80665;

    /**
     * One chip's limits.
     *
     * @param gyroNoiseDps    gyro noise, °/s RMS per axis
     * @param gyroBiasDps     gyro zero-rate output, °/s per axis
     * @param accelNoiseMps2  accel noise, m/s² RMS per axis
     * @param accelBiasMps2   accel zero-g offset: | |mean specific force| − g |, m/s²
     * @param magNoiseGauss   magnetometer noise, gauss RMS per axis
     * @param baroNoisePa     barometer noise, Pa RMS
     * @param source          where the figures come from
     */
    public record ChipLimits(String chip, double gyroNoiseDps, double gyroBiasDps, double accelNoiseMps2,
                             double accelBiasMps2, double magNoiseGauss, double baroNoisePa, String source) {
    }

    private static final Map<String, ChipLimits> LIMITS = new LinkedHashMap<>();

    static {
        // ICM-42688-P, DS-000347 Tables 1–2: 0.0028 °/s/√Hz, 70 µg/√Hz; driver UI filter 250 Hz;
        // gyro initial ZRO tolerance ±0.5 °/s, accel zero-g initial tolerance (board level) ±20 mg.
        imu("icm42688p", 0.0028, 70e-6, 250, 0.5, 0.020,
                "DS-000347 Tables 1–2: 0.0028 °/s/√Hz, 70 µg/√Hz over the driver's 250 Hz UI filter; ZRO ±0.5 °/s, zero-g ±20 mg");
        // MPU-6050, PS-MPU-6000A-00 rev 3.4 Tables 6.1–6.2: 0.005 °/s/√Hz, 400 µg/√Hz; DLPF_CFG 2
        // (gyro 98 Hz, accel 94 Hz: 98 Hz used); initial ZRO tolerance ±20 °/s; zero-g ±80 mg (Z; X/Y ±50 mg).
        imu("mpu6050", 0.005, 400e-6, 98, 20, 0.080,
                "PS-MPU-6000A-00 Tables 6.1–6.2: 0.005 °/s/√Hz, 400 µg/√Hz over the 98 Hz DLPF; ZRO ±20 °/s, zero-g ±80 mg (Z)");
        // ICM-20948, DS-000189 Tables 1–2: 0.015 °/s/√Hz, 230 µg/√Hz; DLPFs 119.5 Hz gyro / 111.4 Hz
        // accel (119.5 Hz used); ZRO initial tolerance ±5 °/s; zero-g board level ±50 mg.
        imu("icm20948", 0.015, 230e-6, 119.5, 5, 0.050,
                "DS-000189 Tables 1–2: 0.015 °/s/√Hz, 230 µg/√Hz over the 119.5 Hz DLPF; ZRO ±5 °/s, zero-g ±50 mg (board level)");
        // IST8310 with 16× averaging: about 1 LSB = 3 mG RMS per axis (0.3 µT/LSB; the driver's stuck-data rule).
        other("ist8310", 0.003 * NOISE_MARGIN, Double.NaN,
                "IST8310 datasheet 0.3 µT/LSB; ~1 LSB (3 mG) RMS per axis with 16× averaging");
        // QMC5883L at OSR 512: 2 mG RMS field resolution.
        other("qmc5883l", 0.002 * NOISE_MARGIN, Double.NaN, "QMC5883L datasheet: 2 mG RMS field resolution at OSR 512");
        // MS5611 at OSR 1024: 0.027 mbar RMS resolution (datasheet "Operating characteristics").
        other("ms5611", Double.NaN, 2.7 * NOISE_MARGIN, "MS5611-01BA03 operating characteristics: 0.027 mbar RMS at OSR 1024");
        // BMP280 at ×4 pressure oversampling: 1.6 Pa RMS before its IIR filter (table 7 use cases: 3.2 Pa at ×1, falling with √OSR).
        other("bmp280", Double.NaN, 1.6 * NOISE_MARGIN, "BST-BMP280-DS001 table 7: 1.6 Pa RMS at ×4 oversampling, before the IIR filter");
        // BMP388 at ×8 pressure oversampling: 2.3 Pa RMS with the IIR filter off (table 8).
        other("bmp388", Double.NaN, 2.3 * NOISE_MARGIN, "BST-BMP388-DS001 table 8: 2.3 Pa RMS at ×8 oversampling, IIR off");
    }

    private SelfTestLimits() {
    }

    private static void imu(String chip, double gyroDensityDps, double accelDensityG, double bandwidthHz, double zroDps,
                            double zeroGg, String source) {
        double root = Math.sqrt(bandwidthHz);
        LIMITS.put(chip, new ChipLimits(chip, NOISE_MARGIN * gyroDensityDps * root, zroDps,
                NOISE_MARGIN * accelDensityG * root * G, zeroGg * G, Double.NaN, Double.NaN, source));
    }

    private static void other(String chip, double magNoiseGauss, double baroNoisePa, String source) {
        LIMITS.put(chip, new ChipLimits(chip, Double.NaN, Double.NaN, Double.NaN, Double.NaN, magNoiseGauss, baroNoisePa,
                source));
    }

    /** @return the chip's limits, or null for a chip without at-rest checks (battery monitors, PWM) */
    public static ChipLimits of(String chip) {
        return LIMITS.get(chip);
    }

    /** Every chip's limits, in table order. */
    public static Iterable<ChipLimits> all() {
        return LIMITS.values();
    }

    // Calibration plausibility (CAL_* parameters).

    /** Largest plausible accelerometer offset, m/s²: the largest zero-g tolerance above (MPU-6050, 80 mg) doubled. */
    public static final double ACCEL_OFFSET_MAX_MPS2 = 2 * 0.080 * G;
    /** Largest plausible gyro offset, rad/s: the largest ZRO tolerance above (MPU-6050, ±20 °/s). */
    public static final double GYRO_OFFSET_MAX_RADPS = Math.toRadians(20);
    /** Largest plausible magnetometer offset per axis, gauss (PX4 mag_calibration.cpp MAG_MAX_OFFSET_LEN: beyond it the chip saturates). */
    public static final double MAG_OFFSET_MAX_GAUSS = 1.3;
    /** Plausible accelerometer scale factors (Hoverla: ±20 %; the chips' sensitivity tolerance is ±3 %). */
    public static final double ACCEL_SCALE_MIN = 0.8;
    public static final double ACCEL_SCALE_MAX = 1.2;
    /** Plausible magnetometer scale factors (soft iron; Hoverla's bound). */
    public static final double MAG_SCALE_MIN = 0.2;
    public static final double MAG_SCALE_MAX = 5.0;
    /** Largest plausible barometer offset, Pa (about 40 m of altitude; Hoverla's bound). */
    public static final double BARO_OFFSET_MAX_PA = 500;

    // Data, field and loop timing.

    /** Earth's field at the surface spans about 0.22–0.67 G (WMM); a reading outside 0.15–0.80 G is a dead or disturbed sensor. */
    public static final double MAG_FIELD_MIN_GAUSS = 0.15;
    public static final double MAG_FIELD_MAX_GAUSS = 0.80;
    /** Static pressure a bench can see: 300..1100 hPa (the barometers' operating range). */
    public static final double PRESSURE_MIN_PA = 30_000;
    public static final double PRESSURE_MAX_PA = 110_000;
    /** A device must deliver at least this share of the samples its period promises. */
    public static final double SAMPLE_SHARE_MIN = 0.5;
    /** Loop timing: base-rate cycles run at least this share of the expected count. */
    public static final double LOOP_CYCLE_SHARE_MIN = 0.95;
    /** Loop timing: RMS jitter of the base-rate task's period, µs (a tenth of the 1 kHz period). */
    public static final double LOOP_JITTER_RMS_MAX_US = 100;
    /** Loop timing: the latest any task ran after its deadline, µs (5 base periods). */
    public static final double LOOP_LATENESS_MAX_US = 5_000;
    /**
     * Loop timing: task runs over their time budget, as a share of all task runs (each of the
     * twelve tasks counts its own runs and overruns, so the share is of runs, not of base-rate
     * cycles: about 5,400 task runs a second).
     */
    public static final double LOOP_OVERRUN_SHARE_MAX = 0.01;
}
