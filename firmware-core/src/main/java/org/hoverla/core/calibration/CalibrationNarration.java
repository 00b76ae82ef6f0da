package org.hoverla.core.calibration;

/**
 * Where a running calibration's {@code [cal] …} lines go: STATUSTEXT to the ground stations
 * (QGroundControl's PX4 sensor pages parse them), the console of {@code ./hoverla calibrate},
 * and the simulator's technician that turns the vehicle to the side asked for. Each line is at
 * most 50 characters (one STATUSTEXT chunk). Called on the calibration's thread.
 */
@FunctionalInterface
public interface CalibrationNarration {
    /**
     * @param severity MAV_SEVERITY (6 info, 4 warning, 2 critical/failed)
     * @param text     one {@code [cal] …} line
     */
    void say(int severity, String text);
}
