package org.hoverla.testsupport.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A seeded fuzz loop for JUnit 5 tests: case {@code i} of a run gets its own
 * {@link SplittableRandom} derived from (seed, i) only, so any case can be replayed alone.
 *
 * <p>Settings (system properties, passed through by Maven's {@code -D}):
 * <ul>
 *   <li>{@code hoverla.fuzz.cases} – cases per target (default {@link #DEFAULT_CASES});</li>
 *   <li>{@code hoverla.fuzz.seed} – the run's seed (default {@link #DEFAULT_SEED}, so the
 *       build is deterministic);</li>
 *   <li>{@code hoverla.fuzz.case} – run only this case index (replay).</li>
 * </ul>
 *
 * <p>A case fails when its check throws anything (an assertion or an escaped exception). The loop
 * stops at the first failure and throws an {@link AssertionError} naming the target, case index,
 * seed, the input (hex dump, or escaped text) and a one-line replay command; the input is also
 * written to {@code target/fuzz-failures/}. After a run one line goes to standard output:
 * target, cases, seed and wall time (the figures docs/parser-hardening.md quotes).
 *
 * <p>Test thread only.
 */
public final class Fuzz {
    /** Cases per target when {@code hoverla.fuzz.cases} is not set. */
    public static final int DEFAULT_CASES = 10_000;
    /** Seed when {@code hoverla.fuzz.seed} is not set. */
    public static final long DEFAULT_SEED = 17L;

    private static final int DUMP_LIMIT = 2048;

    private Fuzz() {
    }

    /** One case's check of a byte input. */
    @FunctionalInterface
    public interface ByteCheck {
        void check(byte[] input) throws Exception;
    }

    /** One case's check of a text input. */
    @FunctionalInterface
    public interface TextCheck {
        void check(String input) throws Exception;
    }

    /** Cases per target for this run. */
    public static int cases() {
        return Integer.getInteger("hoverla.fuzz.cases", DEFAULT_CASES);
    }

    /** The run's seed. */
    public static long seed() {
        String s = System.getProperty("hoverla.fuzz.seed");
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.decode(s.trim());
    }

    /** The random source of case {@code index} under {@code seed}: a pure function of both. */
    public static SplittableRandom caseRandom(long seed, long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
    }

    /** Runs {@link #cases()} byte cases: {@code generator} makes each input, {@code check} judges it. */
    public static void bytes(String target, Function<SplittableRandom, byte[]> generator, ByteCheck check) {
        run(target, generator, check::check, Fuzz::hexDump, ".bin");
    }

    /** Runs {@link #cases()} text cases. */
    public static void text(String target, Function<SplittableRandom, String> generator, TextCheck check) {
        run(target, generator, check::check, Fuzz::escape, ".txt");
    }

    private interface Check<T> {
        void check(T input) throws Exception;
    }

    private static <T> void run(String target, Function<SplittableRandom, T> generator, Check<T> check,
                                Function<T, String> dump, String suffix) {
        long seed = seed();
        String only = System.getProperty("hoverla.fuzz.case");
        long first = 0;
        long last = cases();
        if (only != null && !only.isBlank()) {
            first = Long.parseLong(only.trim());
            last = first + 1;
        }
        String caller = caller();
        long t0 = System.nanoTime();
        for (long i = first; i < last; i++) {
            T input = generator.apply(caseRandom(seed, i));
            try {
                check.check(input);
            } catch (Throwable t) {
                String saved = save(target, seed, i, input, suffix);
                AssertionError e = new AssertionError("fuzz " + target + ": case " + i + " (seed " + seed + ") failed: "
                        + t + "\n  input " + saved + ":\n" + dump.apply(input)
                        + "\n  replay: mvn -o -q test -Dtest='" + caller + "' -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dhoverla.fuzz.seed=" + seed + " -Dhoverla.fuzz.case=" + i, t);
                throw e;
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("fuzz " + target + ": " + (last - first) + " cases, seed " + seed + ", " + ms + " ms, 0 failures");
    }

    private static String caller() {
        return StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().equals(Fuzz.class.getName())
                        && !f.getClassName().startsWith(Fuzz.class.getName() + "$")
                        && !f.getClassName().startsWith("org.junit") && simpleName(f.getClassName()).endsWith("Test"))
                .findFirst()
                .map(f -> simpleName(f.getClassName()) + "#" + f.getMethodName().replaceAll("^lambda\\$(.*)\\$\\d+$", "$1"))
                .orElse("?"));
    }

    private static String simpleName(String cls) {
        String s = cls.substring(cls.lastIndexOf('.') + 1);
        int dollar = s.indexOf('$');
        return dollar < 0 ? s : s.substring(0, dollar);
    }

    private static String save(String target, long seed, long index, Object input, String suffix) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Path f = dir.resolve(target.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + seed + "-" + index + suffix);
            byte[] data = input instanceof byte[] b ? b : String.valueOf(input).getBytes(StandardCharsets.UTF_8);
            Files.write(f, data);
            return "(saved to " + f.toAbsolutePath() + ")";
        } catch (IOException | RuntimeException e) {
            return "(not saved: " + e + ")";
        }
    }

    /** Offset, 16 hex bytes and their printable characters per line; the first 2048 bytes. */
    public static String hexDump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(b.length).append(" bytes\n");
        int n = Math.min(b.length, DUMP_LIMIT);
        for (int row = 0; row < n; row += 16) {
            sb.append(String.format("  %06x ", row));
            StringBuilder text = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i < n) {
                    sb.append(String.format(" %02x", b[i] & 0xFF));
                    char c = (char) (b[i] & 0xFF);
                    text.append(c >= 0x20 && c < 0x7F ? c : '.');
                } else {
                    sb.append("   ");
                }
            }
            sb.append("  ").append(text).append('\n');
        }
        if (n < b.length) {
            sb.append("  ... ").append(b.length - n).append(" more bytes\n");
        }
        return sb.toString();
    }

    /** The text as a Java string literal (control and non-ASCII characters escaped); the first 4096 characters. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder("  ").append(s.length()).append(" chars: \"");
        int n = Math.min(s.length(), 2 * DUMP_LIMIT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append(n < s.length() ? "\"... (" + (s.length() - n) + " more)" : "\"");
        return sb.toString();
    }

    /** Stafford's mix13 (the SplittableRandom finaliser): neighbouring indices give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
