package org.hoverla.core.timing;

import org.HdrHistogram.Histogram;

/**
 * The timing thread's side of the loop timing: once per second {@link #sample} ends the
 * recorder's interval, keeps it as one slot of a ring of one-second slots, and works out the
 * {@link LoopTimingFigures} of the latest second and of the sliding window (the last
 * {@code LOOP_WIN_S} slots), percentiles included. The percentile work (a few thousand array
 * reads per histogram) is done here, off the flight thread; the flight thread only records.
 *
 * <p>Per-task figures are kept since start and for the latest second (the window keeps the cycle
 * figures only, so the ring stays small: one histogram per slot).
 *
 * <p>Pure of clocks: the caller (the timing thread, a test) decides when a second has passed.
 * Single thread.
 */
public final class LoopTimingMonitor {
    private final LoopTimingRecorder recorder;
    private final LoopTimingRecorder.Interval second;
    private final LoopTimingRecorder.Interval sinceStart;
    private final long[] taskBudgetUs;
    private final Slot[] slots;
    private final Histogram window = LoopTimingRecorder.newHistogram();
    private int head = -1;
    private int filled;
    private LoopTimingFigures lastSecond = LoopTimingFigures.NONE;
    private LoopTimingFigures lastWindow = LoopTimingFigures.NONE;

    private static final class Slot {
        final Histogram periodErrorUs = LoopTimingRecorder.newHistogram();
        long cycles;
        long misses;
        long runs;
        long overruns;
        long maxPauseNs;
        long maxSafepointNs;
        long cycleExecP99Us;
    }

    /**
     * @param recorder     the flight thread's recorder
     * @param taskBudgetUs each task's budget, µs, in table order (to name the slowest task)
     * @param maxWindowS   the longest window that may be asked for, s
     */
    public LoopTimingMonitor(LoopTimingRecorder recorder, long[] taskBudgetUs, int maxWindowS) {
        if (taskBudgetUs.length != recorder.taskCount()) {
            throw new IllegalArgumentException(taskBudgetUs.length + " budgets for " + recorder.taskCount() + " tasks");
        }
        this.recorder = recorder;
        this.second = recorder.newInterval();
        this.sinceStart = recorder.newInterval();
        this.taskBudgetUs = taskBudgetUs.clone();
        this.slots = new Slot[maxWindowS];
        for (int i = 0; i < maxWindowS; i++) {
            slots[i] = new Slot();
        }
    }

    /**
     * Ends one second: drains the recorder into a new slot and recomputes the figures.
     *
     * @param windowS      the window wanted now, s (clamped to 1..the ring's size)
     * @param maxPauseNs   the longest JVM pause reported during this second, ns
     */
    public void sample(int windowS, long maxPauseNs) {
        sample(windowS, maxPauseNs, 0);
    }

    /**
     * As {@link #sample(int, long)}, with the longest safepoint of the second.
     *
     * @param maxSafepointNs the longest safepoint reported during this second, ns (0: none)
     */
    public void sample(int windowS, long maxPauseNs, long maxSafepointNs) {
        second.reset();
        recorder.drainInto(second);
        sinceStart.add(second);
        head = (head + 1) % slots.length;
        Slot s = slots[head];
        s.periodErrorUs.reset();
        s.periodErrorUs.add(second.cyclePeriodErrorUs());
        s.cycles = second.cycles();
        s.misses = second.misses();
        s.runs = second.runs();
        s.overruns = second.overruns();
        s.maxPauseNs = maxPauseNs;
        s.maxSafepointNs = maxSafepointNs;
        s.cycleExecP99Us = second.cycleExecUs().getValueAtPercentile(99.0);
        if (filled < slots.length) {
            filled++;
        }
        lastSecond = figures(1, 1, s.periodErrorUs, s.cycles, s.misses, s.runs, s.overruns, s.maxPauseNs,
                s.maxSafepointNs, s.cycleExecP99Us, second);

        int w = Math.max(1, Math.min(windowS, slots.length));
        int span = Math.min(w, filled);
        window.reset();
        long cycles = 0;
        long misses = 0;
        long runs = 0;
        long overruns = 0;
        long pause = 0;
        long safepoint = 0;
        long execP99 = 0;
        for (int k = 0; k < span; k++) {
            Slot x = slots[(head - k + slots.length) % slots.length];
            window.add(x.periodErrorUs);
            cycles += x.cycles;
            misses += x.misses;
            runs += x.runs;
            overruns += x.overruns;
            pause = Math.max(pause, x.maxPauseNs);
            safepoint = Math.max(safepoint, x.maxSafepointNs);
            execP99 = Math.max(execP99, x.cycleExecP99Us);
        }
        lastWindow = figures(span, w, window, cycles, misses, runs, overruns, pause, safepoint, execP99, sinceStart);
    }

    private LoopTimingFigures figures(int spanS, int windowS, Histogram h, long cycles, long misses, long runs,
                                      long overruns, long maxPauseNs, long maxSafepointNs, long cycleExecP99Us,
                                      LoopTimingRecorder.Interval tasks) {
        String worst = "";
        long worstExec = 0;
        double worstShare = 0;
        for (int i = 0; i < recorder.taskCount(); i++) {
            if (tasks.taskRuns(i) == 0) {
                continue;
            }
            long p99 = tasks.taskExecUs(i).getValueAtPercentile(99.0);
            double share = taskBudgetUs[i] > 0 ? (double) p99 / taskBudgetUs[i] : p99;
            if (share > worstShare) {
                worstShare = share;
                worst = recorder.taskName(i);
                worstExec = p99;
            }
        }
        boolean any = h.getTotalCount() > 0;
        return new LoopTimingFigures(spanS, windowS, cycles,
                any ? h.getValueAtPercentile(50.0) : 0, any ? h.getValueAtPercentile(99.0) : 0,
                any ? h.getValueAtPercentile(99.9) : 0, any ? h.getMaxValue() : 0,
                misses, runs, overruns, maxPauseNs / 1000, maxSafepointNs / 1000, cycleExecP99Us, worst, worstExec);
    }

    /** @return the figures of the latest second */
    public LoopTimingFigures lastSecond() {
        return lastSecond;
    }

    /** @return the figures of the window (as many seconds as were measured, up to the window) */
    public LoopTimingFigures window() {
        return lastWindow;
    }

    /** @return seconds sampled so far, at most the ring's size */
    public int secondsMeasured() {
        return filled;
    }

    /** @return the per-task figures since start, for the shutdown report and the log */
    public LoopTimingRecorder.Interval sinceStart() {
        return sinceStart;
    }
}
