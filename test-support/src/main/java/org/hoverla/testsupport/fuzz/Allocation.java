package org.hoverla.testsupport.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the calling thread allocates while repeating a round, after a warm-up: the smallest
 * of three measured windows (the MXBean itself or a JIT recompilation can allocate inside one).
 * Used to show a streaming parser allocates nothing per byte on fuzzed input. Test thread only.
 */
public final class Allocation {
    private Allocation() {
    }

    /**
     * @param warmRounds   rounds run first, unmeasured (JIT, lazily built tables)
     * @param windowRounds rounds per measured window
     * @return the smallest allocation of the three windows, bytes
     */
    public static long smallestWindowBytes(Runnable round, int warmRounds, int windowRounds) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < warmRounds; i++) {
            round.run();
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < windowRounds; i++) {
                round.run();
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        return smallest;
    }
}
