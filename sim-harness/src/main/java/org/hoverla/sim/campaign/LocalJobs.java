package org.hoverla.sim.campaign;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * {@code campaign --jobs K}: K worker JVMs on this machine, worker {@code i} running
 * {@code campaign SPEC --shard i/K}, the same scheme as a batch engine's shards. Workers are
 * started with the java binary, class path and heap/GC options of this JVM, so they run the
 * same code. The caller merges their lines exactly as {@code campaign merge} does.
 *
 * <p>Called from the command's thread; waits for the workers, polling their output for progress.
 */
public final class LocalJobs {
    /** The main class of the workers (the launcher's). */
    static final String MAIN_CLASS = "org.hoverla.sim.app.HoverlaMain";

    private LocalJobs() {
    }

    /** A worker that did not finish its shard. */
    public static final class WorkerFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerFailedException(String message) {
            super(message);
        }
    }

    /** The command line of worker {@code shard}: writes its lines to {@code out}, prints nothing else. */
    static List<String> workerCommand(String specArg, Shard shard, Path out) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Heap, stack and collector settings, so a worker behaves as this JVM does; not agents,
            // debug ports or system properties that belong to this process.
            if (arg.startsWith("-Xm") || arg.startsWith("-Xss") || arg.startsWith("-XX:")) {
                cmd.add(arg);
            }
        }
        // What the jar's manifest grants the launcher (ConstantPoolStrings); a class-path start reads no manifest.
        cmd.add("--add-exports=java.base/jdk.internal.access=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN_CLASS);
        cmd.add("campaign");
        cmd.add(specArg);
        cmd.add("--shard");
        cmd.add(shard.toString());
        cmd.add("--out");
        cmd.add(out.toString());
        cmd.add("--quiet");
        return cmd;
    }

    /**
     * Runs all of the campaign in {@code jobs} workers and returns the lines they wrote, with
     * where each was read ({@code FILE:LINE}), for {@link CampaignReport#assemble}.
     *
     * @param specArg the spec path as the user gave it (workers resolve scenario files as this process does)
     * @param workDir an existing directory for the workers' outputs and logs
     * @param progress receives the number of runs done so far, about once a second
     * @throws WorkerFailedException when a worker exits with a status other than 0 (all passed) or 1 (some failed)
     */
    public static List<CampaignReport.Located> run(String specArg, int jobs, Path workDir, LongConsumer progress)
            throws IOException, InterruptedException, WorkerFailedException, CampaignInputException {
        List<Process> workers = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        Thread reaper = new Thread(() -> workers.forEach(Process::destroy), "campaign-workers-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            for (int i = 0; i < jobs; i++) {
                Path out = workDir.resolve("shard-" + i + ".jsonl");
                Path log = workDir.resolve("shard-" + i + ".log");
                outs.add(out);
                logs.add(log);
                ProcessBuilder pb = new ProcessBuilder(workerCommand(specArg, new Shard(i, jobs), out))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                workers.add(pb.start());
            }
            for (Process p : workers) {
                while (!p.waitFor(1, TimeUnit.SECONDS)) {
                    progress.accept(countLines(outs));
                }
            }
            progress.accept(countLines(outs));
        } finally {
            for (Process p : workers) {
                if (p.isAlive()) {
                    p.destroy();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
        for (int i = 0; i < jobs; i++) {
            int status = workers.get(i).exitValue();
            if (status != 0 && status != 1) {
                throw new WorkerFailedException("worker " + i + "/" + jobs + " exited with status " + status + ": "
                        + lastLine(logs.get(i)) + " (log: " + logs.get(i) + ")");
            }
        }
        List<CampaignReport.Located> lines = new ArrayList<>();
        for (Path out : outs) {
            lines.addAll(readLines(out));
        }
        return lines;
    }

    /** Reads and parses a JSON-lines file; blank lines are skipped. */
    public static List<CampaignReport.Located> readLines(Path file) throws CampaignInputException {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CampaignInputException(file + ": no such file");
        } catch (IOException e) {
            throw new CampaignInputException(file + ": cannot read: " + e.getMessage());
        }
        List<CampaignReport.Located> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            out.add(new CampaignReport.Located(where, RunLine.parse(where, text.get(i))));
        }
        return out;
    }

    private static long countLines(List<Path> files) {
        long n = 0;
        for (Path f : files) {
            try {
                if (Files.exists(f)) {
                    byte[] b = Files.readAllBytes(f);
                    for (byte c : b) {
                        n += c == '\n' ? 1 : 0;
                    }
                }
            } catch (IOException e) {
                // Being written; counted next time.
            }
        }
        return n;
    }

    private static String lastLine(Path log) {
        try {
            List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = l.size() - 1; i >= 0; i--) {
                if (!l.get(i).isBlank()) {
                    return l.get(i).trim();
                }
            }
            return "(no output)";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
