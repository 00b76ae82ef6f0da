package org.hoverla.core.boot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.core.log.LogCsvExport;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.log.LogInfo;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoverla log list|info|export}: the flight logs in the log directory, what one log holds,
 * and its topics as CSV (docs/log-commands.md). In the vehicle artifact, so a companion computer
 * reads its own logs without the simulator; the developer CLI registers it too.
 *
 * <p>Exit status: 0 done (a damaged but readable log is described, its damage listed as
 * problems); 2 bad input (missing file, unknown id, not a ULog, unknown topic, unreadable log
 * directory, bad command line); 1 an output that cannot be written. One line on stderr for each,
 * never a stack trace.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Flight logs (ULog): list the log directory, describe a log, export its topics as CSV.",
            "A log is named by its file or by its id from 'log list' (1 = oldest)."},
        subcommands = {LogCommand.ListLogs.class, LogCommand.Info.class, LogCommand.Export.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:cannot write an output", "2:bad input (missing file, unknown id, not a ULog, unknown topic)"})
public final class LogCommand implements Runnable {
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;
    private static final byte[] ULOG_MAGIC = {'U', 'L', 'o', 'g', 0x01, 0x12, 0x35};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The default log directory: {@code $HOVERLA_LOG_DIR}; else {@code $HOVERLA_STATE_DIR/logs} (a
     * vehicle); else {@code ~/.hoverla/logs} (the SITL's).
     */
    public static Path defaultLogDir() {
        String logs = System.getenv("HOVERLA_LOG_DIR");
        if (logs != null && !logs.isBlank()) {
            return Path.of(logs);
        }
        String state = System.getenv("HOVERLA_STATE_DIR");
        if (state != null && !state.isBlank()) {
            return Path.of(state, "logs");
        }
        return Path.of(System.getProperty("user.home"), ".hoverla", "logs");
    }

    /** Options shared by the subcommands. */
    static class LogDirOption {
        @Option(names = "--log-dir", paramLabel = "DIR", description = "The log directory (default: $HOVERLA_LOG_DIR, "
                + "else $HOVERLA_STATE_DIR/logs, else ~/.hoverla/logs).")
        Path logDir;

        Path dir() {
            return logDir != null ? logDir : defaultLogDir();
        }
    }

    /** A bad input answered with one line and exit 2. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per log in the log directory: id, start (UTC), size, path; the log being written marked active.")
    static final class ListLogs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        LogDirOption dir = new LogDirOption();

        @Option(names = "--json", description = "Print one JSON object instead of the table.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LogDirectory logs = new LogDirectory(dir.dir());
            if (Files.exists(logs.root()) && !Files.isDirectory(logs.root())) {
                err.println("log list: " + logs.root() + " is not a directory");
                return EXIT_USAGE;
            }
            List<LogDirectory.Entry> entries;
            try {
                entries = logs.list();
            } catch (IOException e) {
                err.println("log list: cannot read " + logs.root() + ": " + reason(e));
                return EXIT_USAGE;
            }
            out.print(json ? listJson(logs.root(), entries) : listText(logs.root(), entries));
            out.flush();
            return 0;
        }
    }

    /** The listing as a table (what {@code log list} prints); in-process callers see the active mark. */
    public static String listText(Path root, List<LogDirectory.Entry> entries) {
        StringBuilder b = new StringBuilder();
        if (entries.isEmpty()) {
            return "no logs in " + root + System.lineSeparator();
        }
        b.append(String.format(Locale.ROOT, "%4s  %-20s  %10s  %s%n", "id", "start (UTC)", "size", "path"));
        for (LogDirectory.Entry e : entries) {
            b.append(String.format(Locale.ROOT, "%4d  %-20s  %10s  %s%s%n", e.id(), e.startUtc().toString(),
                    size(e.sizeBytes()), e.path(), e.active() ? "  (active)" : ""));
        }
        b.append(String.format(Locale.ROOT, "%d log%s in %s%n", entries.size(), entries.size() == 1 ? "" : "s", root));
        return b.toString();
    }

    static String listJson(Path root, List<LogDirectory.Entry> entries) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode().put("log_dir", root.toString());
        ArrayNode logs = o.putArray("logs");
        for (LogDirectory.Entry e : entries) {
            logs.addObject().put("id", e.id()).put("start_utc", e.startUtc().toString()).put("size_bytes", e.sizeBytes())
                    .put("path", e.path().toString()).put("active", e.active());
        }
        return o.toString() + System.lineSeparator();
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"What one log holds: header, flag bits, info messages, parameters and their changes in flight,"
                    + " topics (samples, mean rate, first/last time), dropouts, logged messages by level, duration,"
                    + " and any damage the reader found (truncation, corruption)."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:described (a damaged log too: its problems are listed)",
                "2:missing file, unknown id, not a ULog, or bad command line"})
    static final class Info implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        LogDirOption dir = new LogDirOption();

        @Parameters(index = "0", paramLabel = "FILE|ID", description = "A .ulg file, or an id from 'log list'.")
        String log;

        @Option(names = "--json", description = "Print one JSON object instead of the text.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file;
            UlogFile f;
            try {
                file = resolve(log, dir.dir());
                f = read(file);
            } catch (BadInput e) {
                err.println("log info: " + e.getMessage());
                return EXIT_USAGE;
            }
            long size = sizeOf(file);
            out.print(json ? LogInfo.json(f, file.toString(), size) + System.lineSeparator()
                    : LogInfo.text(f, file.toString(), size));
            out.flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes one CSV per topic instance (DIR/<topic>_<multi_id>.csv; header row of field names,"
                    + " arrays as name[i]; first column timestamp in us), messages.csv (logged strings) and params.csv"
                    + " (initial values and changes in flight). Each file is written to a temporary file and renamed."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:exported", "1:the output directory or a file cannot be written",
                "2:missing file, unknown id, not a ULog, unknown topic, or bad command line"})
    static final class Export implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        LogDirOption dir = new LogDirOption();

        @Parameters(index = "0", paramLabel = "FILE|ID", description = "A .ulg file, or an id from 'log list'.")
        String log;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the CSV files (created if missing).")
        Path outDir;

        @Option(names = "--topics", paramLabel = "NAME", split = ",",
                description = "Only these topics (comma-separated; all instances of each). Default: all.")
        List<String> topics;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file;
            UlogFile f;
            List<UlogTopic> selected;
            try {
                file = resolve(log, dir.dir());
                f = read(file);
                selected = LogCsvExport.select(f, topics);
            } catch (BadInput e) {
                err.println("log export: " + e.getMessage());
                return EXIT_USAGE;
            } catch (LogCsvExport.UnknownTopicException e) {
                err.println("log export: " + e.getMessage());
                return EXIT_USAGE;
            }
            List<Path> written;
            try {
                written = LogCsvExport.write(f, selected, outDir);
            } catch (IOException e) {
                err.println("log export: cannot write " + outDir + ": " + reason(e));
                return EXIT_FAILURE;
            }
            long rows = 0;
            for (UlogTopic t : selected) {
                rows += t.size();
            }
            out.printf(Locale.ROOT, "exported %d topic instance%s (%d rows), %d messages, %d parameters (+%d changes) from %s to %s%n",
                    selected.size(), selected.size() == 1 ? "" : "s", rows, f.logMessages().size(), f.parameters().size(),
                    f.parameterChanges().size(), file.getFileName(), outDir);
            if (!f.problems().isEmpty()) {
                out.printf(Locale.ROOT, "the log has %d problem%s (see 'log info'): %s%n", f.problems().size(),
                        f.problems().size() == 1 ? "" : "s", f.problems().get(0));
            }
            out.printf(Locale.ROOT, "%d files written%n", written.size());
            out.flush();
            return 0;
        }
    }

    /**
     * A FILE|ID argument: an existing path is a file; otherwise a number is an id of
     * {@link LogDirectory#list()} in {@code logDir}.
     */
    static Path resolve(String arg, Path logDir) throws BadInput {
        Path asPath;
        try {
            asPath = Path.of(arg);
        } catch (RuntimeException e) {
            throw new BadInput(arg + ": not a file name or a log id");
        }
        if (Files.exists(asPath)) {
            if (Files.isDirectory(asPath)) {
                throw new BadInput(arg + " is a directory, not a log file (use 'log list --log-dir " + arg + "')");
            }
            return asPath;
        }
        if (!arg.matches("\\d{1,9}")) {
            throw new BadInput(arg + ": no such file");
        }
        int id = Integer.parseInt(arg);
        List<LogDirectory.Entry> entries;
        try {
            entries = new LogDirectory(logDir).list();
        } catch (IOException e) {
            throw new BadInput("cannot read the log directory " + logDir + ": " + reason(e));
        }
        for (LogDirectory.Entry e : entries) {
            if (e.id() == id) {
                return e.path();
            }
        }
        throw new BadInput("no log with id " + id + " in " + logDir + " ("
                + (entries.isEmpty() ? "it holds no logs" : "ids 1.." + entries.size()) + "; see 'log list')");
    }

    /** Reads a log; a file that is missing, unreadable or not a ULog at all is bad input. */
    static UlogFile read(Path file) throws BadInput {
        byte[] head = new byte[ULOG_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + reason(e));
        }
        for (int i = 0; i < ULOG_MAGIC.length; i++) {
            if (i >= n || head[i] != ULOG_MAGIC[i]) {
                throw new BadInput(file + ": not a ULog file (it starts with " + (n == 0 ? "nothing, it is empty"
                        : "0x" + HexFormat.of().formatHex(head, 0, n)) + "; a ULog starts with 'ULog' 01 12 35)");
            }
        }
        try {
            return UlogReader.read(file);
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + reason(e));
        } catch (RuntimeException e) {
            // UlogReader's contract is to never throw on bad data; if it does, still one line, no trace.
            throw new BadInput(file + ": cannot be decoded: " + e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory (" + e.getMessage() + ")";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way (" + e.getMessage() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return String.valueOf(e.getMessage());
    }

    private static String size(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        if (bytes < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1_048_576.0);
    }
}
