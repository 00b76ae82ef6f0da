package org.hoverla.core.msg;

/**
 * Navigation modes, named and meant as PX4 defines them for multicopters. Only the ones the
 * commander can fly today are listed; Mission, Offboard and the manual modes arrive with the
 * issues that need them.
 */
public enum FlightMode {
    /** Hold position and altitude (PX4 AUTO_LOITER). */
    HOLD,
    /** Climb to the takeoff altitude above the current position, then Hold. */
    TAKEOFF,
    /** Descend at the current horizontal position, then disarm. */
    LAND
}
