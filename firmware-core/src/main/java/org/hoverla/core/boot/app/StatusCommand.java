package org.hoverla.core.boot.app;

import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.common.NamedValueFloat;
import io.dronefleet.mavlink.common.NamedValueInt;
import io.dronefleet.mavlink.common.ParamRequestRead;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.link.LinkSpec;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.timing.LoopTiming;
import org.hoverla.core.timing.LoopTimingGovernor;
import org.hoverla.core.timing.LoopTimingStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla status}: listens for a running vehicle over MAVLink (as a ground station,
 * system 255), waits for its HEARTBEAT and one second of its loop timing named values
 * ({@link LoopTimingStream}), reads the limits (the {@code LOOP_*} parameters) with
 * PARAM_REQUEST_READ, and prints mode, armed state and each figure against its limit.
 * Exit 0 when a vehicle answered; 1 with one line when none did within the timeout; 2 for a bad
 * command line. A vehicle that does not publish its timing (lockstep simulation) is shown
 * without figures, exit 0.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints a running vehicle's mode, armed state and loop timing health against its limits,"
                + " read over MAVLink (docs/loop-timing.md).",
            "Default --to udpin:127.0.0.1:14550: listen where a vehicle or './hoverla sim' sends by default (stop"
                + " QGroundControl first, or give the vehicle another link). For a vehicle that listens, use"
                + " --to udp:HOST:PORT."})
public final class StatusCommand implements Callable<Integer> {
    static final String DEFAULT_LINK = "udpin:127.0.0.1:14550";
    static final int GCS_SYSTEM = 255;
    static final int GCS_COMPONENT = 190;
    private static final int MAV_TYPE_GCS = 6;
    private static final int MAV_AUTOPILOT_INVALID = 8;
    /** The limit parameters read, in the order printed. */
    static final String[] LIMIT_PARAMS = {"LOOP_WIN_S", "LOOP_P99_MAX", "LOOP_STALL_MAX", "LOOP_MISS_PCT", "LOOP_OVR_PCT"};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", paramLabel = "SPEC", description = "MAVLink link to the vehicle: udpin:HOST:PORT (listen),"
            + " udp:HOST:PORT (send to), serial:PATH:BAUD (default: ${DEFAULT-VALUE}).")
    String to = DEFAULT_LINK;

    @Option(names = "--timeout", paramLabel = "S",
            description = "How long to wait for the vehicle, 0.1..600 s (default: ${DEFAULT-VALUE}).")
    double timeoutS = 5.0;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    private record Received(int sys, int comp, Object payload) {
    }

    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(timeoutS >= 0.1 && timeoutS <= 600)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 0.1..600 s: " + timeoutS);
        }
        LinkSpec link;
        try {
            link = LinkSpec.parse(to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replace("--mavlink", "--to"));
        }
        if (link instanceof LinkSpec.TcpServer) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to " + to
                    + ": status connects to one vehicle; use udpin:, udp: or serial:");
        }
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        try (MavlinkLinkManager links = new MavlinkLinkManager(GCS_SYSTEM, GCS_COMPONENT, SystemClock.INSTANCE,
                MavlinkMessageTable.common())) {
            links.addService((source, message, nowNs) -> inbox.add(new Received(message.getOriginSystemId(),
                    message.getOriginComponentId(), message.getPayload())));
            try {
                links.open(link);
            } catch (RuntimeException e) {
                err.println("status: cannot open " + link.text() + ": " + VehicleMain.firstLine(String.valueOf(e.getMessage())));
                return VehicleMain.EXIT_FAILURE;
            }
            Heartbeat gcs = Heartbeat.builder().type(EnumValue.create(MavType.class, MAV_TYPE_GCS))
                    .autopilot(EnumValue.create(MavAutopilot.class, MAV_AUTOPILOT_INVALID))
                    .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build();
            links.eventLoop().scheduleAtFixedRate(() -> links.send(null, gcs), 0, 1, TimeUnit.SECONDS);

            Snapshot s = new Snapshot();
            if (!awaitHeartbeat(s, deadline)) {
                err.println("status: no vehicle heard on " + link.text() + " within " + fmt(timeoutS) + " s");
                return VehicleMain.EXIT_FAILURE;
            }
            awaitTiming(s, deadline);
            if (s.timing.containsKey(LoopTimingStream.HEALTH)) {
                readLimits(links, s, deadline);
            }
            out.print(json ? s.json() : s.table(link.text()));
            out.flush();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("status: interrupted");
            return VehicleMain.EXIT_FAILURE;
        }
    }

    /** What was heard from the vehicle. */
    static final class Snapshot {
        int sys;
        int comp;
        FlightMode mode;
        boolean armed;
        String systemStatus = "";
        final Map<String, Double> timing = new LinkedHashMap<>();
        final Map<String, Double> limits = new LinkedHashMap<>();

        String table(String linkText) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "vehicle %d/%d on %s: %s, %s, %s%n", sys, comp, linkText,
                    mode == null ? "unknown mode" : mode.name(), armed ? "armed" : "disarmed", systemStatus));
            if (!timing.containsKey(LoopTimingStream.HEALTH)) {
                b.append("loop timing: not published (lockstep simulation, or a vehicle that does not measure it)")
                        .append(System.lineSeparator());
                return b.toString();
            }
            b.append(String.format(Locale.ROOT, "loop timing: %s; %s; window %s of %s s%n", health(), degradation(),
                    num(timing.get(LoopTimingStream.SPAN)), num(limits.get("LOOP_WIN_S"))));
            row(b, "p50 period error", us(LoopTimingStream.P50), "", null);
            row(b, "p99 period error", us(LoopTimingStream.P99), limitUs("LOOP_P99_MAX"),
                    check(LoopTimingStream.P99, "LOOP_P99_MAX"));
            row(b, "p99.9 period error", us(LoopTimingStream.P999), "", null);
            row(b, "max period error", us(LoopTimingStream.MAX), limitUs("LOOP_STALL_MAX"),
                    check(LoopTimingStream.MAX, "LOOP_STALL_MAX"));
            row(b, "deadline misses", num(timing.get(LoopTimingStream.MISSES)) + " (" + pct(LoopTimingStream.MISS_PCT) + ")",
                    limitPct("LOOP_MISS_PCT"), check(LoopTimingStream.MISS_PCT, "LOOP_MISS_PCT"));
            row(b, "overruns", num(timing.get(LoopTimingStream.OVERRUNS)) + " (" + pct(LoopTimingStream.OVERRUN_PCT) + ")",
                    limitPct("LOOP_OVR_PCT"), check(LoopTimingStream.OVERRUN_PCT, "LOOP_OVR_PCT"));
            row(b, "longest GC pause", us(LoopTimingStream.GC_MAX), "", null);
            row(b, "longest safepoint", us(LoopTimingStream.SAFEPOINT_MAX), "", null);
            return b.toString();
        }

        private static void row(StringBuilder b, String figure, String value, String limit, Boolean ok) {
            b.append(String.format(Locale.ROOT, "  %-20s %-18s %-14s %s%n", figure, value,
                    limit.isEmpty() ? "" : "limit " + limit, ok == null ? "" : ok ? "ok" : "BROKEN"));
        }

        private Boolean check(String figure, String limitParam) {
            Double v = timing.get(figure);
            Double l = limits.get(limitParam);
            if (v == null || l == null || l == 0) {
                return null;
            }
            return v <= l;
        }

        private String us(String name) {
            Double v = timing.get(name);
            return v == null ? "?" : num(v) + " us";
        }

        private String pct(String name) {
            Double v = timing.get(name);
            return v == null ? "?" : String.format(Locale.ROOT, "%.2f%%", v);
        }

        private String limitUs(String param) {
            Double l = limits.get(param);
            return l == null ? "?" : l == 0 ? "off" : num(l) + " us";
        }

        private String limitPct(String param) {
            Double l = limits.get(param);
            return l == null ? "?" : l == 0 ? "off" : String.format(Locale.ROOT, "%.1f%%", l);
        }

        String health() {
            Double h = timing.get(LoopTimingStream.HEALTH);
            int v = h == null ? -1 : h.intValue();
            return switch (v) {
                case LoopTiming.HEALTH_OK -> "healthy";
                case LoopTiming.HEALTH_MEASURING -> "still measuring";
                case LoopTiming.HEALTH_BROKEN -> "LIMIT BROKEN";
                case LoopTiming.HEALTH_NOT_MEASURED -> "not enforced (not in dedicated mode)";
                default -> "unknown";
            };
        }

        String degradation() {
            Double d = timing.get(LoopTimingStream.DEGRADATION);
            int v = d == null ? 0 : d.intValue();
            return v == LoopTimingGovernor.NORMAL ? "no degradation"
                    : v == LoopTimingGovernor.DEGRADED ? "DEGRADED: optional work dropped" : "FAILSAFE: loop timing failure";
        }

        String json() {
            StringBuilder b = new StringBuilder("{");
            b.append("\"system\":").append(sys).append(",\"component\":").append(comp)
                    .append(",\"mode\":").append(mode == null ? "null" : "\"" + mode.name() + "\"")
                    .append(",\"armed\":").append(armed)
                    .append(",\"system_status\":\"").append(systemStatus).append('"');
            if (timing.containsKey(LoopTimingStream.HEALTH)) {
                b.append(",\"timing\":{");
                field(b, "p50_us", timing.get(LoopTimingStream.P50), true);
                field(b, "p99_us", timing.get(LoopTimingStream.P99), false);
                field(b, "p999_us", timing.get(LoopTimingStream.P999), false);
                field(b, "max_us", timing.get(LoopTimingStream.MAX), false);
                field(b, "misses", timing.get(LoopTimingStream.MISSES), false);
                field(b, "miss_pct", timing.get(LoopTimingStream.MISS_PCT), false);
                field(b, "overruns", timing.get(LoopTimingStream.OVERRUNS), false);
                field(b, "overrun_pct", timing.get(LoopTimingStream.OVERRUN_PCT), false);
                field(b, "gc_max_us", timing.get(LoopTimingStream.GC_MAX), false);
                field(b, "safepoint_max_us", timing.get(LoopTimingStream.SAFEPOINT_MAX), false);
                field(b, "span_s", timing.get(LoopTimingStream.SPAN), false);
                field(b, "degradation", timing.get(LoopTimingStream.DEGRADATION), false);
                field(b, "health", timing.get(LoopTimingStream.HEALTH), false);
                b.append("},\"limits\":{");
                field(b, "window_s", limits.get("LOOP_WIN_S"), true);
                field(b, "p99_us", limits.get("LOOP_P99_MAX"), false);
                field(b, "max_us", limits.get("LOOP_STALL_MAX"), false);
                field(b, "miss_pct", limits.get("LOOP_MISS_PCT"), false);
                field(b, "overrun_pct", limits.get("LOOP_OVR_PCT"), false);
                b.append('}');
            } else {
                b.append(",\"timing\":null");
            }
            return b.append('}').append(System.lineSeparator()).toString();
        }

        private static void field(StringBuilder b, String name, Double v, boolean first) {
            if (!first) {
                b.append(',');
            }
            b.append('"').append(name).append("\":").append(v == null || !Double.isFinite(v) ? "null" : num(v));
        }
    }

    /** The first HEARTBEAT of an autopilot (not a ground station); false after the deadline. */
    private boolean awaitHeartbeat(Snapshot s, long deadline) throws InterruptedException {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (r != null && r.payload() instanceof Heartbeat h
                    && (h.autopilot() == null || h.autopilot().value() != MAV_AUTOPILOT_INVALID)
                    && (h.type() == null || h.type().value() != MAV_TYPE_GCS)) {
                s.sys = r.sys();
                s.comp = r.comp();
                s.mode = FlightMode.fromPx4CustomMode(h.customMode());
                s.armed = h.baseMode() != null && (h.baseMode().value() & 128) != 0;
                s.systemStatus = h.systemStatus() == null || h.systemStatus().entry() == null ? ""
                        : h.systemStatus().entry().name().replace("MAV_STATE_", "").toLowerCase(Locale.ROOT);
                return true;
            }
        }
        return false;
    }

    /**
     * The vehicle's named values until a LOOP_HLTH (sent last of each second's set) of a set that
     * covers at least one second, or until the deadline or 2.5 s (a vehicle that does not publish
     * them sends none; one just booted is shown with what it sent).
     */
    private void awaitTiming(Snapshot s, long deadline) throws InterruptedException {
        long end = Math.min(deadline, System.nanoTime() + 2_500_000_000L);
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (r == null || r.sys() != s.sys) {
                continue;
            }
            if (r.payload() instanceof NamedValueFloat f) {
                s.timing.put(f.name().trim(), (double) f.value());
            } else if (r.payload() instanceof NamedValueInt i) {
                s.timing.put(i.name().trim(), (double) i.value());
                // A set from a vehicle just booted covers no second yet: wait for one that does.
                if (LoopTimingStream.HEALTH.equals(i.name().trim()) && s.timing.containsKey(LoopTimingStream.P99)
                        && s.timing.getOrDefault(LoopTimingStream.SPAN, 0.0) >= 1) {
                    return;
                }
            } else if (r.payload() instanceof Heartbeat h && h.customMode() != 0) {
                s.mode = FlightMode.fromPx4CustomMode(h.customMode());
                s.armed = h.baseMode() != null && (h.baseMode().value() & 128) != 0;
            }
        }
    }

    /** The LOOP_* limits by PARAM_REQUEST_READ, asked again every 0.5 s until answered or the deadline. */
    private void readLimits(MavlinkLinkManager links, Snapshot s, long deadline) throws InterruptedException {
        long end = Math.min(deadline, System.nanoTime() + 3_000_000_000L);
        long askAgain = 0;
        while (s.limits.size() < LIMIT_PARAMS.length && System.nanoTime() < end) {
            if (System.nanoTime() >= askAgain) {
                for (String p : LIMIT_PARAMS) {
                    if (!s.limits.containsKey(p)) {
                        links.send(null, ParamRequestRead.builder().targetSystem(s.sys).targetComponent(s.comp)
                                .paramId(p).paramIndex(-1).build());
                    }
                }
                askAgain = System.nanoTime() + 500_000_000L;
            }
            Received r = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (r != null && r.sys() == s.sys && r.payload() instanceof ParamValue v) {
                String id = v.paramId().trim();
                for (String p : LIMIT_PARAMS) {
                    if (p.equals(id)) {
                        s.limits.put(p, paramValue(v));
                    }
                }
            }
        }
    }

    /** PARAM_VALUE carries integers bytewise in the float (MAVLink's parameter protocol). */
    private static double paramValue(ParamValue v) {
        if (v.paramType() != null && v.paramType().entry() != null
                && v.paramType().entry().name().startsWith("MAV_PARAM_TYPE_INT")) {
            return Float.floatToRawIntBits(v.paramValue());
        }
        return v.paramValue();
    }

    static String num(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : fmt(v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
