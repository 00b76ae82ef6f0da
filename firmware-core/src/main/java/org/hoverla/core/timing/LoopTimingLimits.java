package org.hoverla.core.timing;

import java.util.Locale;

/**
 * The limits the measured loop timing is judged against (the {@code LOOP_*} parameters, see
 * {@link LoopTimingParams}), and the judgement. A limit of 0 is not checked.
 *
 * @param windowS         the sliding window, s
 * @param p99MaxUs        largest p99 period error allowed, µs
 * @param stallMaxUs      largest single period error (loop stall) allowed, µs
 * @param missMaxPct      largest share of cycles that may miss their deadline, %
 * @param overrunMaxPct   largest share of task runs that may overrun their budget, %
 * @param degradeAfterS   consecutive bad seconds before optional work is dropped
 * @param failsafeAfterS  consecutive bad seconds before the failsafe (0 = never)
 * @param recoverAfterS   consecutive good seconds before the degradation is lifted
 * @param armCheck        whether arming is refused on broken limits
 */
public record LoopTimingLimits(int windowS, double p99MaxUs, double stallMaxUs, double missMaxPct, double overrunMaxPct,
                               int degradeAfterS, int failsafeAfterS, int recoverAfterS, boolean armCheck) {

    /** The parameters' defaults. */
    public static final LoopTimingLimits DEFAULTS = new LoopTimingLimits(10, 1000, 50_000, 2.0, 5.0, 3, 10, 5, true);

    /**
     * The first limit the figures break, in the order: longest stall, p99 period error, deadline
     * misses, overruns; as a short text naming the figure, its value and the limit, e.g.
     * {@code "loop p99 period error 312 us > 200 us"}; {@code ""} when none is broken.
     * Timing thread (builds a string only when a limit is broken).
     */
    public String broken(LoopTimingFigures f) {
        if (f.cycles() == 0) {
            return "";
        }
        if (stallMaxUs > 0 && f.maxUs() > stallMaxUs) {
            return "loop stall " + f.maxUs() + " us > " + (long) stallMaxUs + " us";
        }
        if (p99MaxUs > 0 && f.p99Us() > p99MaxUs) {
            return "loop p99 period error " + f.p99Us() + " us > " + (long) p99MaxUs + " us";
        }
        if (missMaxPct > 0 && f.missPct() > missMaxPct) {
            return String.format(Locale.ROOT, "loop deadline misses %.1f%% > %.1f%%", f.missPct(), missMaxPct);
        }
        if (overrunMaxPct > 0 && f.overrunPct() > overrunMaxPct) {
            return String.format(Locale.ROOT, "loop overruns %.1f%% > %.1f%%", f.overrunPct(), overrunMaxPct);
        }
        return "";
    }
}
