package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.MavNames;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFileException;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.mission.validate.Limits;
import org.hoverla.mission.validate.MissionValidator;
import org.hoverla.mission.validate.ValidationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hoverla plan validate|show|convert}: plan files offline (no vehicle). Reads
 * QGroundControl {@code .plan} and QGC WPL 110 {@code .waypoints}/{@code .txt} files
 * ({@link PlanFiles}) and checks them with the same {@link MissionValidator} the vehicle uses.
 *
 * <p>Exit status: 0 ok; 2 a plan Hoverla cannot fly, a file it cannot read, or a bad command
 * line (one line naming file, item and reason, no stack trace); 1 a file that cannot be written.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Check, show and convert mission plan files offline: QGroundControl .plan and QGC WPL 110"
                + " .waypoints/.txt (Mission Planner).",
                "Uploading a plan to a running vehicle ('plan upload') is not available yet: it comes with the"
                + " mission protocol."},
        subcommands = {PlanCommand.ValidateCommand.class, PlanCommand.ShowCommand.class,
                PlanCommand.ConvertCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:ok", "1:cannot write the output file",
                "2:plan refused, unreadable file or bad command line"})
public final class PlanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String counts(MissionPlan plan) {
        return plan.mission().size() + " mission items, " + plan.fence().size() + " fence items, "
                + plan.rally().size() + " rally points";
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** The document, or null after printing the one-line reason. */
        PlanDocument read(Path file) {
            try {
                return PlanFiles.read(file);
            } catch (PlanFileException e) {
                err().println(e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check that Hoverla can fly a plan file.",
                    "Prints 'ok: N mission items, M fence items, K rally points' and exits 0, or prints the first"
                    + " problem (file, item, reason, MAV_MISSION_RESULT) and exits 2. Altitudes and the first item's"
                    + " distance are checked from the plan's planned home unless --home gives another; without a home,"
                    + " altitudes above mean sea level are refused and the distance is not checked."})
    static final class ValidateCommand extends Sub {
        @Parameters(paramLabel = "FILE", description = ".plan, .waypoints or .txt file.")
        Path file;

        @Option(names = "--home", paramLabel = "LAT,LON,ALT",
                description = "Home position (degrees, degrees, metres AMSL); default: the file's planned home.")
        String home;

        @Option(names = "--max-alt", paramLabel = "M", description = "Highest altitude above home (default: ${DEFAULT-VALUE}).")
        double maxAltM = Limits.DEFAULT.maxAltAboveHomeM();

        @Option(names = "--min-alt", paramLabel = "M",
                description = "Lowest altitude above home of waypoints, takeoffs and loiters (default: ${DEFAULT-VALUE}).")
        double minAltM = Limits.DEFAULT.minAltAboveHomeM();

        @Option(names = "--max-first-distance", paramLabel = "M",
                description = "Farthest the first positional item may be from home (default: ${DEFAULT-VALUE}).")
        double maxFirstDistanceM = Limits.DEFAULT.maxFirstItemDistanceM();

        @Option(names = "--require-takeoff", description = "The first navigation item must be NAV_TAKEOFF.")
        boolean requireTakeoff;

        @Option(names = "--require-land", description = "The last navigation item must be NAV_LAND or NAV_RETURN_TO_LAUNCH.")
        boolean requireLand;

        @Override
        public Integer call() {
            Limits limits;
            try {
                limits = new Limits(maxAltM, minAltM, maxFirstDistanceM, requireTakeoff, requireLand,
                        Limits.DEFAULT.maxItems());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "bad limits: " + e.getMessage());
            }
            HomePosition h = home == null ? null : parseHome(home);
            PlanDocument doc = read(file);
            if (doc == null) {
                return HoverlaMain.EXIT_USAGE;
            }
            ValidationResult r = new MissionValidator(limits).validate(doc.plan(), h != null ? h : doc.plannedHome());
            if (!r.ok()) {
                err().println(file + ": " + r.describe());
                return HoverlaMain.EXIT_USAGE;
            }
            out().println("ok: " + counts(doc.plan()));
            return 0;
        }

        private HomePosition parseHome(String s) {
            String[] p = s.split(",", -1);
            try {
                if (p.length != 3) {
                    throw new NumberFormatException();
                }
                double lat = Double.parseDouble(p[0].strip());
                double lon = Double.parseDouble(p[1].strip());
                double alt = Double.parseDouble(p[2].strip());
                if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180) || !Double.isFinite(alt)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--home " + s + " is out of range");
                }
                return new HomePosition((int) Math.round(lat * 1e7), (int) Math.round(lon * 1e7), (float) alt);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--home must be LAT,LON,ALT (degrees, degrees, metres AMSL), not '" + s + "'");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the items of a plan file as tables: seq, command, frame, lat, lon, alt, params.")
    static final class ShowCommand extends Sub {
        @Parameters(paramLabel = "FILE", description = ".plan, .waypoints or .txt file.")
        Path file;

        @Override
        public Integer call() {
            PlanDocument doc = read(file);
            if (doc == null) {
                return HoverlaMain.EXIT_USAGE;
            }
            PrintWriter o = out();
            o.println(file + ": " + counts(doc.plan()));
            HomePosition h = doc.plannedHome();
            o.println(h == null ? "planned home: none"
                    : String.format(Locale.ROOT, "planned home: %.7f, %.7f, %s m AMSL", h.latDeg(), h.lonDeg(),
                            num(h.altAmslM())));
            table(o, "mission", doc.plan().mission());
            table(o, "fence", doc.plan().fence());
            table(o, "rally", doc.plan().rally());
            return 0;
        }

        private static void table(PrintWriter o, String title, List<MissionItem> items) {
            if (items.isEmpty()) {
                return;
            }
            o.println();
            o.println(title + " (" + items.size() + (items.size() == 1 ? " item)" : " items)"));
            String fmt = "%4s  %-34s  %-23s  %12s  %13s  %9s  %9s  %9s  %9s  %9s%n";
            o.printf(Locale.ROOT, fmt, "SEQ", "COMMAND", "FRAME", "LAT", "LON", "ALT", "P1", "P2", "P3", "P4");
            for (MissionItem it : items) {
                boolean global = isGlobal(it.frame());
                String lat = global ? String.format(Locale.ROOT, "%.7f", it.latDeg()) : Integer.toString(it.x());
                String lon = global ? String.format(Locale.ROOT, "%.7f", it.lonDeg()) : Integer.toString(it.y());
                o.printf(Locale.ROOT, fmt, it.seq() + (it.current() ? "*" : ""), MavNames.command(it.command()),
                        MavNames.frame(it.frame()), lat, lon, num(it.z()), num(it.param1()), num(it.param2()),
                        num(it.param3()), num(it.param4()));
            }
        }

        private static boolean isGlobal(int frame) {
            return frame == 0 || frame == 3 || frame == 5 || frame == 6 || frame == 10 || frame == 11;
        }
    }

    static String num(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (f == Math.rint(f) && Math.abs(f) < 1e9) {
            return Long.toString((long) f);
        }
        return new java.math.BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Convert a plan file between .plan and .waypoints/.txt, by the extensions of IN and OUT.",
                    "QGC WPL holds no geofence or rally points: they are dropped with a warning. Converting does not"
                    + " validate: use 'plan validate'."})
    static final class ConvertCommand extends Sub {
        @Parameters(index = "0", paramLabel = "IN", description = "Input .plan, .waypoints or .txt file.")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "Output .plan, .waypoints or .txt file (replaced).")
        Path outFile;

        @Override
        public Integer call() {
            PlanFiles.Format format = PlanFiles.formatOf(outFile);
            if (format == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        outFile + ": unknown plan file type (expected .plan, .waypoints or .txt)");
            }
            PlanDocument doc = read(in);
            if (doc == null) {
                return HoverlaMain.EXIT_USAGE;
            }
            MissionPlan plan = doc.plan();
            if (format == PlanFiles.Format.WPL && (!plan.fence().isEmpty() || !plan.rally().isEmpty())) {
                err().println("plan convert: warning: " + outFile + " (QGC WPL) cannot hold the geofence or rally points: "
                        + plan.fence().size() + " fence items and " + plan.rally().size() + " rally points not written");
                plan = new MissionPlan(plan.mission(), List.of(), List.of());
            }
            try {
                PlanFiles.write(outFile, plan, doc.plannedHome());
            } catch (PlanFileException e) {
                err().println(e.getMessage());
                return e.reason().startsWith("cannot write") ? HoverlaMain.EXIT_FAILURE : HoverlaMain.EXIT_USAGE;
            }
            out().println("wrote " + outFile + ": " + counts(plan));
            return 0;
        }
    }
}
