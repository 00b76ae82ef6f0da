package org.hoverla.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hoverla.storage.AtomicFiles;

/**
 * What making data durable costs on a disk: for each size, the latency of
 * <ul>
 *   <li><b>append + force</b>: {@code size} bytes appended to a file, then
 *       {@link FileChannel#force}{@code (false)} (fdatasync), as the flight logger flushes;</li>
 *   <li><b>atomic replace</b>: {@link AtomicFiles#write} of {@code size} bytes (temporary file,
 *       fsync, atomic rename, fsync of the directory), as a parameter, plan or calibration save.</li>
 * </ul>
 * A benchmark, not a test: it measures and reports; nothing is asserted. Boot or CLI thread.
 */
public final class FsyncBench {
    /** One measured operation at one size: latencies in microseconds. */
    public record Row(String operation, int sizeBytes, int count, double p50Us, double p99Us, double maxUs,
                      double mibPerS) {
    }

    /**
     * @param dir    where to write (a scratch directory on the disk to measure); left empty
     * @param sizes  payload sizes in bytes (1 .. 64 MiB each)
     * @param count  measured operations per size and operation (1 .. 100000), after
     *               {@code warmup} unmeasured ones
     * @param warmup unmeasured operations first (the JIT, the file system's first allocation)
     */
    public static List<Row> run(Path dir, int[] sizes, int count, int warmup) throws IOException {
        if (count < 1 || count > 100_000 || warmup < 0 || warmup > 100_000) {
            throw new IllegalArgumentException("count must be 1..100000 and warm-up 0..100000");
        }
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            if (size < 1 || size > (64 << 20)) {
                throw new IllegalArgumentException("size " + size + " is not 1 byte .. 64 MiB");
            }
        }
        Files.createDirectories(dir);
        for (int size : sizes) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 0x5A);
            rows.add(appendAndForce(dir.resolve("fsync-bench-append.bin"), payload, count, warmup));
            rows.add(atomicReplace(dir.resolve("fsync-bench-replace.bin"), payload, count, warmup));
        }
        return rows;
    }

    private static Row appendAndForce(Path file, byte[] payload, int count, int warmup) throws IOException {
        long[] ns = new long[count];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            for (int i = 0; i < warmup + count; i++) {
                if (ch.size() > (256L << 20)) {
                    ch.truncate(0); // a bounded file, like a rotated log
                    ch.position(0);
                }
                long t0 = System.nanoTime();
                buf.clear();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
                long t = System.nanoTime() - t0;
                if (i >= warmup) {
                    ns[i - warmup] = t;
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return row("append + force", payload.length, ns);
    }

    private static Row atomicReplace(Path file, byte[] payload, int count, int warmup) throws IOException {
        long[] ns = new long[count];
        try {
            for (int i = 0; i < warmup + count; i++) {
                long t0 = System.nanoTime();
                AtomicFiles.write(file, payload);
                long t = System.nanoTime() - t0;
                if (i >= warmup) {
                    ns[i - warmup] = t;
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return row("atomic replace", payload.length, ns);
    }

    private static Row row(String operation, int size, long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (long t : sorted) {
            total += t;
        }
        double mibPerS = total == 0 ? 0 : (double) size * sorted.length / (1 << 20) / (total * 1e-9);
        return new Row(operation, size, sorted.length, percentile(sorted, 0.50) / 1e3, percentile(sorted, 0.99) / 1e3,
                sorted[sorted.length - 1] / 1e3, mibPerS);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** A table, one row per operation and size. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-15s %9s %6s %10s %10s %10s %9s%n", "operation", "size", "count", "p50 us",
                "p99 us", "max us", "MiB/s"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-15s %9s %6d %10.0f %10.0f %10.0f %9.1f%n", r.operation(),
                    size(r.sizeBytes()), r.count(), r.p50Us(), r.p99Us(), r.maxUs(), r.mibPerS()));
        }
        return b.toString();
    }

    static String size(int bytes) {
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }

    private FsyncBench() {
    }
}
