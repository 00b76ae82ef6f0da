package org.hoverla.sim.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hoverla.sim.campaign.CampaignInputException;
import org.hoverla.sim.campaign.CampaignReport;
import org.hoverla.sim.campaign.CampaignRunner;
import org.hoverla.sim.campaign.CampaignSpec;
import org.hoverla.sim.campaign.LocalJobs;
import org.hoverla.sim.campaign.RunLine;
import org.hoverla.sim.campaign.Shard;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hoverla campaign SPEC}: a qualification campaign, scenarios × parameter sets × winds ×
 * seeds, each run an independent deterministic lockstep flight (docs/campaigns.md). One JSON
 * line per run, then a report; {@code --shard I/N} runs one slice for a batch engine,
 * {@code --jobs K} runs K local worker processes, {@code campaign merge} folds shard outputs.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Run a qualification campaign: every combination of the spec's scenarios, parameter sets, "
                + "winds and seeds as an independent deterministic lockstep flight. Writes one JSON line per run "
                + "(--out) and prints a report: pass rate, worst cases, and a replay command for each failed run.",
            "Run index order: scenario, parameter set, wind, seed (the seed varies fastest); the spec format is in "
                + "docs/campaigns.md."},
        subcommands = {CampaignCommand.Merge.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every run passed", "1:some run failed (or a worker process failed)",
            "2:bad input (spec, shard, options); nothing was flown"})
public final class CampaignCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "The campaign spec (YAML).")
    Path specFile;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only the runs whose index i has i %% N == I (0-based I < N): one slice for a batch "
                    + "engine; merge the slices with 'campaign merge'.")
    String shard;

    @Option(names = "--jobs", paramLabel = "K", defaultValue = "1",
            description = "Run in K worker processes on this machine (1..64; default ${DEFAULT-VALUE}), merged at the end.")
    int jobs;

    @Option(names = "--out", paramLabel = "FILE.jsonl",
            description = "Where the JSON lines go (default: NAME.jsonl, or NAME.shard-I-of-N.jsonl, in the current "
                    + "directory).")
    Path out;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report to FILE.")
    Path report;

    @Option(names = {"-q", "--quiet"}, description = "Print no progress and no report (the lines and --report still are).")
    boolean quiet;

    @Option(names = "--exit-zero",
            description = "Exit 0 when runs failed too (bad input still exits 2): for a batch engine that would "
                    + "retry a shard whose flights failed; the merge's status tells.")
    boolean exitZero;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter stdout = commandSpec.commandLine().getOut();
        CampaignSpec spec;
        Shard slice;
        try {
            if (specFile == null) {
                throw new CampaignInputException("a campaign spec is required: campaign SPEC [--shard I/N] [--jobs K], "
                        + "or campaign merge FILE.jsonl ...");
            }
            slice = shard == null ? Shard.ALL : Shard.parse(shard);
            if (jobs < 1 || jobs > 64) {
                throw new CampaignInputException("--jobs must be 1..64, not " + jobs);
            }
            if (jobs > 1 && shard != null) {
                throw new CampaignInputException("--jobs and --shard cannot be combined: a shard runs in one process");
            }
            spec = CampaignSpec.load(specFile, org.hoverla.sim.scenario.ScenarioFile::read);
            spec.checkParams(() -> new LockstepSim(new SimConfig()).params());
        } catch (CampaignInputException e) {
            err.println("campaign: " + e.getMessage());
            return HoverlaMain.EXIT_USAGE;
        }
        Path lineFile = out != null ? out : Path.of(spec.name() + (slice.count() == 1 ? "" : ".shard-" + slice.index()
                + "-of-" + slice.count()) + ".jsonl");
        long runs = slice.size(spec.size());
        long start = System.nanoTime();
        Progress progress = new Progress(err, quiet, runs);
        List<JsonNode> lines;
        if (jobs > 1 && spec.size() > 1) {
            int workers = (int) Math.min(jobs, spec.size());
            Path work = Files.createTempDirectory("hoverla-campaign-");
            List<CampaignReport.Located> located;
            try {
                located = LocalJobs.run(specFile.toString(), workers, work, progress::done);
                lines = CampaignReport.assemble(located);
            } catch (LocalJobs.WorkerFailedException | CampaignInputException e) {
                err.println("campaign: " + e.getMessage() + " (worker files kept in " + work + ")");
                return HoverlaMain.EXIT_FAILURE;
            }
            writeLines(lineFile, lines);
            deleteTree(work);
        } else {
            lines = new ArrayList<>();
            createParent(lineFile);
            try (BufferedWriter w = Files.newBufferedWriter(lineFile, StandardCharsets.UTF_8)) {
                List<String> texts = CampaignRunner.run(spec, slice, CampaignRunner.LOCKSTEP, line -> {
                    try {
                        w.write(line);
                        w.write('\n');
                        w.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    progress.done(progress.count + 1);
                });
                for (int i = 0; i < texts.size(); i++) {
                    // The report reads the lines back exactly as a merge will, so both give the same text.
                    lines.add(RunLine.parse(lineFile + ":" + (i + 1), texts.get(i)));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (CampaignInputException e) {
                throw new IllegalStateException("a line this run wrote does not read back: " + e.getMessage(), e);
            }
        }
        double wallS = (System.nanoTime() - start) * 1e-9;
        String text;
        if (slice.count() == 1) {
            text = CampaignReport.render(lines);
        } else {
            int passed = 0;
            for (JsonNode n : lines) {
                passed += n.get(RunLine.PASSED).asBoolean() ? 1 : 0;
            }
            text = String.format(Locale.ROOT, "Campaign %s (spec %s): shard %s, %d of its %d runs passed; fold the "
                    + "shards with: ./hoverla campaign merge SHARD.jsonl ...%n", spec.name(), spec.hash(), slice,
                    passed, lines.size());
        }
        if (report != null) {
            createParent(report);
            Files.writeString(report, text, StandardCharsets.UTF_8);
        }
        if (!quiet) {
            stdout.print(text);
            stdout.flush();
            // Wall-clock figures stay out of the report (it must not depend on the machine or the sharding).
            err.printf(Locale.ROOT, "campaign: %d runs in %.1f s (%.1f runs per minute, %d process%s); lines in %s%n",
                    lines.size(), wallS, wallS > 0 ? lines.size() * 60.0 / wallS : 0.0, Math.max(1, jobs),
                    jobs > 1 ? "es" : "", lineFile);
            err.flush();
        }
        return CampaignReport.allPassed(lines) || exitZero ? 0 : HoverlaMain.EXIT_FAILURE;
    }

    static void writeLines(Path file, List<JsonNode> lines) throws IOException {
        createParent(file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (JsonNode n : lines) {
                w.write(n.toString());
                w.write('\n');
            }
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Progress on stderr, at most every 10 s of wall time, so long campaigns show they are moving. */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean quiet;
        private final long total;
        private long count;
        private long lastPrintNs = System.nanoTime();

        Progress(PrintWriter err, boolean quiet, long total) {
            this.err = err;
            this.quiet = quiet;
            this.total = total;
        }

        void done(long runsDone) {
            count = runsDone;
            long now = System.nanoTime();
            if (!quiet && now - lastPrintNs >= 10_000_000_000L && runsDone < total) {
                lastPrintNs = now;
                err.printf(Locale.ROOT, "campaign: %d of %d runs done%n", runsDone, total);
                err.flush();
            }
        }
    }

    /** {@code ./hoverla campaign merge}: folds shard outputs into one report. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Fold the JSON lines of a campaign's shards into one report, the same, byte for byte, as "
                    + "the unsharded campaign's. Refuses lines of different specs, a run present twice (overlapping "
                    + "shards) and missing runs."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:every run passed", "1:some run failed", "2:bad input (unreadable, overlapping, "
                    + "incomplete or mixed shards)"})
    public static final class Merge implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "SHARD.jsonl", description = "The shards' JSON-lines files.")
        List<Path> files;

        @Option(names = "--out", paramLabel = "REPORT", description = "Also write the report to REPORT.")
        Path out;

        @Option(names = "--lines", paramLabel = "FILE.jsonl",
                description = "Also write all runs' lines, in run index order, to FILE.jsonl.")
        Path linesOut;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec commandSpec;

        @Override
        public Integer call() throws IOException {
            List<JsonNode> lines;
            try {
                List<CampaignReport.Located> located = new ArrayList<>();
                for (Path f : files) {
                    located.addAll(LocalJobs.readLines(f));
                }
                lines = CampaignReport.assemble(located);
            } catch (CampaignInputException e) {
                commandSpec.commandLine().getErr().println("campaign merge: " + e.getMessage());
                return HoverlaMain.EXIT_USAGE;
            }
            String text = CampaignReport.render(lines);
            if (out != null) {
                createParent(out);
                Files.writeString(out, text, StandardCharsets.UTF_8);
            }
            if (linesOut != null) {
                writeLines(linesOut, lines);
            }
            PrintWriter stdout = commandSpec.commandLine().getOut();
            stdout.print(text);
            stdout.flush();
            return CampaignReport.allPassed(lines) ? 0 : HoverlaMain.EXIT_FAILURE;
        }
    }
}
