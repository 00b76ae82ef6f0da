package org.hoverla.core.timing;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's own account of its collector pauses, from the garbage collectors' notifications
 * ({@code com.sun.management.GarbageCollectionNotificationInfo}), delivered on a JMX thread,
 * never on the flight thread.
 *
 * <p>What counts as a pause: with ZGC, only the beans whose name ends in "Pauses" report
 * stop-the-world phases (the "Cycles" beans report concurrent cycles that do not stop the
 * application); with G1, Parallel and Serial every collection stops the world. Epsilon never
 * collects. The figures are kept as maxima and counts, read from any thread.
 */
public final class JvmPauseMonitor implements AutoCloseable {

    /** Told of every stop-the-world pause, on the JMX notification thread. */
    @FunctionalInterface
    public interface PauseListener {
        /**
         * @param startUptimeMs JVM uptime at the pause's start, whole ms
         * @param endUptimeMs   JVM uptime at its end, whole ms
         * @param what          the collector, action and cause
         */
        void onPause(long startUptimeMs, long endUptimeMs, String what);
    }

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final PauseListener pauseListener;
    private final NotificationListener listener = this::onNotification;
    private final PauseStats stats = new PauseStats();
    private volatile long lastPauseEndUptimeMs = -1;
    private volatile String lastPauseCause = "";

    /** Subscribes to every collector bean of this JVM. */
    public static JvmPauseMonitor start() {
        return start((startMs, endMs, what) -> { });
    }

    /** As {@link #start()}, also telling {@code listener} of each pause (e.g. to keep its window). */
    public static JvmPauseMonitor start(PauseListener listener) {
        JvmPauseMonitor m = new JvmPauseMonitor(listener);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(m.listener, null, null);
                m.emitters.add(emitter);
            }
        }
        return m;
    }

    private JvmPauseMonitor(PauseListener pauseListener) {
        this.pauseListener = pauseListener;
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (!isPause(info.getGcName())) {
            return;
        }
        long durationNs = info.getGcInfo().getDuration() * 1_000_000L;
        String what = info.getGcName() + " " + info.getGcAction() + " (" + info.getGcCause() + ")";
        record(durationNs, info.getGcInfo().getEndTime(), what);
        pauseListener.onPause(info.getGcInfo().getStartTime(), info.getGcInfo().getEndTime(), what);
    }

    /** Whether a collector bean's notifications are stop-the-world pauses (see class doc). */
    public static boolean isPause(String gcName) {
        if (gcName.startsWith("ZGC") || gcName.startsWith("Shenandoah")) {
            return gcName.endsWith("Pauses");
        }
        return true;
    }

    void record(long durationNs, long endUptimeMs, String cause) {
        stats.record(durationNs);
        lastPauseEndUptimeMs = endUptimeMs;
        lastPauseCause = cause;
    }

    /**
     * The longest pause since the previous call (since start for the first), then starts a new
     * interval: what a sliding window of pauses is built from. One reader (the timing thread);
     * whole milliseconds, as {@link #maxPauseNs()}.
     *
     * @return ns, 0 when no pause was reported in the interval
     */
    public long drainIntervalMaxPauseNs() {
        return stats.drainIntervalMaxPauseNs();
    }

    /** @return stop-the-world collector pauses seen since start */
    public long pauses() {
        return stats.pauses();
    }

    /**
     * @return the longest pause, ns. The notification gives whole milliseconds, so a pause
     *         shorter than 1 ms reads as 0: a bound, not a measurement, below 1 ms.
     */
    public long maxPauseNs() {
        return stats.maxPauseNs();
    }

    /** @return the sum of the pauses, ns (whole milliseconds each) */
    public long totalPauseNs() {
        return stats.totalPauseNs();
    }

    /** @return JVM uptime in ms at the end of the latest pause, or -1 before the first */
    public long lastPauseEndUptimeMs() {
        return lastPauseEndUptimeMs;
    }

    /** @return the latest pause's collector, action and cause, or "" */
    public String lastPauseCause() {
        return lastPauseCause;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }
}
