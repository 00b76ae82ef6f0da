package org.hoverla.core.timing;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;
import org.hoverla.core.sched.CycleObserver;

/**
 * Records the flight loop's timing on the flight thread, allocation-free, and hands it to a
 * reader (the timing thread) one interval at a time.
 *
 * <p>What is recorded, per interval, in microseconds (ns are rounded down; values above
 * {@link #MAX_TRACKABLE_US} are clamped to it so a record can never throw or resize):
 * <ul>
 *   <li>per task: its <b>period error</b> (start minus the deadline it served) and its
 *       <b>execution time</b>, one histogram each;</li>
 *   <li>per cycle: the cycle's period error (start minus the earliest deadline due) and its
 *       summed execution time;</li>
 *   <li>counters: cycles, task runs, overruns (a run longer than its budget), and
 *       <b>deadline misses</b>: cycles whose period error is at least one base period, i.e. the
 *       loop woke so late that a whole base-rate deadline passed unserved (the base task slips).</li>
 * </ul>
 *
 * <p>Threads: {@link #taskRan} and {@link #cycleRan} on the flight thread only (the single writer);
 * {@link #drainInto} on one reader thread. The hand-off is HdrHistogram's
 * {@link WriterReaderPhaser} over two banks: the writer enters and leaves a critical section
 * (two atomic increments, no lock, no allocation) around each record; the reader swaps the banks
 * and waits for an in-flight record to finish, then reads the inactive bank at leisure. The
 * writer never waits.
 */
public final class LoopTimingRecorder implements CycleObserver {
    /** Largest value kept, µs (10 s); larger values are clamped to it. */
    public static final long MAX_TRACKABLE_US = 10_000_000L;
    /** Significant decimal digits of every histogram: 1 % resolution. */
    static final int SIGNIFICANT_DIGITS = 2;

    /** One set of histograms and counters; two of them alternate between writer and reader. */
    static final class Bank {
        final Histogram cyclePeriodErrorUs = newHistogram();
        final Histogram cycleExecUs = newHistogram();
        final Histogram[] taskPeriodErrorUs;
        final Histogram[] taskExecUs;
        final long[] taskRuns;
        final long[] taskOverruns;
        long cycles;
        long misses;
        long runs;
        long overruns;
        long maxCyclePeriodErrorNs;

        Bank(int tasks) {
            taskPeriodErrorUs = new Histogram[tasks];
            taskExecUs = new Histogram[tasks];
            taskRuns = new long[tasks];
            taskOverruns = new long[tasks];
            for (int i = 0; i < tasks; i++) {
                taskPeriodErrorUs[i] = newHistogram();
                taskExecUs[i] = newHistogram();
            }
        }

        void reset() {
            cyclePeriodErrorUs.reset();
            cycleExecUs.reset();
            for (int i = 0; i < taskExecUs.length; i++) {
                taskPeriodErrorUs[i].reset();
                taskExecUs[i].reset();
                taskRuns[i] = 0;
                taskOverruns[i] = 0;
            }
            cycles = 0;
            misses = 0;
            runs = 0;
            overruns = 0;
            maxCyclePeriodErrorNs = 0;
        }
    }

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final Bank[] banks;
    private final long basePeriodNs;
    private final String[] taskNames;
    private volatile int active;

    /**
     * @param taskNames    the task table's names, in table order
     * @param basePeriodNs the fastest task's period, ns: a cycle this late is a deadline miss
     */
    public LoopTimingRecorder(String[] taskNames, long basePeriodNs) {
        if (basePeriodNs <= 0) {
            throw new IllegalArgumentException("base period must be positive: " + basePeriodNs + " ns");
        }
        this.taskNames = taskNames.clone();
        this.basePeriodNs = basePeriodNs;
        this.banks = new Bank[] {new Bank(taskNames.length), new Bank(taskNames.length)};
    }

    static Histogram newHistogram() {
        return new Histogram(1, MAX_TRACKABLE_US, SIGNIFICANT_DIGITS);
    }

    /** ns → µs, clamped to [0, {@link #MAX_TRACKABLE_US}]: every value is recordable. */
    static long clampUs(long ns) {
        if (ns <= 0) {
            return 0;
        }
        long us = ns / 1000;
        return us > MAX_TRACKABLE_US ? MAX_TRACKABLE_US : us;
    }

    @Override
    public void taskRan(int taskIndex, long latenessNs, long execNs, boolean overran) {
        long enter = phaser.writerCriticalSectionEnter();
        try {
            Bank b = banks[active];
            b.taskPeriodErrorUs[taskIndex].recordValue(clampUs(latenessNs));
            b.taskExecUs[taskIndex].recordValue(clampUs(execNs));
            b.taskRuns[taskIndex]++;
            b.runs++;
            if (overran) {
                b.taskOverruns[taskIndex]++;
                b.overruns++;
            }
        } finally {
            phaser.writerCriticalSectionExit(enter);
        }
    }

    @Override
    public void cycleRan(long nowNs, long latenessNs, long execNs) {
        long enter = phaser.writerCriticalSectionEnter();
        try {
            Bank b = banks[active];
            b.cyclePeriodErrorUs.recordValue(clampUs(latenessNs));
            b.cycleExecUs.recordValue(clampUs(execNs));
            b.cycles++;
            if (latenessNs >= basePeriodNs) {
                b.misses++;
            }
            if (latenessNs > b.maxCyclePeriodErrorNs) {
                b.maxCyclePeriodErrorNs = latenessNs;
            }
        } finally {
            phaser.writerCriticalSectionExit(enter);
        }
    }

    /**
     * Ends the current interval: what the flight thread recorded since the previous call is
     * added to {@code into} and the writer starts afresh. Reader thread only (one reader).
     */
    public void drainInto(Interval into) {
        phaser.readerLock();
        try {
            int was = active;
            banks[1 - was].reset();
            active = 1 - was;
            // Waits only for a record already in progress on the flight thread (a few ns).
            phaser.flipPhase();
            into.add(banks[was]);
        } finally {
            phaser.readerUnlock();
        }
    }

    /** @return the number of tasks */
    public int taskCount() {
        return taskNames.length;
    }

    /** @return the name of task {@code i} */
    public String taskName(int i) {
        return taskNames[i];
    }

    /** @return the base period, ns (a cycle this late is a deadline miss) */
    public long basePeriodNs() {
        return basePeriodNs;
    }

    /** @return a reader-side accumulator shaped for this recorder's tasks */
    public Interval newInterval() {
        return new Interval(taskNames.length);
    }

    /**
     * Reader-side timing of one or more intervals: the same histograms and counters as a
     * {@link Bank}, summed. Owned by the reader thread.
     */
    public static final class Interval {
        final Bank sum;

        Interval(int tasks) {
            sum = new Bank(tasks);
        }

        void add(Bank b) {
            sum.cyclePeriodErrorUs.add(b.cyclePeriodErrorUs);
            sum.cycleExecUs.add(b.cycleExecUs);
            for (int i = 0; i < b.taskExecUs.length; i++) {
                sum.taskPeriodErrorUs[i].add(b.taskPeriodErrorUs[i]);
                sum.taskExecUs[i].add(b.taskExecUs[i]);
                sum.taskRuns[i] += b.taskRuns[i];
                sum.taskOverruns[i] += b.taskOverruns[i];
            }
            sum.cycles += b.cycles;
            sum.misses += b.misses;
            sum.runs += b.runs;
            sum.overruns += b.overruns;
            if (b.maxCyclePeriodErrorNs > sum.maxCyclePeriodErrorNs) {
                sum.maxCyclePeriodErrorNs = b.maxCyclePeriodErrorNs;
            }
        }

        /** Adds another interval (window sums). */
        public void add(Interval other) {
            add(other.sum);
        }

        /** Empties it. */
        public void reset() {
            sum.reset();
        }

        /** @return cycles that ran a task */
        public long cycles() {
            return sum.cycles;
        }

        /** @return deadline misses (see class doc of the recorder) */
        public long misses() {
            return sum.misses;
        }

        /** @return task runs */
        public long runs() {
            return sum.runs;
        }

        /** @return task runs over their budget */
        public long overruns() {
            return sum.overruns;
        }

        /** @return the cycle period-error histogram, µs */
        public Histogram cyclePeriodErrorUs() {
            return sum.cyclePeriodErrorUs;
        }

        /** @return the cycle execution-time histogram, µs */
        public Histogram cycleExecUs() {
            return sum.cycleExecUs;
        }

        /** @return task {@code i}'s period-error histogram, µs */
        public Histogram taskPeriodErrorUs(int i) {
            return sum.taskPeriodErrorUs[i];
        }

        /** @return task {@code i}'s execution-time histogram, µs */
        public Histogram taskExecUs(int i) {
            return sum.taskExecUs[i];
        }

        /** @return task {@code i}'s runs */
        public long taskRuns(int i) {
            return sum.taskRuns[i];
        }

        /** @return task {@code i}'s overruns */
        public long taskOverruns(int i) {
            return sum.taskOverruns[i];
        }

        /** @return the largest cycle period error, ns, unrounded */
        public long maxCyclePeriodErrorNs() {
            return sum.maxCyclePeriodErrorNs;
        }
    }
}
