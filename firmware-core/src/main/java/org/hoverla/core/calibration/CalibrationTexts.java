package org.hoverla.core.calibration;

import java.util.Locale;

/**
 * The {@code [cal] …} lines of a calibration, exactly as PX4 writes them, because
 * QGroundControl's PX4 sensor and power pages run their state machines on these texts. Checked
 * against:
 * <ul>
 *   <li>QGroundControl {@code src/AutoPilotPlugins/PX4/SensorsComponentController.cc},
 *       {@code _handleUASTextMessage}: "[cal] " prefix, "calibration started: &lt;version&gt; &lt;kind&gt;"
 *       (version 2; kinds accel, mag, gyro, level), "… orientation detected", "… side done, rotate to a
 *       different side", "… side already completed", "calibration done:", "calibration cancelled",
 *       "calibration failed", and anything containing "progress &lt;N&gt;" moves the progress bar;</li>
 *   <li>QGroundControl {@code src/AutoPilotPlugins/PX4/PowerComponentController.cc}
 *       ({@code _handleUASTextMessage}, ESC page): "Connect battery now", "Battery connected",
 *       "calibration failed: Disconnect battery…" (shown as a dialog, not an end);</li>
 *   <li>PX4 {@code src/modules/commander/calibration_messages.h} (CAL_QGC_*),
 *       {@code calibration_routines.cpp} ({@code detect_orientation}, {@code calibrate_from_orientation}),
 *       {@code accelerometer_calibration.cpp}, {@code mag_calibration.cpp}, {@code gyro_calibration.cpp},
 *       {@code level_calibration.cpp}, {@code baro_calibration.cpp}, {@code esc_calibration.cpp}.</li>
 * </ul>
 * These texts are a contract (the simulator's technician reacts to them too): change none. Every
 * line is at most {@link #MAX_LENGTH} characters, one STATUSTEXT; the two PX4 lines longer than
 * that, which QGroundControl does not parse, are shortened: "Rotate vehicle around the detected
 * orientation" drops "the", and failure reasons are at most 24 characters (see the REASON_*).
 */
public final class CalibrationTexts {
    /** One STATUSTEXT chunk. */
    public static final int MAX_LENGTH = 50;
    /** PX4's calibration protocol version in the started line (CAL_QGC_STARTED_MSG). */
    public static final int PROTOCOL_VERSION = 2;

    public static final String PREFIX = "[cal] ";
    public static final String CANCELLED = "[cal] calibration cancelled";
    public static final String HOLD_STILL_ON_PENDING = "[cal] hold vehicle still on a pending side";
    public static final String REST_DETECTED = "[cal] detected rest position, hold still...";
    public static final String MOTION_DETECTED = "[cal] detected motion, hold still...";
    /** PX4 detect_orientation: the rest position matches no side (critical, no prefix). */
    public static final String INVALID_ORIENTATION = "ERROR: invalid orientation";
    /** PX4 gyro_calibration: a try disturbed by motion (critical, no prefix). */
    public static final String GYRO_MOTION_RETRY = "motion, retrying..";
    /** PX4 mag_calibration: no rotation seen (critical, no prefix). */
    public static final String MAG_NEEDS_ROTATION = "Failed: This calibration requires rotation.";
    public static final String MAG_ROTATE = "[cal] Rotate vehicle around detected orientation";
    public static final String ESC_CONNECT_BATTERY = "[cal] Connect battery now";
    public static final String ESC_BATTERY_CONNECTED = "[cal] Battery connected";
    /** PX4 calibrate_cancel_check: another calibration command while one runs (critical). */
    public static final String COMMAND_DENIED = "command denied during calibration: 241";

    /**
     * Failure reasons (after "[cal] calibration failed: ", so at most 24 characters). Where PX4's
     * own reason is longer than fits one STATUSTEXT it is shortened keeping what QGroundControl
     * matches: its power page looks for a reason starting "Disconnect battery".
     */
    public static final String REASON_SENSOR = "reading sensor";
    public static final String REASON_ARMED = "disarm first";
    public static final String REASON_BATTERY = "Disconnect battery first";
    public static final String REASON_BATTERY_TIMEOUT = "ESCs powered too early";
    public static final String REASON_PROPS = "props off not confirmed";
    public static final String REASON_GPS_BARO = "GNSS needed for baro cal";
    public static final String REASON_MOTION = "vehicle moved";
    public static final String REASON_POOR_FIT = "poor fit, iron nearby?";
    public static final String REASON_ROTATION = "vehicle not rotated";
    public static final String REASON_SIDE_TIMEOUT = "timeout: no side in 60 s";
    public static final String REASON_SAVE = "saving parameters";

    private CalibrationTexts() {
    }

    public static String started(CalibrationKind kind) {
        return "[cal] calibration started: " + PROTOCOL_VERSION + " " + kind.cliName;
    }

    public static String done(CalibrationKind kind) {
        return "[cal] calibration done: " + kind.cliName;
    }

    public static String failed(String reason) {
        return fit("[cal] calibration failed: " + reason);
    }

    public static String progress(int percent) {
        return "[cal] progress <" + percent + ">";
    }

    /** "[cal] pending: back front …" with the sides not yet done, in PX4's order. */
    public static String pending(boolean[] sideDone, String[] names) {
        StringBuilder b = new StringBuilder("[cal] pending:");
        for (int i = 0; i < sideDone.length; i++) {
            if (!sideDone[i]) {
                b.append(' ').append(names[i]);
            }
        }
        return b.toString();
    }

    public static String orientationDetected(String side) {
        return "[cal] " + side + " orientation detected";
    }

    public static String sideDone(String side) {
        return "[cal] " + side + " side done, rotate to a different side";
    }

    public static String sideAlreadyCompleted(String side) {
        return "[cal] " + side + " side already completed";
    }

    public static String measuringSide(String side) {
        return "[cal] Hold still, measuring " + side + " side";
    }

    public static String sideResult(String side, double x, double y, double z) {
        return fit(String.format(Locale.ROOT, "[cal] %s side result: [%.3f %.3f %.3f]", side, x, y, z));
    }

    public static String magContinueRotation(String side, double seconds) {
        return String.format(Locale.ROOT, "[cal] Continue rotation for %s %.1f s", side, seconds);
    }

    public static String magSideProgress(String side, int percent) {
        return "[cal] " + side + " side calibration: progress <" + percent + ">";
    }

    /** Cuts a line to one STATUSTEXT chunk (reasons built from numbers could run long). */
    static String fit(String line) {
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH);
    }
}
