package org.hoverla.hal.rc;

/**
 * The flight state a CRSF receiver sends back to the transmitter: battery, attitude and flight
 * mode, in SI units. Filled by a {@link SerialRcReceiver.TelemetrySource} on the receiver's driver
 * thread from the flight thread's published snapshots; the receiver encodes it with
 * {@link CrsfTelemetryEncoder}. A part whose {@code *Valid} flag is false is not sent.
 */
public final class CrsfTelemetryState {
    public boolean batteryValid;
    /** Pack voltage, V. */
    public float voltageV;
    /** Discharge current, A (0 when not measured). */
    public float currentA;
    /** Charge drawn since boot, mAh (0 when not measured). */
    public long capacityUsedMah;
    /** State of charge, 0..100 %. */
    public int remainingPct;

    public boolean attitudeValid;
    /** Euler angles of the body FRD frame in NED, rad. */
    public float rollRad;
    public float pitchRad;
    public float yawRad;

    /**
     * The flight mode text as the transmitter shows it (PX4's words: "Position", "Mission", …),
     * or null when unknown. Must be a constant string: it is read, not copied.
     */
    public String flightMode;
}
