package org.hoverla.core.control;

/**
 * Normalised motor commands to ESC pulse widths, per channel, as PX4's output library maps a
 * motor output: command 0 → PWM_MAIN_MINn, 1 → PWM_MAIN_MAXn, linear between; disarmed →
 * PWM_MAIN_DISn. Plus the spool-up after arming: the pulse ramps linearly from the disarmed value
 * to the mapped one over COM_SPOOLUP_TIME, so ESCs never get a step from "stopped" to idle-or-more
 * (PX4 ramps its outputs after arming the same way, in output_limit's RAMP state).
 *
 * <p>Pure: no parameters, clock or HAL. Not-a-number commands map to the minimum (a motor still
 * spins at idle while armed; stopping it could flip the vehicle). Allocation-free after
 * construction; one thread.
 */
public final class PwmMapping {
    private final int[] minUs;
    private final int[] maxUs;
    private final int[] disarmedUs;

    public PwmMapping(int channels) {
        minUs = new int[channels];
        maxUs = new int[channels];
        disarmedUs = new int[channels];
        for (int i = 0; i < channels; i++) {
            set(i, 1000, 2000, 1000);
        }
    }

    public int channels() {
        return minUs.length;
    }

    /**
     * Sets one channel's ESC calibration (µs).
     *
     * @throws IllegalArgumentException when min is not below max (start-up configuration only)
     */
    public void set(int channel, int minUs, int maxUs, int disarmedUs) {
        if (minUs >= maxUs) {
            throw new IllegalArgumentException("channel " + (channel + 1) + ": minimum " + minUs
                    + " us must be below maximum " + maxUs + " us");
        }
        this.minUs[channel] = minUs;
        this.maxUs[channel] = maxUs;
        this.disarmedUs[channel] = disarmedUs;
    }

    public int minUs(int channel) {
        return minUs[channel];
    }

    public int maxUs(int channel) {
        return maxUs[channel];
    }

    public int disarmedUs(int channel) {
        return disarmedUs[channel];
    }

    /** Armed pulse for a command in [0, 1] (clamped; NaN → minimum), rounded to the µs. */
    public int armedUs(int channel, double commandNorm) {
        double c = commandNorm >= 0.0 ? Math.min(commandNorm, 1.0) : 0.0; // NaN fails >= and takes 0
        return (int) Math.round(minUs[channel] + c * (maxUs[channel] - minUs[channel]));
    }

    /**
     * Pulse during spool-up: {@code progress} 0 (just armed) gives the disarmed pulse, 1 (spooled up)
     * the armed mapping, linear between. Progress outside [0, 1] or NaN is clamped (NaN → 0).
     */
    public int spoolUpUs(int channel, double commandNorm, double progress) {
        double p = progress >= 0.0 ? Math.min(progress, 1.0) : 0.0;
        int target = armedUs(channel, commandNorm);
        return (int) Math.round(disarmedUs[channel] + p * (target - disarmedUs[channel]));
    }

    /**
     * The command that gives {@code pulseUs} on a channel, clamped to [0, 1]: the motor test's PWM
     * throttle type is turned into a command this way, so a test pulse never leaves [min, max].
     */
    public double commandForUs(int channel, double pulseUs) {
        double c = (pulseUs - minUs[channel]) / (double) (maxUs[channel] - minUs[channel]);
        return c >= 0.0 ? Math.min(c, 1.0) : 0.0;
    }

    /** Spool-up progress [0, 1] at {@code sinceArmedNs} for a spool-up time (0 or less: done). */
    public static double spoolUpProgress(long sinceArmedNs, double spoolUpS) {
        if (!(spoolUpS > 0.0)) {
            return 1.0;
        }
        double p = sinceArmedNs * 1e-9 / spoolUpS;
        return p >= 0.0 ? Math.min(p, 1.0) : 0.0;
    }
}
