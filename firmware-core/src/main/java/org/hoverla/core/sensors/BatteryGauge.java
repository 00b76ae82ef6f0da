package org.hoverla.core.sensors;

import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;

/**
 * The battery as the vehicle judges it: reads the battery monitor, keeps the decision voltage
 * (a first-order low-pass with weight {@value #VOLTAGE_FILTER_GAIN} per reading, restarted from
 * the raw reading while the pack reads disconnected), whether a pack is connected (above
 * {@value #CONNECTED_MIN_V} V) and the state of charge ({@link BatteryStateOfCharge} from
 * {@code BAT1_N_CELLS}, {@code BAT1_V_EMPTY}, {@code BAT1_V_CHARGED}). Readings that are not a
 * finite, non-negative voltage are dropped.
 *
 * <p>Units: V, A, ns. Flight thread (the commander calls {@link #poll} once per state cycle);
 * allocation-free; never throws.
 */
public final class BatteryGauge {
    /** Weight of a new reading in the filtered voltage. */
    public static final double VOLTAGE_FILTER_GAIN = 0.05;
    /** A pack reading at or below this voltage (V) counts as not connected. */
    public static final double CONNECTED_MIN_V = 1.0;

    private final BatteryMonitor monitor;
    private final BatterySample sample = new BatterySample();
    private final BatteryStatus status = new BatteryStatus();
    private final BatteryStateOfCharge stateOfCharge = new BatteryStateOfCharge();
    private int cells;
    private double emptyCellV;
    private double fullCellV;
    private long lastReadingNs = Long.MIN_VALUE;

    public BatteryGauge(BatteryMonitor monitor) {
        this.monitor = monitor;
    }

    /** The pack configuration for the state of charge: cells in series, empty and full cell voltage (V). */
    public void configure(int cells, double emptyCellV, double fullCellV) {
        this.cells = cells;
        this.emptyCellV = emptyCellV;
        this.fullCellV = fullCellV;
    }

    /**
     * Takes the newest reading, if any.
     *
     * @return true when {@link #status()} changed (stamped {@code nowNs}) and is to be published
     */
    public boolean poll(long nowNs) {
        if (!monitor.poll(sample) || !Double.isFinite(sample.voltageV) || sample.voltageV < 0.0) {
            return false;
        }
        status.voltageV = sample.voltageV;
        status.currentA = sample.currentA;
        status.voltageFilteredV = status.connected
                ? status.voltageFilteredV + VOLTAGE_FILTER_GAIN * (sample.voltageV - status.voltageFilteredV)
                : sample.voltageV;
        status.connected = sample.voltageV > CONNECTED_MIN_V;
        double dtS = lastReadingNs == Long.MIN_VALUE ? 0.0 : (nowNs - lastReadingNs) * 1e-9;
        lastReadingNs = nowNs;
        if (status.connected) {
            status.remainingFraction = stateOfCharge.update(sample.voltageV, sample.currentA, dtS, cells, emptyCellV,
                    fullCellV);
        } else {
            // The next pack may be another one: its charge starts from its own first reading.
            stateOfCharge.reset();
            status.remainingFraction = Double.NaN;
        }
        status.timestampNs = nowNs;
        return true;
    }

    /** A connected pack whose filtered voltage is below {@code minV} (V); false when none is connected. */
    public boolean voltageBelow(double minV) {
        return status.connected && status.voltageFilteredV < minV;
    }

    /** The battery state; owned by the gauge, valid until the next {@link #poll}. */
    public BatteryStatus status() {
        return status;
    }
}
