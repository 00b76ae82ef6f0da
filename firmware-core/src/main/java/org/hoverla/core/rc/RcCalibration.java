package org.hoverla.core.rc;

import org.hoverla.hal.RcInputSample;

/**
 * RC calibration and channel mapping with PX4's parameter meanings (PX4-Autopilot
 * {@code src/modules/rc_update/rc_update.cpp}, {@code RCUpdate::Run}, {@code UpdateManualSwitches},
 * {@code parameters_updated}):
 * <ul>
 *   <li>per channel n (1-based): {@code RCn_MIN}, {@code RCn_TRIM}, {@code RCn_MAX} in µs,
 *       {@code RCn_REV} (&lt; 0 reverses), {@code RCn_DZ} in µs. A pulse is clamped to min..max and
 *       mapped piecewise linearly through (min, −1), (trim − dz, 0), (trim + dz, 0), (max, 1), then
 *       negated when reversed;</li>
 *   <li>the map {@code RC_MAP_ROLL, _PITCH, _YAW, _THROTTLE, _FLTMODE, _ARM_SW, _KILL_SW}: 1-based
 *       channel numbers, 0 for none;</li>
 *   <li>sticks: roll, pitch, yaw are their channel's value (−1..1); throttle is its channel's value
 *       rescaled to 0..1. As PX4 does, a throttle trim equal to the minimum (or to the maximum when
 *       reversed), which QGroundControl's radio calibration writes, is replaced by the centre;</li>
 *   <li>two-position switches ({@code RC_ARMSWITCH_TH}, {@code RC_KILLSWITCH_TH}): the channel's
 *       value rescaled to 0..1 is ON above the threshold; a negative threshold inverts the test;</li>
 *   <li>mode slot: PX4's six slots over −1.05..1.05, so a three-position switch gives slots 1, 4, 6.</li>
 * </ul>
 * PX4 treats the signal as lost when the receiver flags lost or failsafe or sends fewer than four
 * channels; {@link #map} then reports the input as not valid.
 *
 * <p>Pure and allocation-free after construction: {@link #configure} copies the parameter values
 * (call it when they change, at most at 1 Hz) and {@link #map} runs on the flight thread. Not
 * thread-safe: one thread configures and maps.
 */
public final class RcCalibration {
    /** PX4's RC_MAX_CHAN_COUNT, equal to the HAL's limit. */
    public static final int MAX_CHANNELS = RcInputSample.MAX_CHANNELS;
    public static final int MODE_SLOTS = 6;

    /** Indexes of the function map given to {@link #configure}. */
    public static final int ROLL = 0;
    public static final int PITCH = 1;
    public static final int YAW = 2;
    public static final int THROTTLE = 3;
    public static final int FLTMODE = 4;
    public static final int ARM_SW = 5;
    public static final int KILL_SW = 6;
    public static final int FUNCTIONS = 7;

    /** PX4 defaults of RCn_MIN, RCn_TRIM, RCn_MAX, RCn_DZ (µs) and RC_ARMSWITCH_TH / RC_KILLSWITCH_TH. */
    public static final int DEFAULT_MIN_US = 1000;
    public static final int DEFAULT_TRIM_US = 1500;
    public static final int DEFAULT_MAX_US = 2000;
    public static final int DEFAULT_DZ_US = 10;
    public static final float DEFAULT_SWITCH_TH = 0.75f;

    private static final int MIN_SIGNAL_CHANNELS = 4;

    private final int[] minUs = new int[MAX_CHANNELS];
    private final int[] trimUs = new int[MAX_CHANNELS];
    private final int[] maxUs = new int[MAX_CHANNELS];
    private final int[] dzUs = new int[MAX_CHANNELS];
    private final boolean[] reversed = new boolean[MAX_CHANNELS];
    private final boolean[] channelValid = new boolean[MAX_CHANNELS];
    /** 0-based channel per function, −1 when unmapped. */
    private final int[] channelOf = new int[FUNCTIONS];
    private float armSwitchTh = DEFAULT_SWITCH_TH;
    private float killSwitchTh = DEFAULT_SWITCH_TH;

    /** Starts with PX4's defaults: every channel 1000/1500/2000 µs, dz 10 µs, not reversed, nothing mapped. */
    public RcCalibration() {
        for (int i = 0; i < MAX_CHANNELS; i++) {
            minUs[i] = DEFAULT_MIN_US;
            trimUs[i] = DEFAULT_TRIM_US;
            maxUs[i] = DEFAULT_MAX_US;
            dzUs[i] = DEFAULT_DZ_US;
            channelValid[i] = true;
        }
        for (int f = 0; f < FUNCTIONS; f++) {
            channelOf[f] = -1;
        }
    }

    /**
     * Copies a calibration. Arrays are indexed by 0-based channel and may be shorter than
     * {@link #MAX_CHANNELS} (missing channels keep PX4's defaults).
     *
     * @param rev       RCn_REV: a value &lt; 0 reverses the channel
     * @param map1Based the channel number (1-based, 0 = none) for each of {@link #ROLL} ..
     *                  {@link #KILL_SW}
     * @return the number of entries rejected: channels whose min &lt; max, min ≤ trim ≤ max and
     *         dz ≥ 0 do not hold (they read 0 and cannot serve a stick), and map entries outside
     *         0..18 (treated as unmapped)
     */
    public int configure(int[] minUs, int[] trimUs, int[] maxUs, float[] rev, int[] dzUs, int[] map1Based,
            float armSwitchTh, float killSwitchTh) {
        int rejected = 0;
        for (int i = 0; i < MAX_CHANNELS; i++) {
            this.minUs[i] = i < minUs.length ? minUs[i] : DEFAULT_MIN_US;
            this.trimUs[i] = i < trimUs.length ? trimUs[i] : DEFAULT_TRIM_US;
            this.maxUs[i] = i < maxUs.length ? maxUs[i] : DEFAULT_MAX_US;
            this.dzUs[i] = i < dzUs.length ? dzUs[i] : DEFAULT_DZ_US;
            this.reversed[i] = i < rev.length && rev[i] < 0f;
            boolean ok = this.minUs[i] < this.maxUs[i] && this.minUs[i] <= this.trimUs[i]
                    && this.trimUs[i] <= this.maxUs[i] && this.dzUs[i] >= 0;
            channelValid[i] = ok;
            if (!ok) {
                rejected++;
            }
        }
        for (int f = 0; f < FUNCTIONS; f++) {
            int ch = f < map1Based.length ? map1Based[f] : 0;
            if (ch < 0 || ch > MAX_CHANNELS) {
                rejected++;
                ch = 0;
            }
            channelOf[f] = ch - 1;
        }
        this.armSwitchTh = armSwitchTh;
        this.killSwitchTh = killSwitchTh;
        centreThrottleTrimSetToItsEnd();
        return rejected;
    }

    /**
     * PX4 rc_update {@code parameters_updated}: QGroundControl's calibration stores the throttle
     * trim at the low end; the centre makes the throttle range −1..1 like the other sticks.
     */
    private void centreThrottleTrimSetToItsEnd() {
        int ch = channelOf[THROTTLE];
        if (ch < 0) {
            return;
        }
        boolean atLowEnd = !reversed[ch] && trimUs[ch] == minUs[ch];
        boolean atHighEnd = reversed[ch] && trimUs[ch] == maxUs[ch];
        if (atLowEnd || atHighEnd) {
            trimUs[ch] = (minUs[ch] + maxUs[ch]) / 2;
        }
    }

    /** Whether channel {@code channel} (0-based) has a usable calibration. */
    public boolean channelValid(int channel) {
        return channelValid[channel];
    }

    /** The trim in use for a 0-based channel, after the throttle correction. */
    public int trimUs(int channel) {
        return trimUs[channel];
    }

    /** One channel's pulse calibrated to −1..1 (reverse applied); 0 when its calibration is invalid. */
    public float normalise(int channel, int pulseUs) {
        if (!channelValid[channel]) {
            return 0f;
        }
        int min = minUs[channel];
        int max = maxUs[channel];
        int v = pulseUs < min ? min : Math.min(pulseUs, max);
        int upperStart = trimUs[channel] + dzUs[channel];
        int lowerEnd = trimUs[channel] - dzUs[channel];
        float value;
        if (v > upperStart) {
            value = (float) (v - upperStart) / (max - upperStart);
        } else if (v < lowerEnd) {
            value = -(float) (lowerEnd - v) / (lowerEnd - min);
        } else {
            value = 0f;
        }
        return reversed[channel] ? -value : value;
    }

    /**
     * Calibrates and maps one receiver sample into {@code out}.
     *
     * @return {@code out.valid}
     */
    public boolean map(RcInputSample in, RcManualInput out) {
        out.timestampSampleNs = in.timestampSampleNs;
        int count = Math.max(0, Math.min(in.channelCount, MAX_CHANNELS));
        boolean signal = !in.failsafe && count >= MIN_SIGNAL_CHANNELS;
        out.channelCount = signal ? count : 0;
        for (int i = 0; i < MAX_CHANNELS; i++) {
            out.channelsNorm[i] = signal && i < count ? normalise(i, in.channelsUs[i]) : 0f;
        }
        boolean sticks = signal && usable(ROLL, count) && usable(PITCH, count) && usable(YAW, count)
                && usable(THROTTLE, count);
        out.valid = sticks;
        if (!sticks) {
            out.rollNorm = 0f;
            out.pitchNorm = 0f;
            out.yawNorm = 0f;
            out.throttleNorm = 0f;
            out.modeSlot = RcManualInput.MODE_SLOT_NONE;
            out.armSwitch = RcManualInput.SWITCH_NONE;
            out.killSwitch = RcManualInput.SWITCH_NONE;
            return false;
        }
        out.rollNorm = out.channelsNorm[channelOf[ROLL]];
        out.pitchNorm = out.channelsNorm[channelOf[PITCH]];
        out.yawNorm = out.channelsNorm[channelOf[YAW]];
        out.throttleNorm = 0.5f * out.channelsNorm[channelOf[THROTTLE]] + 0.5f;
        out.modeSlot = usable(FLTMODE, count) ? modeSlot(out.channelsNorm[channelOf[FLTMODE]]) : RcManualInput.MODE_SLOT_NONE;
        out.armSwitch = usable(ARM_SW, count) ? twoPosition(out.channelsNorm[channelOf[ARM_SW]], armSwitchTh)
                : RcManualInput.SWITCH_NONE;
        out.killSwitch = usable(KILL_SW, count) ? twoPosition(out.channelsNorm[channelOf[KILL_SW]], killSwitchTh)
                : RcManualInput.SWITCH_NONE;
        return true;
    }

    private boolean usable(int function, int count) {
        int ch = channelOf[function];
        return ch >= 0 && ch < count && channelValid[ch];
    }

    /** PX4 {@code getRCSwitchOnOffPosition}. */
    static int twoPosition(float channelNorm, float threshold) {
        float value = 0.5f * channelNorm + 0.5f;
        if (threshold < 0f) {
            value = -value;
        }
        return value > threshold ? RcManualInput.SWITCH_ON : RcManualInput.SWITCH_OFF;
    }

    /** PX4 {@code UpdateManualSwitches}: six slots spread over −1.05..1.05, rounded by truncation. */
    static int modeSlot(float channelNorm) {
        final float slotWidthHalf = 1f / MODE_SLOTS;
        final float slotMin = -1.05f;
        final float slotMax = 1.05f;
        int slot = (int) ((((channelNorm - slotMin) * MODE_SLOTS) + slotWidthHalf) / (slotMax - slotMin) + slotWidthHalf) + 1;
        return Math.min(slot, MODE_SLOTS);
    }
}
