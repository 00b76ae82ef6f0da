package org.hoverla.core.estimation.ekf;

/** Outcome of an {@link Ekf} measurement update. */
public enum FuseResult {
    /** The measurement passed the innovation gate and corrected state and covariance. */
    FUSED,
    /**
     * The innovation test ratio exceeded 1 (innovation larger than the configured number of
     * standard deviations of the innovation): nothing was changed.
     */
    REJECTED_GATE,
    /**
     * The input was not finite, a variance was not positive, the filter is not initialised,
     * or the update would have produced a non-finite result: nothing was changed.
     */
    REJECTED_INVALID
}
