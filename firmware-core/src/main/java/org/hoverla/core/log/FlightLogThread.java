package org.hoverla.core.log;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link FlightLogWriter} on its own daemon thread ("flight-log"), waking every
 * {@link #PERIOD_NS}: the vehicle's and the real-time simulator's log thread. The ring between the
 * flight thread and this thread holds seconds of records, so a slow disk (an SD card's
 * multi-hundred-millisecond stall) costs no record; a longer stall costs records, which the log
 * shows as a dropout.
 */
public final class FlightLogThread implements AutoCloseable {
    /** How often the writer wakes, ns. */
    public static final long PERIOD_NS = 10_000_000L;
    private static final long CLOSE_TIMEOUT_NS = 500_000_000L;

    private final FlightLogWriter writer;
    private final Thread thread;
    private volatile boolean running = true;

    public FlightLogThread(FlightLogWriter writer) {
        this.writer = writer;
        this.thread = new Thread(this::loop, "flight-log");
        thread.setDaemon(true);
    }

    public FlightLogThread start() {
        thread.start();
        return this;
    }

    public FlightLogWriter writer() {
        return writer;
    }

    /** The thread, for CPU-time measurement. */
    public Thread thread() {
        return thread;
    }

    private void loop() {
        while (running) {
            try {
                writer.doWork();
            } catch (RuntimeException e) {
                // doWork reports its own failures; this only keeps the thread alive on a bug
                System.err.println("flight-log: " + e);
            }
            LockSupport.parkNanos(PERIOD_NS);
        }
        writer.close(CLOSE_TIMEOUT_NS);
    }

    /** Ends the current log and the thread (shutdown hook, end of a simulation). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
