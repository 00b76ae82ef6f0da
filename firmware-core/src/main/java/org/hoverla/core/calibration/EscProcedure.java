package org.hoverla.core.calibration;

import java.util.Map;
import org.hoverla.core.msg.BatteryStatus;

/**
 * ESC range calibration, PX4 {@code esc_calibration.cpp}: with the propellers off and the flight
 * battery disconnected, every motor output goes to its maximum pulse (PWM_MAIN_MAXn), "[cal] Connect
 * battery now"; once the battery monitor sees the battery connected (or after
 * {@value #CONNECT_WAIT_S} s, since a battery may not be detectable: PX4's reasoning) "[cal] Battery
 * connected", the maximum is held {@value #HIGH_HOLD_S} s while the ESCs beep it in, then the
 * minimum pulse (PWM_MAIN_MINn) {@value #LOW_HOLD_S} s, then the outputs are released. A current
 * rise of more than 1 A while waiting means the ESCs were powered all along (PX4's "Timeout waiting
 * for battery" safety stop). Refused before starting when the operator has not confirmed the
 * propellers are off, when a fresh battery reading says connected (PX4's "Disconnect battery and
 * try again", which QGroundControl's power page shows as a dialog) or without motor outputs.
 * Writes no parameters: the ESCs learn the range PWM_MAIN_MIN/MAX already hold.
 */
final class EscProcedure extends Procedure {
    static final double CONNECT_WAIT_S = 6.0;
    static final long CONNECT_WAIT_NS = 6_000_000_000L;
    static final double HIGH_HOLD_S = 3.0;
    static final long HIGH_HOLD_NS = 3_000_000_000L;
    static final double LOW_HOLD_S = 5.0;
    static final long LOW_HOLD_NS = 5_000_000_000L;
    static final long CURRENT_GRACE_NS = 1_000_000_000L;
    static final long BATTERY_FRESH_NS = 1_000_000_000L;

    private static final int WAIT_BATTERY = 0;
    private static final int HIGH = 1;
    private static final int LOW = 2;

    private int phase;
    private long phaseStartNs;
    private boolean connectedBefore;
    private double currentBefore = Double.NaN;

    EscProcedure(CalibrationRunner runner, CalibrationContext ctx) {
        super(runner, ctx);
    }

    /** Why an ESC calibration may not start now, or null. */
    static String refusal(CalibrationContext ctx, boolean propsOffConfirmed, long nowNs) {
        if (ctx.esc == null) {
            return "no motor outputs";
        }
        if (!propsOffConfirmed) {
            return CalibrationTexts.REASON_PROPS;
        }
        BatteryStatus b = ctx.battery.get();
        if (b != null && nowNs - b.timestampNs < BATTERY_FRESH_NS && b.connected) {
            return CalibrationTexts.REASON_BATTERY;
        }
        return null;
    }

    @Override
    int requiredSensor() {
        return -1;
    }

    @Override
    void begin(long nowNs) {
        BatteryStatus b = ctx.battery.get();
        connectedBefore = b != null && b.connected;
        currentBefore = b == null ? Double.NaN : b.currentA;
        ctx.esc.set(CalibrationContext.EscOutput.MAX);
        say(CalibrationTexts.ESC_CONNECT_BATTERY);
        phase = WAIT_BATTERY;
        phaseStartNs = nowNs;
    }

    @Override
    void sample(RawSample s, long nowNs) {
    }

    @Override
    void tick(long nowNs) {
        long inPhase = nowNs - phaseStartNs;
        switch (phase) {
            case WAIT_BATTERY: {
                BatteryStatus b = ctx.battery.get();
                if (b != null && inPhase > CURRENT_GRACE_NS && Double.isFinite(currentBefore)
                        && b.currentA > currentBefore + 1.0) {
                    runner.fail(CalibrationTexts.REASON_BATTERY_TIMEOUT);
                    return;
                }
                if ((!connectedBefore && b != null && b.connected) || inPhase > CONNECT_WAIT_NS) {
                    say(CalibrationTexts.ESC_BATTERY_CONNECTED);
                    phase = HIGH;
                    phaseStartNs = nowNs;
                }
                return;
            }
            case HIGH:
                if (inPhase >= HIGH_HOLD_NS) {
                    ctx.esc.set(CalibrationContext.EscOutput.MIN);
                    phase = LOW;
                    phaseStartNs = nowNs;
                }
                return;
            default:
                if (inPhase >= LOW_HOLD_NS) {
                    runner.finish(Map.of()); // end() releases the outputs
                }
        }
    }

    @Override
    void end() {
        ctx.esc.set(CalibrationContext.EscOutput.RELEASE);
    }
}
