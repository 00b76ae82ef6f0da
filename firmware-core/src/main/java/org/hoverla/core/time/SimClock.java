package org.hoverla.core.time;

/**
 * A simulated clock that only moves when told to: the time base of lockstep simulation and
 * of every timing test (DESIGN §7: no wall-clock sleeps).
 *
 * <p>Threads: one thread advances the clock (the lockstep runner, or a test's idle
 * strategy); any number of threads may read it. The time is held in a {@code volatile}
 * field, so a reader on another thread (e.g. a dedicated loop runner) always sees a whole,
 * recent value and never a torn {@code long}. Concurrent writers are not supported: with two
 * writers an {@link #advance} could be lost. All methods are allocation-free unless they
 * throw.
 *
 * <p>Monotonicity: the clock never goes backwards. {@link #advance(long)} with a negative
 * step and {@link #set(long)} to an earlier time throw {@link IllegalArgumentException};
 * these are set-up or simulator-programming errors, not flight-time conditions, so throwing
 * is the right response (the flight thread never writes a clock).
 *
 * <p>Units: nanoseconds. The default origin is 0.
 */
public final class SimClock implements Clock {

    private volatile long nowNs;

    /** A clock starting at 0 ns. */
    public SimClock() {
        this(0L);
    }

    /** A clock starting at {@code startNs}. */
    public SimClock(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    /**
     * Moves the clock forward.
     *
     * @param ns step in nanoseconds, {@code >= 0}
     * @return the new time in nanoseconds
     * @throws IllegalArgumentException if {@code ns < 0} or the sum would overflow
     */
    public long advance(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("SimClock cannot go backwards: advance(" + ns + ")");
        }
        long next = nowNs + ns;
        if (next < nowNs) {
            throw new IllegalArgumentException("SimClock overflow: advance(" + ns + ")");
        }
        nowNs = next;
        return next;
    }

    /**
     * Sets the clock to an absolute time; setting the current time again is allowed.
     *
     * @param ns new time in nanoseconds, {@code >=} the current time
     * @throws IllegalArgumentException if {@code ns} is earlier than the current time
     */
    public void set(long ns) {
        long current = nowNs;
        if (ns < current) {
            throw new IllegalArgumentException(
                    "SimClock cannot go backwards: set(" + ns + ") < now " + current);
        }
        nowNs = ns;
    }

    @Override
    public String toString() {
        return "SimClock[" + nowNs + " ns]";
    }
}
