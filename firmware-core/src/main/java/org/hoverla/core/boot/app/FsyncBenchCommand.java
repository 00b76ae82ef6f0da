package org.hoverla.core.boot.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.core.storage.FsyncBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hoverla bench fsync}: what a flush costs on a disk ({@link FsyncBench}). A benchmark: it
 * prints figures and asserts nothing. Lives with the vehicle's commands so the vehicle artifact can
 * measure the companion computer's own SD card or SSD.
 */
@Command(name = "fsync", mixinStandardHelpOptions = true,
        description = {"Measure what making data durable costs on a disk: append + force (the flight log's flush) and "
                + "the atomic replace every parameter, plan and calibration save does (temporary file, fsync, rename, "
                + "directory fsync); p50/p99/max per size. See docs/crash-safe-storage.md."})
public final class FsyncBenchCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory on the disk to measure (default: the current directory). A scratch directory is "
                    + "made in it and removed.")
    Path dir = Path.of(".");

    @Option(names = "--size", paramLabel = "BYTES", split = ",",
            description = "Payload sizes in bytes, comma-separated (default: 4096,65536,1048576).")
    int[] sizes = {4096, 65536, 1 << 20};

    @Option(names = "--count", paramLabel = "N", description = "Measured operations per size and kind (default: ${DEFAULT-VALUE}).")
    int count = 200;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured operations first (default: ${DEFAULT-VALUE}).")
    int warmup = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + dir + ": not a directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        FileStore store = Files.getFileStore(dir);
        Path scratch = Files.createTempDirectory(dir, ".hoverla-fsync-bench-");
        try {
            out.printf(Locale.ROOT, "fsync bench in %s (file system %s on %s): %d measured + %d warm-up operations each%n",
                    dir.toAbsolutePath().normalize(), store.type(), store.name(), count, warmup);
            out.flush();
            List<FsyncBench.Row> rows;
            try {
                rows = FsyncBench.run(scratch, sizes, count, warmup);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            out.print(FsyncBench.table(rows));
            if ("tmpfs".equals(store.type()) || "ramfs".equals(store.type())) {
                out.println("note: " + store.type() + " keeps everything in memory; force() costs nothing there and "
                        + "nothing survives a power cut");
            }
            out.flush();
            return 0;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }
}
