package org.hoverla.core.mavlink.radio;

/**
 * Software flow control of one link from its telemetry radio's {@code RADIO_STATUS.txbuf} (the
 * free space left in the radio's transmit buffer, in percent), with PX4's rules
 * ({@code src/modules/mavlink/mavlink_main.cpp}, {@code Mavlink::update_radio_status} and
 * {@code Mavlink::update_rate_mult}; thresholds in {@code mavlink_main.h}):
 * <ul>
 *   <li>each report multiplies the radio multiplier by 0.80 when txbuf &lt; 25 % (critical),
 *       by 0.975 when txbuf &lt; 35 % (low), by 1.025 when txbuf &gt; 50 % (spare room), and
 *       leaves it alone in between; the multiplier is kept in 0.01 .. 1.0 so it can always
 *       recover;</li>
 *   <li><b>one addition of Hoverla's:</b> the 1.025 step is not taken while the buffer is
 *       filling, i.e. when the free space fell by {@link #FILLING_MARGIN_PCT} points or more
 *       since the previous report (smaller changes are a frame or two passing through). PX4
 *       keeps raising the rate while the buffer is more than half free even as it fills, so
 *       with one report a second its limit cycle overshoots to a nearly full buffer (0-9 %
 *       free left with a 2 KiB SiK buffer in a simulation of the loop, and 0.4-2 % of the
 *       bytes dropped in the e2e radio test); with the check the cycle turns at about 20 %
 *       free, the link still carries 97-98 % of its air rate and recovery is no slower;</li>
 *   <li>the stream-rate multiplier a link applies is that value, but never below 0.05 ("so
 *       that something is always sent"): a stream's interval is divided by it;</li>
 *   <li>without a report for {@link #TIMEOUT_NS} (PX4's {@code MAV_RADIO_TOUT}, 5 s) the radio
 *       counts as gone and the multiplier goes back to 1.0.</li>
 * </ul>
 * PX4 also scales by the link's configured data rate and by serial write errors; Hoverla does
 * not (its serial writer queues and counts drops instead).
 *
 * <p>Pure logic: time comes in as {@code nowNs}; no allocation. Not thread-safe: one link's
 * MAVLink thread owns it.
 */
public final class RadioFlowControl {
    /** Below this free space (%) the link is congested: rates drop by 20 % per report. */
    public static final int TXBUF_CRITICAL_PCT = 25;
    /** Below this free space (%) rates drop by 2.5 % per report. */
    public static final int TXBUF_LOW_PCT = 35;
    /** Above this free space (%) rates rise by 2.5 % per report. */
    public static final int TXBUF_HALF_PCT = 50;
    /** A fall of the free space by this many points or more between reports means "filling". */
    public static final int FILLING_MARGIN_PCT = 5;
    /** No RADIO_STATUS for this long: back to full rate (PX4 MAV_RADIO_TOUT default, 5 s). */
    public static final long TIMEOUT_NS = 5_000_000_000L;

    static final double CRITICAL_FACTOR = 0.80;
    static final double LOW_FACTOR = 0.975;
    static final double SPARE_FACTOR = 1.025;
    /** Lowest radio multiplier (PX4: "constrain between 1% and 100% to allow recovery"). */
    static final double MIN_RADIO_MULTIPLIER = 0.01;
    /** Lowest stream-rate multiplier (PX4 update_rate_mult: "never drops below 5%"). */
    public static final double MIN_RATE_MULTIPLIER = 0.05;

    private double radioMultiplier = 1.0;
    private boolean available;
    private int lastTxbufPct = -1;
    private long lastStatusNs;
    private long reports;
    private long timeouts;

    /**
     * One RADIO_STATUS from the link's radio.
     *
     * @param txbufPct free transmit-buffer space, percent (0..100)
     * @return false, with no effect, when txbuf is outside 0..100 (not a SiK-style report)
     */
    public boolean onRadioStatus(int txbufPct, long nowNs) {
        if (txbufPct < 0 || txbufPct > 100) {
            return false;
        }
        boolean filling = available && lastTxbufPct >= 0 && txbufPct <= lastTxbufPct - FILLING_MARGIN_PCT;
        lastStatusNs = nowNs;
        available = true;
        lastTxbufPct = txbufPct;
        reports++;
        if (txbufPct < TXBUF_CRITICAL_PCT) {
            radioMultiplier *= CRITICAL_FACTOR;
        } else if (txbufPct < TXBUF_LOW_PCT) {
            radioMultiplier *= LOW_FACTOR;
        } else if (txbufPct > TXBUF_HALF_PCT && !filling) {
            radioMultiplier *= SPARE_FACTOR;
        }
        radioMultiplier = Math.max(MIN_RADIO_MULTIPLIER, Math.min(1.0, radioMultiplier));
        return true;
    }

    /**
     * Checks the report timeout: a radio silent for {@link #TIMEOUT_NS} is forgotten and the
     * multiplier returns to 1.0.
     *
     * @return true exactly once, at the moment the radio is declared gone
     */
    public boolean checkTimeout(long nowNs) {
        if (available && nowNs - lastStatusNs > TIMEOUT_NS) {
            available = false;
            radioMultiplier = 1.0;
            lastTxbufPct = -1;
            timeouts++;
            return true;
        }
        return false;
    }

    /**
     * The factor this link's stream rates are multiplied by now (0.05 .. 1.0; 1.0 without a
     * radio), after {@link #checkTimeout}.
     */
    public double rateMultiplier(long nowNs) {
        checkTimeout(nowNs);
        return available ? Math.max(MIN_RATE_MULTIPLIER, radioMultiplier) : 1.0;
    }

    /** The radio multiplier itself (0.01 .. 1.0), before the 5 % floor. */
    public double radioMultiplier() {
        return radioMultiplier;
    }

    /** Whether a radio has reported within the timeout (as of the last check). */
    public boolean available() {
        return available;
    }

    /** PX4's "radio status critical": the last report's free space is below 35 %. */
    public boolean critical() {
        return available && lastTxbufPct >= 0 && lastTxbufPct < TXBUF_LOW_PCT;
    }

    /** The last valid report's free space (%), or -1 before any. */
    public int lastTxbufPct() {
        return lastTxbufPct;
    }

    /** Valid reports taken. */
    public long reports() {
        return reports;
    }

    /** Times the radio went silent for longer than the timeout. */
    public long timeouts() {
        return timeouts;
    }
}
