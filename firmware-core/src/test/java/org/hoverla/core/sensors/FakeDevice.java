package org.hoverla.core.sensors;

import java.util.function.BiConsumer;

/**
 * The frontend tests' sensor device: delivers {@link #next} once each time {@link #fresh} is set,
 * while {@link #alive}, as a driver channel's {@code poll} does. Subclasses implement the role's
 * HAL interface by calling {@link #deliver}.
 *
 * @param <S> the sample type
 */
abstract class FakeDevice<S> {
    final S next;
    boolean alive = true;
    boolean fresh;
    private final BiConsumer<S, S> copyInto;

    /** @param copyInto (dst, src) copies a sample, e.g. {@code ImuSample::copyFrom} */
    FakeDevice(S next, BiConsumer<S, S> copyInto) {
        this.next = next;
        this.copyInto = copyInto;
    }

    final boolean deliver(S dst) {
        if (!fresh || !alive) {
            return false;
        }
        fresh = false;
        copyInto.accept(dst, next);
        return true;
    }
}
