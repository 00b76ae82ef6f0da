package org.hoverla.core.sensors;

import org.hoverla.core.msg.SensorsStatus;

/** Fills a {@link SensorsStatus} from a frontend's selector and per-instance health. Allocation-free. */
final class SensorStatusWriter {
    private SensorStatusWriter() {
    }

    static void fill(SensorsStatus status, long nowNs, InstanceSelector selector, InstanceHealth[] health,
                     int[] deviceIds) {
        status.timestampNs = nowNs;
        int s = selector.selected();
        status.selected = s;
        status.selectedDeviceId = s >= 0 ? deviceIds[s] : 0;
        status.healthy = s >= 0 && health[s].healthy();
        status.failovers = selector.failovers();
        status.switches = selector.switches();
        long rejected = 0;
        for (int i = 0; i < health.length; i++) {
            InstanceHealth h = health[i];
            status.instanceHealthy[i] = h.healthy();
            status.faults[i] = h.faults();
            status.busErrors[i] = h.busErrors();
            status.stuckSamples[i] = h.stuckSamples();
            status.timeouts[i] = h.timeouts();
            status.nonFiniteSamples[i] = h.nonFiniteSamples();
            status.outOfRangeSamples[i] = h.outOfRangeSamples();
            status.outOfOrderSamples[i] = h.outOfOrderSamples();
            status.acceptedSamples[i] = h.acceptedSamples();
            rejected += h.rejectedSamples();
        }
        status.rejectedSamples = rejected;
    }
}
