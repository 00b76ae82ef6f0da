package org.hoverla.sim.realtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.timing.JvmPauseMonitor;

/**
 * When the JVM's stop-the-world collector pauses happened, as windows on the
 * {@code System.nanoTime()} time base, so deadline misses can be compared with them. A
 * {@link JvmPauseMonitor.PauseListener}: the monitor decides what is a pause and counts them; this
 * keeps the start and end of each (the notification's JVM-uptime milliseconds, converted with the
 * uptime-to-nanoTime offset taken at construction, so each window is known to about ±1 ms).
 *
 * <p>Threads: {@link #onPause} on the JMX notification thread; {@link #windows()} from any thread.
 */
public final class GcPauseLog implements JvmPauseMonitor.PauseListener {
    /** One pause: start and end in System.nanoTime ns, and what the collector said. */
    public record Window(long startNs, long endNs, String what) {
    }

    private final List<Window> windows = new ArrayList<>();
    private final long nanoAtUptimeZero;

    public GcPauseLog() {
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        nanoAtUptimeZero = System.nanoTime() - uptimeMs * 1_000_000L;
    }

    @Override
    public void onPause(long startUptimeMs, long endUptimeMs, String what) {
        add(nanoAtUptimeZero + startUptimeMs * 1_000_000L, nanoAtUptimeZero + endUptimeMs * 1_000_000L, what);
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
}
