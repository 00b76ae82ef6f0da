package org.hoverla.core.msg;

/**
 * Health and selection of the instances of one sensor role (IMU, barometer, magnetometer or
 * GNSS), published by that role's frontend every time it runs, as PX4's
 * {@code sensors_status_imu} / {@code sensors_status_baro} / {@code sensors_status_mag}.
 * Telemetry reads it for the SYS_STATUS sensor bits; the estimator for its rejected-sample count.
 *
 * <p>Per-instance arrays are indexed as the board file lists the instances; entries at and
 * beyond {@link #instanceCount} are unused. Counters are cumulative since boot.
 */
public final class SensorsStatus {
    /** Most instances of one role a frontend takes (PX4 keeps four calibration slots per role). */
    public static final int MAX_INSTANCES = 4;

    /** Unhealthy because no accepted sample arrived within the role's timeout (or none yet). */
    public static final int FAULT_TIMEOUT = 1;
    /** Unhealthy because the raw values stopped changing (frozen sensor or bus). */
    public static final int FAULT_STUCK = 1 << 1;
    /** Unhealthy because bus errors and rejected samples outnumber good samples lately. */
    public static final int FAULT_ERRORS = 1 << 2;

    public long timestampNs;
    /** Instances of this role on the vehicle (0 = the role is absent). */
    public int instanceCount;
    /** Index of the instance whose data is published, -1 before any was healthy. */
    public int selected = -1;
    /** PX4 device id of the selected instance, 0 when none. */
    public int selectedDeviceId;
    /** Whether the selected instance is healthy; false when none is selected. */
    public boolean healthy;
    /** Changes away from an unhealthy selected instance to a healthy one. */
    public long failovers;
    /** Every change of the selected instance (failovers and returns to a recovered, preferred one). */
    public long switches;
    /** Samples refused as non-finite, out of range or out of time order, all instances. */
    public long rejectedSamples;

    public final int[] deviceId = new int[MAX_INSTANCES];
    public final int[] priority = new int[MAX_INSTANCES];
    public final boolean[] instanceHealthy = new boolean[MAX_INSTANCES];
    /** Bit set of {@code FAULT_*} per instance; 0 when healthy. */
    public final int[] faults = new int[MAX_INSTANCES];
    /** Bus errors the driver reported (growth of the sample's cumulative error count). */
    public final long[] busErrors = new long[MAX_INSTANCES];
    /** Samples received while the instance looked stuck. */
    public final long[] stuckSamples = new long[MAX_INSTANCES];
    /** Times the instance went silent for longer than the timeout after having delivered. */
    public final long[] timeouts = new long[MAX_INSTANCES];
    /** Samples refused because a value was NaN or infinite. */
    public final long[] nonFiniteSamples = new long[MAX_INSTANCES];
    /** Samples refused because a value was beyond the sensor's or the physical range. */
    public final long[] outOfRangeSamples = new long[MAX_INSTANCES];
    /** Samples refused because their time did not advance. */
    public final long[] outOfOrderSamples = new long[MAX_INSTANCES];
    /** Samples accepted. */
    public final long[] acceptedSamples = new long[MAX_INSTANCES];

    public void copyFrom(SensorsStatus m) {
        timestampNs = m.timestampNs;
        instanceCount = m.instanceCount;
        selected = m.selected;
        selectedDeviceId = m.selectedDeviceId;
        healthy = m.healthy;
        failovers = m.failovers;
        switches = m.switches;
        rejectedSamples = m.rejectedSamples;
        System.arraycopy(m.deviceId, 0, deviceId, 0, MAX_INSTANCES);
        System.arraycopy(m.priority, 0, priority, 0, MAX_INSTANCES);
        System.arraycopy(m.instanceHealthy, 0, instanceHealthy, 0, MAX_INSTANCES);
        System.arraycopy(m.faults, 0, faults, 0, MAX_INSTANCES);
        System.arraycopy(m.busErrors, 0, busErrors, 0, MAX_INSTANCES);
        System.arraycopy(m.stuckSamples, 0, stuckSamples, 0, MAX_INSTANCES);
        System.arraycopy(m.timeouts, 0, timeouts, 0, MAX_INSTANCES);
        System.arraycopy(m.nonFiniteSamples, 0, nonFiniteSamples, 0, MAX_INSTANCES);
        System.arraycopy(m.outOfRangeSamples, 0, outOfRangeSamples, 0, MAX_INSTANCES);
        System.arraycopy(m.outOfOrderSamples, 0, outOfOrderSamples, 0, MAX_INSTANCES);
        System.arraycopy(m.acceptedSamples, 0, acceptedSamples, 0, MAX_INSTANCES);
    }
}
