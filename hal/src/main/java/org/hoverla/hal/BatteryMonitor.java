package org.hoverla.hal;

/**
 * A source of {@link BatterySample}s. Called by the flight thread: {@link #poll} must not allocate,
 * lock or block.
 */
public interface BatteryMonitor {
    /**
     * Copies the newest sample into {@code dst}.
     *
     * @return true when a sample arrived since the previous call; {@code dst} is untouched otherwise
     */
    boolean poll(BatterySample dst);
}
