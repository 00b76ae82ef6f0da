package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.annotations.MavlinkEntryInfo;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.Arrays;

/**
 * Cached {@link EnumValue}s of io.dronefleet.mavlink enums.
 *
 * <p>Why: the library looks an entry up by value ({@code EnumValue.create(Class, int)}, used by its
 * deserializer for every enum field) and a value up by entry ({@code EnumValue.of}, used by every
 * builder method that takes an enum) by copying the enum's {@code getFields()} array and reading
 * each field's annotation: O(entries) reflection per call. For {@code MAV_CMD} (hundreds of
 * entries) that measured 0.1–0.3 ms per call on the development VM, several times per
 * COMMAND_LONG, COMMAND_ACK or MISSION_ITEM_INT. Here each enum class is read once and every
 * later lookup is a binary search in a sorted {@code int[]} (no boxing: a {@code Map<Integer, …>}
 * would allocate an {@code Integer} for every value above 127, e.g. every {@code MAV_CMD}, on the
 * MAVLink thread). Values no entry carries (flag combinations) get an uncached
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
        EnumValue<?> v = TABLES.get(type).byValue(value);
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
        /** Distinct entry values, ascending; {@link #sortedEntries} holds each one's value. */
        final int[] sortedValues;
        final EnumValue<?>[] sortedEntries;
        final EnumValue<?>[] byEntry;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Table(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            int n = constants == null ? 0 : constants.length;
            byEntry = new EnumValue<?>[n];
            for (int i = 0; i < n; i++) {
                Object c = constants[i];
                Enum<?> e = (Enum<?>) c;
                MavlinkEntryInfo info;
                try {
                    info = type.getField(e.name()).getAnnotation(MavlinkEntryInfo.class);
                } catch (NoSuchFieldException ex) {
                    info = null;
                }
                // EnumValue.of(entry) for annotated entries, not EnumValue.create(type, value): that
                // finds the first entry carrying the number, the wrong one where entries share a
                // number (MAV_CMD 10001). Unannotated entries keep their ordinal, as before.
                byEntry[e.ordinal()] = info != null
                        ? EnumValue.of((Enum) e)
                        : EnumValue.create((Class) type, e.ordinal());
            }
            // Sort by value, keeping declaration order among equal values: the first-declared
            // entry of a value wins, as before (putIfAbsent in declaration order).
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(byEntry[a].value(), byEntry[b].value()));
            int[] values = new int[n];
            EnumValue<?>[] entries = new EnumValue<?>[n];
            int distinct = 0;
            for (int k = 0; k < n; k++) {
                EnumValue<?> v = byEntry[order[k]];
                if (distinct > 0 && values[distinct - 1] == v.value()) {
                    continue;
                }
                values[distinct] = v.value();
                entries[distinct] = v;
                distinct++;
            }
            sortedValues = Arrays.copyOf(values, distinct);
            sortedEntries = Arrays.copyOf(entries, distinct);
        }

        /** The first-declared entry's value with this number, or null. No allocation. */
        EnumValue<?> byValue(int value) {
            int i = Arrays.binarySearch(sortedValues, value);
            return i >= 0 ? sortedEntries[i] : null;
        }
    }
}
