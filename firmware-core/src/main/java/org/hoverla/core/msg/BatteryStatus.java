package org.hoverla.core.msg;

/** Battery state for failsafes and telemetry. */
public final class BatteryStatus {
    public long timestampNs;
    public double voltageV;
    /** Discharge current (A), NaN when not measured. */
    public double currentA = Double.NaN;
    /** Voltage of the pack filtered for decisions (V). */
    public double voltageFilteredV;
    public boolean connected;
    /**
     * Estimated state of charge, 1 full .. 0 empty; NaN when unknown (see
     * {@link org.hoverla.core.sensors.BatteryStateOfCharge}).
     */
    public double remainingFraction = Double.NaN;

    public void copyFrom(BatteryStatus m) {
        timestampNs = m.timestampNs;
        voltageV = m.voltageV;
        currentA = m.currentA;
        voltageFilteredV = m.voltageFilteredV;
        connected = m.connected;
        remainingFraction = m.remainingFraction;
    }
}
