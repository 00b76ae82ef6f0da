package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.Mavlink2Message;
import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import io.dronefleet.mavlink.serialization.payload.MavlinkPayloadDeserializer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Turns a validated {@link MavlinkFrame} into the {@link MavlinkMessage} the
 * {@link org.hoverla.core.mavlink.MavlinkService} contract takes.
 *
 * <p>How: the raw frame bytes become a {@link MavlinkPacket} ({@code fromV1Bytes}/{@code
 * fromV2Bytes}, signature kept, so {@link Mavlink2Message#isSigned()}, {@code getSignature()} and
 * {@code validateSignature(key)} work); the payload, zero-extended to the message's full length
 * (MAVLink 2 trims trailing zeros), is deserialized by {@link CachedPayloadDeserializer} (the
 * library's reflection deserializer with its per-message reflection cached) into the class from
 * our {@link MavlinkMessageTable} (so registered extra classes decode too); the message object is built with the library's
 * package-private constructors through a private {@link MethodHandles.Lookup} — legal on the class
 * path, where both this code and the library live in the unnamed module. If that lookup is ever
 * refused (module path), it falls back to a {@link MavlinkConnection} reading the single frame
 * from a {@link ByteArrayInputStream} (slower, and it only knows the common dialect).
 *
 * <p>Allocation: the message object, its builder, the frame copies and boxed field values; the
 * library's own reflection deserializer also copied the enum's and the class's reflection arrays
 * on every call (DESIGN §9: ~5 KB per decode). MAVLink thread only.
 */
public final class MavlinkMessageDecoder {

    private static final MethodHandle NEW_V1;
    private static final MethodHandle NEW_V2;

    static {
        MethodHandle v1 = null;
        MethodHandle v2 = null;
        try {
            MethodType ctor = MethodType.methodType(void.class, MavlinkPacket.class, Object.class);
            v1 = MethodHandles.privateLookupIn(MavlinkMessage.class, MethodHandles.lookup())
                    .findConstructor(MavlinkMessage.class, ctor);
            v2 = MethodHandles.privateLookupIn(Mavlink2Message.class, MethodHandles.lookup())
                    .findConstructor(Mavlink2Message.class, ctor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            v1 = null;
            v2 = null;
        }
        NEW_V1 = v1;
        NEW_V2 = v2;
    }

    private final MavlinkPayloadDeserializer deserializer = new CachedPayloadDeserializer();

    /** @return true if messages are built directly (not through the MavlinkConnection fallback) */
    public static boolean isDirect() {
        return NEW_V1 != null && NEW_V2 != null;
    }

    /**
     * Decodes a frame; {@code null} if the library fails on its payload (the caller counts it).
     * Never throws for bad input.
     */
    public MavlinkMessage<?> decode(MavlinkFrame frame) {
        try {
            byte[] raw = frame.copyBytes();
            if (!isDirect()) {
                return viaConnection(raw);
            }
            Object payload = deserializer.deserialize(frame.copyPayloadPadded(), frame.entry().type());
            if (frame.isV2()) {
                return (MavlinkMessage<?>) NEW_V2.invoke(MavlinkPacket.fromV2Bytes(raw), payload);
            }
            return (MavlinkMessage<?>) NEW_V1.invoke(MavlinkPacket.fromV1Bytes(raw), payload);
        } catch (Throwable t) {
            if (t instanceof Error && !(t instanceof LinkageError)) {
                throw (Error) t;
            }
            return null;
        }
    }

    private static MavlinkMessage<?> viaConnection(byte[] raw) throws java.io.IOException {
        return MavlinkConnection.create(new ByteArrayInputStream(raw), OutputStream.nullOutputStream()).next();
    }
}
