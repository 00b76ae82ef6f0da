package org.hoverla.core.mavlink;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test helper: real MAVLink 2 messages as a ground station would send them, through dronefleet. */
public final class Frames {
    private Frames() {
    }

    /** Encodes the payload from (system, component) and decodes it again into a received message. */
    public static MavlinkMessage<?> from(int system, int component, Object payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(system, component, payload);
            // Hoverla's dialect: the common messages plus the standard-modes messages it defines.
            return MavlinkConnection.builder(new ByteArrayInputStream(bytes.toByteArray()), OutputStreamSink.INSTANCE)
                    .defaultDialect(new org.hoverla.core.mavlink.dialect.HoverlaDialect()).build().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
