package org.hoverla.core.mavlink.command;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.hoverla.core.calibration.CalibrationKind;
import org.hoverla.core.calibration.CalibrationRunner;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.time.Clock;

/**
 * {@code MAV_CMD_PREFLIGHT_CALIBRATION} (241) with PX4's parameter meanings and answers
 * (PX4 {@code Commander::handle_command}, case VEHICLE_CMD_PREFLIGHT_CALIBRATION):
 * <ul>
 *   <li>param1 = 1 gyro, param2 = 1 magnetometer, param3 = 1 barometer, param5 = 1 accelerometer,
 *       param5 = 2 level horizon, param7 = 1 ESC range (checked in PX4's order): ACCEPTED when it
 *       starts (PX4 acknowledges at once; the progress and the end come as {@code [cal]}
 *       STATUSTEXT lines, which QGroundControl's PX4 pages follow:
 *       {@code SensorsComponentController::_handleUASTextMessage}; PX4 {@code calibration_messages.h});</li>
 *   <li>armed, or a calibration already running: TEMPORARILY_REJECTED, as PX4 (armed with
 *       {@code [cal] calibration failed: disarm first}, which those pages show as the failure;
 *       busy with PX4's "command denied during calibration: 241", which leaves the running
 *       calibration's page alone);</li>
 *   <li>ESC refused before it starts (flight battery connected: PX4's "Disconnect battery" text,
 *       which QGroundControl's power page shows as a dialog; no motor outputs): DENIED, as PX4.
 *       QGroundControl's ESC page makes the operator confirm the propellers are off before it
 *       sends the command, so the command counts as that confirmation;</li>
 *   <li>all parameters zero (NaN counts as zero, MAVSDK's "unset"): PX4's cancel, ACCEPTED; it
 *       cancels the running calibration ({@code [cal] calibration cancelled}) and ends a radio
 *       calibration;</li>
 *   <li>param4 = 1, the rest 0: QGroundControl's radio calibration, which the page computes
 *       itself from RC_CHANNELS; ACCEPTED while disarmed and the RC sticks stop acting until the
 *       cancel, as PX4;</li>
 *   <li>anything else (temperature, airspeed, RC trim): UNSUPPORTED with a failed line.</li>
 * </ul>
 * MAVLink thread.
 */
public final class CalibrationCommandHandler implements LocalCommandHandler {
    public static final int CMD_PREFLIGHT_CALIBRATION = 241;
    static final String TEXT_NOT_AVAILABLE = "[cal] calibration failed: not in Hoverla";
    static final String TEXT_ARMED = "[cal] calibration failed: disarm first";

    static final String TEXT_RC_START = "Calibration: Disabling RC input";
    static final String TEXT_RC_END = "Calibration: Restoring RC input";

    private final StatusTextSender texts;
    private final BooleanSupplier armed;
    private final AtomicBoolean rcCalibrating;
    private volatile CalibrationRunner runner;
    private volatile Clock clock;

    /** @param armed whether the vehicle is armed now (read on the MAVLink thread) */
    public CalibrationCommandHandler(StatusTextSender texts, BooleanSupplier armed) {
        this(texts, armed, new AtomicBoolean());
    }

    /** @param rcCalibrating set while QGC's radio calibration runs (the rc_input task reads it) */
    public CalibrationCommandHandler(StatusTextSender texts, BooleanSupplier armed, AtomicBoolean rcCalibrating) {
        this.texts = texts;
        this.armed = armed;
        this.rcCalibrating = rcCalibrating;
    }

    /** The vehicle's calibrations (its lines reach the links through the runner's narration). Boot thread. */
    public void calibration(CalibrationRunner runner, Clock clock) {
        this.clock = clock;
        this.runner = runner;
    }

    @Override
    public int handle(MavlinkLink link, int sourceSystem, int sourceComponent, int command, double[] params, long nowNs) {
        if (command != CMD_PREFLIGHT_CALIBRATION) {
            return NOT_HANDLED;
        }
        CalibrationRunner r = runner;
        if (allZero(params)) {
            if (rcCalibrating.getAndSet(false)) {
                texts.send(link, VehicleEvent.INFO, TEXT_RC_END);
            }
            if (r != null) {
                r.cancel(now(nowNs));
            }
            return VehicleCommandAck.ACCEPTED;
        }
        if (r != null && r.running()) {
            texts.send(link, VehicleEvent.CRITICAL, org.hoverla.core.calibration.CalibrationTexts.COMMAND_DENIED);
            return VehicleCommandAck.TEMPORARILY_REJECTED;
        }
        if (armed.getAsBoolean()) {
            texts.send(link, VehicleEvent.CRITICAL, TEXT_ARMED);
            return VehicleCommandAck.TEMPORARILY_REJECTED;
        }
        CalibrationKind kind = kind(params);
        if (kind != null && r != null) {
            switch (r.request(kind, now(nowNs), true)) {
                case STARTED:
                    return VehicleCommandAck.ACCEPTED;
                case REFUSED:
                    return VehicleCommandAck.DENIED;
                default: // BUSY, ARMED: the runner said why
                    return VehicleCommandAck.TEMPORARILY_REJECTED;
            }
        }
        if (radioOnly(params)) {
            rcCalibrating.set(true);
            texts.send(link, VehicleEvent.INFO, TEXT_RC_START);
            return VehicleCommandAck.ACCEPTED;
        }
        // one STATUSTEXT chunk (<= 50 characters): QGC parses each text as it arrives
        texts.send(link, VehicleEvent.CRITICAL, TEXT_NOT_AVAILABLE);
        return VehicleCommandAck.UNSUPPORTED;
    }

    /** The calibration the parameters ask for, in PX4's order of tests, or null. */
    static CalibrationKind kind(double[] p) {
        if (is(p, 0, 1)) {
            return CalibrationKind.GYRO;
        }
        if (is(p, 1, 1)) {
            return CalibrationKind.MAG;
        }
        if (is(p, 2, 1)) {
            return CalibrationKind.BARO;
        }
        if (is(p, 3, 1) || is(p, 3, 2)) {
            return null; // radio (QGC's own page) and RC trim
        }
        if (is(p, 4, 1)) {
            return CalibrationKind.ACCEL;
        }
        if (is(p, 4, 2)) {
            return CalibrationKind.LEVEL;
        }
        if (is(p, 6, 1)) {
            return CalibrationKind.ESC;
        }
        return null;
    }

    /** PX4 compares (int) param == value. */
    private static boolean is(double[] p, int i, int value) {
        return i < p.length && Double.isFinite(p[i]) && (int) p[i] == value;
    }

    private long now(long nowNs) {
        Clock c = clock;
        return c == null ? nowNs : c.nanoTime();
    }

    /** param4 = 1 (radio) and every other parameter 0 or unset. */
    private static boolean radioOnly(double[] params) {
        for (int i = 0; i < params.length; i++) {
            double expected = i == 3 ? 1.0 : 0.0;
            if (params[i] != expected && !(i != 3 && Double.isNaN(params[i]))) {
                return false;
            }
        }
        return params.length > 3;
    }

    private static boolean allZero(double[] params) {
        for (double p : params) {
            // NaN is "unset" (MAVSDK fills unused parameters with it), not a request
            if (p != 0.0 && !Double.isNaN(p)) {
                return false;
            }
        }
        return true;
    }
}
