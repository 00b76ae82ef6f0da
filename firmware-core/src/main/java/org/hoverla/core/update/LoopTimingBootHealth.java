package org.hoverla.core.update;

import org.hoverla.core.timing.LoopTiming;
import org.hoverla.core.timing.LoopTimingFigures;

/**
 * The boot check's health verdict from a running vehicle's loop timing: each measured second
 * judged against the arming gate's limits (the LOOP_* parameters, {@link
 * org.hoverla.core.timing.LoopTimingLimits#broken}: the first limit broken, with its figure), as the
 * in-flight governor judges seconds; and a flight loop that completed no cycle since the last call
 * (a stall the timing thread would only show later). The vehicle is swapped in at each (re)boot.
 *
 * <p>{@link #warmedUp()} says when the arming gate has measured its first whole window: the boot
 * check opens its health window only then, so the JIT's compilation of the flight code in the first
 * seconds (the stalls the gate also waits out before it allows arming) is not held against a version.
 *
 * <p>Threads: {@link #watch} on the boot thread, the rest on the boot check's monitor thread; reads
 * only volatile values of the timing thread and the flight thread's cycle counter.
 */
public final class LoopTimingBootHealth implements BootCheck.Health {
    private volatile LoopTiming timing;
    private long lastCycles = -1;
    private LoopTimingFigures lastSecond;

    /** The loop timing judged from now on (null while the vehicle reboots). Boot thread. */
    public synchronized void watch(LoopTiming timing) {
        this.timing = timing;
        lastCycles = -1;
        lastSecond = timing == null ? null : timing.lastSecond();
    }

    /** @return whether the arming gate has measured a whole window (its warm-up is over) */
    public boolean warmedUp() {
        LoopTiming t = timing;
        if (t == null) {
            return false;
        }
        org.hoverla.core.timing.LoopTimingFigures w = t.window();
        return w.cycles() > 0 && w.spanS() >= w.windowS();
    }

    @Override
    public synchronized String verdict() {
        LoopTiming t = timing;
        if (t == null) {
            lastCycles = -1;
            return null; // rebooting: no loop to judge
        }
        long cycles = t.cycles();
        boolean stalled = lastCycles >= 0 && cycles == lastCycles;
        lastCycles = cycles;
        if (stalled) {
            return "flight loop stalled: no cycle completed in the last second (" + cycles + " cycles)";
        }
        LoopTimingFigures s = t.lastSecond();
        if (s == lastSecond) {
            return null; // the timing thread has not measured a new second yet
        }
        lastSecond = s;
        return t.limits().broken(s);
    }
}
