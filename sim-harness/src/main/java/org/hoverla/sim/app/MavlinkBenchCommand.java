package org.hoverla.sim.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequest;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.ParamRequestList;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hoverla bench-mavlink}: the simulator in real time with its MAVLink interface on a
 * loopback UDP port and a loopback TCP server (free ports), driven by two ground-station clients
 * built on io.dronefleet.mavlink, one per transport. Measures the full parameter download, then,
 * with the vehicle flying and every telemetry stream on, per transport: the mission upload
 * (MISSION_COUNT → MISSION_REQUEST_INT … → MISSION_ACK of {@code --items} waypoints, as
 * QGroundControl and MAVSDK do it, {@code --uploads} times) and COMMAND_LONG → COMMAND_ACK latency
 * for a command that goes through the flight thread (DO_CHANGE_SPEED "no change"); the MAVLink
 * thread's allocation rate, the JVM's GC pauses, and how late the simulator thread (which runs the
 * flight tasks) fell behind its real-time schedule; finally a flood. A benchmark: it prints, it
 * asserts nothing.
 *
 * <p>The clients answer MISSION_REQUEST_INT on their receive thread with items encoded before
 * the clock starts, and time-stamp every message when its bytes come off the socket (before the
 * library decodes them: its decoder scans MAV_CMD's fields by reflection, 0.1–0.3 ms per
 * COMMAND_ACK), so the figures are the vehicle's and the loopback's, not the client's decoder,
 * encoder or thread hand-offs. Commands leave at {@code --rate} with a random offset of up to
 * 1 ms each, so they arrive at every phase of the 1 kHz flight cycle. The
 * accepted plans are saved as the SITL saves them (atomic file with fsync) in a temporary
 * directory.
 */
@Command(name = "bench-mavlink", mixinStandardHelpOptions = true,
        description = {"Benchmark the MAVLink interface over loopback UDP and TCP against the simulator in real time: "
                + "parameter download, mission upload, command latency, MAVLink-thread allocation, GC pauses, "
                + "flight-thread lateness."})
public final class MavlinkBenchCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "How long the command-latency phase runs on each transport, 5..3600 s (default: ${DEFAULT-VALUE}).")
    int durationS = 30;

    @Option(names = "--rate", paramLabel = "HZ", description = "Commands per second, 1..1000 (default: ${DEFAULT-VALUE}).")
    int rateHz = 50;

    @Option(names = "--uploads", paramLabel = "N",
            description = "Mission uploads measured on each transport, 1..1000 (default: ${DEFAULT-VALUE}).")
    int uploads = 20;

    @Option(names = "--warmup-uploads", paramLabel = "N",
            description = "Uploads before the measured ones on each transport (the first, cold one is printed too), "
                    + "0..100 (default: ${DEFAULT-VALUE}).")
    int warmupUploads = 5;

    @Option(names = "--items", paramLabel = "N", description = "Waypoints per mission upload, 1..500 (default: ${DEFAULT-VALUE}).")
    int items = 50;

    @Option(names = "--transport", paramLabel = "udp|tcp|both",
            description = "Which transports to measure (default: ${DEFAULT-VALUE}).")
    String transport = "both";

    @Option(names = "--no-flood", negatable = true, description = "Skip the final 10 s flood of HEARTBEATs.")
    boolean flood = true;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AtomicLong maxGcPauseMs = new AtomicLong();
    /** How late the simulator thread started its steps (ns); recorded by that thread, read between phases. */
    private final org.HdrHistogram.Recorder lateness = new org.HdrHistogram.Recorder(3);
    private final AtomicLong gcCount = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        if (durationS < 5 || durationS > 3600 || rateHz < 1 || rateHz > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be 5..3600 and --rate 1..1000");
        }
        if (uploads < 1 || uploads > 1000 || items < 1 || items > 500 || warmupUploads < 0 || warmupUploads > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--uploads must be 1..1000, --warmup-uploads 0..100 and --items 1..500");
        }
        if (!List.of("udp", "tcp", "both").contains(transport)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--transport must be udp, tcp or both");
        }
        PrintWriter out = spec.commandLine().getOut();
        watchGc();
        SimConfig config = new SimConfig();
        LockstepSim sim = new LockstepSim(config);
        // A command rate near the flood limit's 300/s per link is a benchmark, not a flood: scale
        // the limits so every command of --rate passes (docs/link-floods.md).
        var floodLimits = org.hoverla.core.mavlink.flood.FloodParams.of(sim.params());
        floodLimits.scale.set(Math.max(1.0, Math.ceil(rateHz * 1.5 / 300.0)));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        VehicleIdentity identity = VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 42);
        var gnssSub = sim.stack().bus().gnssRaw.subscribe();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong maxLatenessNs = new AtomicLong();
        Path planDir = Files.createTempDirectory("hoverla-bench");
        PlanStore planStore = VehicleMissionPorts.file(planDir.resolve("sitl-mission.plan"));
        List<Client> clients = new ArrayList<>();
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(identity, sim.stack().bus(), sim.params(),
                ParamPersistence.NONE, sim.clock(), gnssSub::copy, null,
                new PlanInstaller(sim.stack().bus(), sim.stack().params()), planStore)) {
            List<LinkEndpoint> endpoints = mav.start(List.of("udpin:127.0.0.1:" + port, "tcpin:127.0.0.1:0"));
            int tcpPort = endpoints.get(1).localPort();
            long mavThreadId = mav.links().eventLoop().submit(() -> Thread.currentThread().getId()).get();
            Thread simThread = new Thread(() -> runRealTime(sim, running, maxLatenessNs, lateness, null), "sitl-flight");
            simThread.start();
            Client udp = Client.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 255, running);
            clients.add(udp);
            Client tcp = null;
            if (!"udp".equals(transport)) {
                tcp = Client.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 254, running);
                clients.add(tcp);
            }
            Thread heartbeats = new Thread(() -> {
                while (running.get()) {
                    for (Client c : clients) {
                        c.send(Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build());
                    }
                    LockSupport.parkNanos(200_000_000L);
                }
            }, "bench-client-hb");
            heartbeats.setDaemon(true);
            heartbeats.start();
            for (Client c : clients) {
                c.await(m -> m instanceof Heartbeat, 10_000_000_000L, "a HEARTBEAT from the vehicle on " + c.name);
            }
            out.printf("Links: UDP 127.0.0.1:%d, TCP 127.0.0.1:%d (TCP_NODELAY on both ends); plans saved in %s%n",
                    port, tcpPort, planDir);

            // Parameter download, three times (the first warms the JIT).
            for (int run = 1; run <= 3; run++) {
                udp.inbox.clear();
                long t0 = System.nanoTime();
                udp.send(ParamRequestList.builder().targetSystem(1).targetComponent(1).build());
                long[] last = new long[1];
                int count = downloadAll(udp, last);
                long ns = last[0] - t0;
                out.printf("Parameter download %d (UDP): %d parameters in %.1f ms (%.3f ms per parameter)%n", run, count,
                        ns / 1e6, ns / 1e6 / count);
            }

            // Fly: arm when ready, take off to 10 m; the measurements run while flying.
            // (Parameters reach the flight tasks within a second, so set it before arming.)
            armAndTakeOff(sim, udp);
            out.println("Armed and taking off to 10 m; measuring while flying");

            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (Client c : clients) {
                if (("udp".equals(transport) || "both".equals(transport)) && c == udp
                        || ("tcp".equals(transport) || "both".equals(transport)) && c == tcp) {
                    measureUploads(c, config, out);
                    long alloc0 = threads.getThreadAllocatedBytes(mavThreadId);
                    long cpu0 = threads.getThreadCpuTime(mavThreadId);
                    long gc0 = gcCount.get();
                    maxGcPauseMs.set(0);
                    maxLatenessNs.set(0);
                    lateness.reset();
                    long overrunsBefore = sim.scheduler().overruns();
                    long phaseStart = System.nanoTime();
                    long n = measureCommands(c, out);
                    double phaseS = (System.nanoTime() - phaseStart) * 1e-9;
                    long alloc = threads.getThreadAllocatedBytes(mavThreadId) - alloc0;
                    long cpu = threads.getThreadCpuTime(mavThreadId) - cpu0;
                    out.printf("  MAVLink thread allocation: %.1f MB/s (%.0f KB per command incl. telemetry); CPU %.1f %% "
                                    + "of a core%n", alloc / phaseS / 1e6, alloc / 1e3 / Math.max(1, n),
                            cpu / phaseS / 1e7);
                    out.printf("  GC: %d collections during the phase, longest pause %d ms%n", gcCount.get() - gc0,
                            maxGcPauseMs.get());
                    Histogram late = lateness.getIntervalHistogram();
                    out.printf("  Simulator/flight thread: step start behind real time p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                            + "scheduler overruns %d%n", late.getValueAtPercentile(50) / 1e6,
                            late.getValueAtPercentile(99) / 1e6, maxLatenessNs.get() / 1e6,
                            sim.scheduler().overruns() - overrunsBefore);
                }
            }

            if (flood) {
                // Flood: 10,000 valid messages per second for 10 s while flying.
                long before = mav.links().links().isEmpty() ? 0
                        : mav.links().stats(mav.links().links().get(0)).framesReceived();
                maxLatenessNs.set(0);
                long overrunsBefore = sim.scheduler().overruns();
                byte[] frame = udp.encode(Heartbeat.builder().type(MavType.MAV_TYPE_GCS)
                        .autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID).systemStatus(MavState.MAV_STATE_ACTIVE)
                        .mavlinkVersion(3).build());
                long floodStart = System.nanoTime();
                long sentFlood = 0;
                for (int ms = 0; ms < 10_000; ms++) {
                    for (int i = 0; i < 10; i++) {
                        udp.sendRaw(frame);
                        sentFlood++;
                    }
                    long wait = floodStart + (ms + 1) * 1_000_000L - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                double floodS = (System.nanoTime() - floodStart) * 1e-9;
                LockSupport.parkNanos(500_000_000L);
                long after = mav.links().links().isEmpty() ? 0
                        : mav.links().stats(mav.links().links().get(0)).framesReceived();
                out.printf("Flood (UDP): %d HEARTBEATs in %.1f s (%.0f/s); vehicle received %d; flight thread's longest "
                                + "lateness %.3f ms, scheduler overruns %d%n", sentFlood, floodS, sentFlood / floodS,
                        after - before, maxLatenessNs.get() / 1e6, sim.scheduler().overruns() - overrunsBefore);
            }
            out.printf("Vehicle at the end: altitude %.1f m, crashed %s%n", -sim.vehicle().positionNed().z,
                    sim.vehicle().crashed());
            out.printf("Links: %s%n", mav.links().report().replace('\n', ' '));
            running.set(false);
            simThread.join();
        } finally {
            running.set(false);
            for (Client c : clients) {
                c.close();
            }
            try (var files = Files.list(planDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(planDir);
        }
        return 0;
    }

    /**
     * {@code --warmup-uploads} then {@code --uploads} uploads of {@code --items} waypoints in a circle of
     * 100 m around home, 20/21 m up.
     */
    private void measureUploads(Client c, SimConfig config, PrintWriter out) throws Exception {
        // Two plans, alternated, so every upload changes the active plan (new opaque id, saved, installed).
        byte[][][] plans = {missionFrames(c, config, 20f), missionFrames(c, config, 21f)};
        byte[] count = c.encode(MissionCount.builder().targetSystem(1).targetComponent(1).count(items)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
        int total = warmupUploads + uploads;
        long[] ns = new long[total];
        int refused = 0;
        for (int run = 0; run < total; run++) {
            byte[][] frames = plans[run % 2];
            CompletableFuture<Received> done = new CompletableFuture<>();
            c.responder = r -> {
                Object p = r.payload;
                int seq = -1;
                if (p instanceof MissionRequestInt q && q.targetSystem() == c.systemId) {
                    seq = q.seq();
                } else if (p instanceof MissionRequest q && q.targetSystem() == c.systemId) {
                    seq = q.seq();
                } else if (p instanceof MissionAck a && a.targetSystem() == c.systemId) {
                    done.complete(r);
                    return true;
                }
                if (seq >= 0 && seq < frames.length) {
                    c.sendRaw(frames[seq]);
                    return true;
                }
                return false;
            };
            long t0 = System.nanoTime();
            c.sendRaw(count);
            Received ack;
            try {
                ack = done.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("mission upload " + (run + 1) + " on " + c.name + ": no MISSION_ACK in 10 s");
            } finally {
                c.responder = null;
            }
            ns[run] = ack.tNs - t0;
            if (((MissionAck) ack.payload).type().entry() != MavMissionResult.MAV_MISSION_ACCEPTED) {
                refused++;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        long[] sorted = Arrays.copyOfRange(ns, warmupUploads, total);
        Arrays.sort(sorted);
        out.printf("%s: mission upload of %d waypoints (MISSION_COUNT -> MISSION_REQUEST_INT... -> MISSION_ACK), "
                        + "%d uploads after %d warm-up: min %.2f ms, median %.2f ms, max %.2f ms; the very first %.2f ms; "
                        + "refused %d%n",
                c.name, items, uploads, warmupUploads, sorted[0] / 1e6, median(sorted) / 1e6,
                sorted[sorted.length - 1] / 1e6, ns[0] / 1e6, refused);
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private byte[][] missionFrames(Client c, SimConfig config, float altM) {
        byte[][] frames = new byte[items][];
        double mPerDegLat = 111_320.0;
        double mPerDegLon = mPerDegLat * Math.cos(Math.toRadians(config.homeLatDeg));
        for (int i = 0; i < items; i++) {
            double a = 2 * Math.PI * i / items;
            double lat = config.homeLatDeg + 100 * Math.cos(a) / mPerDegLat;
            double lon = config.homeLonDeg + 100 * Math.sin(a) / mPerDegLon;
            frames[i] = c.encode(MissionItemInt.builder().targetSystem(1).targetComponent(1).seq(i)
                    .frame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT).command(MavCmd.MAV_CMD_NAV_WAYPOINT)
                    .current(0).autocontinue(1).param1(0).param2(2).param3(0).param4(Float.NaN)
                    .x((int) Math.round(lat * 1e7)).y((int) Math.round(lon * 1e7)).z(altM)
                    .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
        }
        return frames;
    }

    /** COMMAND_LONG → COMMAND_ACK at {@code --rate} for {@code --duration}; returns the number answered. */
    private long measureCommands(Client c, PrintWriter out) throws InterruptedException {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        long periodNs = 1_000_000_000L / rateHz;
        int refused = 0;
        int lost = 0;
        long phaseStart = System.nanoTime();
        long next = phaseStart;
        // A seeded random offset of up to 1 ms per command: a ground station's command arrives at
        // any point of the 1 kHz flight cycle. (A period of whole milliseconds alone would lock
        // every command to one phase of the cycle and make p50 depend on where that phase fell.)
        java.util.Random jitter = new java.util.Random(c.systemId);
        byte[] frame = c.encode(CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_DO_CHANGE_SPEED).param1(1).param2(-1).build());
        while (System.nanoTime() - phaseStart < durationS * 1_000_000_000L) {
            c.inbox.clear();
            long t0 = System.nanoTime();
            c.sendRaw(frame);
            Received ack = awaitAck(c, MavCmd.MAV_CMD_DO_CHANGE_SPEED, 1_000_000_000L);
            if (ack == null) {
                lost++;
            } else {
                latency.recordValue(Math.min(ack.tNs - t0, latency.getHighestTrackableValue()));
                if (((CommandAck) ack.payload).result().entry() != MavResult.MAV_RESULT_ACCEPTED) {
                    refused++;
                }
            }
            next += periodNs;
            long wait = next + jitter.nextInt(1_000_000) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        double phaseS = (System.nanoTime() - phaseStart) * 1e-9;
        out.printf("%s: COMMAND_LONG -> COMMAND_ACK (DO_CHANGE_SPEED through the flight thread, %d/s for %.0f s, "
                        + "all telemetry streams on): n=%d p50 %.3f ms, p99 %.3f ms, max %.3f ms; refused %d, "
                        + "unanswered %d%n", c.name, rateHz, phaseS, latency.getTotalCount(),
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                latency.getMaxValue() / 1e6, refused, lost);
        return latency.getTotalCount();
    }

    /**
     * Steps the simulator paced to real time, recording how late each step started and counting the
     * steps that started more than one step late in {@code deadlineMisses} (null: not counted). Used by
     * this bench and the flood bench.
     */
    static void runRealTime(LockstepSim sim, AtomicBoolean running, AtomicLong maxLatenessNs,
                            org.HdrHistogram.Recorder lateness, AtomicLong deadlineMisses) {
        long start = System.nanoTime();
        long step = 0;
        while (running.get()) {
            long due = start + step * SimConfig.STEP_NS;
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            // The first seconds are start-up (class loading, JIT); lateness counts after them.
            if (step > 5000) {
                long late = Math.max(0, now - due);
                maxLatenessNs.accumulateAndGet(late, Math::max);
                lateness.recordValue(late);
                if (deadlineMisses != null && late > SimConfig.STEP_NS) {
                    deadlineMisses.incrementAndGet();
                }
            }
            sim.step();
            step++;
        }
    }

    private static int downloadAll(Client c, long[] lastNs) throws InterruptedException {
        BitSet seen = new BitSet();
        int count = -1;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && (count < 0 || seen.cardinality() < count)) {
            Received r = c.inbox.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && r.payload instanceof ParamValue v) {
                count = v.paramCount();
                seen.set(v.paramIndex());
                lastNs[0] = r.tNs;
            }
        }
        if (count < 0 || seen.cardinality() < count) {
            throw new IllegalStateException("parameter download incomplete: " + seen.cardinality() + " of " + count);
        }
        return count;
    }

    /**
     * Arms as soon as the vehicle accepts (within 60 s: the estimator must converge first) and takes
     * off to 10 m, through {@code c}. Used by this bench and the flood bench.
     */
    static void armAndTakeOff(LockstepSim sim, Client b) throws InterruptedException {
        sim.stack().params().takeoffAltM.set(10.0);
        long readyDeadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            b.inbox.clear();
            b.send(CommandLong.builder().targetSystem(1).targetComponent(1)
                    .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1).build());
            Received ack = MavlinkBenchCommand.awaitAck(b, MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1_000_000_000L);
            if (ack != null && ((CommandAck) ack.payload).result().entry() == MavResult.MAV_RESULT_ACCEPTED) {
                break;
            }
            if (System.nanoTime() > readyDeadline) {
                throw new IllegalStateException("the vehicle did not become ready to arm within 60 s");
            }
            LockSupport.parkNanos(500_000_000L);
        }
        b.inbox.clear();
        b.send(CommandLong.builder().targetSystem(1).targetComponent(1).command(MavCmd.MAV_CMD_NAV_TAKEOFF)
                .param7(Float.NaN).build());
        Received takeoff = MavlinkBenchCommand.awaitAck(b, MavCmd.MAV_CMD_NAV_TAKEOFF, 1_000_000_000L);
        if (takeoff == null || ((CommandAck) takeoff.payload).result().entry() != MavResult.MAV_RESULT_ACCEPTED) {
            throw new IllegalStateException("takeoff refused: " + (takeoff == null ? "no answer" : takeoff.payload));
        }
    }

    static Received awaitAck(Client c, MavCmd cmd, long timeoutNs) throws InterruptedException {
        return c.poll(p -> p instanceof CommandAck a && a.command().entry() == cmd && a.targetSystem() == c.systemId,
                timeoutNs);
    }

    private void watchGc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    gcCount.incrementAndGet();
                    // Only stop-the-world pauses stop the flight thread. ZGC reports its concurrent
                    // cycles on a "ZGC Cycles" bean and its pauses on "ZGC Pauses"; G1's young and
                    // old generation beans report pauses.
                    String name = info.getGcName();
                    if (!name.contains("Cycles") && !info.getGcAction().contains("concurrent")) {
                        maxGcPauseMs.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
                    }
                }
            }, null, null);
        }
    }

    /** Remembers when the socket last delivered bytes, so frames are stamped with that, not with decode time. */
    private static final class TimedInputStream extends java.io.FilterInputStream {
        volatile long lastReadNs;

        TimedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            lastReadNs = System.nanoTime();
            return n;
        }
    }

    /** A message as the client read it, with the time it came off the socket. */
    record Received(Object payload, long tNs) {
    }

    /** A minimal ground station on one transport: MAVLink 2 from {@code systemId}, component 190. */
    static final class Client implements AutoCloseable {
        final String name;
        final int systemId;
        final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        /** Called on the receive thread first; returns true when it consumed the message. */
        volatile Predicate<Received> responder;
        private final DatagramSocket udp;
        private final InetSocketAddress vehicle;
        private final Socket tcp;
        private final OutputStream tcpOut;

        private Client(String name, int systemId, DatagramSocket udp, InetSocketAddress vehicle, Socket tcp)
                throws IOException {
            this.name = name;
            this.systemId = systemId;
            this.udp = udp;
            this.vehicle = vehicle;
            this.tcp = tcp;
            this.tcpOut = tcp == null ? null : tcp.getOutputStream();
        }

        static Client udp(InetSocketAddress vehicle, int systemId, AtomicBoolean running) throws IOException {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            Client c = new Client("UDP", systemId, socket, vehicle, null);
            Thread rx = new Thread(() -> c.receiveUdp(running), "bench-client-udp-rx");
            rx.setDaemon(true);
            rx.start();
            return c;
        }

        static Client tcp(InetSocketAddress vehicle, int systemId, AtomicBoolean running) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(vehicle, 5000);
            Client c = new Client("TCP", systemId, null, null, socket);
            Thread rx = new Thread(() -> c.receiveTcp(running), "bench-client-tcp-rx");
            rx.setDaemon(true);
            rx.start();
            return c;
        }

        /** @param tNs when the bytes carrying {@code m} came off the socket (before the library decoded them) */
        private void deliver(MavlinkMessage<?> m, long tNs) {
            Received r = new Received(m.getPayload(), tNs);
            Predicate<Received> p = responder;
            if (p == null || !p.test(r)) {
                inbox.add(r);
            }
        }

        private void receiveUdp(AtomicBoolean running) {
            byte[] buf = new byte[65536];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (running.get()) {
                try {
                    udp.setSoTimeout(200);
                    udp.receive(packet);
                    long t = System.nanoTime();
                    MavlinkConnection c = MavlinkConnection.create(
                            new ByteArrayInputStream(buf, 0, packet.getLength()), OutputStream.nullOutputStream());
                    MavlinkMessage<?> m;
                    while ((m = c.next()) != null) {
                        deliver(m, t);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // poll the running flag
                } catch (IOException e) {
                    if (!running.get() || udp.isClosed()) {
                        return;
                    }
                }
            }
        }

        private void receiveTcp(AtomicBoolean running) {
            try {
                TimedInputStream timed = new TimedInputStream(tcp.getInputStream());
                InputStream in = new BufferedInputStream(timed, 1 << 16);
                MavlinkConnection c = MavlinkConnection.create(in, OutputStream.nullOutputStream());
                MavlinkMessage<?> m;
                while (running.get() && (m = c.next()) != null) {
                    deliver(m, timed.lastReadNs);
                }
            } catch (IOException e) {
                // closed
            }
        }

        /** Waits for a message matching {@code what}; null after {@code timeoutNs}. */
        Received poll(Predicate<Object> what, long timeoutNs) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNs;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
                if (r != null && what.test(r.payload)) {
                    return r;
                }
            }
        }

        void await(Predicate<Object> what, long timeoutNs, String description) throws InterruptedException {
            if (poll(what, timeoutNs) == null) {
                throw new IllegalStateException("no " + description + " within " + timeoutNs / 1_000_000_000L + " s");
            }
        }

        void send(Object payload) {
            sendRaw(encode(payload));
        }

        byte[] encode(Object payload) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(systemId, 190, payload);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized void sendRaw(byte[] b) {
            try {
                if (udp != null) {
                    udp.send(new DatagramPacket(b, b.length, vehicle));
                } else {
                    tcpOut.write(b);
                    tcpOut.flush();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                try {
                    tcp.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
