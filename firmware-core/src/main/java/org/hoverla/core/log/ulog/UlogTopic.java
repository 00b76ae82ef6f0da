package org.hoverla.core.log.ulog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one logged topic instance (a topic name and a {@code multi_id}).
 *
 * <p>Records are kept as packed bytes, as in the file, and decoded on demand, so memory stays close
 * to the size of the topic's share of the file. Fields are flattened to scalar leaves: arrays become
 * {@code q[0]}, {@code q[1]}, …; nested types become {@code parent.child} (and
 * {@code parent[1].child} for arrays of nested types). Padding fields are not exposed. {@code char}
 * fields are exposed as their byte values. All values are returned as {@code double}; 64-bit
 * integers lose precision above 2^53 (use {@link #timestamps()} for exact timestamps).
 *
 * <p>Not thread-safe while the reader fills it; immutable afterwards.
 */
public final class UlogTopic {

    static final byte T_I8 = 0, T_U8 = 1, T_I16 = 2, T_U16 = 3, T_I32 = 4, T_U32 = 5, T_I64 = 6,
            T_U64 = 7, T_F32 = 8, T_F64 = 9, T_BOOL = 10;
    private static final String[] TYPE_NAMES = {"int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t",
        "int64_t", "uint64_t", "float", "double", "bool"};

    private final String name;
    private final int multiId;
    private final int recordSize;
    private final int trailingPaddingBytes;
    private final List<String> fieldNames;
    private final byte[] types;
    private final int[] offsets;
    private final Map<String, Integer> index = new HashMap<>();
    private final int timestampIndex;
    private byte[] data = new byte[0];
    private int count;
    private int mismatchedRecords;
    private int mismatchedSize;

    UlogTopic(String name, int multiId, int recordSize, int trailingPaddingBytes,
              List<String> fieldNames, byte[] types, int[] offsets) {
        this.name = name;
        this.multiId = multiId;
        this.recordSize = recordSize;
        this.trailingPaddingBytes = trailingPaddingBytes;
        this.fieldNames = Collections.unmodifiableList(fieldNames);
        this.types = types;
        this.offsets = offsets;
        for (int i = 0; i < fieldNames.size(); i++) {
            index.put(fieldNames.get(i), i);
        }
        Integer ts = index.get("timestamp");
        this.timestampIndex = ts != null && (types[ts] == T_U64 || types[ts] == T_I64) ? ts : -1;
    }

    /** Topic (format) name, e.g. {@code sensor_combined}. */
    public String name() {
        return name;
    }

    /** Instance number ({@code multi_id}) of this subscription. */
    public int multiId() {
        return multiId;
    }

    /** Size in bytes of one record according to the format. */
    public int recordSize() {
        return recordSize;
    }

    /** Number of decoded samples. */
    public int size() {
        return count;
    }

    /** Flattened scalar field names in wire order, e.g. {@code timestamp}, {@code q[0]}, …. */
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** True if {@code field} is one of {@link #fieldNames()}. */
    public boolean hasField(String field) {
        return index.containsKey(field);
    }

    /**
     * The ULog type of one flattened field ({@code float}, {@code uint64_t}, …; {@code char} reads as {@code uint8_t}), so a
     * writer (CSV export) can print a float as a float and an integer as an integer.
     *
     * @throws IllegalArgumentException if the topic has no such field
     */
    public String fieldType(String field) {
        return TYPE_NAMES[types[fieldIndex(field)]];
    }

    /**
     * All samples of one field.
     *
     * @throws IllegalArgumentException if the topic has no such field (a caller error, not bad data)
     */
    public double[] column(String field) {
        int f = fieldIndex(field);
        double[] out = new double[count];
        ByteBuffer b = buffer();
        for (int i = 0; i < count; i++) {
            out[i] = decode(b, i * recordSize + offsets[f], types[f]);
        }
        return out;
    }

    /** One value: sample {@code sample} of {@code field}. */
    public double value(int sample, String field) {
        int f = fieldIndex(field);
        if (sample < 0 || sample >= count) {
            throw new IndexOutOfBoundsException("sample " + sample + " of " + count);
        }
        return decode(buffer(), sample * recordSize + offsets[f], types[f]);
    }

    /**
     * The {@code timestamp} field of every sample, in microseconds since boot (exact, unsigned
     * values above 2^63 are not expected). Empty if the format has no 64-bit {@code timestamp}.
     */
    public long[] timestamps() {
        if (timestampIndex < 0) {
            return new long[0];
        }
        long[] out = new long[count];
        ByteBuffer b = buffer();
        for (int i = 0; i < count; i++) {
            out[i] = b.getLong(i * recordSize + offsets[timestampIndex]);
        }
        return out;
    }

    /** Time from first to last sample in seconds (0 with fewer than two samples). */
    public double durationS() {
        long[] t = timestamps();
        return t.length < 2 ? 0.0 : (t[t.length - 1] - t[0]) * 1e-6;
    }

    /** Mean sample rate in Hz over {@link #durationS()} (0 with fewer than two samples). */
    public double meanRateHz() {
        double d = durationS();
        return d > 0 ? (count - 1) / d : 0.0;
    }

    /** Records that were skipped because their size did not match the format. */
    public int mismatchedRecords() {
        return mismatchedRecords;
    }

    @Override
    public String toString() {
        return name + "[" + multiId + "] " + count + " samples";
    }

    /**
     * Adds one DATA payload (without msg_id). A payload may be shorter than the format only by the
     * format's trailing padding, which is not always written; any other size is counted as a
     * mismatch and the record is skipped, because the field offsets cannot be trusted.
     *
     * @return true if the record was stored
     */
    boolean append(ByteBuffer src, int pos, int len) {
        if (len != recordSize && !(len < recordSize && len >= recordSize - trailingPaddingBytes)) {
            mismatchedRecords++;
            mismatchedSize = len;
            return false;
        }
        int need = (count + 1) * recordSize;
        if (need > data.length) {
            long cap = Math.max(need, Math.max(64L * recordSize, data.length * 2L));
            data = Arrays.copyOf(data, (int) Math.min(cap, Integer.MAX_VALUE - 8));
        }
        src.get(pos, data, count * recordSize, len);
        count++;
        return true;
    }

    int trailingPaddingBytes() {
        return trailingPaddingBytes;
    }

    int mismatchedSize() {
        return mismatchedSize;
    }

    void trim() {
        data = Arrays.copyOf(data, count * recordSize);
    }

    private int fieldIndex(String field) {
        Integer f = index.get(field);
        if (f == null) {
            throw new IllegalArgumentException(name + " has no field '" + field + "'; fields: " + fieldNames);
        }
        return f;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    static double decode(ByteBuffer b, int at, byte type) {
        switch (type) {
            case T_I8: return b.get(at);
            case T_U8: case T_BOOL: return b.get(at) & 0xFF;
            case T_I16: return b.getShort(at);
            case T_U16: return b.getShort(at) & 0xFFFF;
            case T_I32: return b.getInt(at);
            case T_U32: return b.getInt(at) & 0xFFFFFFFFL;
            case T_I64: return b.getLong(at);
            case T_U64: {
                long v = b.getLong(at);
                return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case T_F32: return b.getFloat(at);
            case T_F64: return b.getDouble(at);
            default: return Double.NaN;
        }
    }

    static byte typeCode(String type) {
        switch (type) {
            case "int8_t": return T_I8;
            case "uint8_t": case "char": return T_U8;
            case "bool": return T_BOOL;
            case "int16_t": return T_I16;
            case "uint16_t": return T_U16;
            case "int32_t": return T_I32;
            case "uint32_t": return T_U32;
            case "int64_t": return T_I64;
            case "uint64_t": return T_U64;
            case "float": return T_F32;
            case "double": return T_F64;
            default: return -1;
        }
    }
}
