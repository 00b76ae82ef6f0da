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
 * <p>All parameters zero is PX4's "cancel": with no calibration running it is ACCEPTED and
 * does nothing. MAVLink thread.
 */
public final class CalibrationCommandHandler implements LocalCommandHandler {
    public static final int CMD_PREFLIGHT_CALIBRATION = 241;
    static final String TEXT_NOT_AVAILABLE = "[cal] calibration failed: not yet in Hoverla";
    static final String TEXT_ARMED = "[cal] calibration failed: disarm first";

    private final StatusTextSender texts;
    private final BooleanSupplier armed;

    /** @param armed whether the vehicle is armed now (read on the MAVLink thread) */
    public CalibrationCommandHandler(StatusTextSender texts, BooleanSupplier armed) {
        this.texts = texts;
        this.armed = armed;
    }

    @Override
    public int handle(MavlinkLink link, int sourceSystem, int sourceComponent, int command, double[] params, long nowNs) {
        if (command != CMD_PREFLIGHT_CALIBRATION) {
            return NOT_HANDLED;
        }
        if (allZero(params)) {
            return VehicleCommandAck.ACCEPTED;
        }
        if (armed.getAsBoolean()) {
            texts.send(link, VehicleEvent.CRITICAL, TEXT_ARMED);
            return VehicleCommandAck.TEMPORARILY_REJECTED;
        }
        // one STATUSTEXT chunk (<= 50 characters): QGC parses each text as it arrives
        texts.send(link, VehicleEvent.CRITICAL, TEXT_NOT_AVAILABLE);
        return VehicleCommandAck.UNSUPPORTED;
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
