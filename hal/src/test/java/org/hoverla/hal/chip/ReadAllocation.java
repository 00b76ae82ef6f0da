package org.hoverla.hal.chip;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import org.hoverla.hal.bus.BusException;

/**
 * Test helper: the heap bytes the current thread allocates in 10 000 {@code read} calls of a
 * backend, after 20 000 warm-up reads. The MXBean itself allocates on its first calls in a JVM,
 * and a JIT recompilation can land inside a window, so the smallest of three windows is reported:
 * a backend that allocates per read shows it in every window.
 */
final class ReadAllocation {
    private ReadAllocation() {
    }

    /** Reads with time stamps advancing by {@code periodNs} from 0 (fakes that keep no clock). */
    static <S> long bytesPer10000Reads(SensorBackend<S> backend, Consumer<S> sink, long periodNs) throws BusException {
        return bytesPer10000Reads(backend, sink, new long[1], periodNs);
    }

    /**
     * Reads at {@code now[0]}, advancing it by {@code periodNs} before each read ({@code now} is the
     * clock the test gave its fake).
     */
    static <S> long bytesPer10000Reads(SensorBackend<S> backend, Consumer<S> sink, long[] now, long periodNs)
            throws BusException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            now[0] += periodNs;
            backend.read(now[0], sink);
        }
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                now[0] += periodNs;
                backend.read(now[0], sink);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        return smallest;
    }
}
