package org.hoverla.core.sched;

/** Two {@link CycleObserver}s called in turn (the loop-timing monitor and the flight log). */
public final class CycleObserverPair implements CycleObserver {
    private final CycleObserver first;
    private final CycleObserver second;

    private CycleObserverPair(CycleObserver first, CycleObserver second) {
        this.first = first;
        this.second = second;
    }

    /** Both, or just one of them when the other is {@link CycleObserver#NONE} or null. */
    public static CycleObserver of(CycleObserver first, CycleObserver second) {
        if (first == null || first == NONE) {
            return second == null ? NONE : second;
        }
        if (second == null || second == NONE) {
            return first;
        }
        return new CycleObserverPair(first, second);
    }

    @Override
    public void taskRan(int taskIndex, long latenessNs, long execNs, boolean overran) {
        first.taskRan(taskIndex, latenessNs, execNs, overran);
        second.taskRan(taskIndex, latenessNs, execNs, overran);
    }

    @Override
    public void cycleRan(long nowNs, long latenessNs, long execNs) {
        first.cycleRan(nowNs, latenessNs, execNs);
        second.cycleRan(nowNs, latenessNs, execNs);
    }
}
