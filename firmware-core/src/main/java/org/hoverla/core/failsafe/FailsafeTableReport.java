package org.hoverla.core.failsafe;

import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.vehicle.FlightParams;

import java.util.ArrayList;
import java.util.List;

/**
 * The failsafe table as the parameters configure it, as text: one row per trigger with its
 * parameters, action, delay, hold during the delay, excepted modes, where it applies, recovery
 * and detection; then the battery and return-time settings and any contradiction. Used by
 * {@code ./hoverla failsafes}; not for the flight thread (it allocates).
 */
public final class FailsafeTableReport {
    private FailsafeTableReport() {
    }

    /** Renders the table {@code params} configure; {@link FailsafeTable#contradiction()} of it is in the last lines. */
    public static String render(FlightParams params) {
        FailsafeTable t = new FailsafeTable();
        FailsafeParams.fill(params, t);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TRIGGER", "ACTION", "DELAY", "EXCEPT MODES", "APPLIES", "RECOVERY", "PARAMETERS", "DETECTION"});
        for (FailsafeTrigger tr : FailsafeTrigger.values()) {
            String delay = t.delayS(tr) == 0.0 ? "0 s" : fmt(t.delayS(tr)) + " s" + (t.holdDuringDelay(tr) ? " (hold)" : "");
            rows.add(new String[] {tr.name(), t.action(tr).label(), delay, modes(t.exceptModes(tr)),
                t.inFlightOnly(tr) ? "in flight" : "armed", t.recovery(tr).label(), FailsafeParams.parametersOf(tr),
                FailsafeParams.detectionOf(tr, params)});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append('\n');
        sb.append("Actions by severity: NONE < WARN < FALLBACK_ALTITUDE < HOLD < RETURN < LAND < DISARM < TERMINATE;"
                + " the most severe active one wins and is not lowered by a later, milder trigger.\n");
        sb.append("Battery levels (state of charge): low ").append(fmt(t.batteryLowFraction()))
                .append(", critical ").append(fmt(t.batteryCriticalFraction()))
                .append(", emergency ").append(fmt(t.batteryEmergencyFraction())).append('\n');
        sb.append("Time to return: ").append(fmt(t.returnTimeFactor())).append(" x (distance / MPC_XY_CRUISE + height / MPC_LAND_SPEED) + ")
                .append(fmt(t.returnTimeMarginS())).append(" s\n");
        String c = t.contradiction();
        if (c.isEmpty()) {
            sb.append("Parameters consistent.\n");
        } else {
            sb.append("CONTRADICTION: ").append(c)
                    .append(" -- a vehicle keeps its previous consistent table and says so once (STATUSTEXT).\n");
        }
        return sb.toString();
    }

    private static String modes(int mask) {
        if (mask == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (FlightMode m : FlightMode.values()) {
            if ((mask & FailsafeTable.modeBit(m)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(m.name());
            }
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
