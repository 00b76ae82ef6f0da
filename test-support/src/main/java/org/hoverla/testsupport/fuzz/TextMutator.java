package org.hoverla.testsupport.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of line-based and JSON-like text: delete, duplicate or swap lines; replace a token
 * (a run of letters, digits, '.', '-', '+') by a hostile value (NaN, -Inf, 1e309, huge or negative
 * integers, empty, non-ASCII text, a very long token); truncate; insert a very long line; splice
 * with another corpus entry; and a few byte mutations for good measure.
 *
 * <p>Deterministic for a given random source state. Test thread only.
 */
public final class TextMutator {
    /** Values a number or word field must survive. */
    public static final String[] HOSTILE = {"NaN", "-NaN", "Infinity", "-Infinity", "Inf", "-Inf", "1e309",
        "-1e309", "4.9e-325", "99999999999999999999999", "-9223372036854775809", "9223372036854775807",
        "2147483648", "-2147483649", "-1", "0", "-0", "", " ", "0x7f", "1,5", "１２", "é", "\u202e", "\u0000",
        "\uD83D\uDE81", "\"", "'", "{", "}", "[", "]", ",", ":", "\\", "null", "true", "1e", "--1", "+", "."};

    private final int maxLength;

    /** @param maxLength longest output, characters */
    public TextMutator(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Applies 1..{@code maxStacked} random mutations to {@code input}. */
    public String mutate(SplittableRandom rng, String input, List<String> corpus, int maxStacked) {
        String s = input;
        int n = 1 + rng.nextInt(Math.max(1, maxStacked));
        for (int i = 0; i < n; i++) {
            s = mutateOnce(rng, s, corpus);
        }
        return s.length() > maxLength ? s.substring(0, maxLength) : s;
    }

    /** One mutation. */
    public String mutateOnce(SplittableRandom rng, String s, List<String> corpus) {
        int kind = rng.nextInt(12);
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        switch (kind) {
            case 0: // delete a line
                if (lines.size() > 1) {
                    lines.remove(rng.nextInt(lines.size()));
                }
                return String.join("\n", lines);
            case 1: { // duplicate a line
                int i = rng.nextInt(lines.size());
                lines.add(i, lines.get(i));
                return String.join("\n", lines);
            }
            case 2: { // swap two lines
                int i = rng.nextInt(lines.size());
                int j = rng.nextInt(lines.size());
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
                return String.join("\n", lines);
            }
            case 3: case 4: case 5: case 6: // replace a token (most useful, so weighted)
                return replaceToken(rng, s, HOSTILE[rng.nextInt(HOSTILE.length)]);
            case 7: // truncate
                return s.isEmpty() ? s : s.substring(0, rng.nextInt(s.length()));
            case 8: { // a very long line
                int i = rng.nextInt(lines.size() + 1);
                lines.add(i, "9".repeat(1 + rng.nextInt(5000)));
                return String.join("\n", lines);
            }
            case 9: { // splice with another entry
                String other = corpus.get(rng.nextInt(corpus.size()));
                return s.substring(0, rng.nextInt(s.length() + 1)) + other.substring(rng.nextInt(other.length() + 1));
            }
            case 10: { // a token replaced by a very long number or word
                String v = rng.nextBoolean() ? "1".repeat(1 + rng.nextInt(400)) : "x".repeat(1 + rng.nextInt(400));
                return replaceToken(rng, s, v);
            }
            default: { // one character replaced by a random one (control, ASCII or beyond)
                if (s.isEmpty()) {
                    return s;
                }
                int i = rng.nextInt(s.length());
                char c = (char) (rng.nextBoolean() ? rng.nextInt(128) : rng.nextInt(0x3000));
                return s.substring(0, i) + c + s.substring(i + 1);
            }
        }
    }

    /** Replaces the token at a random position with {@code value}. */
    static String replaceToken(SplittableRandom rng, String s, String value) {
        if (s.isEmpty()) {
            return value;
        }
        int p = rng.nextInt(s.length());
        int a = p;
        int b = p;
        while (a > 0 && isTokenChar(s.charAt(a - 1))) {
            a--;
        }
        while (b < s.length() && isTokenChar(s.charAt(b))) {
            b++;
        }
        return s.substring(0, a) + value + s.substring(b);
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+' || c == '_';
    }
}
