package org.hoverla.core.time;

/**
 * The hardware clock: {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux).
 *
 * <p>Stateless, so a single shared {@link #INSTANCE} is not the kind of global singleton
 * DESIGN §2 forbids: it carries no configuration and no mutable state. Callable from any
 * thread; allocation-free. Units: nanoseconds, arbitrary origin.
 */
public final class SystemClock implements Clock {

    /** The only instance; the class has no state. */
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
