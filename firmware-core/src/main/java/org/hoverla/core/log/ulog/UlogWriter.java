package org.hoverla.core.log.ulog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes ULog byte streams (docs.px4.io, "ULog File Format"; little endian): the header, any
 * message, and DATA records built from a FORMAT's primitive fields. It writes what it is told,
 * valid or not, so tests can build synthetic logs (decimated IMUs, missing topics, damage) for
 * {@link UlogReader} and the log replay; it keeps the whole file in memory.
 *
 * <p>Not for the flight thread: it allocates per message. Not thread-safe.
 */
public final class UlogWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, UlogFormat> formats = new HashMap<>();
    private final Map<Integer, String> topicByMsgId = new HashMap<>();

    /** The 16-byte file header: magic, version 1, logging start time (µs since boot). */
    public UlogWriter header(long timestampUs) {
        out.writeBytes(new byte[] {'U', 'L', 'o', 'g', 0x01, 0x12, 0x35, 0x01});
        out.writeBytes(le(8).putLong(timestampUs).array());
        return this;
    }

    /** One message: 2-byte size, 1-byte type, payload. */
    public UlogWriter msg(char type, byte[] payload) {
        out.writeBytes(le(3).putShort((short) payload.length).put((byte) type).array());
        out.writeBytes(payload);
        return this;
    }

    /** FLAG_BITS ('B') with incompat byte 0 and the appended-data offsets. */
    public UlogWriter flags(byte incompat0, long... appended) {
        ByteBuffer b = le(40);
        b.position(8);
        b.put(incompat0);
        b.position(16);
        for (long a : appended) {
            b.putLong(a);
        }
        return msg('B', b.array());
    }

    /** FORMAT ('F'), {@code name:type field;…}; remembered for {@link #sample}. */
    public UlogWriter format(String text) {
        UlogFormat f = UlogFormat.parse(text);
        if (f != null) {
            formats.put(f.name(), f);
        }
        return msg('F', text.getBytes(StandardCharsets.US_ASCII));
    }

    /** ADD_LOGGED_MSG ('A'): subscribes {@code name} instance {@code multiId} as {@code msgId}. */
    public UlogWriter add(int multiId, int msgId, String name) {
        topicByMsgId.put(msgId, name);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        return msg('A', le(3 + n.length).put((byte) multiId).putShort((short) msgId).put(n).array());
    }

    /** DATA ('D') with a raw record. */
    public UlogWriter data(int msgId, byte[] record) {
        return msg('D', le(2 + record.length).putShort((short) msgId).put(record).array());
    }

    /**
     * DATA ('D') for the topic subscribed as {@code msgId}, one value per primitive element in
     * wire order (arrays flattened, padding fields skipped and written as zeros). Nested types
     * are not supported here.
     */
    public UlogWriter sample(int msgId, double... values) {
        String name = topicByMsgId.get(msgId);
        UlogFormat f = name == null ? null : formats.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no format subscribed as msg_id " + msgId);
        }
        return data(msgId, record(f, values));
    }

    /** A SYNC message with the ULog sync magic. */
    public UlogWriter sync() {
        return msg('S', new byte[] {0x2F, 0x73, 0x13, 0x20, 0x25, 0x0C, (byte) 0xBB, 0x12});
    }

    /** Bytes as they are (garbage, partial messages). */
    public UlogWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return out.size();
    }

    /** The file so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    private static byte[] record(UlogFormat f, double[] values) {
        int size = 0;
        for (UlogFormat.Field field : f.fields()) {
            size += width(field.type()) * field.count();
        }
        ByteBuffer b = le(size);
        int v = 0;
        for (UlogFormat.Field field : f.fields()) {
            for (int i = 0; i < field.count(); i++) {
                double x = field.isPadding() ? 0.0 : values[v++];
                switch (field.type()) {
                    case "int8_t", "uint8_t", "char", "bool" -> b.put((byte) (long) x);
                    case "int16_t", "uint16_t" -> b.putShort((short) (long) x);
                    case "int32_t", "uint32_t" -> b.putInt((int) (long) x);
                    case "int64_t", "uint64_t" -> b.putLong((long) x);
                    case "float" -> b.putFloat((float) x);
                    case "double" -> b.putDouble(x);
                    default -> throw new IllegalArgumentException("nested type " + field.type() + " not supported");
                }
            }
        }
        if (v != values.length) {
            throw new IllegalArgumentException(f.name() + " takes " + v + " values, got " + values.length);
        }
        return b.array();
    }

    private static int width(String type) {
        return switch (type) {
            case "int8_t", "uint8_t", "char", "bool" -> 1;
            case "int16_t", "uint16_t" -> 2;
            case "int32_t", "uint32_t", "float" -> 4;
            case "int64_t", "uint64_t", "double" -> 8;
            default -> throw new IllegalArgumentException("nested type " + type + " not supported");
        };
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
