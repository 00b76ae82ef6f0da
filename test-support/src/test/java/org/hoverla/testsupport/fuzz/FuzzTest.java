package org.hoverla.testsupport.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FuzzTest {

    @Test
    void shouldGiveEachCaseTheSameRandomSourceForTheSameSeedAndIndex() {
        // Given two sources for case 41 of seed 17 and one for case 42
        // When each draws 8 bytes
        byte[] a = ByteMutator.random(Fuzz.caseRandom(17, 41), 8);
        byte[] b = ByteMutator.random(Fuzz.caseRandom(17, 41), 8);
        byte[] c = ByteMutator.random(Fuzz.caseRandom(17, 42), 8);

        // Then the case replays exactly and its neighbour differs
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    @Test
    void shouldReportCaseSeedInputAndReplayLineOnFailure() {
        // Given a check that fails on the input whose first byte is 0x42
        List<Long> seen = new ArrayList<>();
        // When the loop runs
        AssertionError e = assertThrows(AssertionError.class, () -> Fuzz.bytes("selftest",
                rng -> new byte[] {(byte) rng.nextInt(256), 1, 2},
                in -> {
                    seen.add((long) in[0]);
                    if (in[0] == 0x42) {
                        throw new IllegalStateException("boom");
                    }
                }));

        // Then the message names the case, the seed, the escaped exception, the bytes and the replay
        long index = seen.size() - 1;
        String m = e.getMessage();
        assertTrue(m.contains("case " + index + " (seed " + Fuzz.seed() + ")"), m);
        assertTrue(m.contains("IllegalStateException: boom"), m);
        assertTrue(m.contains("000000  42 01 02"), m);
        assertTrue(m.contains("-Dhoverla.fuzz.seed=" + Fuzz.seed() + " -Dhoverla.fuzz.case=" + index), m);
        assertTrue(m.contains("FuzzTest#shouldReportCaseSeedInputAndReplayLineOnFailure"), m);
    }

    @Test
    void shouldEscapeControlAndNonAsciiCharactersInTextDumps() {
        // Given text with a line break, a NUL and a non-ASCII letter
        // When escaped
        String s = Fuzz.escape("a\nb\u0000é\"");

        // Then it reads as a Java literal
        assertEquals("  6 chars: \"a\\nb\\u0000\\u00e9\\\"\"", s);
    }

    @Test
    void shouldKeepMutatedInputsWithinTheLengthCapAndChangeThem() {
        // Given a 64-byte corpus entry and a 100-byte cap
        ByteMutator m = new ByteMutator(new int[] {0xFD}, 100);
        byte[] entry = new byte[64];
        SplittableRandom rng = new SplittableRandom(5);
        int changed = 0;
        // When mutated 10,000 times with up to 8 stacked mutations
        for (int i = 0; i < 10_000; i++) {
            byte[] out = m.mutate(rng, entry, List.of(entry), 8);
            // Then every output respects the cap, and most differ from the entry
            assertTrue(out.length <= 100);
            if (!java.util.Arrays.equals(out, entry)) {
                changed++;
            }
        }
        assertTrue(changed > 9_000, "changed " + changed);
    }

    @Test
    void shouldReplaceTokensWithHostileValues() {
        // Given a parameter line
        TextMutator m = new TextMutator(10_000);
        SplittableRandom rng = new SplittableRandom(3);
        boolean sawNan = false;
        // When mutated many times
        for (int i = 0; i < 2_000; i++) {
            String out = m.mutate(rng, "1\t1\tMPC_XY_P\t0.95\t9", List.of("x"), 1);
            // Then outputs stay within the cap, and hostile numbers appear
            assertTrue(out.length() <= 10_000);
            sawNan |= out.contains("NaN");
        }
        assertTrue(sawNan);
    }
}
