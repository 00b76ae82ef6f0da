package org.hoverla.core.calibration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hoverla.hal.GnssSample;

/**
 * Barometer offset, every barometer at once, as PX4 {@code baro_calibration.cpp} does it: the
 * mean pressure of each barometer over {@value #DURATION_S} s, compared with the pressure the
 * standard atmosphere gives at the GNSS receiver's mean-sea-level altitude, so that afterwards the
 * barometer's pressure altitude equals the GNSS altitude. PX4 needs a GNSS fix for it (2D or
 * better, vertical accuracy under 100 m) and fails with "GPS required for baro cal" without one;
 * so does Hoverla. CAL_BAROn_OFF (Pa) is what the frontend subtracts from the raw pressure; PX4's
 * search for it is bounded to ±10 000 Pa, beyond which Hoverla fails instead of saving nothing.
 * Writes CAL_BAROn_ID, _OFF, _DATE, _TEMP.
 */
final class BaroProcedure extends Procedure {
    static final double DURATION_S = 3.0;
    static final long DURATION_NS = 3_000_000_000L;
    static final double MAX_OFFSET_PA = 10_000.0;
    static final double MAX_EPV_M = 100.0;
    static final long MAX_GNSS_AGE_NS = 2_000_000_000L;
    static final int MIN_SAMPLES = 5;

    private final RunningStats[] stats;
    private long startNs;

    BaroProcedure(CalibrationRunner runner, CalibrationContext ctx) {
        super(runner, ctx);
        stats = new RunningStats[ctx.baros.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new RunningStats(1);
        }
    }

    @Override
    int requiredSensor() {
        return RawSample.BARO;
    }

    @Override
    void begin(long nowNs) {
        if (stats.length == 0) {
            runner.fail("no baro found");
            return;
        }
        startNs = nowNs;
    }

    @Override
    void sample(RawSample s, long nowNs) {
        if (s.sensor == RawSample.BARO) {
            int i = indexOf(ctx.baros, s.instance);
            if (i >= 0) {
                stats[i].add(s.v, 0, s.temperatureC);
            }
        }
    }

    @Override
    void tick(long nowNs) {
        if (nowNs - startNs < DURATION_NS) {
            return;
        }
        GnssSample fix = ctx.gnss.get();
        if (fix == null || fix.fixType < GnssSample.FIX_2D || !(fix.epvM < MAX_EPV_M)
                || !Double.isFinite(fix.altMslM) || nowNs - fix.timestampSampleNs > MAX_GNSS_AGE_NS) {
            runner.fail(CalibrationTexts.REASON_GPS_BARO);
            return;
        }
        double expectedPa = standardPressurePa(fix.altMslM);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < stats.length; i++) {
            if (stats[i].count() < MIN_SAMPLES) {
                runner.fail(CalibrationTexts.REASON_SENSOR);
                return;
            }
            double offset = stats[i].mean(0) - expectedPa;
            if (!(Math.abs(offset) <= MAX_OFFSET_PA)) {
                runner.fail("baro " + i + " offset too large");
                return;
            }
            CalibrationContext.Sensor sensor = ctx.baros.get(i);
            int slot = slotFor("BARO", sensor.deviceId());
            if (slot < 0) {
                runner.fail("no free CAL_BARO slot");
                return;
            }
            out.putAll(slotHeader("BARO", slot, sensor.deviceId(), stats[i].temperature()));
            out.put("CAL_BARO" + slot + "_OFF", offset);
        }
        runner.finish(out);
    }

    /**
     * Static pressure (Pa) of the International Standard Atmosphere at geopotential altitude
     * {@code altitudeM}: the inverse of {@link org.hoverla.core.estimation.Atmosphere#pressureToAltitudeM}.
     */
    static double standardPressurePa(double altitudeM) {
        return org.hoverla.core.estimation.Atmosphere.SEA_LEVEL_PRESSURE_PA
                * Math.pow(1.0 - org.hoverla.core.estimation.Atmosphere.LAPSE_RATE_K_PER_M * altitudeM
                        / org.hoverla.core.estimation.Atmosphere.SEA_LEVEL_TEMPERATURE_K,
                org.hoverla.core.estimation.Atmosphere.EXPONENT);
    }
}
