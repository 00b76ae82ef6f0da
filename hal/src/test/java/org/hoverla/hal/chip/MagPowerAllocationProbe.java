package org.hoverla.hal.chip;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import org.hoverla.hal.bus.BusException;

/**
 * Measures the heap bytes the current thread allocates in 10 000 {@code read} calls of a backend,
 * after a warm-up. The MXBean itself allocates on its first calls in a JVM, and a JIT
 * recompilation can land inside a window, so the smallest of three windows is reported: a
 * backend that allocates per read shows it in every window.
 */
final class MagPowerAllocationProbe {
    private MagPowerAllocationProbe() {
    }

    static <S> long bytesPer10000Reads(SensorBackend<S> backend, Consumer<S> sink, long periodNs) throws BusException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long t = 0;
        for (int i = 0; i < 20_000; i++) {
            backend.read(t += periodNs, sink);
        }
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                backend.read(t += periodNs, sink);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        return smallest;
    }
}
