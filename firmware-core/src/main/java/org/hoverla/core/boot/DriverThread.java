package org.hoverla.core.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.time.Clock;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.chip.SensorBackend;

/**
 * One bus's I/O thread: reads each of its chip backends at the backend's period and hands the
 * samples to the flight thread through their {@link BackendChannel}s. One thread per bus,
 * because transactions on one bus are serial anyway and a slow or hung bus then delays only its
 * own devices, never the flight thread.
 *
 * <p>Bus errors are counted against the device (and stamped on its next samples) and retried
 * at the next period; after {@link #BACKOFF_AFTER_ERRORS} consecutive errors a device is retried
 * ten times less often, so a vanished chip does not hog the bus. A device that recovers is read
 * at its normal period again.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from the boot thread; the loop itself on its
 * own daemon thread. {@link #runOnce(long)} steps the loop without a thread (tests).
 */
public final class DriverThread implements AutoCloseable {
    /** Consecutive errors after which a device is polled ten times less often. */
    static final int BACKOFF_AFTER_ERRORS = 10;

    private final String name;
    private final Clock clock;
    private final List<Slot<?>> slots = new ArrayList<>();
    private Thread thread;
    private volatile boolean running;
    private volatile long cycles;

    /** One backend with its hand-over channel and schedule. */
    private static final class Slot<S> {
        final SensorBackend<S> backend;
        final BackendChannel<S> channel;
        long nextDueNs;
        int consecutiveErrors;
        volatile long errors;
        volatile BusException.Kind lastErrorKind;

        Slot(SensorBackend<S> backend, BackendChannel<S> channel) {
            this.backend = backend;
            this.channel = channel;
        }

        void service(long nowNs) {
            if (nowNs < nextDueNs) {
                return;
            }
            long period = backend.periodNs();
            try {
                channel.setErrorCount(errors);
                backend.read(nowNs, channel);
                consecutiveErrors = 0;
                nextDueNs = nowNs + period;
            } catch (BusException e) {
                errors = errors + 1;
                lastErrorKind = e.kind();
                consecutiveErrors++;
                nextDueNs = nowNs + (consecutiveErrors >= BACKOFF_AFTER_ERRORS ? 10 * period : period);
            } catch (RuntimeException e) {
                // A driver bug must not kill the bus thread: count it like a bus error.
                errors = errors + 1;
                lastErrorKind = BusException.Kind.IO;
                consecutiveErrors++;
                nextDueNs = nowNs + 10 * period;
            }
        }
    }

    public DriverThread(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    /** Boot thread, before {@link #start()}: adds a backend read by this thread. */
    public <S> void add(SensorBackend<S> backend, BackendChannel<S> channel) {
        if (thread != null) {
            throw new IllegalStateException("driver thread " + name + " already started");
        }
        slots.add(new Slot<>(backend, channel));
    }

    public String name() {
        return name;
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /** Reads every backend that is due at {@code nowNs}; returns the earliest next due time. */
    public long runOnce(long nowNs) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < slots.size(); i++) {
            Slot<?> s = slots.get(i);
            s.service(nowNs);
            next = Math.min(next, s.nextDueNs);
        }
        cycles++;
        return next;
    }

    /** Starts the thread (daemon: the flight thread, not the drivers, keeps the vehicle alive). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("driver thread " + name + " already started");
        }
        running = true;
        thread = new Thread(this::loop, "driver-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            long next = runOnce(clock.nanoTime());
            long wait = next - clock.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 100_000_000L));
            }
        }
    }

    /** Stops and joins the thread (at most 1 s: a bus transaction in progress is allowed to finish). */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Bytes the driver thread has allocated since it started (HotSpot's per-thread counter), or -1
     * when unknown (not started, or a JVM without the counter). Call before {@link #close()}.
     */
    public long allocatedBytes() {
        Thread t = thread();
        if (t == null || !t.isAlive()) {
            return -1;
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean hs && hs.isThreadAllocatedMemorySupported()) {
            return hs.getThreadAllocatedBytes(t.getId());
        }
        return -1;
    }

    /** The driver thread itself, for allocation measurements; null before start. */
    public synchronized Thread thread() {
        return thread;
    }

    public long cycles() {
        return cycles;
    }

    /** Bus errors counted against backend {@code index} (in {@link #add} order). */
    public long errors(int index) {
        return slots.get(index).errors;
    }

    /** One line per device: chip, samples published, bus errors, last error kind. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Slot<?> s : slots) {
            out.add(s.backend.chip() + " (device id " + s.backend.deviceId() + "): " + s.channel.published()
                    + " samples, " + s.errors + " bus errors" + (s.lastErrorKind == null ? "" : ", last " + s.lastErrorKind)
                    + (s.backend.stuckReads() > 0 ? ", " + s.backend.stuckReads() + " stuck reads" : ""));
        }
        return out;
    }
}
