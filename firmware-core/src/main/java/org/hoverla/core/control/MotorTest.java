package org.hoverla.core.control;

/**
 * MAV_CMD_DO_MOTOR_TEST (209) as PX4's commander judges it ({@code Commander::handle_command_motor_test}),
 * plus the PWM throttle type PX4 leaves unsupported (ArduPilot supports it). Parameters as
 * mavlink.io defines them: param1 motor instance (1-based), param2 MOTOR_TEST_THROTTLE_TYPE,
 * param3 throttle value, param4 timeout (s), param5 motor count.
 *
 * <ul>
 *   <li>Armed, or COM_MOT_TEST_EN off: DENIED (PX4).</li>
 *   <li>Throttle type: 0 MOTOR_TEST_THROTTLE_PERCENT (value clamped to 0..100 %, PX4) and
 *       1 MOTOR_TEST_THROTTLE_PWM (µs, later clamped to the channel's PWM_MAIN_MIN..MAX); 2 (pilot),
 *       3 (compass calibration) and NaN: UNSUPPORTED.</li>
 *   <li>Motor count above 1 (a sequence): UNSUPPORTED (PX4); NaN or 0 means one motor.</li>
 *   <li>Instance NaN or outside 1..motors: DENIED with a reason (PX4 publishes it and lets the
 *       output driver ignore it; a ground station deserves to hear why nothing spins).</li>
 *   <li>Throttle value NaN: DENIED. 0 % ends a running test (PX4: value 0 means stop).</li>
 *   <li>Timeout: rounded to ms; 0, negative, NaN or above 3 s becomes 3 s (PX4's limit).</li>
 * </ul>
 * A new accepted test replaces the running one. Pure state: no clock, parameters or HAL; the
 * commander calls {@link #request} and publishes the result, the motor output task asks
 * {@link #active}. Allocation-free; flight thread.
 */
public final class MotorTest {
    public static final int THROTTLE_PERCENT = 0;
    public static final int THROTTLE_PWM = 1;
    /** PX4's limit and default for the test duration. */
    public static final long MAX_TIMEOUT_NS = 3_000_000_000L;

    public static final String REFUSED_ARMED = "Motor test refused: vehicle armed";
    public static final String REFUSED_DISABLED = "Motor test refused: COM_MOT_TEST_EN is 0";
    public static final String REFUSED_THROTTLE_TYPE = "Motor test refused: throttle type not supported (percent or PWM)";
    public static final String REFUSED_SEQUENCE = "Motor test refused: only one motor at a time (motor count 1)";
    public static final String REFUSED_INSTANCE = "Motor test refused: motor instance out of range";
    public static final String REFUSED_VALUE = "Motor test refused: throttle value not a number";

    /** How a request was answered. */
    public enum Result { ACCEPTED, DENIED, UNSUPPORTED }

    private int motor = -1;
    private int throttleType;
    private double value;
    private long endNs;
    private String reason = "";

    /**
     * Judges a request and, when accepted, starts (or, at 0 %, stops) the test.
     *
     * @param motors motors the airframe drives
     * @return the result; {@link #reason()} says why when it is not ACCEPTED
     */
    public Result request(double instance, double throttleType, double throttle, double timeoutS, double motorCount,
                          boolean armed, boolean enabled, int motors, long nowNs) {
        reason = "";
        if (armed) {
            return refuse(Result.DENIED, REFUSED_ARMED);
        }
        if (!enabled) {
            return refuse(Result.DENIED, REFUSED_DISABLED);
        }
        long type = Double.isNaN(throttleType) ? -1 : Math.round(throttleType);
        if (type != THROTTLE_PERCENT && type != THROTTLE_PWM) {
            return refuse(Result.UNSUPPORTED, REFUSED_THROTTLE_TYPE);
        }
        if (motorCount > 1.5) { // PX4: (int)(param5 + 0.5) > 1
            return refuse(Result.UNSUPPORTED, REFUSED_SEQUENCE);
        }
        long index = Double.isNaN(instance) ? -1 : Math.round(instance) - 1;
        if (index < 0 || index >= motors) {
            return refuse(Result.DENIED, REFUSED_INSTANCE);
        }
        if (Double.isNaN(throttle)) {
            return refuse(Result.DENIED, REFUSED_VALUE);
        }
        double v = throttle;
        if (type == THROTTLE_PERCENT) {
            v = Math.max(0.0, Math.min(1.0, throttle / 100.0));
            if (v < 1e-6) {
                stop();
                return Result.ACCEPTED;
            }
        }
        long timeoutNs = Double.isNaN(timeoutS) ? 0 : Math.round(timeoutS * 1000.0) * 1_000_000L;
        if (timeoutNs <= 0 || timeoutNs > MAX_TIMEOUT_NS) {
            timeoutNs = MAX_TIMEOUT_NS;
        }
        this.motor = (int) index;
        this.throttleType = (int) type;
        this.value = v;
        this.endNs = nowNs + timeoutNs;
        return Result.ACCEPTED;
    }

    /** True while a test runs at {@code nowNs}; the motor output task stops it at its timeout. */
    public boolean active(long nowNs) {
        return motor >= 0 && nowNs < endNs;
    }

    /** Ends the test (arming, disarm command, 0 %). */
    public void stop() {
        motor = -1;
    }

    /** The motor under test (0-based), or -1. */
    public int motor() {
        return motor;
    }

    /** {@link #THROTTLE_PERCENT} or {@link #THROTTLE_PWM}. */
    public int throttleType() {
        return throttleType;
    }

    /** The throttle: a command 0..1 for the percent type, a pulse (µs) for the PWM type. */
    public double value() {
        return value;
    }

    /** When the test ends (ns, the commander's clock). */
    public long endNs() {
        return endNs;
    }

    /** Why the last request was refused; empty when accepted. A constant string. */
    public String reason() {
        return reason;
    }

    private Result refuse(Result result, String why) {
        reason = why;
        return result;
    }
}
