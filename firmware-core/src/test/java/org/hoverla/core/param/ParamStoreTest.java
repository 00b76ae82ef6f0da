package org.hoverla.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParamStoreTest {

    @Test
    void shouldRegisterWithMetadataAndStableIndices() {
        // Given a store with three parameters
        ParamStore store = new ParamStore();
        FloatParam rollP = store.addFloat("MC_ROLLRATE_P", 0.15, 0.0, 0.6, "", "Roll rate P gain");
        IntParam mode = store.addInt("COM_FLTMODE1", 2, 0, 12, "", "Flight mode slot 1");
        FloatParam maxVel = store.addFloat("MPC_XY_VEL_MAX", 12.0, 0.0, 20.0, "m/s", "Max horizontal speed");

        // When inspected
        // Then indices follow registration order and metadata is kept
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.get(0)).isSameAs(rollP);
        assertThat(store.get(1)).isSameAs(mode);
        assertThat(store.get(2)).isSameAs(maxVel);
        assertThat(maxVel.index()).isEqualTo(2);
        assertThat(maxVel.type()).isEqualTo(ParamType.FLOAT);
        assertThat(mode.type()).isEqualTo(ParamType.INT);
        assertThat(maxVel.unit()).isEqualTo("m/s");
        assertThat(maxVel.description()).isEqualTo("Max horizontal speed");
        assertThat(maxVel.min()).isEqualTo(0.0);
        assertThat(maxVel.max()).isEqualTo(20.0);
        assertThat(maxVel.defaultValue()).isEqualTo(12.0);
        assertThat(rollP.get()).isEqualTo(0.15);
        assertThat(mode.get()).isEqualTo(2);
        assertThat(mode.doubleValue()).isEqualTo(2.0);
        assertThat(rollP.isDefault()).isTrue();
        assertThat(store.find("MC_ROLLRATE_P")).isSameAs(rollP);
        assertThat(store.find("NOPE")).isNull();
        assertThat(store.generation()).isZero();
        assertThatThrownBy(() -> store.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldKeepIndicesStableWhenValuesChange() {
        // Given a store with parameters whose values then change
        ParamStore store = new ParamStore();
        store.addFloat("A", 1, 0, 10, "", "a");
        store.addInt("B", 1, 0, 10, "", "b");
        store.set("B", 5);
        store.addFloat("C", 1, 0, 10, "", "c");

        // When looked up again / Then each keeps its index
        for (int i = 0; i < store.count(); i++) {
            assertThat(store.get(i).index()).isEqualTo(i);
            assertThat(store.find(store.get(i).name())).isSameAs(store.get(i));
        }
    }

    @Test
    void shouldRejectBadNames() {
        ParamStore store = new ParamStore();
        store.addFloat("EXISTING", 0, 0, 1, "", "x");
        assertThatThrownBy(() -> store.addFloat("", 0, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> store.addFloat(null, 0, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> store.addFloat("ABCDEFGHIJKLMNOPQ", 0, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 16");
        assertThatThrownBy(() -> store.addInt("mc_roll", 0, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid character 'm'");
        assertThatThrownBy(() -> store.addInt("MC-ROLL", 0, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid character '-'");
        assertThatThrownBy(() -> store.addInt("EXISTING", 0, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        // exactly 16 characters is fine
        assertThat(store.addFloat("ABCDEFGHIJKLMNOP", 0, 0, 1, "", "x").name()).hasSize(16);
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void shouldRejectBadRangesAndDefaults() {
        ParamStore store = new ParamStore();
        assertThatThrownBy(() -> store.addFloat("A", 0, 1, 0, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min 1.0 > max 0.0");
        assertThatThrownBy(() -> store.addFloat("A", 5, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> store.addFloat("A", Double.NaN, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> store.addFloat("A", 0, Double.NEGATIVE_INFINITY, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> store.addInt("A", -1, 0, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> store.addInt("A", 0, 2, 1, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min 2 > max 1");
        assertThatThrownBy(() -> store.addInt("A", 0, 0, 1, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit");
        assertThatThrownBy(() -> store.addInt("A", 0, 0, 1, "", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description");
        assertThat(store.count()).isZero();
    }

    @Test
    void shouldRefuseNonFiniteAndOutOfRangeFloatsKeepingTheOldValue() {
        // Given a float parameter set to 0.2
        ParamStore store = new ParamStore();
        FloatParam p = store.addFloat("MC_ROLLRATE_P", 0.15, 0.0, 0.6, "", "gain");
        assertThat(p.set(0.2)).isEqualTo(SetResult.OK);
        long gen = store.generation();

        // When bad values are written
        // Then each is refused with its reason and the value and generation are unchanged
        assertThat(p.set(Double.NaN)).isEqualTo(SetResult.NOT_FINITE);
        assertThat(p.set(Double.POSITIVE_INFINITY)).isEqualTo(SetResult.NOT_FINITE);
        assertThat(p.set(Double.NEGATIVE_INFINITY)).isEqualTo(SetResult.NOT_FINITE);
        assertThat(p.set(0.61)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(p.set(-0.01)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(store.set("MC_ROLLRATE_P", 1e7)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(p.get()).isEqualTo(0.2);
        assertThat(store.generation()).isEqualTo(gen);
        // and the bounds themselves are accepted
        assertThat(p.set(0.6)).isEqualTo(SetResult.OK);
        assertThat(p.set(0.0)).isEqualTo(SetResult.OK);
    }

    @Test
    void shouldRefuseNonIntegerAndOutOfRangeIntsKeepingTheOldValue() {
        // Given an int parameter at its default 2
        ParamStore store = new ParamStore();
        IntParam p = store.addInt("COM_FLTMODE1", 2, 0, 12, "", "mode");

        // When bad values are written (as double from a GCS, or as int)
        // Then each is refused with its reason and the value is unchanged
        assertThat(p.set(2.5)).isEqualTo(SetResult.WRONG_TYPE);
        assertThat(store.set("COM_FLTMODE1", 3.000001)).isEqualTo(SetResult.WRONG_TYPE);
        assertThat(p.set(Double.NaN)).isEqualTo(SetResult.NOT_FINITE);
        assertThat(p.set(13.0)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(p.set(1e12)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(p.set(-1)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(p.get()).isEqualTo(2);
        assertThat(store.generation()).isZero();
        // and whole numbers given as double are accepted
        assertThat(store.set("COM_FLTMODE1", 7.0)).isEqualTo(SetResult.OK);
        assertThat(p.get()).isEqualTo(7);
    }

    @Test
    void shouldReportUnknownName() {
        ParamStore store = new ParamStore();
        assertThat(store.set("NOPE", 1.0)).isEqualTo(SetResult.UNKNOWN_NAME);
        assertThat(store.set(null, 1.0)).isEqualTo(SetResult.UNKNOWN_NAME);
    }

    @Test
    void shouldRefuseWritesToReadOnlyParameters() {
        // Given read-only parameters
        ParamStore store = new ParamStore();
        IntParam rev = store.addInt("SYS_HW_REV", 3, 0, 100, "", "hardware revision", true);
        FloatParam f = store.addFloat("SYS_FIXED", 1.0, 0, 2, "", "fixed", true);

        // When written / Then refused, unchanged
        assertThat(rev.set(4)).isEqualTo(SetResult.READ_ONLY);
        assertThat(store.set("SYS_HW_REV", 4)).isEqualTo(SetResult.READ_ONLY);
        assertThat(f.set(1.5)).isEqualTo(SetResult.READ_ONLY);
        assertThat(rev.get()).isEqualTo(3);
        assertThat(rev.isReadOnly()).isTrue();
        assertThat(store.generation()).isZero();
    }

    @Test
    void shouldBumpGenerationOnEveryAcceptedChangeOnly() {
        // Given a store with one float and one int
        ParamStore store = new ParamStore();
        FloatParam f = store.addFloat("F", 1.0, 0, 10, "", "f");
        IntParam i = store.addInt("I", 1, 0, 10, "", "i");

        // When values change, repeat, get refused, and are reset
        f.set(2.0);
        i.set(3);
        long afterTwo = store.generation();
        f.set(2.0);                 // same value: accepted, not a change
        i.set(3.0);
        f.set(Double.NaN);          // refused
        long afterNoChange = store.generation();
        store.resetToDefaults();
        long afterReset = store.generation();
        store.resetToDefaults();    // nothing to reset

        // Then only real changes moved the counter
        assertThat(afterTwo).isEqualTo(2);
        assertThat(afterNoChange).isEqualTo(2);
        assertThat(afterReset).isEqualTo(3);
        assertThat(store.generation()).isEqualTo(3);
        assertThat(f.get()).isEqualTo(1.0);
        assertThat(i.get()).isEqualTo(1);
        assertThat(f.isDefault()).isTrue();
        assertThat(i.isDefault()).isTrue();
    }

    @Test
    void shouldTreatNegativeZeroAsZero() {
        // Given a float defaulting to 0.0
        ParamStore store = new ParamStore();
        FloatParam f = store.addFloat("TRIM", 0.0, -1, 1, "", "trim");

        // When -0.0 is written / Then it is not a change and still the default
        assertThat(f.set(-0.0)).isEqualTo(SetResult.OK);
        assertThat(f.isDefault()).isTrue();
        assertThat(store.generation()).isZero();
    }

    @Test
    void shouldNeverShowATornValueWhileAnotherThreadWrites() throws Exception {
        // Given a float whose two candidate values differ in both 32-bit halves, and an int
        ParamStore store = new ParamStore();
        double a = 1.0;                    // 0x3FF00000_00000000
        double b = -2.718281828459045;     // 0xC005BF0A_8B145769
        FloatParam f = store.addFloat("F", a, -10, 10, "", "f");
        IntParam i = store.addInt("I", 0x0000_FFFF, Integer.MIN_VALUE, Integer.MAX_VALUE, "", "i");
        int writes = 200_000;
        AtomicBoolean writerDone = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int k = 0; k < writes; k++) {
                f.set((k & 1) == 0 ? b : a);
                i.set((k & 1) == 0 ? 0x7FFF_0000 : 0x0000_FFFF);
            }
            writerDone.set(true);
        }, "param-writer");

        // When the test thread reads while the writer runs (bounded: stops when the writer is done)
        writer.start();
        long reads = 0;
        long badFloats = 0;
        long badInts = 0;
        long lastGen = 0;
        boolean generationWentBack = false;
        while (!writerDone.get() && reads < 100_000_000L) {
            double v = f.get();
            if (v != a && v != b) {
                badFloats++;
            }
            int iv = i.get();
            if (iv != 0x7FFF_0000 && iv != 0x0000_FFFF) {
                badInts++;
            }
            long g = store.generation();
            if (g < lastGen) {
                generationWentBack = true;
            }
            lastGen = g;
            reads++;
        }
        writer.join();

        // Then every value read was one of the written ones and the generation never decreased
        assertThat(badFloats).isZero();
        assertThat(badInts).isZero();
        assertThat(generationWentBack).isFalse();
        assertThat(store.generation()).isEqualTo(2L * writes);
        assertThat(f.get()).isEqualTo(a);
    }

    @Test
    void shouldReadHandlesAndGenerationWithoutAllocating() {
        // Given handles as a flight task holds them
        ParamStore store = new ParamStore();
        FloatParam f = store.addFloat("F", 1.0, 0, 10, "", "f");
        IntParam i = store.addInt("I", 1, 0, 10, "", "i");
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sum = 0;
        for (int k = 0; k < 20_000; k++) {
            sum += f.get() + i.get() + store.generation();
        }
        // When read 5 × 10 000 times
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 10_000; k++) {
                sum += f.get() + i.get() + store.generation();
            }
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }

        // Then nothing was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
        assertThat(sum).isPositive();
    }

    @Test
    void shouldAcceptOnlyListedValuesOfAnEnumeratedParameter() {
        // Given a link-loss action with three meanings, where 1 is not one of them
        ParamStore store = new ParamStore();
        IntParam action = store.addEnum("NAV_DLL_ACT", 2, "GCS link loss action",
                java.util.Map.of(0, "Disabled", 2, "Return", 3, "Land"));

        // When written with a listed value, an unlisted one inside the range, and one outside
        // Then only the listed value is kept, and the meanings come back in value order
        assertThat(action.set(3)).isEqualTo(SetResult.OK);
        assertThat(action.set(1.0)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(action.set(7)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(action.get()).isEqualTo(3);
        assertThat(action.min()).isEqualTo(0.0);
        assertThat(action.max()).isEqualTo(3.0);
        assertThat(action.values()).containsExactly(java.util.Map.entry(0, "Disabled"),
                java.util.Map.entry(2, "Return"), java.util.Map.entry(3, "Land"));
        assertThat(store.addInt("COM_FLTMODE1", 2, 0, 12, "", "Flight mode slot 1").values()).isEmpty();
    }

    @Test
    void shouldRefuseAnEnumeratedParameterWhoseDefaultIsNotListed() {
        ParamStore store = new ParamStore();
        assertThatThrownBy(() -> store.addEnum("NAV_DLL_ACT", 1, "GCS link loss action",
                java.util.Map.of(0, "Disabled", 2, "Return")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAV_DLL_ACT");
    }

    @Test
    void shouldRunChangeListenersAfterTheGenerationMovedBeforeSetReturns() {
        // Given a store with a listener that records the generation it sees
        ParamStore store = new ParamStore();
        org.hoverla.core.param.FloatParam limit = store.addFloat("GF_TEST_DIST", 0.0, 0.0, 100.0, "m", "test");
        long[] seen = {-1, 0};
        store.addChangeListener(() -> {
            seen[0] = store.generation();
            seen[1]++;
        });
        long before = store.generation();
        // When a value changes, then is written with the same value
        limit.set(40.0);
        long after = store.generation();
        limit.set(40.0);
        // Then the listener ran once, inside set, seeing the new generation
        assertThat(seen[0]).isEqualTo(after).isGreaterThan(before);
        assertThat(seen[1]).isEqualTo(1);
    }
}
