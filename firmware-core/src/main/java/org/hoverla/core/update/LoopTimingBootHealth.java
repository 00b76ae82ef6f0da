package org.hoverla.core.update;

import org.hoverla.core.timing.LoopTiming;

/**
 * The boot check's health verdict from a running vehicle's loop timing: the arming gate's own
 * verdict ({@link LoopTiming#problem()}: the first LOOP_* limit the measured window breaks, with
 * its figure), and a flight loop that completed no cycle since the last call (a stall the window
 * would only show later). The vehicle is swapped in at each (re)boot; none means no verdict yet.
 *
 * <p>Threads: {@link #watch} on the boot thread, {@link #verdict()} on the boot check's monitor
 * thread; reads only volatile values of the timing thread and the flight thread's cycle counter.
 */
public final class LoopTimingBootHealth implements BootCheck.Health {
    private volatile LoopTiming timing;
    private long lastCycles = -1;

    /** The loop timing judged from now on (null while the vehicle reboots). Boot thread. */
    public synchronized void watch(LoopTiming timing) {
        this.timing = timing;
        lastCycles = -1;
    }

    @Override
    public synchronized String verdict() {
        LoopTiming t = timing;
        if (t == null) {
            lastCycles = -1;
            return "";
        }
        long cycles = t.cycles();
        boolean stalled = lastCycles >= 0 && cycles == lastCycles;
        lastCycles = cycles;
        if (stalled) {
            return "flight loop stalled: no cycle completed in the last second (" + cycles + " cycles)";
        }
        return t.problem();
    }
}
