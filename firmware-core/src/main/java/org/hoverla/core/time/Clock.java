package org.hoverla.core.time;

/**
 * A monotonic time source in nanoseconds.
 *
 * <p>Contract: {@link #nanoTime()} never goes backwards and has no defined epoch; only
 * differences between two readings of the same clock mean anything. Implementations must
 * be allocation-free and safe to call from any thread, including the flight thread.
 *
 * <p>Why an interface and not {@code System.nanoTime()} everywhere: the same flight code
 * runs on hardware ({@link SystemClock}) and in lockstep simulation and tests
 * ({@link SimClock}), as PX4's lockstep and WPILib's {@code stepTiming} do. Only boot code
 * chooses the implementation (DESIGN §2); tasks receive {@code nowNs} as an argument.
 * The role mirrors Agrona's {@code NanoClock}.
 */
@FunctionalInterface
public interface Clock {

    /** @return the current time in nanoseconds (arbitrary origin, monotonic). */
    long nanoTime();
}
