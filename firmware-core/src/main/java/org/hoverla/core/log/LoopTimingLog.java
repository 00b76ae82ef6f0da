package org.hoverla.core.log;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.msg.LoopTimingSample;
import org.hoverla.core.sched.CycleObserver;

/**
 * Counts the flight loop's timing per second for the flight log: a {@link CycleObserver} on the
 * flight thread that publishes a {@link LoopTimingSample} every second of loop time and starts the
 * next one. Allocation-free. A deadline miss is a cycle at least one base period late, as
 * {@link org.hoverla.core.timing.LoopTimingRecorder} counts it.
 */
public final class LoopTimingLog implements CycleObserver {
    private static final long INTERVAL_NS = 1_000_000_000L;

    private final Publication<LoopTimingSample> publication;
    private final long basePeriodNs;
    private final LoopTimingSample current = new LoopTimingSample();
    private long intervalStartNs = Long.MIN_VALUE;

    public LoopTimingLog(Publication<LoopTimingSample> publication, long basePeriodNs) {
        this.publication = publication;
        this.basePeriodNs = basePeriodNs;
    }

    @Override
    public void taskRan(int taskIndex, long latenessNs, long execNs, boolean overran) {
        if (overran) {
            current.overruns++;
        }
    }

    @Override
    public void cycleRan(long nowNs, long latenessNs, long execNs) {
        if (intervalStartNs == Long.MIN_VALUE) {
            intervalStartNs = nowNs;
        }
        current.cycles++;
        current.latenessHist[LoopTimingSample.bucketOf(latenessNs)]++;
        if (latenessNs >= basePeriodNs) {
            current.deadlineMisses++;
        }
        if (latenessNs > current.latenessMaxNs) {
            current.latenessMaxNs = latenessNs;
        }
        if (nowNs - intervalStartNs >= INTERVAL_NS) {
            current.timestampNs = nowNs;
            publication.publish(current);
            intervalStartNs = nowNs;
            current.cycles = 0;
            current.deadlineMisses = 0;
            current.overruns = 0;
            current.latenessMaxNs = 0;
            java.util.Arrays.fill(current.latenessHist, 0L);
        }
    }
}
