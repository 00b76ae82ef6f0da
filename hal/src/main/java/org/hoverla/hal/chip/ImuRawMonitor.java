package org.hoverla.hal.chip;

/**
 * Health bookkeeping shared by the IMU chip backends: bus errors, stuck raw data, saturated
 * samples and bad frames. Driver thread only; allocation-free.
 *
 * <p>Stuck data is a run of {@code stuckRunLength} consecutive samples whose six raw axes are all
 * identical to the previous sample's. Each backend picks the run length from its noise floor (a
 * still, powered MEMS IMU dithers its low bits every sample; see the backends' comments).
 */
final class ImuRawMonitor {
    private final int stuckRunLength;
    private final long starvedAfterNs;
    private long lastSampleNs = Long.MIN_VALUE;
    private boolean starved;
    private long starvedReads;
    private final int[] previous = new int[6];
    private boolean havePrevious;
    private int identicalRun;
    private boolean stuck;
    private boolean busFault;
    private long busErrors;
    private long stuckReads;
    private long saturatedSamples;
    private long badFrames;

    /**
     * @param stuckRunLength identical consecutive samples that mean stuck data
     * @param starvedAfterNs time without any new sample after which the chip counts as silent
     *     (powered down or reset behind the driver's back: FIFO empty or data-ready never set)
     */
    ImuRawMonitor(int stuckRunLength, long starvedAfterNs) {
        this.stuckRunLength = stuckRunLength;
        this.starvedAfterNs = starvedAfterNs;
    }

    /** Counts a failed bus transfer; the backend is unhealthy until a read succeeds. */
    void busError() {
        busErrors++;
        busFault = true;
    }

    /** Counts a frame the chip delivered but that failed its checks (FIFO header, count). */
    void badFrame() {
        badFrames++;
    }

    /** A read completed without bus error. */
    void readOk() {
        busFault = false;
    }

    /**
     * Checks one sample's raw axes (accel x, y, z, gyro x, y, z as the chip sent them) for
     * saturation and for repeating the previous sample.
     */
    void sample(int ax, int ay, int az, int gx, int gy, int gz, int fullScaleRaw) {
        if (saturated(ax, fullScaleRaw) || saturated(ay, fullScaleRaw) || saturated(az, fullScaleRaw)
                || saturated(gx, fullScaleRaw) || saturated(gy, fullScaleRaw) || saturated(gz, fullScaleRaw)) {
            saturatedSamples++;
        }
        if (havePrevious && previous[0] == ax && previous[1] == ay && previous[2] == az
                && previous[3] == gx && previous[4] == gy && previous[5] == gz) {
            identicalRun++;
        } else {
            identicalRun = 0;
            stuck = false;
        }
        if (identicalRun >= stuckRunLength - 1) {
            stuck = true;
        }
        previous[0] = ax;
        previous[1] = ay;
        previous[2] = az;
        previous[3] = gx;
        previous[4] = gy;
        previous[5] = gz;
        havePrevious = true;
    }

    /**
     * Ends one read at {@code nowNs} that delivered {@code samples}: a read that leaves the data
     * stuck counts once in {@link #stuckReads()}; a read ending a silence longer than the limit
     * counts in {@link #starvedReads()}.
     */
    void endRead(long nowNs, int samples) {
        if (samples > 0 || lastSampleNs == Long.MIN_VALUE) {
            lastSampleNs = nowNs;
        }
        starved = nowNs - lastSampleNs > starvedAfterNs;
        if (starved) {
            starvedReads++;
        }
        if (stuck && samples > 0) {
            stuckReads++;
        }
    }

    private static boolean saturated(int raw, int fullScaleRaw) {
        return raw >= fullScaleRaw || raw <= -fullScaleRaw;
    }

    boolean healthy() {
        return !busFault && !stuck && !starved;
    }

    long busErrors() {
        return busErrors;
    }

    long stuckReads() {
        return stuckReads;
    }

    long starvedReads() {
        return starvedReads;
    }

    long saturatedSamples() {
        return saturatedSamples;
    }

    long badFrames() {
        return badFrames;
    }

    /** What {@code ImuSample.errorCount} carries: bus errors and bad frames, monotonic. */
    long errorCount() {
        return busErrors + badFrames;
    }
}
