package org.hoverla.core.log.ulog;

import java.util.List;

/**
 * One ULog FORMAT ('F') definition: a named, packed (no implicit alignment) composite type.
 *
 * @param name   the message (or nested type) name, e.g. {@code sensor_combined}
 * @param fields the fields in wire order, padding fields ({@code _padding0}) included
 */
public record UlogFormat(String name, List<Field> fields) {

    /**
     * One field of a format.
     *
     * @param type        the base type: a primitive ({@code float}, {@code uint64_t}, …) or the
     *                    name of another format (nested type)
     * @param arrayLength the array length, or 0 for a scalar
     * @param name        the field name; names starting with {@code _padding} carry no data
     */
    public record Field(String type, int arrayLength, String name) {

        /** True for the padding fields a reader must skip. */
        public boolean isPadding() {
            return name.startsWith("_padding");
        }

        /** Number of elements (1 for a scalar). */
        public int count() {
            return arrayLength == 0 ? 1 : arrayLength;
        }
    }

    /**
     * Parses the text of a FORMAT message, {@code name:type field;type[n] field;…}.
     *
     * @return the format, or {@code null} if the text is malformed or has no field (the spec asks
     *         for at least one; a field-less type nested in arrays would be walked 65535² times)
     */
    static UlogFormat parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = text.substring(0, colon);
        List<Field> fields = new java.util.ArrayList<>();
        for (String part : text.substring(colon + 1).split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int space = p.lastIndexOf(' ');
            if (space <= 0) {
                return null;
            }
            String type = p.substring(0, space).trim();
            String fieldName = p.substring(space + 1);
            int arrayLength = 0;
            int bracket = type.indexOf('[');
            if (bracket >= 0) {
                int close = type.indexOf(']', bracket);
                if (close < 0) {
                    return null;
                }
                try {
                    arrayLength = Integer.parseInt(type.substring(bracket + 1, close));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (arrayLength <= 0 || arrayLength > 65535) {
                    return null;
                }
                type = type.substring(0, bracket);
            }
            fields.add(new Field(type, arrayLength, fieldName));
        }
        if (fields.isEmpty()) {
            return null;
        }
        return new UlogFormat(name, List.copyOf(fields));
    }

    /** Size in bytes of a primitive ULog type, or -1 if {@code type} is not primitive. */
    static int primitiveSize(String type) {
        switch (type) {
            case "int8_t": case "uint8_t": case "bool": case "char":
                return 1;
            case "int16_t": case "uint16_t":
                return 2;
            case "int32_t": case "uint32_t": case "float":
                return 4;
            case "int64_t": case "uint64_t": case "double":
                return 8;
            default:
                return -1;
        }
    }
}
