package org.hoverla.core.estimation.ekf;

/**
 * Fixed-capacity FIFO of one sensor's measurements waiting for the EKF's delayed fusion horizon
 * (PX4 ekf2's per-sensor {@code RingBuffer}s). A measurement carries its sample time and up to
 * {@link #WIDTH} values (callers pass 0 for unused ones); it is released by {@link #popDue} once
 * the EKF has predicted up to its sample time, so it is fused against the state of that time.
 *
 * <p>Rejected and counted, never thrown: non-finite values ({@link #invalid()}); a sample time
 * before the previous one ({@link #outOfOrder()}); a sample time the horizon has already passed
 * ({@link #late()}: the sensor is slower than the configured delay). A push into a full buffer
 * drops the oldest entry ({@link #overflows()}). Allocation-free; one thread.
 */
public final class MeasurementBuffer {
    public static final int WIDTH = 6;

    private final int capacity;
    private final long[] time;
    private final double[] values;
    private int head;
    private int count;
    private long lastPushedNs = Long.MIN_VALUE;
    private long poppedTimeNs = Long.MIN_VALUE;
    private final double[] popped = new double[WIDTH];

    private long pushed;
    private long invalid;
    private long outOfOrder;
    private long late;
    private long overflows;

    public MeasurementBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        time = new long[capacity];
        values = new double[WIDTH * capacity];
    }

    /** Three-value measurement (the rest 0). */
    public boolean push(long sampleTimeNs, long horizonNs, double v0, double v1, double v2) {
        return push(sampleTimeNs, horizonNs, v0, v1, v2, 0.0, 0.0, 0.0);
    }

    /**
     * @param horizonNs the EKF's current (delayed) time: a sample at or before it is late
     * @return true when queued
     */
    public boolean push(long sampleTimeNs, long horizonNs, double v0, double v1, double v2, double v3, double v4,
                        double v5) {
        if (!(Double.isFinite(v0) && Double.isFinite(v1) && Double.isFinite(v2) && Double.isFinite(v3)
                && Double.isFinite(v4) && Double.isFinite(v5))) {
            invalid++;
            return false;
        }
        if (sampleTimeNs < lastPushedNs) {
            outOfOrder++;
            return false;
        }
        if (sampleTimeNs < horizonNs) {
            late++;
            return false;
        }
        if (count == capacity) {
            head = (head + 1) % capacity;
            count--;
            overflows++;
        }
        int i = (head + count) % capacity;
        count++;
        time[i] = sampleTimeNs;
        int o = WIDTH * i;
        values[o] = v0;
        values[o + 1] = v1;
        values[o + 2] = v2;
        values[o + 3] = v3;
        values[o + 4] = v4;
        values[o + 5] = v5;
        lastPushedNs = sampleTimeNs;
        pushed++;
        return true;
    }

    /** Removes the oldest measurement if its sample time is at or before {@code horizonNs}; see {@link #value}. */
    public boolean popDue(long horizonNs) {
        if (count == 0 || time[head] > horizonNs) {
            return false;
        }
        poppedTimeNs = time[head];
        System.arraycopy(values, WIDTH * head, popped, 0, WIDTH);
        head = (head + 1) % capacity;
        count--;
        return true;
    }

    /** Value {@code i} of the measurement last popped. */
    public double value(int i) {
        return popped[i];
    }

    /** Sample time of the measurement last popped. */
    public long sampleTimeNs() {
        return poppedTimeNs;
    }

    public void clear() {
        head = 0;
        count = 0;
        lastPushedNs = Long.MIN_VALUE;
    }

    public int size() {
        return count;
    }

    public long pushed() {
        return pushed;
    }

    public long invalid() {
        return invalid;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long late() {
        return late;
    }

    public long overflows() {
        return overflows;
    }
}
