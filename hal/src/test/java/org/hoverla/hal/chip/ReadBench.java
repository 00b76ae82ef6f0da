package org.hoverla.hal.chip;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hoverla.hal.bus.BusException;

/**
 * Test helper: a manual clock ({@link #now}, which tests hand to their fakes) and a sink that keeps
 * a copy of every sample a backend hands over ({@link #samples}).
 *
 * @param <S> the sample type
 */
final class ReadBench<S> {
    final long[] now;
    final List<S> samples = new ArrayList<>();
    final Consumer<S> collect;

    ReadBench(long startNs, Supplier<S> newSample, BiConsumer<S, S> copyInto) {
        now = new long[] {startNs};
        collect = s -> {
            S copy = newSample.get();
            copyInto.accept(copy, s);
            samples.add(copy);
        };
    }

    /** Advances the clock by {@code ns}, then reads once; returns the samples handed over. */
    int readAfter(SensorBackend<S> backend, long ns) throws BusException {
        now[0] += ns;
        return backend.read(now[0], collect);
    }

    /** Reads once every {@code periodNs} for {@code periods} periods; returns the samples handed over. */
    int run(SensorBackend<S> backend, int periods, long periodNs) throws BusException {
        int n = 0;
        for (int i = 0; i < periods; i++) {
            n += readAfter(backend, periodNs);
        }
        return n;
    }
}
