package org.hoverla.core.failure;

import java.util.Map;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * Parameters of the failure detector and of the allocation's reaction to a failed motor.
 *
 * <p>PX4's names, types, meanings and defaults: FD_FAIL_R, FD_FAIL_P (degrees, 0 = off),
 * FD_FAIL_R_TTRI, FD_FAIL_P_TTRI (seconds) from PX4's failure_detector_params.c, and
 * CA_FAILURE_MODE from the control allocator (0 ignore failures, 1 remove the first failed motor
 * from the effectiveness). Hoverla defaults CA_FAILURE_MODE to 1 (PX4 ships 0): the issue asks a
 * hexacopter to keep flying on five motors out of the box. PX4's FD_ACT_EN checks ESC telemetry
 * currents, which Hoverla does not read, so it is not offered; the effort-based motor check has
 * Hoverla's own FD_MOT_* parameters (see {@link FailureDetector} and docs/motor-failure.md).
 * Read by the flight thread at most once a second.
 */
public final class FailureDetectorParams {
    public static final int FAILURE_MODE_IGNORE = 0;
    public static final int FAILURE_MODE_REMOVE_MOTOR = 1;

    public final IntParam rollLimitDeg;
    public final IntParam pitchLimitDeg;
    public final FloatParam rollTriggerS;
    public final FloatParam pitchTriggerS;
    public final IntParam motorCheckEnabled;
    public final FloatParam motorExcessNorm;
    public final FloatParam motorRateDegps;
    public final FloatParam motorTriggerS;
    public final IntParam failureMode;

    public FailureDetectorParams(ParamStore store) {
        rollLimitDeg = store.addInt("FD_FAIL_R", 60, 0, 180, "deg",
                "Attitude failure: roll beyond this (0 = off)");
        pitchLimitDeg = store.addInt("FD_FAIL_P", 60, 0, 180, "deg",
                "Attitude failure: pitch beyond this (0 = off)");
        rollTriggerS = store.addFloat("FD_FAIL_R_TTRI", 0.3, 0.02, 5.0, "s",
                "Attitude failure: roll beyond FD_FAIL_R this long");
        pitchTriggerS = store.addFloat("FD_FAIL_P_TTRI", 0.3, 0.02, 5.0, "s",
                "Attitude failure: pitch beyond FD_FAIL_P this long");
        motorCheckEnabled = store.addEnum("FD_MOT_EN", 1, "Motor failure detection from the control effort", Map.of(
                0, "Disabled",
                1, "Enabled"));
        motorExcessNorm = store.addFloat("FD_MOT_EXC", 0.35, 0.1, 1.0, "norm",
                "Motor failure: command above the mean of the other motors by this much");
        motorRateDegps = store.addFloat("FD_MOT_RATE", 90.0, 0.0, 360.0, "deg/s",
                "Motor failure: while the body turns towards that motor's push slower than this");
        motorTriggerS = store.addFloat("FD_MOT_TTRI", 0.3, 0.05, 5.0, "s",
                "Motor failure: both conditions hold this long without a break");
        failureMode = store.addEnum("CA_FAILURE_MODE", FAILURE_MODE_REMOVE_MOTOR,
                "Allocation after a motor failure", Map.of(
                        FAILURE_MODE_IGNORE, "Ignore",
                        FAILURE_MODE_REMOVE_MOTOR, "Remove the first failed motor from the effectiveness"));
    }
}
