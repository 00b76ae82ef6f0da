package org.hoverla.core.msg;

/**
 * Output of the failure detector (PX4 failure_detector_status): attitude failure and motor
 * failure, judged from the attitude and from the control effort. Read by the failsafe table.
 */
public final class FailureDetectorStatus {
    public long timestampNs;
    /** Roll or pitch beyond its limit for longer than its time threshold (FD_FAIL_R / FD_FAIL_P). */
    public boolean attitudeFailure;
    /** Bit i set: motor i (0-based, the mixer's order) judged failed. */
    public int motorFailureMask;
    /** Thrust lost overall: the vehicle sinks although the mixer saturates upwards. */
    public boolean thrustLoss;

    public void copyFrom(FailureDetectorStatus m) {
        timestampNs = m.timestampNs;
        attitudeFailure = m.attitudeFailure;
        motorFailureMask = m.motorFailureMask;
        thrustLoss = m.thrustLoss;
    }
}
