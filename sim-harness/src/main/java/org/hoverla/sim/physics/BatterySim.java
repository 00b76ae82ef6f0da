package org.hoverla.sim.physics;

import org.hoverla.hal.BatterySample;

/**
 * A battery pack as a state of charge plus an open-circuit-voltage curve and a series
 * resistance (the simplest Thevenin model, no RC polarisation branch): the state of charge
 * falls by the integrated current over the capacity, and the terminal voltage is
 * {@code OCV(soc) - I R}. Values come from {@link Airframe}.
 *
 * <p>Units: A, V, s; remaining fraction in [0, 1]. Starts full. Single-threaded; the
 * lockstep runner calls {@link #update} each physics step with {@link
 * MulticopterSim#totalCurrentA()}. Allocation-free, throws nothing at run time.
 */
public final class BatterySim {
    private final Airframe af;
    private final double capacityAs;
    private double soc = 1.0;
    private double currentA;
    private double voltageV;
    private double consumedAh;
    private double extraSagV;

    public BatterySim(Airframe airframe) {
        this.af = airframe;
        this.capacityAs = airframe.batteryCapacityAh() * 3600.0;
        this.voltageV = airframe.openCircuitVoltageV(1.0);
    }

    /** Sets the state of charge (0..1), e.g. to start a scenario with a half-empty pack. */
    public void reset(double stateOfCharge) {
        soc = stateOfCharge < 0.0 ? 0.0 : (stateOfCharge > 1.0 ? 1.0 : stateOfCharge);
        consumedAh = (1.0 - soc) * af.batteryCapacityAh();
        currentA = 0.0;
        voltageV = af.openCircuitVoltageV(soc);
    }

    /** Draws {@code currentA} (positive = discharge) for {@code dtS} seconds. */
    public void update(double dtS, double currentA) {
        double i = Double.isFinite(currentA) ? currentA : 0.0;
        if (dtS > 0.0 && dtS < Double.POSITIVE_INFINITY) {
            soc -= i * dtS / capacityAs;
            consumedAh += i * dtS / 3600.0;
            if (soc < 0.0) {
                soc = 0.0;
            } else if (soc > 1.0) {
                soc = 1.0;
            }
        }
        this.currentA = i;
        double v = af.openCircuitVoltageV(soc) - i * af.batteryInternalResistanceOhm() - extraSagV;
        voltageV = v > 0.0 ? v : 0.0;
    }

    /**
     * An extra terminal-voltage drop (V), as an aged or cold pack sags: a scenario's battery sag.
     * Applies from the next {@link #update}; 0 removes it.
     */
    public void setExtraSag(double volts) {
        extraSagV = Double.isFinite(volts) && volts > 0.0 ? volts : 0.0;
    }

    /** Terminal voltage under the last current (V). */
    public double voltageV() {
        return voltageV;
    }

    /** Last current drawn (A). */
    public double currentA() {
        return currentA;
    }

    /** State of charge, 1 full, 0 empty. */
    public double remainingFraction() {
        return soc;
    }

    /** Charge drawn since full (Ah). */
    public double consumedAh() {
        return consumedAh;
    }

    /** Writes an ideal battery-monitor reading (no sensor noise) taken at {@code nowNs}. */
    public void sample(long nowNs, BatterySample out) {
        out.timestampSampleNs = nowNs;
        out.voltageV = voltageV;
        out.currentA = currentA;
    }
}
