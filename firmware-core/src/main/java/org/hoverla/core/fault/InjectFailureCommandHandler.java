package org.hoverla.core.fault;

import java.util.Locale;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.command.LocalCommandHandler;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.param.IntParam;

/**
 * MAV_CMD_INJECT_FAILURE (param1 FAILURE_UNIT, param2 FAILURE_TYPE, param3 instance, 0 = all),
 * answered on the MAVLink thread:
 * <ul>
 * <li>SYS_FAILURE_EN = 0: DENIED, with a STATUSTEXT saying how to enable it; nothing changes;</li>
 * <li>a malformed request (not whole numbers, unknown type, instance out of range): DENIED with the reason;</li>
 * <li>a unit Hoverla does not know, or a unit×type pair this vehicle cannot apply: UNSUPPORTED with the reason;</li>
 * <li>otherwise ACCEPTED, recorded in {@link FailureInjection} and announced ("Failure injected: gps off").</li>
 * </ul>
 * PX4 answers the same way, except that it accepts pairs its simulator may not apply; Hoverla
 * accepts only what something on this vehicle declared it applies.
 */
public final class InjectFailureCommandHandler implements LocalCommandHandler {
    private final FailureInjection failures;
    private final IntParam gate;
    private final StatusTextSender texts;

    public InjectFailureCommandHandler(FailureInjection failures, IntParam gate, StatusTextSender texts) {
        this.failures = failures;
        this.gate = gate;
        this.texts = texts;
    }

    @Override
    public int handle(MavlinkLink link, int sourceSystem, int sourceComponent, int command, double[] p, long nowNs) {
        if (command != VehicleCommand.INJECT_FAILURE) {
            return NOT_HANDLED;
        }
        if (gate.get() != 1) {
            return refuse(link, VehicleCommandAck.DENIED,
                    "Failure injection refused: disabled, set SYS_FAILURE_EN to 1");
        }
        if (!whole(p[0]) || !whole(p[1]) || !whole(p[2])) {
            return refuse(link, VehicleCommandAck.DENIED,
                    "Failure injection refused: unit, type and instance must be whole numbers");
        }
        FailureUnit unit = FailureUnit.fromMavlink((int) p[0]);
        if (unit == null) {
            return refuse(link, VehicleCommandAck.UNSUPPORTED,
                    "Failure injection: unit " + (int) p[0] + " not supported");
        }
        FailureType type = FailureType.fromMavlink((int) p[1]);
        if (type == null) {
            return refuse(link, VehicleCommandAck.DENIED, "Failure injection refused: type " + (int) p[1]
                    + " is not a FAILURE_TYPE (0..7)");
        }
        int instance = (int) p[2];
        if (instance < 0 || instance > FailureInjection.MAX_INSTANCE) {
            return refuse(link, VehicleCommandAck.DENIED, "Failure injection refused: instance " + instance
                    + " out of range 0.." + FailureInjection.MAX_INSTANCE);
        }
        if (!failures.supported(unit, type)) {
            return refuse(link, VehicleCommandAck.UNSUPPORTED, "Failure injection: " + unit.cliName + " "
                    + type.cliName + " not supported here (" + unit.cliName + ": " + failures.supportedTypes(unit) + ")");
        }
        failures.inject(unit, type, instance);
        texts.send(null, type == FailureType.OK ? VehicleEvent.INFO : VehicleEvent.WARNING, describe(unit, type, instance));
        return VehicleCommandAck.ACCEPTED;
    }

    /** "Failure injected: gps off", "Failure injected: motor off instance 2", "Failure cleared: gps". */
    public static String describe(FailureUnit unit, FailureType type, int instance) {
        String which = instance == 0 ? "" : String.format(Locale.ROOT, " instance %d", instance);
        return type == FailureType.OK ? "Failure cleared: " + unit.cliName + which
                : "Failure injected: " + unit.cliName + " " + type.cliName + which;
    }

    private int refuse(MavlinkLink link, int result, String text) {
        texts.send(link, VehicleEvent.WARNING, text);
        return result;
    }

    private static boolean whole(double v) {
        return Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e6;
    }
}
