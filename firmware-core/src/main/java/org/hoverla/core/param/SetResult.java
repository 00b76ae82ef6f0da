package org.hoverla.core.param;

/**
 * Outcome of a parameter write. Every result other than {@link #OK} leaves the stored value
 * unchanged, so a ground station's refused {@code PARAM_SET} can be answered by echoing the
 * old value (DESIGN §10: PX4 stores NaN; Hoverla refuses it).
 */
public enum SetResult {
    /** Accepted (the value may have been equal to the current one). */
    OK,
    /** Finite, right type, but outside {@code [min, max]}. */
    OUT_OF_RANGE,
    /** NaN or infinite. */
    NOT_FINITE,
    /** Not representable in the parameter's type, e.g. 1.5 for an {@link IntParam}. */
    WRONG_TYPE,
    /** No parameter with that name (store-level writes only). */
    UNKNOWN_NAME,
    /** The parameter is read-only: visible to ground stations, never writable. */
    READ_ONLY
}
