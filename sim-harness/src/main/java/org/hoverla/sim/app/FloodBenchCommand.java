package org.hoverla.sim.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.ParamRequestRead;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.flood.FloodGuard;
import org.hoverla.core.mavlink.flood.MessageClass;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.sim.app.MavlinkBenchCommand.Client;
import org.hoverla.sim.app.MavlinkBenchCommand.Received;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hoverla bench flood}: the simulator hovering in real time with two UDP links. Link B
 * is a ground station measuring COMMAND_LONG → COMMAND_ACK latency (DO_CHANGE_SPEED "no change",
 * through the flight thread) at {@code --cmd-rate}; link A is quiet, then flooded at
 * {@code --rate} datagrams per second with valid MAVLink addressed to the vehicle (HEARTBEAT,
 * COMMAND_LONG, PARAM_REQUEST_READ from system 66), then with garbage (random bytes and frames
 * with a broken checksum). Per phase it prints link B's latency, the flood rate achieved by the
 * sender and seen by the vehicle, what the flood limiter dropped, the flight thread's lateness
 * and missed deadlines (a 1 ms step that started more than one period late), the MAVLink
 * thread's CPU and the JVM's GC pauses. A benchmark: it prints, it asserts nothing
 * (docs/link-floods.md).
 */
@Command(name = "flood", mixinStandardHelpOptions = true,
        description = {"Measure a UDP flood on one link while the SITL hovers in real time: the other link's "
                + "command latency, the flight thread's deadline misses, what the flood limiter dropped, GC pauses."})
public final class FloodBenchCommand implements Callable<Integer> {
    @Option(names = "--rate", paramLabel = "N",
            description = "Flood datagrams per second on link A, 1000..1000000 (default: ${DEFAULT-VALUE}).")
    int rate = 100_000;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Length of each phase (quiet, then each flood), 5..600 s (default: ${DEFAULT-VALUE}).")
    int seconds = 20;

    @Option(names = "--kind", paramLabel = "valid|garbage|both|crafted|all",
            description = {"Which floods to run after the quiet phase (default: ${DEFAULT-VALUE}): valid MAVLink, "
                    + "garbage (random bytes, broken checksums), both, crafted (2 KB datagrams of false frame starts "
                    + "that each cost a 263-byte checksum: the parser's worst case), or all three."})
    String kind = "both";

    @Option(names = "--cmd-rate", paramLabel = "HZ",
            description = "Link B's commands per second, 1..200 (default: ${DEFAULT-VALUE}).")
    int cmdRateHz = 20;

    @Option(names = "--limits-scale", paramLabel = "X",
            description = "MAV_FLOOD_SCALE for the run, 0.1..100 (default: the parameter's default, 1).")
    double limitsScale = 1.0;

    @Option(names = "--cpu", paramLabel = "N",
            description = "Pin the flight thread to CPU N, as a deployed vehicle does (default: any CPU).")
    int cpu = -1;

    @Option(names = "--rt-priority", paramLabel = "P",
            description = "Run the flight thread at SCHED_FIFO priority P (1..99), as a deployed vehicle does "
                    + "(`run --rt-priority`; needs CAP_SYS_NICE or root); default 0: the normal scheduler.")
    int rtPriority;

    @Option(names = "--no-limits", description = "Run with the flood limiter off (MAV_FLOOD_EN = 0), for comparison.")
    boolean noLimits;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AtomicLong gcCount = new AtomicLong();
    private final AtomicLong gcPauses = new AtomicLong();
    private final AtomicLong maxGcPauseMs = new AtomicLong();
    private final Recorder lateness = new Recorder(3);
    private final AtomicLong deadlineMisses = new AtomicLong();
    private final AtomicLong maxLatenessNs = new AtomicLong();

    /** One phase's results, for the summary. */
    private record Phase(String name, Histogram latency, long refused, long lost, double achievedRate) {
    }

    @Override
    public Integer call() throws Exception {
        if (rate < 1000 || rate > 1_000_000 || seconds < 5 || seconds > 600 || cmdRateHz < 1 || cmdRateHz > 200
                || !List.of("valid", "garbage", "both", "crafted", "all").contains(kind) || !(limitsScale >= 0.1 && limitsScale <= 100)
                || rtPriority < 0 || rtPriority > 99 || cpu < -1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rate must be 1000..1000000, --seconds 5..600, --cmd-rate 1..200, --kind valid, garbage, both, crafted or all, "
                            + "--limits-scale 0.1..100, --rt-priority 0..99, --cpu a CPU number");
        }
        PrintWriter out = spec.commandLine().getOut();
        watchGc();
        SimConfig config = new SimConfig();
        LockstepSim sim = new LockstepSim(config);
        org.hoverla.core.mavlink.flood.FloodParams limits = org.hoverla.core.mavlink.flood.FloodParams.of(sim.params());
        limits.enabled.set(noLimits ? 0 : 1);
        limits.scale.set(limitsScale);
        int portA;
        int portB;
        try (DatagramSocket p1 = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket p2 = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            portA = p1.getLocalPort();
            portB = p2.getLocalPort();
        }
        VehicleIdentity identity = VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 42);
        var gnssSub = sim.stack().bus().gnssRaw.subscribe();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Phase> phases = new ArrayList<>();
        Client gcs = null;
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(identity, sim.stack().bus(), sim.params(),
                ParamPersistence.NONE, sim.clock(), gnssSub::copy, null, null, PlanStore.NONE)) {
            List<LinkEndpoint> endpoints = mav.start(List.of("udpin:127.0.0.1:" + portA, "udpin:127.0.0.1:" + portB));
            MavlinkLink linkA = (MavlinkLink) endpoints.get(0);
            LinkStats statsA = mav.links().stats(linkA);
            FloodGuard guard = mav.floodGuard();
            long mavThreadId = mav.links().eventLoop().submit(() -> Thread.currentThread().getId()).get();
            org.hoverla.core.rt.RealtimeSetup.Options realtime = new org.hoverla.core.rt.RealtimeSetup.Options(cpu,
                    rtPriority, false);
            Thread simThread = new Thread(() -> {
                // As Vehicle.startFlightThread does on hardware: affinity and SCHED_FIFO on the thread itself.
                for (org.hoverla.core.rt.RealtimeSetup.Outcome o
                        : org.hoverla.core.rt.RealtimeSetup.applyToCurrentThread(realtime)) {
                    out.println("flight thread: " + o.line());
                }
                MavlinkBenchCommand.runRealTime(sim, running, maxLatenessNs, lateness, deadlineMisses);
            }, "sitl-flight");
            simThread.setPriority(Thread.MAX_PRIORITY);
            simThread.start();
            gcs = Client.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), portB), 255, running);
            Client b = gcs;
            Thread heartbeats = new Thread(() -> {
                while (running.get()) {
                    b.send(Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                            .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build());
                    LockSupport.parkNanos(1_000_000_000L);
                }
            }, "bench-gcs-hb");
            heartbeats.setDaemon(true);
            heartbeats.start();
            b.await(m -> m instanceof Heartbeat, 10_000_000_000L, "a HEARTBEAT from the vehicle on link B");
            out.printf("Links: A (flooded) UDP 127.0.0.1:%d, B (ground station) UDP 127.0.0.1:%d; MAVLink transport %s; "
                            + "%d processors, %s %s, GC %s%n", portA, portB, mav.links().transport(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), gcNames());
            out.printf("Flood limiter: %s, MAV_FLOOD_SCALE %.2f, MAV_FLOOD_TOTAL %d/s%n",
                    guard.enabled() ? "on" : "OFF", limits.scale.get(), limits.totalRate.get());
            MavlinkBenchCommand.armAndTakeOff(sim, b);
            out.println("Armed, taking off to 10 m; waiting 10 s for the hover");
            LockSupport.parkNanos(10_000_000_000L);

            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            List<String> plan = new ArrayList<>(List.of("quiet"));
            if (List.of("valid", "both", "all").contains(kind)) {
                plan.add("valid");
            }
            if (List.of("garbage", "both", "all").contains(kind)) {
                plan.add("garbage");
            }
            if (List.of("crafted", "all").contains(kind)) {
                plan.add("crafted");
            }
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), portA);
            for (String name : plan) {
                long received0 = statsA.framesReceived();
                long bytes0 = statsA.bytesReceived();
                long crc0 = statsA.crcErrors();
                long dropped0 = guard.droppedTotal(linkA);
                long[] byClass0 = new long[MessageClass.COUNT];
                for (int c = 0; c < MessageClass.COUNT; c++) {
                    byClass0[c] = guard.dropped(linkA, c);
                }
                long cpu0 = threads.getThreadCpuTime(mavThreadId);
                long alloc0 = threads.getThreadAllocatedBytes(mavThreadId);
                long gc0 = gcCount.get();
                long misses0 = deadlineMisses.get();
                long overruns0 = sim.scheduler().overruns();
                maxGcPauseMs.set(0);
                maxLatenessNs.set(0);
                lateness.reset();
                Flooder flooder = null;
                if (!"quiet".equals(name)) {
                    flooder = new Flooder(target, rate, frames(name, b), running);
                    flooder.start();
                }
                long t0 = System.nanoTime();
                Phase phase = measureCommands(b, name);
                double phaseS = (System.nanoTime() - t0) * 1e-9;
                long sent = 0;
                double achieved = 0;
                if (flooder != null) {
                    flooder.stop();
                    sent = flooder.sent.get();
                    achieved = sent / flooder.elapsedS();
                }
                LockSupport.parkNanos(200_000_000L); // let the vehicle drain its socket
                long cpu = threads.getThreadCpuTime(mavThreadId) - cpu0;
                long alloc = threads.getThreadAllocatedBytes(mavThreadId) - alloc0;
                Histogram late = lateness.getIntervalHistogram();
                phases.add(new Phase(name, phase.latency(), phase.refused(), phase.lost(), achieved));
                out.printf("Phase %s (%.0f s):%n", name, phaseS);
                if (flooder != null) {
                    out.printf("  flood: sent %d datagrams (%.0f/s achieved of %d/s asked); vehicle read %.0f KB, "
                                    + "%d valid frames, %d checksum errors on link A%n", sent, achieved, rate,
                            (statsA.bytesReceived() - bytes0) / 1e3, statsA.framesReceived() - received0,
                            statsA.crcErrors() - crc0);
                    StringBuilder byClass = new StringBuilder();
                    for (int c = 0; c < MessageClass.COUNT; c++) {
                        long d = guard.dropped(linkA, c) - byClass0[c];
                        if (d > 0) {
                            byClass.append(' ').append(MessageClass.name(c)).append('=').append(d);
                        }
                    }
                    out.printf("  flood limiter dropped %d frames on link A:%s%n", guard.droppedTotal(linkA) - dropped0,
                            byClass);
                }
                Histogram h = phase.latency();
                out.printf("  link B COMMAND_LONG -> COMMAND_ACK (%d/s): n=%d p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                                + "refused %d, unanswered %d%n", cmdRateHz, h.getTotalCount(),
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                        phase.refused(), phase.lost());
                out.printf("  flight thread: step start behind real time p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                                + "missed deadlines (> 1 ms late) %d; scheduler overruns %d%n",
                        late.getValueAtPercentile(50) / 1e6, late.getValueAtPercentile(99) / 1e6,
                        maxLatenessNs.get() / 1e6, deadlineMisses.get() - misses0,
                        sim.scheduler().overruns() - overruns0);
                out.printf("  MAVLink thread: CPU %.1f %% of a core, allocation %.1f MB/s; GC: %d collections, "
                                + "longest pause %d ms%n", cpu / phaseS / 1e7, alloc / phaseS / 1e6,
                        gcCount.get() - gc0, maxGcPauseMs.get());
            }
            Phase quiet = phases.get(0);
            double quietP99 = quiet.latency().getValueAtPercentile(99);
            for (Phase p : phases.subList(1, phases.size())) {
                out.printf("Summary %s flood at %.0f/s: link B p99 %.3f ms vs quiet %.3f ms = x%.2f (goal <= x2)%n",
                        p.name(), p.achievedRate(), p.latency().getValueAtPercentile(99) / 1e6, quietP99 / 1e6,
                        p.latency().getValueAtPercentile(99) / quietP99);
            }
            out.printf("Vehicle at the end: altitude %.1f m, crashed %s; flood STATUSTEXTs sent %d%n",
                    -sim.vehicle().positionNed().z, sim.vehicle().crashed(), guard.textsSent());
            out.printf("Links: %s%n", mav.links().report().replace('\n', ' '));
            running.set(false);
            simThread.join();
        } finally {
            running.set(false);
            if (gcs != null) {
                gcs.close();
            }
        }
        return 0;
    }

    /**
     * The flood's datagrams, one frame (or one frame's worth of bytes) each. Valid: HEARTBEAT,
     * COMMAND_LONG (DO_CHANGE_SPEED, as link B sends) and PARAM_REQUEST_READ from system 66, all
     * for us. Garbage: seeded random bytes, and valid frames with a flipped checksum byte.
     */
    private static ByteBuffer[] frames(String kind, Client encoder) {
        if ("crafted".equals(kind)) {
            return new ByteBuffer[] {crafted()};
        }
        byte[] hb = encoder.encode(Heartbeat.builder().type(MavType.MAV_TYPE_GCS)
                .autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID).systemStatus(MavState.MAV_STATE_ACTIVE)
                .mavlinkVersion(3).build());
        byte[] cmd = encoder.encode(CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_DO_CHANGE_SPEED).param1(1).param2(-1).build());
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] param = encoder.encode(ParamRequestRead.builder().targetSystem(1).targetComponent(1).paramId("")
                    .paramIndex(i).build());
            list.add(hb);
            list.add(cmd);
            list.add(param);
        }
        // the sender's system id is 255 as encoded; make it 66 (offset 5 of a MAVLink 2 frame) and fix the CRC
        ByteBuffer[] out = new ByteBuffer[list.size()];
        Random random = new Random(66);
        for (int i = 0; i < out.length; i++) {
            byte[] f = list.get(i).clone();
            resign(f, 66);
            if ("garbage".equals(kind)) {
                if (i % 2 == 0) {
                    random.nextBytes(f);
                } else {
                    f[f.length - 1] ^= 0x5A; // checksum broken: parsed to the end, then rejected
                }
            }
            out[i] = ByteBuffer.allocateDirect(f.length).put(f).flip();
        }
        return out;
    }

    /**
     * 2048 bytes (the largest datagram the vehicle reads whole) of MAVLink 2 headers every 10
     * bytes, each claiming a FILE_TRANSFER_PROTOCOL payload of 254 bytes: every start is a
     * plausible frame, so the parser computes a 263-byte checksum before rejecting it and rescans
     * from the next byte (the cost of not losing a real frame hidden behind a false start).
     */
    private static ByteBuffer crafted() {
        byte[] d = new byte[org.hoverla.core.mavlink.link.MavlinkLinkManager.UDP_DATAGRAM_BYTES];
        for (int p = 0; p + 10 <= d.length; p += 10) {
            d[p] = (byte) 0xFD;
            d[p + 1] = (byte) 254;
            d[p + 5] = 66;
            d[p + 6] = 1;
            d[p + 7] = 110;
        }
        return ByteBuffer.allocateDirect(d.length).put(d).flip();
    }

    /** Sets a MAVLink 2 frame's system id and recomputes its checksum (X.25 with the message's CRC_EXTRA). */
    private static void resign(byte[] f, int systemId) {
        int payloadLen = f[1] & 0xFF;
        int msgId = (f[7] & 0xFF) | (f[8] & 0xFF) << 8 | (f[9] & 0xFF) << 16;
        int crcExtra = org.hoverla.core.mavlink.link.MavlinkMessageTable.common().get(msgId).crcExtra();
        f[5] = (byte) systemId;
        int crc = org.hoverla.core.mavlink.link.MavlinkCrc.frameCrc(f, 1, 9 + payloadLen, crcExtra);
        f[10 + payloadLen] = (byte) crc;
        f[11 + payloadLen] = (byte) (crc >>> 8);
    }

    /** COMMAND_LONG → COMMAND_ACK on link B at {@code --cmd-rate} for {@code --seconds}. */
    private Phase measureCommands(Client c, String name) throws InterruptedException {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        long periodNs = 1_000_000_000L / cmdRateHz;
        long refused = 0;
        long lost = 0;
        long start = System.nanoTime();
        long next = start;
        Random jitter = new Random(c.systemId);
        byte[] frame = c.encode(CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_DO_CHANGE_SPEED).param1(1).param2(-1).build());
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            c.inbox.clear();
            long t0 = System.nanoTime();
            c.sendRaw(frame);
            Received ack = MavlinkBenchCommand.awaitAck(c, MavCmd.MAV_CMD_DO_CHANGE_SPEED, 1_000_000_000L);
            if (ack == null) {
                lost++;
            } else {
                latency.recordValue(Math.min(ack.tNs() - t0, latency.getHighestTrackableValue()));
                if (((CommandAck) ack.payload()).result().entry() != MavResult.MAV_RESULT_ACCEPTED) {
                    refused++;
                }
            }
            next += periodNs;
            long wait = next + jitter.nextInt(1_000_000) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return new Phase(name, latency, refused, lost, 0);
    }

    /** Sends the frames round-robin at a paced rate on its own thread; never catches up more than 10 ms. */
    private static final class Flooder {
        final AtomicLong sent = new AtomicLong();
        private final InetSocketAddress target;
        private final int rate;
        private final ByteBuffer[] frames;
        private final AtomicBoolean running;
        private final AtomicBoolean go = new AtomicBoolean(true);
        private Thread thread;
        private volatile long startNs;
        private volatile long endNs;

        Flooder(InetSocketAddress target, int rate, ByteBuffer[] frames, AtomicBoolean running) {
            this.target = target;
            this.rate = rate;
            this.frames = frames;
            this.running = running;
        }

        void start() {
            thread = new Thread(this::run, "bench-flood");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            go.set(false);
            thread.join();
        }

        double elapsedS() {
            return (endNs - startNs) * 1e-9;
        }

        private void run() {
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.connect(target);
                long start = System.nanoTime();
                startNs = start;
                long count = 0;
                int i = 0;
                while (go.get() && running.get()) {
                    long now = System.nanoTime();
                    long due = (now - start) * rate / 1_000_000_000L;
                    long floor = due - rate / 100; // at most 10 ms of backlog
                    if (count < floor) {
                        count = floor;
                    }
                    if (count >= due) {
                        LockSupport.parkNanos(100_000L);
                        continue;
                    }
                    while (count < due) {
                        ByteBuffer f = frames[i];
                        i = i + 1 == frames.length ? 0 : i + 1;
                        f.rewind();
                        try {
                            ch.write(f);
                            sent.incrementAndGet();
                        } catch (IOException e) {
                            // ECONNREFUSED from an earlier datagram: keep flooding
                        }
                        count++;
                    }
                }
                endNs = System.nanoTime();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String gcNames() {
        StringBuilder b = new StringBuilder();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(b.length() == 0 ? "" : "+").append(gc.getName());
        }
        return b.toString();
    }

    private void watchGc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    gcCount.incrementAndGet();
                    // Only stop-the-world pauses stop the flight thread (ZGC reports them on "ZGC Pauses").
                    if (!info.getGcName().contains("Cycles") && !info.getGcAction().contains("concurrent")) {
                        gcPauses.incrementAndGet();
                        maxGcPauseMs.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
                    }
                }
            }, null, null);
        }
    }
}
