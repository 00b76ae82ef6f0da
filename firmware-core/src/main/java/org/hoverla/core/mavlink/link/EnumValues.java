package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.annotations.MavlinkEntryInfo;
import io.dronefleet.mavlink.util.EnumValue;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * Cached {@link EnumValue}s of io.dronefleet.mavlink enums.
 *
 * <p>Why: the library looks an entry up by value ({@code EnumValue.create(Class, int)}, used by its
 * deserializer for every enum field) and a value up by entry ({@code EnumValue.of}, used by every
 * builder method that takes an enum) by copying the enum's {@code getFields()} array and reading
 * each field's annotation: O(entries) reflection per call. For {@code MAV_CMD} (hundreds of
 * entries) that measured 0.1–0.3 ms per call on the development VM, several times per
 * COMMAND_LONG, COMMAND_ACK or MISSION_ITEM_INT. Here each enum class is read once and every
 * later lookup is a map read. Values no entry carries (flag combinations) get an uncached
 * {@code EnumValue} with {@code entry() == null}, exactly as the library makes them.
 *
 * <p>Thread-safe (a {@link ClassValue}); use it wherever a service builds a message field.
 */
public final class EnumValues {

    private static final ClassValue<Table> TABLES = new ClassValue<>() {
        @Override
        protected Table computeValue(Class<?> type) {
            return new Table(type);
        }
    };

    private EnumValues() {
    }

    /** The value with this number, its entry filled when the enum has one (like {@code EnumValue.create(type, value)}). */
    @SuppressWarnings("unchecked")
    public static <T extends Enum> EnumValue<T> of(Class<T> type, int value) {
        EnumValue<?> v = TABLES.get(type).byValue.get(value);
        return v != null ? (EnumValue<T>) v : EnumValue.create(value);
    }

    /** The value of an entry (like {@code EnumValue.of(entry)}). */
    @SuppressWarnings("unchecked")
    public static <T extends Enum> EnumValue<T> of(T entry) {
        return (EnumValue<T>) TABLES.get(entry.getDeclaringClass()).byEntry[entry.ordinal()];
    }

    /** The MAVLink number of an entry. */
    public static int value(Enum<?> entry) {
        return TABLES.get(entry.getDeclaringClass()).byEntry[entry.ordinal()].value();
    }

    private static final class Table {
        final Map<Integer, EnumValue<?>> byValue = new HashMap<>();
        final EnumValue<?>[] byEntry;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Table(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            byEntry = new EnumValue<?>[constants == null ? 0 : constants.length];
            if (constants == null) {
                return;
            }
            for (Object c : constants) {
                Enum<?> e = (Enum<?>) c;
                int value;
                try {
                    Field f = type.getField(e.name());
                    MavlinkEntryInfo info = f.getAnnotation(MavlinkEntryInfo.class);
                    value = info != null ? info.value() : e.ordinal();
                } catch (NoSuchFieldException ex) {
                    value = e.ordinal();
                }
                EnumValue<?> v = EnumValue.create((Class) type, value);
                byEntry[e.ordinal()] = v;
                byValue.putIfAbsent(value, v);
            }
        }
    }
}
