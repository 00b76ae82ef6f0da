package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.MavlinkMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;

/** Records what a service sees; thread-safe so tests can read it while the MAVLink thread writes. */
final class RecordingService implements MavlinkService {

    record Received(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicLong count = new AtomicLong();
    final AtomicLong ticks = new AtomicLong();
    volatile String thread;
    private final boolean keep;

    RecordingService() {
        this(true);
    }

    RecordingService(boolean keep) {
        this.keep = keep;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        thread = Thread.currentThread().getName();
        count.incrementAndGet();
        if (keep) {
            received.add(new Received(source, message, nowNs));
        }
    }

    @Override
    public void tick(long nowNs) {
        ticks.incrementAndGet();
    }

    <T> List<T> payloads(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Received r : received) {
            if (type.isInstance(r.message().getPayload())) {
                out.add(type.cast(r.message().getPayload()));
            }
        }
        return out;
    }
}
