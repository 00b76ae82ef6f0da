package org.hoverla.core.mavlink.param;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes payloads as real MAVLink 2 frames and decodes them again, as a link would deliver them. */
final class Wire {
    static final int GCS_SYSTEM = 255;
    static final int GCS_COMPONENT = 190;

    private Wire() {
    }

    static byte[] encode(Object payload, int systemId, int componentId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(systemId, componentId, payload);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MavlinkMessage<?> decode(byte[] frame) {
        try {
            return MavlinkConnection.create(new ByteArrayInputStream(frame), new ByteArrayOutputStream()).next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message from the ground station, through the real codec. */
    static MavlinkMessage<?> fromGcs(Object payload) {
        return decode(encode(payload, GCS_SYSTEM, GCS_COMPONENT));
    }

    /** A payload the vehicle sent, through the real codec (as the ground station sees it). */
    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T payload) {
        return (T) decode(encode(payload, 1, 1)).getPayload();
    }
}
