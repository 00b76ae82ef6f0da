package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavProtocolCapability;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.util.EnumValue;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Cached enum values agree with the library's own lookups, and a lookup by number does not allocate. */
class EnumValuesTest {

    /** Every entry's value and its neighbours (numbers no entry may carry, such as flag combinations). */
    private static <T extends Enum<T>> TreeSet<Integer> valuesAround(Class<T> type) {
        TreeSet<Integer> values = new TreeSet<>(List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
        for (T e : type.getEnumConstants()) {
            int v = EnumValue.of(e).value();
            values.add(v);
            values.add(v - 1);
            values.add(v + 1);
        }
        return values;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void assertSameAsLibrary(Class type) {
        for (Object o : valuesAround(type)) {
            int v = (Integer) o;
            // When: the same number looked up by the cache and by the library
            EnumValue cached = EnumValues.of(type, v);
            EnumValue library = EnumValue.create(type, v);

            // Then: same number, same entry (null where no entry carries it)
            assertThat(cached.value()).as("%s %d", type.getSimpleName(), v).isEqualTo(v);
            assertThat(cached.entry()).as("%s %d", type.getSimpleName(), v).isSameAs(library.entry());
        }
    }

    @Test
    void shouldLookUpEveryMavCmdValueLikeTheLibrary() {
        // Given: MAV_CMD, hundreds of entries with values far above 127
        // When / Then
        assertSameAsLibrary(MavCmd.class);
    }

    @Test
    void shouldLookUpEveryMavResultValueLikeTheLibrary() {
        // Given: MAV_RESULT, small values from 0
        // When / Then
        assertSameAsLibrary(MavResult.class);
    }

    @Test
    void shouldLookUpEveryBitmaskValueLikeTheLibraryAndLeaveCombinationsWithoutAnEntry() {
        // Given: two bitmask enums (MAV_PROTOCOL_CAPABILITY reaches 2^16 and beyond)
        // When / Then: single flags find their entries; neighbours such as 3 = two flags find none
        assertSameAsLibrary(MavProtocolCapability.class);
        assertSameAsLibrary(MavModeFlag.class);
        assertThat(EnumValues.of(MavModeFlag.class, 3).entry()).isNull();
        assertThat(EnumValues.of(MavModeFlag.class, 3).value()).isEqualTo(3);
    }

    @Test
    void shouldGiveEachEntryItsValueBothWays() {
        // Given: every MAV_CMD entry
        for (MavCmd e : MavCmd.values()) {
            // When
            int v = EnumValues.value(e);

            // Then: the entry's annotated number, and the number leads back to an entry carrying it
            // (the first declared: a few MAV_CMD numbers are shared, e.g. 10001)
            assertThat(v).isEqualTo(EnumValue.of(e).value());
            assertThat(EnumValues.of(e).entry()).isSameAs(e);
            assertThat(EnumValues.value(EnumValues.of(MavCmd.class, v).entry())).isEqualTo(v);
        }
    }

    @Test
    void shouldLookUpAnEntryByNumberWithoutAllocating() {
        // Given: MAV_CMD numbers above 127 (a boxed Integer key would be a new object each time)
        MavCmd[] cmds = MavCmd.values();
        int[] numbers = new int[cmds.length];
        for (int i = 0; i < cmds.length; i++) {
            numbers[i] = EnumValues.value(cmds[i]);
        }
        for (int i = 0; i < 20_000; i++) { // warm up so the JIT compiles the lookup
            lookUpAll(numbers);
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        // When: every number looked up, in a few windows
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            lookUpAll(numbers);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }

        // Then: a lookup that boxed its key would allocate in every window
        assertThat(fewest).isZero();
    }

    private static int sink;

    private static void lookUpAll(int[] numbers) {
        int s = 0;
        for (int n : numbers) {
            s += EnumValues.of(MavCmd.class, n).value();
        }
        sink += s;
    }
}
