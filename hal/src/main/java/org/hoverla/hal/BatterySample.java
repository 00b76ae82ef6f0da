package org.hoverla.hal;

/** One battery-monitor reading. */
public final class BatterySample {
    public long timestampSampleNs;
    /** Pack voltage at the terminals, under load (V). */
    public double voltageV;
    /** Current drawn from the pack (A), positive when discharging; NaN when not measured. */
    public double currentA = Double.NaN;
    public long errorCount;

    public void copyFrom(BatterySample s) {
        timestampSampleNs = s.timestampSampleNs;
        voltageV = s.voltageV;
        currentA = s.currentA;
        errorCount = s.errorCount;
    }
}
