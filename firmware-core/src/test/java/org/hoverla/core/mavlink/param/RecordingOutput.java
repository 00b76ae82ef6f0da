package org.hoverla.core.mavlink.param;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;

/**
 * Private copy of the shared test double (org.hoverla.core.mavlink.RecordingOutput is being
 * written on another branch); replace with the shared one once it is on main.
 */
final class RecordingOutput implements MavlinkOutput {
    record Sent(MavlinkLink target, Object payload) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(MavlinkLink target, Object payload) {
        sent.add(new Sent(target, payload));
    }

    List<Sent> sent() {
        return sent;
    }

    <T> List<T> payloads(Class<T> type) {
        List<T> r = new ArrayList<>();
        for (Sent s : sent) {
            if (type.isInstance(s.payload())) {
                r.add(type.cast(s.payload()));
            }
        }
        return r;
    }

    void clear() {
        sent.clear();
    }
}
