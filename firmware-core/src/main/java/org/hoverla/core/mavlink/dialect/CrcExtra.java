package org.hoverla.core.mavlink.dialect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Computes a message's CRC_EXTRA seed from its XML definition, as the MAVLink generator does
 * (mavgen, {@code message_checksum}): X.25 CRC-16/MCRF4XX over {@code "NAME "}, then for each
 * non-extension field in wire order (stable sort by type size, largest first) {@code "type name "}
 * and, for arrays, one byte with the array length; the seed is the low byte XOR the high byte.
 *
 * <p>Used by tests to check the {@code crc} of Hoverla's own message classes; not on any hot path.
 */
public final class CrcExtra {
    private CrcExtra() {
    }

    /**
     * One field as the XML writes it.
     *
     * @param type      base C type ({@code uint8_t}, {@code char}, {@code float}, …), no array suffix
     * @param name      field name
     * @param arrayLen  array length, 0 for a scalar
     * @param extension true for fields after {@code <extensions/>} (not part of CRC_EXTRA)
     */
    public record Field(String type, String name, int arrayLen, boolean extension) {
        public static Field of(String type, String name) {
            return new Field(type, name, 0, false);
        }

        public static Field array(String type, String name, int len) {
            return new Field(type, name, len, false);
        }

        public static Field ext(String type, String name) {
            return new Field(type, name, 0, true);
        }

        int typeSize() {
            switch (type) {
                case "int8_t": case "uint8_t": case "char": case "uint8_t_mavlink_version":
                    return 1;
                case "int16_t": case "uint16_t":
                    return 2;
                case "int32_t": case "uint32_t": case "float":
                    return 4;
                case "int64_t": case "uint64_t": case "double":
                    return 8;
                default:
                    throw new IllegalArgumentException("unknown MAVLink type " + type);
            }
        }
    }

    /** CRC_EXTRA (0..255) of a message named {@code name} (upper case, as in the XML) with {@code fields} in XML order. */
    public static int compute(String name, List<Field> fields) {
        List<Field> wire = new ArrayList<>();
        for (Field f : fields) {
            if (!f.extension()) {
                wire.add(f);
            }
        }
        wire.sort(Comparator.comparingInt(Field::typeSize).reversed()); // List.sort is stable
        int crc = 0xFFFF;
        crc = accumulate(crc, name + " ");
        for (Field f : wire) {
            String type = f.type().equals("uint8_t_mavlink_version") ? "uint8_t" : f.type();
            crc = accumulate(crc, type + " ");
            crc = accumulate(crc, f.name() + " ");
            if (f.arrayLen() > 0) {
                crc = accumulate(crc, f.arrayLen() & 0xFF);
            }
        }
        return (crc & 0xFF) ^ (crc >>> 8);
    }

    private static int accumulate(int crc, String s) {
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            crc = accumulate(crc, b & 0xFF);
        }
        return crc;
    }

    /** One byte into the X.25 CRC (the MAVLink {@code crc_accumulate}). */
    static int accumulate(int crc, int b) {
        int tmp = (b ^ crc) & 0xFF;
        tmp = (tmp ^ (tmp << 4)) & 0xFF;
        return ((crc >>> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >>> 4)) & 0xFFFF;
    }
}
