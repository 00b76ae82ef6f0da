package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.ItemNumbering;
import org.hoverla.mission.plan.MavNames;
import org.hoverla.mission.plan.PlanDocument;
import org.hoverla.mission.plan.PlanFileException;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.mission.validate.Limits;
import org.hoverla.mission.validate.MissionValidator;
import org.hoverla.mission.validate.ValidationResult;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequest;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.link.LinkSpec;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.core.mavlink.mission.MissionAckExt;
import org.hoverla.core.mavlink.mission.MissionCountExt;
import org.hoverla.core.time.SystemClock;
import org.hoverla.mission.MissionType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hoverla plan validate|show|convert|upload}: plan files offline, and uploaded to a
 * running vehicle. Reads QGroundControl {@code .plan} and QGC WPL 110 {@code .waypoints}/{@code .txt}
 * files ({@link PlanFiles}) and checks them with the same {@link MissionValidator} the vehicle uses;
 * {@code upload} sends them with the MAVLink mission protocol ({@link PlanUploader}).
 *
 * <p>Exit status: 0 ok; 2 a plan Hoverla cannot fly, a file it cannot read, or a bad command
 * line (one line naming file, item and reason, no stack trace); 1 a file that cannot be written,
 * or (upload) no vehicle heard or a type the vehicle did not accept.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Check, show and convert mission plan files offline: QGroundControl .plan and QGC WPL 110"
                + " .waypoints/.txt (Mission Planner).",
                "'plan upload' sends a plan to a running vehicle (e.g. ./hoverla sim) with the MAVLink mission"
                + " protocol."},
        subcommands = {PlanCommand.ValidateCommand.class, PlanCommand.ShowCommand.class,
                PlanCommand.ConvertCommand.class, PlanCommand.UploadCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:ok", "1:cannot write the output file; upload: no vehicle heard or not all accepted",
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

        /** The document, or null after printing the one-line reason; its warnings go to the error stream. */
        PlanDocument read(Path file) {
            PlanDocument doc;
            try {
                doc = PlanFiles.read(file);
            } catch (PlanFileException e) {
                err().println(e.getMessage());
                return null;
            }
            for (String warning : doc.warnings()) {
                err().println(file + ": warning: " + warning);
            }
            return doc;
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
            ValidationResult r = new MissionValidator(limits, doc.numbering())
                    .validate(doc.plan(), h != null ? h : doc.plannedHome());
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
            table(o, "mission", doc.plan().mission(), doc.numbering());
            table(o, "fence", doc.plan().fence(), ItemNumbering.MAVLINK);
            table(o, "rally", doc.plan().rally(), ItemNumbering.MAVLINK);
            return 0;
        }

        /**
         * One table per list. The mission's SEQ column is the file's own numbering (the seq column of
         * a .waypoints file, QGroundControl's sequence numbers for a .plan), the number refusals use;
         * fence and rally rows count from 0 as MAVLink does. "here" marks a takeoff, land or loiter
         * at 0, 0: the vehicle's position when the item starts.
         */
        private static void table(PrintWriter o, String title, List<MissionItem> items, ItemNumbering numbering) {
            if (items.isEmpty()) {
                return;
            }
            o.println();
            o.println(title + " (" + items.size() + (items.size() == 1 ? " item)" : " items)"));
            String fmt = "%4s  %-34s  %-23s  %12s  %13s  %9s  %9s  %9s  %9s  %9s%n";
            o.printf(Locale.ROOT, fmt, "SEQ", "COMMAND", "FRAME", "LAT", "LON", "ALT", "P1", "P2", "P3", "P4");
            for (MissionItem it : items) {
                boolean global = isGlobal(it.frame());
                String lat = it.isHere() ? "here" : global ? String.format(Locale.ROOT, "%.7f", it.latDeg())
                        : Integer.toString(it.x());
                String lon = it.isHere() ? "here" : global ? String.format(Locale.ROOT, "%.7f", it.lonDeg())
                        : Integer.toString(it.y());
                int number = numbering.missionNumber(it.seq());
                o.printf(Locale.ROOT, fmt, number + (it.current() ? "*" : ""), MavNames.command(it.command()),
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

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = {"Upload a plan file (mission, geofence and rally points) to a running vehicle with the MAVLink"
                    + " mission protocol, as a ground station (system 255, component 190).",
                    "The file is checked first as 'plan validate' does (refused: one line, exit 2). Then the uploader"
                    + " waits for the vehicle's HEARTBEAT and uploads the three types in turn; a type the file leaves"
                    + " empty is cleared on the vehicle. Prints 'mission: N items accepted' (or the vehicle's refusal)"
                    + " per type; exit 0 only if all three were accepted.",
                    "Default --to udpin:127.0.0.1:14550: listen where './hoverla sim' sends by default (stop"
                    + " QGroundControl first, it listens there too). To reach a vehicle that listens (e.g. './hoverla"
                    + " sim --mavlink udpin:0.0.0.0:14540'), use --to udp:HOST:14540. TCP client links are not"
                    + " supported."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:mission, fence and rally accepted", "1:no vehicle heard, no answer, or a type refused",
                    "2:plan refused by the checks, unreadable file or bad command line"})
    static final class UploadCommand extends Sub {
        @Parameters(paramLabel = "FILE", description = ".plan, .waypoints or .txt file.")
        Path file;

        @Option(names = "--to", paramLabel = "SPEC", description = "MAVLink link to the vehicle: udpin:HOST:PORT (listen),"
                + " udp:HOST:PORT (send to), serial:PATH:BAUD (default: ${DEFAULT-VALUE}).")
        String to = PlanUploader.DEFAULT_LINK;

        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "How long to wait for the vehicle's HEARTBEAT, 0.1..600 (default: ${DEFAULT-VALUE}).")
        double timeoutS = 10;

        @Option(names = "--target-system", paramLabel = "N",
                description = "The vehicle's system id, 1..255; default: the first autopilot heard.")
        int targetSystem;

        @Override
        public Integer call() {
            LinkSpec link;
            try {
                link = LinkSpec.parse(to);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replace("--mavlink", "--to"));
            }
            if (link instanceof LinkSpec.TcpServer) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to " + to
                        + ": a TCP server link cannot reach a vehicle; use udpin:HOST:PORT or udp:HOST:PORT");
            }
            if (!(timeoutS >= 0.1 && timeoutS <= 600)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 0.1..600 seconds");
            }
            if (targetSystem < 0 || targetSystem > 255) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--target-system must be 1..255");
            }
            PlanDocument doc = read(file);
            if (doc == null) {
                return HoverlaMain.EXIT_USAGE;
            }
            ValidationResult r = new MissionValidator(Limits.DEFAULT, doc.numbering())
                    .validate(doc.plan(), doc.plannedHome());
            if (!r.ok()) {
                err().println(file + ": " + r.describe());
                return HoverlaMain.EXIT_USAGE;
            }
            return new PlanUploader(link, (long) (timeoutS * 1e9), targetSystem, out(), err()).upload(doc.plan());
        }
    }

    /**
     * The ground-station side of the MAVLink mission protocol over one link of a
     * {@link MavlinkLinkManager} (system 255, component 190): waits for a vehicle's HEARTBEAT,
     * then uploads mission, fence and rally in turn (MISSION_COUNT, MISSION_ITEM_INT for each
     * MISSION_REQUEST_INT or MISSION_REQUEST, until MISSION_ACK). Messages reach the calling
     * thread through a queue; every wait is bounded.
     */
    static final class PlanUploader {
        static final String DEFAULT_LINK = "udpin:127.0.0.1:14550";
        static final int GCS_SYSTEM = 255;
        static final int GCS_COMPONENT = 190;
        /** Without a first MISSION_REQUEST this long, MISSION_COUNT is sent again (3 times at most). */
        static final long COUNT_RETRY_NS = 1_500_000_000L;
        /** The vehicle repeats its requests and cancels by itself; this is the longest silence tolerated. */
        static final long SILENCE_NS = 5_000_000_000L;
        private static final int MAV_TYPE_GCS = 6;
        private static final int MAV_AUTOPILOT_INVALID = 8;

        private record Received(MavlinkLink link, int sys, int comp, Object payload) {
        }

        private final LinkSpec spec;
        private final long heartbeatTimeoutNs;
        private final int wantedSystem;
        private final PrintWriter out;
        private final PrintWriter err;
        private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

        PlanUploader(LinkSpec spec, long heartbeatTimeoutNs, int targetSystem, PrintWriter out, PrintWriter err) {
            this.spec = spec;
            this.heartbeatTimeoutNs = heartbeatTimeoutNs;
            this.wantedSystem = targetSystem;
            this.out = out;
            this.err = err;
        }

        /** @return the exit status: 0 all accepted, 1 otherwise */
        int upload(MissionPlan plan) {
            MavlinkMessageTable table = MavlinkMessageTable.common();
            table.register(MissionAckExt.class);
            table.register(MissionCountExt.class);
            try (MavlinkLinkManager links = new MavlinkLinkManager(GCS_SYSTEM, GCS_COMPONENT, SystemClock.INSTANCE, table)) {
                links.addService((source, message, nowNs) -> inbox.add(new Received(source, message.getOriginSystemId(),
                        message.getOriginComponentId(), message.getPayload())));
                try {
                    links.open(spec);
                } catch (RuntimeException e) {
                    err.println("plan upload: cannot open " + spec.text() + ": " + HoverlaMain.firstLine(String.valueOf(e.getMessage())));
                    return HoverlaMain.EXIT_FAILURE;
                }
                // A GCS heartbeat at 1 Hz: a vehicle behind a udp: link learns our address from it.
                Heartbeat hb = Heartbeat.builder().type(EnumValue.create(MavType.class, MAV_TYPE_GCS))
                        .autopilot(EnumValue.create(MavAutopilot.class, MAV_AUTOPILOT_INVALID))
                        .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build();
                links.eventLoop().scheduleAtFixedRate(() -> links.send(null, hb), 0, 1, TimeUnit.SECONDS);

                Received vehicle = awaitVehicle();
                if (vehicle == null) {
                    err.println("plan upload: no vehicle heard on " + spec.text() + " within "
                            + num((float) (heartbeatTimeoutNs / 1e9)) + " s");
                    return HoverlaMain.EXIT_FAILURE;
                }
                boolean all = true;
                for (MissionType type : MissionType.values()) {
                    all &= uploadType(links, vehicle, type, plan.items(type));
                }
                return all ? 0 : HoverlaMain.EXIT_FAILURE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("plan upload: interrupted");
                return HoverlaMain.EXIT_FAILURE;
            }
        }

        /** The first HEARTBEAT of an autopilot (not a ground station), or null after the timeout. */
        private Received awaitVehicle() throws InterruptedException {
            long deadline = System.nanoTime() + heartbeatTimeoutNs;
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
                if (r != null && r.payload() instanceof Heartbeat h
                        && (h.autopilot() == null || h.autopilot().value() != MAV_AUTOPILOT_INVALID)
                        && (h.type() == null || h.type().value() != MAV_TYPE_GCS)
                        && (wantedSystem == 0 || r.sys() == wantedSystem)) {
                    return r;
                }
            }
            return null;
        }

        private boolean uploadType(MavlinkLinkManager links, Received v, MissionType type, List<MissionItem> items)
                throws InterruptedException {
            String name = type.name().toLowerCase(Locale.ROOT);
            int typeRaw = type.mavlinkValue();
            EnumValue<MavMissionType> mt = EnumValue.create(MavMissionType.class, typeRaw);
            inbox.clear();
            Object count = MissionCount.builder().targetSystem(v.sys()).targetComponent(v.comp()).count(items.size())
                    .missionType(mt).build();
            links.send(v.link(), count);
            long lastNs = System.nanoTime();
            int countsSent = 1;
            boolean requested = false;
            while (true) {
                long waitNs = (requested ? SILENCE_NS : COUNT_RETRY_NS) - (System.nanoTime() - lastNs);
                Received r = waitNs > 0 ? inbox.poll(waitNs, TimeUnit.NANOSECONDS) : null;
                if (r == null) {
                    if (!requested && countsSent < 3) {
                        links.send(v.link(), count);
                        countsSent++;
                        lastNs = System.nanoTime();
                        continue;
                    }
                    out.println(name + ": no answer from the vehicle (" + (requested ? "it stopped asking for items"
                            : "no MISSION_REQUEST after " + countsSent + " MISSION_COUNT") + ")");
                    return false;
                }
                if (r.sys() != v.sys() || r.comp() != v.comp()) {
                    continue;
                }
                Object p = r.payload();
                int seq = -1;
                if (p instanceof MissionRequestInt m && forUs(m.targetSystem(), m.targetComponent())
                        && raw(m.missionType()) == typeRaw) {
                    seq = m.seq();
                } else if (p instanceof MissionRequest m && forUs(m.targetSystem(), m.targetComponent())
                        && raw(m.missionType()) == typeRaw) {
                    seq = m.seq();
                } else if (p instanceof MissionAckExt a && forUs(a.targetSystem(), a.targetComponent())
                        && a.missionType() == typeRaw) {
                    return report(name, items.size(), a.type());
                } else if (p instanceof MissionAck a && forUs(a.targetSystem(), a.targetComponent())
                        && raw(a.missionType()) == typeRaw) {
                    return report(name, items.size(), raw(a.type()));
                } else if (p instanceof Statustext t) {
                    out.println(name + ": vehicle says: " + t.text());
                    continue;
                } else {
                    continue;
                }
                requested = true;
                lastNs = System.nanoTime();
                if (seq < 0 || seq >= items.size()) {
                    links.send(v.link(), MissionAck.builder().targetSystem(v.sys()).targetComponent(v.comp())
                            .type(EnumValue.create(MavMissionResult.class, 13)).missionType(mt).build());
                    out.println(name + ": vehicle asked for item " + seq + " of " + items.size() + "; upload cancelled");
                    return false;
                }
                MissionItem it = items.get(seq);
                links.send(v.link(), MissionItemInt.builder().targetSystem(v.sys()).targetComponent(v.comp()).seq(seq)
                        .frame(EnumValue.create(MavFrame.class, it.frame()))
                        .command(EnumValue.create(MavCmd.class, it.command()))
                        .current(it.current() ? 1 : 0).autocontinue(it.autocontinue() ? 1 : 0)
                        .param1(it.param1()).param2(it.param2()).param3(it.param3()).param4(it.param4())
                        .x(it.x()).y(it.y()).z(it.z()).missionType(mt).build());
            }
        }

        private boolean report(String name, int n, int result) {
            if (result == 0) {
                out.println(name + ": " + n + (n == 1 ? " item" : " items") + " accepted");
                return true;
            }
            out.println(name + ": refused by the vehicle: " + resultName(result));
            return false;
        }

        private static boolean forUs(int sys, int comp) {
            return (sys == GCS_SYSTEM || sys == 0) && (comp == GCS_COMPONENT || comp == 0);
        }

        private static int raw(EnumValue<?> v) {
            return v == null ? 0 : v.value();
        }

        static String resultName(int result) {
            for (MavMissionResult r : MavMissionResult.values()) {
                if (EnumValue.of(r).value() == result) {
                    return r.name() + " (" + result + ")";
                }
            }
            return "MAV_MISSION_RESULT " + result;
        }
    }
}
