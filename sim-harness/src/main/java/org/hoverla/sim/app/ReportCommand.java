package org.hoverla.sim.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.sim.report.UlogFlightReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hoverla report FILE.ulg [-o report.html]}: writes the flight report of a ULog (Hoverla's
 * or PX4's) as one self-contained HTML page ({@link UlogFlightReport}).
 *
 * <p>Exit status: 0 written (a damaged log that still holds data is reported with a warning at the
 * top of the page and on stderr); 2 unusable log (missing, not a ULog, no data) or a bad command
 * line; 1 the page cannot be written. Every failure is one line naming the file and the reason.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the flight report of a ULog file as one self-contained HTML page: track and altitude,"
                + " attitude and rates against setpoints, velocity, motors, battery, estimator innovations and"
                + " test ratios, loop timing, and the timeline of modes, arming, failsafes and messages.",
                "The page needs no network access to be viewed."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:report written (a damaged log is reported with a warning)",
            "1:cannot write the report", "2:unusable log or bad command line"})
public final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.ulg", description = "The ULog file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
            description = "Where to write the page (default: beside the log, FILE.html).")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path html = output != null ? output : defaultOutput(file);
        List<String> problems;
        try {
            problems = UlogFlightReport.write(file, html);
        } catch (UlogFlightReport.UnusableLogException e) {
            err.println("report: " + file + ": " + e.getMessage());
            return HoverlaMain.EXIT_USAGE;
        } catch (IOException e) {
            err.println("report: cannot write " + html + ": " + reason(e));
            return HoverlaMain.EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A bug, not bad input (the reader never throws on bad data): still one line naming the file.
            err.println("report: " + file + ": cannot build the report (" + e.getClass().getSimpleName() + ": "
                    + HoverlaMain.firstLine(String.valueOf(e.getMessage())) + "); please report this with the log");
            return HoverlaMain.EXIT_FAILURE;
        }
        if (!problems.isEmpty()) {
            err.println("report: warning: " + file + " is damaged (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ", first: " + HoverlaMain.firstLine(problems.get(0))
                    + "); the report shows what could be read");
        }
        long size;
        try {
            size = Files.size(html);
        } catch (IOException e) {
            size = -1;
        }
        out.printf(Locale.ROOT, "Report written to %s (%.1f kB)%n", html, size / 1024.0);
        return 0;
    }

    /** {@code dir/NAME.ulg} → {@code dir/NAME.html}; other names get {@code .html} appended. */
    static Path defaultOutput(Path ulg) {
        String name = ulg.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".ulg") ? name.substring(0, name.length() - 4) : name;
        return ulg.resolveSibling(base + ".html");
    }

    private static String reason(IOException e) {
        String kind = e.getClass().getSimpleName();
        String msg = HoverlaMain.firstLine(String.valueOf(e.getMessage()));
        return switch (kind) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such directory";
            case "FileSystemException", "IOException" -> msg;
            default -> kind.replace("Exception", "") + ": " + msg;
        };
    }
}
