package org.hoverla.core.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of one logged topic's record, as a ULog FORMAT message describes it
 * ({@code name:type field;type[n] field;…}, docs.px4.io "ULog File Format", message 'F'): built at
 * boot, immutable. The first field is always {@code uint64_t timestamp} (µs), as the format requires
 * of every logged message.
 *
 * <p>Fields are packed in the order given with no padding, so the encoder writes them in the same
 * order (the record size is checked against what the encoder writes when the topic is built).
 */
public final class LogFormat {
    private final String name;
    private final String text;
    private final int size;
    private final List<String> fieldNames;

    private LogFormat(String name, String text, int size, List<String> fieldNames) {
        this.name = name;
        this.text = text;
        this.size = size;
        this.fieldNames = fieldNames;
    }

    /** Starts a format whose first field is {@code uint64_t timestamp}. */
    public static Builder of(String name) {
        return new Builder(name).field("uint64_t", 8, "timestamp", 0);
    }

    public String name() {
        return name;
    }

    /** The FORMAT message's text, e.g. {@code vehicle_attitude:uint64_t timestamp;float[4] q;}. */
    public String text() {
        return text;
    }

    /** Bytes of one record (the DATA message's payload after its msg_id). */
    public int size() {
        return size;
    }

    /** Field names as readers see them, arrays as {@code name[i]}. */
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** Adds fields in wire order. */
    public static final class Builder {
        private final String name;
        private final StringBuilder text = new StringBuilder();
        private final List<String> names = new ArrayList<>();
        private int size;

        private Builder(String name) {
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("log topic name must be snake_case: " + name);
            }
            this.name = name;
            text.append(name).append(':');
        }

        public Builder u64(String field) {
            return field("uint64_t", 8, field, 0);
        }

        public Builder i64(String field) {
            return field("int64_t", 8, field, 0);
        }

        public Builder u32(String field) {
            return field("uint32_t", 4, field, 0);
        }

        public Builder u32(String field, int count) {
            return field("uint32_t", 4, field, count);
        }

        public Builder i32(String field) {
            return field("int32_t", 4, field, 0);
        }

        public Builder u16(String field) {
            return field("uint16_t", 2, field, 0);
        }

        public Builder u8(String field) {
            return field("uint8_t", 1, field, 0);
        }

        public Builder bool(String field) {
            return field("bool", 1, field, 0);
        }

        public Builder f32(String field) {
            return field("float", 4, field, 0);
        }

        public Builder f32(String field, int count) {
            return field("float", 4, field, count);
        }

        public Builder f64(String field) {
            return field("double", 8, field, 0);
        }

        private Builder field(String type, int bytes, String field, int count) {
            if (!field.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("log field name must be snake_case: " + field);
            }
            text.append(type);
            if (count > 0) {
                text.append('[').append(count).append(']');
                for (int i = 0; i < count; i++) {
                    names.add(field + "[" + i + "]");
                }
            } else {
                names.add(field);
            }
            text.append(' ').append(field).append(';');
            size += bytes * Math.max(1, count);
            return this;
        }

        public LogFormat build() {
            return new LogFormat(name, text.toString(), size, List.copyOf(names));
        }
    }
}
