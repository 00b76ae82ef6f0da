package org.hoverla.core.msg;

/**
 * The pulse widths the flight thread wants on the PWM outputs, handed to the PWM driver thread
 * (latest value wins). {@code pulsesUs} is what to write while {@link #live()}; {@code disarmedUs}
 * is each channel's disarmed pulse, which the driver writes otherwise and when this stops coming.
 */
public final class PwmPulses {
    public static final int MAX_CHANNELS = 16;

    /** Flight-thread time of the write (ns), for telemetry; the driver times freshness itself. */
    public long timestampNs;
    public int count;
    /** Pulse per channel (µs). */
    public final int[] pulsesUs = new int[MAX_CHANNELS];
    /** Disarmed pulse per channel (µs, PWM_MAIN_DISn). */
    public final int[] disarmedUs = new int[MAX_CHANNELS];
    public boolean armed;
    /** Motor under MAV_CMD_DO_MOTOR_TEST (0-based), or -1. */
    public int testChannel = -1;

    /** True when the pulses may differ from the disarmed ones: armed, or a motor test. */
    public boolean live() {
        return armed || testChannel >= 0;
    }

    public void copyFrom(PwmPulses m) {
        timestampNs = m.timestampNs;
        count = m.count;
        System.arraycopy(m.pulsesUs, 0, pulsesUs, 0, MAX_CHANNELS);
        System.arraycopy(m.disarmedUs, 0, disarmedUs, 0, MAX_CHANNELS);
        armed = m.armed;
        testChannel = m.testChannel;
    }
}
