package org.hoverla.sim.realtime;

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
 * When the JVM's stop-the-world collector pauses happened, as windows on the
 * {@code System.nanoTime()} time base, so deadline misses can be compared with them. The counts
 * and the longest pause come from {@code JvmPauseMonitor}; this keeps the start and end of each
 * pause (the notification's JVM-uptime milliseconds, converted with the uptime-to-nanoTime offset
 * taken at start, so each window is known to about ±1 ms).
 *
 * <p>Which collectors pause: as {@code JvmPauseMonitor} (ZGC and Shenandoah only on their
 * "Pauses" beans; every other collector's collections stop the world).
 *
 * <p>Threads: notifications arrive on a JMX thread; {@link #windows()} from any thread.
 */
public final class GcPauseLog implements AutoCloseable {
    /** One pause: start and end in System.nanoTime ns, and what the collector said. */
    public record Window(long startNs, long endNs, String what) {
    }

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final List<Window> windows = new ArrayList<>();
    private final long nanoAtUptimeZero;

    private GcPauseLog() {
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        nanoAtUptimeZero = System.nanoTime() - uptimeMs * 1_000_000L;
    }

    /** Subscribes to every collector bean of this JVM. */
    public static GcPauseLog start() {
        GcPauseLog log = new GcPauseLog();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(log.listener, null, null);
                log.emitters.add(emitter);
            }
        }
        return log;
    }

    /** Whether a collector bean's notifications are stop-the-world pauses. */
    static boolean isPause(String gcName) {
        if (gcName.startsWith("ZGC") || gcName.startsWith("Shenandoah")) {
            return gcName.endsWith("Pauses");
        }
        return true;
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (!isPause(info.getGcName())) {
            return;
        }
        add(nanoAtUptimeZero + info.getGcInfo().getStartTime() * 1_000_000L,
                nanoAtUptimeZero + info.getGcInfo().getEndTime() * 1_000_000L,
                info.getGcName() + " " + info.getGcAction() + " (" + info.getGcCause() + ")");
    }

    synchronized void add(long startNs, long endNs, String what) {
        windows.add(new Window(startNs, endNs, what));
    }

    /** @return a copy of the pauses so far, oldest first */
    public synchronized List<Window> windows() {
        return List.copyOf(windows);
    }

    /**
     * The first pause overlapping {@code [startNs, endNs]} widened by {@code slackNs} on both
     * sides (the notification's millisecond resolution), or null.
     */
    public static Window overlapping(List<Window> pauses, long startNs, long endNs, long slackNs) {
        for (Window w : pauses) {
            if (w.startNs() <= endNs + slackNs && w.endNs() >= startNs - slackNs) {
                return w;
            }
        }
        return null;
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
