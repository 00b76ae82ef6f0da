package org.hoverla.core.calibration;

import java.util.Map;

/**
 * How a calibration ended.
 *
 * @param kind      what was calibrated
 * @param result    DONE, FAILED or CANCELLED
 * @param reason    the failure's or cancellation's reason as the {@code [cal]} text gave it ("" when done)
 * @param written   the parameters written (name → value), empty unless DONE
 */
public record CalibrationOutcome(CalibrationKind kind, Result result, String reason, Map<String, Double> written) {
    public enum Result { DONE, FAILED, CANCELLED }

    public CalibrationOutcome {
        written = Map.copyOf(written);
    }
}
