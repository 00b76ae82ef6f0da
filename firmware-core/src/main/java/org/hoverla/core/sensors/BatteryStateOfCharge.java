package org.hoverla.core.sensors;

/**
 * State of charge of a battery pack from its voltage, corrected for the voltage sag under load
 * when the current is measured, as PX4's battery library estimates it ({@code Battery::
 * estimateStateOfCharge} with no capacity configured): the per-cell voltage, raised by the sag
 * {@code I R}, interpolated linearly between the empty and the full cell voltage
 * ({@code BAT1_V_EMPTY} → 0, {@code BAT1_V_CHARGED} → 1), clamped to [0, 1].
 *
 * <p><b>Sag.</b> PX4 takes the resistance from {@code BAT1_R_INTERNAL} or estimates it online;
 * Hoverla has no resistance parameter and estimates the pack resistance from load steps: when
 * the current changes by at least {@value #MIN_CURRENT_STEP_A} A between two readings, the
 * voltage change over the current change is a resistance sample (the open-circuit voltage does
 * not move in one reading interval); plausible samples (0 to {@value #MAX_RESISTANCE_OHM} Ω) are
 * averaged with weight {@value #RESISTANCE_GAIN}. Until a step is seen (or without a current
 * sensor) no correction is applied: the estimate then reads low under load, never high.
 *
 * <p><b>Smoothing.</b> The result is low-passed with a {@value #TAU_S} s time constant so the
 * reading does not jump with throttle; the first reading is taken as it is.
 *
 * <p>Units: V, A (positive discharging), s; remaining as a fraction, NaN when unknown (no
 * configuration, no voltage). Flight thread; allocation-free; never throws.
 */
public final class BatteryStateOfCharge {
    /** Smallest current change that gives a resistance sample (A). */
    public static final double MIN_CURRENT_STEP_A = 2.0;
    /** Largest plausible pack resistance (Ω); larger samples are noise or a bad sensor. */
    public static final double MAX_RESISTANCE_OHM = 0.5;
    /** Weight of a new resistance sample. */
    public static final double RESISTANCE_GAIN = 0.2;
    /** Time constant of the output low-pass (s). */
    public static final double TAU_S = 2.0;

    private double resistanceOhm = Double.NaN;
    private double lastVoltageV = Double.NaN;
    private double lastCurrentA = Double.NaN;
    private double remaining = Double.NaN;

    /**
     * Adds one reading and returns the new estimate.
     *
     * @param voltageV     pack voltage at the terminals (V)
     * @param currentA     discharge current (A), NaN when not measured
     * @param dtS          time since the previous reading (s)
     * @param cells        cells in series ({@code BAT1_N_CELLS}), ≥ 1
     * @param vEmptyCellV  cell voltage taken as empty ({@code BAT1_V_EMPTY})
     * @param vFullCellV   cell voltage taken as full ({@code BAT1_V_CHARGED}), above {@code vEmptyCellV}
     * @return remaining fraction 0..1, NaN when unknown
     */
    public double update(double voltageV, double currentA, double dtS, int cells, double vEmptyCellV,
                         double vFullCellV) {
        if (!(voltageV > 0.0) || !Double.isFinite(voltageV) || cells < 1 || !(vFullCellV > vEmptyCellV)
                || !Double.isFinite(vEmptyCellV) || !Double.isFinite(vFullCellV)) {
            remaining = Double.NaN;
            lastVoltageV = Double.NaN;
            lastCurrentA = Double.NaN;
            return remaining;
        }
        boolean haveCurrent = Double.isFinite(currentA);
        if (haveCurrent && Double.isFinite(lastCurrentA)) {
            double di = currentA - lastCurrentA;
            if (Math.abs(di) >= MIN_CURRENT_STEP_A) {
                double r = -(voltageV - lastVoltageV) / di;
                if (r >= 0.0 && r <= MAX_RESISTANCE_OHM) {
                    resistanceOhm = Double.isNaN(resistanceOhm) ? r : resistanceOhm + RESISTANCE_GAIN * (r - resistanceOhm);
                }
            }
        }
        lastVoltageV = voltageV;
        lastCurrentA = haveCurrent ? currentA : Double.NaN;
        double sag = haveCurrent && Double.isFinite(resistanceOhm) ? currentA * resistanceOhm : 0.0;
        double cellV = (voltageV + sag) / cells;
        double soc = (cellV - vEmptyCellV) / (vFullCellV - vEmptyCellV);
        soc = soc < 0.0 ? 0.0 : (soc > 1.0 ? 1.0 : soc);
        if (Double.isNaN(remaining) || !(dtS > 0.0) || !Double.isFinite(dtS)) {
            remaining = Double.isNaN(remaining) ? soc : remaining;
        } else {
            remaining += dtS / (TAU_S + dtS) * (soc - remaining);
        }
        return remaining;
    }

    /**
     * Forgets the pack: the next reading starts a new estimate as it is, with no resistance.
     * Called when the pack is disconnected, so a swapped pack is not judged by the old one's
     * charge or by a "load step" across the swap.
     */
    public void reset() {
        resistanceOhm = Double.NaN;
        lastVoltageV = Double.NaN;
        lastCurrentA = Double.NaN;
        remaining = Double.NaN;
    }

    /** The last estimate (fraction 0..1), NaN when unknown. */
    public double remaining() {
        return remaining;
    }

    /** The estimated pack resistance (Ω), NaN before the first load step. */
    public double resistanceOhm() {
        return resistanceOhm;
    }
}
