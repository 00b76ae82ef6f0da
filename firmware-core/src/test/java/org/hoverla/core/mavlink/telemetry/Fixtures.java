package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.dialect.HoverlaDialect;

/**
 * Private test doubles (the shared RecordingOutput/TestLink of the links branch are not in this
 * worktree yet) and a helper that builds real received messages by framing and parsing them.
 */
final class Fixtures {
    private Fixtures() {
    }

    record TestLink(int id, String name) implements MavlinkLink {
    }

    static final class RecordingOutput implements MavlinkOutput {
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

        <T> List<T> payloads(Class<T> type, MavlinkLink link) {
            List<T> r = new ArrayList<>();
            for (Sent s : sent) {
                if (type.isInstance(s.payload()) && s.target() == link) {
                    r.add(type.cast(s.payload()));
                }
            }
            return r;
        }

        void clear() {
            sent.clear();
        }
    }

    /** A message as the link layer would deliver it: framed as MAVLink 2 and parsed back. */
    static MavlinkMessage<?> received(int systemId, int componentId, Object payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(systemId, componentId, payload);
            return MavlinkConnection.builder(new ByteArrayInputStream(bytes.toByteArray()), new ByteArrayOutputStream())
                    .defaultDialect(new HoverlaDialect()).build().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
