package org.hoverla.core.mavlink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Test double for {@link MavlinkOutput}: records every {@code (target, payload)} pair in call
 * order. Zero dependencies, not thread-safe (like the real output it is used from one thread).
 */
public final class RecordingOutput implements MavlinkOutput {

    /** One recorded send; {@code target == null} means "every link". */
    public record Sent(MavlinkLink target, Object payload) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(MavlinkLink target, Object payload) {
        sent.add(new Sent(target, payload));
    }

    /** @return an unmodifiable view of all sends so far, oldest first */
    public List<Sent> sent() {
        return Collections.unmodifiableList(sent);
    }

    /** @return the payloads of the given type (instances of it), oldest first */
    public <T> List<T> payloads(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : sent) {
            if (type.isInstance(s.payload())) {
                out.add(type.cast(s.payload()));
            }
        }
        return out;
    }

    /** Payloads of one type sent on one link (or broadcast, when {@code link} is null). */
    public <T> List<T> payloads(Class<T> type, MavlinkLink link) {
        List<T> r = new ArrayList<>();
        for (Sent s : sent) {
            if (s.target() == link && type.isInstance(s.payload())) {
                r.add(type.cast(s.payload()));
            }
        }
        return r;
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        sent.clear();
    }
}
