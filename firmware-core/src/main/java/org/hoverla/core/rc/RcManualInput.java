package org.hoverla.core.rc;

import org.hoverla.core.msg.ManualControlSetpoint;

/**
 * Calibrated, mapped RC input: what the pilot's sticks and switches ask for, written by
 * {@link RcCalibration#map}. Signs follow PX4's {@code manual_control_setpoint} once the channels
 * are calibrated: roll right, pitch forward (nose down) and yaw right are positive.
 */
public final class RcManualInput {
    /** PX4 {@code manual_control_switches} positions, as the manual input carries them on. */
    public static final int SWITCH_NONE = ManualControlSetpoint.SWITCH_NONE;
    public static final int SWITCH_ON = ManualControlSetpoint.SWITCH_ON;
    public static final int SWITCH_OFF = ManualControlSetpoint.SWITCH_OFF;
    /** No mode slot: the mode channel is not mapped, or the input is not valid. */
    public static final int MODE_SLOT_NONE = ManualControlSetpoint.MODE_SLOT_NONE;

    /** Receiver time of the frame this came from, ns. */
    public long timestampSampleNs;
    /**
     * True only when the receiver is not in failsafe, sends at least four channels, and roll, pitch,
     * yaw and throttle are mapped to calibrated channels it sends. When false, sticks and throttle
     * are 0 and the switches are {@link #SWITCH_NONE}: never use them.
     */
    public boolean valid;
    /** −1..1. */
    public float rollNorm;
    /** −1..1. */
    public float pitchNorm;
    /** −1..1. */
    public float yawNorm;
    /** 0 (stick low) .. 1 (stick high). */
    public float throttleNorm;
    /** Flight-mode slot 1..6 from RC_MAP_FLTMODE, or {@link #MODE_SLOT_NONE}. */
    public int modeSlot;
    /** {@link #SWITCH_ON}, {@link #SWITCH_OFF} or {@link #SWITCH_NONE} (not mapped). */
    public int armSwitch;
    /** {@link #SWITCH_ON}, {@link #SWITCH_OFF} or {@link #SWITCH_NONE} (not mapped). */
    public int killSwitch;
    /** Number of entries of {@link #channelsNorm} in use (the receiver's channel count, at most 18). */
    public int channelCount;
    /** Every channel calibrated to −1..1 (reverse applied), 0 for channels with an invalid calibration. */
    public final float[] channelsNorm = new float[RcCalibration.MAX_CHANNELS];

    public void copyFrom(RcManualInput s) {
        timestampSampleNs = s.timestampSampleNs;
        valid = s.valid;
        rollNorm = s.rollNorm;
        pitchNorm = s.pitchNorm;
        yawNorm = s.yawNorm;
        throttleNorm = s.throttleNorm;
        modeSlot = s.modeSlot;
        armSwitch = s.armSwitch;
        killSwitch = s.killSwitch;
        channelCount = s.channelCount;
        System.arraycopy(s.channelsNorm, 0, channelsNorm, 0, channelsNorm.length);
    }
}
