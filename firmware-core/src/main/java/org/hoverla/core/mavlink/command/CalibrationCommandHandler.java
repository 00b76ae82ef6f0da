package org.hoverla.core.mavlink.command;

import java.util.function.BooleanSupplier;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;

/**
 * The entry point of sensor calibration, {@code MAV_CMD_PREFLIGHT_CALIBRATION} (241), until
 * Hoverla calibrates (the production-line issue). QGroundControl's PX4 calibration pages do not
 * read the COMMAND_ACK: they follow PX4's {@code [cal] …} STATUSTEXT protocol
 * (QGC {@code SensorsComponentController::_handleUASTextMessage}; PX4
 * {@code calibration_messages.h}). So a refusal is also a {@code [cal] calibration failed: …}
 * text, which those pages show as the failure and its reason; without it the operator would
 * wait on a calibration that never starts.
 *
 * <p>All parameters zero is PX4's "cancel": it is ACCEPTED and ends a radio calibration.
 *
 * <p>Radio calibration (param4 = 1, the rest 0) is QGroundControl's Radio page telling the
 * vehicle it is calibrating; the page itself computes RCn_* and RC_MAP_* from RC_CHANNELS and
 * writes them. As PX4's commander, it is ACCEPTED while disarmed and RC sticks stop acting
 * (no arming gesture while the pilot sweeps the sticks) until the cancel. MAVLink thread.
 */
public final class CalibrationCommandHandler implements LocalCommandHandler {
    public static final int CMD_PREFLIGHT_CALIBRATION = 241;
    static final String TEXT_NOT_AVAILABLE = "[cal] calibration failed: not yet in Hoverla";
    static final String TEXT_ARMED = "[cal] calibration failed: disarm first";

    static final String TEXT_RC_START = "Calibration: Disabling RC input";
    static final String TEXT_RC_END = "Calibration: Restoring RC input";

    private final StatusTextSender texts;
    private final BooleanSupplier armed;
    private final java.util.concurrent.atomic.AtomicBoolean rcCalibrating;

    /** @param armed whether the vehicle is armed now (read on the MAVLink thread) */
    public CalibrationCommandHandler(StatusTextSender texts, BooleanSupplier armed) {
        this(texts, armed, new java.util.concurrent.atomic.AtomicBoolean());
    }

    /** @param rcCalibrating set while QGC's radio calibration runs (the rc_input task reads it) */
    public CalibrationCommandHandler(StatusTextSender texts, BooleanSupplier armed,
                                     java.util.concurrent.atomic.AtomicBoolean rcCalibrating) {
        this.texts = texts;
        this.armed = armed;
        this.rcCalibrating = rcCalibrating;
    }

    @Override
    public int handle(MavlinkLink link, int sourceSystem, int sourceComponent, int command, double[] params, long nowNs) {
        if (command != CMD_PREFLIGHT_CALIBRATION) {
            return NOT_HANDLED;
        }
        if (allZero(params)) {
            if (rcCalibrating.getAndSet(false)) {
                texts.send(link, VehicleEvent.INFO, TEXT_RC_END);
            }
            return VehicleCommandAck.ACCEPTED;
        }
        if (armed.getAsBoolean()) {
            texts.send(link, VehicleEvent.CRITICAL, TEXT_ARMED);
            return VehicleCommandAck.TEMPORARILY_REJECTED;
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
