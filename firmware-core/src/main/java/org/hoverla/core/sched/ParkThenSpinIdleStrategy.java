package org.hoverla.core.sched;

import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.time.Clock;

/**
 * Parks the thread until shortly before the deadline, then busy-spins the last
 * {@code spinMarginNs}.
 *
 * <p>Why (DESIGN §9, measured on the target class of machine): {@code Thread.sleep} on
 * Java 17 rounds to whole milliseconds, so sleeping to a 1 kHz deadline does not work;
 * {@code scheduleAtFixedRate} shows 1.5–10 ms tails under load; pure busy-spin at
 * {@code SCHED_FIFO} starves the kernel until RT throttling stalls the thread for ~50 ms.
 * Parking ({@code LockSupport.parkNanos}, a futex wait with hrtimer precision) for most of
 * the gap and spinning with {@link Thread#onSpinWait()} only for the last part (the
 * {@link #DEFAULT_SPIN_MARGIN_NS margin}) yields the CPU to the kernel every cycle while the
 * spin hides the wake-up latency.
 *
 * <p>Threads: the flight thread only; stateless after construction, allocation-free.
 * A single call parks at most once and then returns, so an unpark (shutdown) or spurious
 * wake-up lets the caller re-check its state; the spin phase is never longer than the margin
 * (plus the lateness of the clock reads), so no long spin can follow an early wake-up.
 */
public final class ParkThenSpinIdleStrategy implements IdleStrategy {

    /**
     * The margin for a flight thread pinned to a CPU of its own, 300 µs: on the development VM
     * (docs/realtime.md §2, three interleaved 20 s runs per margin at SCHED_FIFO 80 under load) p99 period error was 126–169 µs at 100 µs, 31–112 µs at 200 µs and
     * 22–42 µs at 300 µs, where a real-time C thread's wake-up p99 is 106 µs (cyclictest). It
     * spins up to 30 % of the flight CPU, which is that CPU's to spend; a full spin is not an
     * option (RT throttling, above).
     */
    public static final long DEDICATED_CPU_SPIN_MARGIN_NS = 300_000L;

    /**
     * The margin for a flight thread that shares its CPUs, 100 µs. A longer spin there takes CPU
     * time from the threads that feed the loop: in the real-time SITL at 300 µs, unpinned on 2
     * vCPUs with a busy ground station, the physics thread fell 93 ms behind and the IMU frontend
     * declared "IMU imu0 failed, no healthy IMU left".
     */
    public static final long SHARED_CPU_SPIN_MARGIN_NS = 100_000L;

    /** The margin of the no-argument constructor: the conservative one. */
    public static final long DEFAULT_SPIN_MARGIN_NS = SHARED_CPU_SPIN_MARGIN_NS;

    /** @return the margin for a flight thread pinned to its own CPU ({@code pinned}) or not */
    public static long marginFor(boolean pinned) {
        return pinned ? DEDICATED_CPU_SPIN_MARGIN_NS : SHARED_CPU_SPIN_MARGIN_NS;
    }

    private final long spinMarginNs;

    /** @param spinMarginNs how long before the deadline to stop parking and spin, ns, {@code >= 0} */
    public ParkThenSpinIdleStrategy(long spinMarginNs) {
        if (spinMarginNs < 0) {
            throw new IllegalArgumentException("spinMarginNs must be >= 0: " + spinMarginNs);
        }
        this.spinMarginNs = spinMarginNs;
    }

    /** A strategy with {@link #DEFAULT_SPIN_MARGIN_NS}. */
    public ParkThenSpinIdleStrategy() {
        this(DEFAULT_SPIN_MARGIN_NS);
    }

    /** @return the spin margin in ns */
    public long spinMarginNs() {
        return spinMarginNs;
    }

    @Override
    public void idleUntil(Clock clock, long deadlineNs) {
        long remainingNs = deadlineNs - clock.nanoTime();
        if (remainingNs <= 0) {
            return;
        }
        if (remainingNs > spinMarginNs) {
            // Park once and hand control back; the caller re-checks the clock (and whether it
            // should stop) and calls again for the spin phase.
            LockSupport.parkNanos(remainingNs - spinMarginNs);
            return;
        }
        while (clock.nanoTime() - deadlineNs < 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public String toString() {
        return "ParkThenSpinIdleStrategy[spinMarginNs=" + spinMarginNs + "]";
    }
}
