package org.hoverla.core.sensors;

import java.util.List;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.msg.VehicleEvent;

/**
 * The operator messages (STATUSTEXT) of one sensor role's instance selection: one when the
 * selection fails over, one when it returns to a recovered preferred instance, one when a
 * healthy instance of better quality takes over, one when the selected instance fails with no
 * healthy alternative. Every text is built at boot for every
 * pair of instances, so the flight thread only picks a constant.
 *
 * <p>Flight thread after construction; allocation-free. The queue is the vehicle's one event
 * queue, whose single producer is the flight thread.
 */
final class FrontendEvents {
    private final SpscQueue<VehicleEvent> events;
    private final VehicleEvent event = new VehicleEvent();
    private final String[][] failover;
    private final String[][] returned;
    private final String[] noneHealthy;
    private final String[][] better;

    /** @param events null = no messages (tests) */
    FrontendEvents(SpscQueue<VehicleEvent> events, String role, List<String> names) {
        this.events = events;
        int n = names.size();
        failover = new String[n][n];
        returned = new String[n][n];
        noneHealthy = new String[n];
        better = new String[n][n];
        for (int from = 0; from < n; from++) {
            noneHealthy[from] = role + " " + names.get(from) + " failed, no healthy " + role + " left";
            for (int to = 0; to < n; to++) {
                failover[from][to] = role + " " + names.get(from) + " failed, switched to " + names.get(to);
                returned[from][to] = role + " " + names.get(to) + " recovered, switched back from " + names.get(from);
                better[from][to] = role + " " + names.get(to) + " better than " + names.get(from) + ", switched to "
                        + names.get(to);
            }
        }
    }

    /** Emits the message for what {@link InstanceSelector#select} just returned. */
    void report(int change, InstanceSelector selector, long nowNs) {
        if (events == null) {
            return;
        }
        switch (change) {
            case InstanceSelector.FAILOVER:
                emit(VehicleEvent.CRITICAL, failover[selector.previous()][selector.selected()], nowNs);
                break;
            case InstanceSelector.RETURNED:
                emit(VehicleEvent.INFO, returned[selector.previous()][selector.selected()], nowNs);
                break;
            case InstanceSelector.QUALITY:
                emit(VehicleEvent.WARNING, better[selector.previous()][selector.selected()], nowNs);
                break;
            case InstanceSelector.NONE_HEALTHY:
                emit(VehicleEvent.CRITICAL, noneHealthy[selector.selected()], nowNs);
                break;
            default:
                break;
        }
    }

    private void emit(int severity, String text, long nowNs) {
        event.timestampNs = nowNs;
        event.severity = severity;
        event.text = text;
        events.offer(event);
    }
}
