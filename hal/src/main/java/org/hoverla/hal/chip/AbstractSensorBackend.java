package org.hoverla.hal.chip;

import org.hoverla.hal.bus.BusException;

/**
 * The bookkeeping every chip backend shares: its identity (chip name, PX4 device id, read period)
 * and its health (a healthy flag, bus errors, stuck reads). Subclasses keep their own thresholds and
 * decide when a read makes them healthy again; the IMU backends keep theirs in an
 * {@link ImuRawMonitor} instead ({@link InvenSenseImu} overrides the health getters). Driver thread
 * only; nothing here allocates.
 *
 * @param <S> the sample type
 */
abstract class AbstractSensorBackend<S> implements SensorBackend<S> {
    private final String chip;
    private final int deviceId;
    private final long periodNs;
    private boolean healthy = true;
    private long busErrors;
    private long stuckReads;

    AbstractSensorBackend(String chip, int deviceId, long periodNs) {
        this.chip = chip;
        this.deviceId = deviceId;
        this.periodNs = periodNs;
    }

    @Override
    public final String chip() {
        return chip;
    }

    @Override
    public final int deviceId() {
        return deviceId;
    }

    @Override
    public final long periodNs() {
        return periodNs;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public long busErrors() {
        return busErrors;
    }

    @Override
    public long stuckReads() {
        return stuckReads;
    }

    /**
     * Counts a failed transfer and marks the backend unhealthy until a good read; returns {@code e}
     * so the caller can write {@code throw busError(e)} (the caller retries, SensorBackend#read).
     */
    final BusException busError(BusException e) {
        busErrors++;
        healthy = false;
        return e;
    }

    /** Counts a read whose data are stuck and marks the backend unhealthy. */
    final void stuckRead() {
        stuckReads++;
        healthy = false;
    }

    final void setHealthy(boolean healthy) {
        this.healthy = healthy;
    }

    /**
     * Tracks runs of reads whose raw data repeat the previous read exactly. The owner compares the
     * data (it knows their layout) and reports each comparison; allocation-free.
     */
    static final class RepeatRun {
        private final int limit;
        private int repeats;

        /** @param limit repeats in a row (reads after the first) from which the data count as stuck */
        RepeatRun(int limit) {
            this.limit = limit;
        }

        /** Reports one read; true when it ends a run of at least {@code limit} repeats. */
        boolean stuck(boolean sameAsPrevious) {
            if (!sameAsPrevious) {
                repeats = 0;
                return false;
            }
            return ++repeats >= limit;
        }
    }
}
