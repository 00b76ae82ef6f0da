package org.hoverla.core.param;

/**
 * The value type of a {@link Param}. Maps to MAVLink {@code MAV_PARAM_TYPE_REAL32} and
 * {@code MAV_PARAM_TYPE_INT32} in the parameter microservice (the conversion lives in the
 * link layer, not here).
 */
public enum ParamType {
    /** A real number, held as a {@code double}; see {@link FloatParam}. */
    FLOAT,
    /** A 32-bit signed integer; see {@link IntParam}. */
    INT
}
