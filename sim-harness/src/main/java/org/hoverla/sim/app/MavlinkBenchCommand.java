package org.hoverla.sim.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.ParamRequestList;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hoverla bench-mavlink}: the simulator in real time with its MAVLink interface on a
 * loopback UDP port, driven by a client built on io.dronefleet.mavlink. Measures the full
 * parameter download, COMMAND_LONG → COMMAND_ACK latency for a command that goes through the
 * flight thread (DO_CHANGE_SPEED "no change") while every telemetry stream runs, the MAVLink
 * thread's allocation rate, the JVM's GC pauses, and how late the simulator thread (which runs
 * the flight tasks) fell behind its real-time schedule. A benchmark: it prints, it asserts
 * nothing.
 */
@Command(name = "bench-mavlink", mixinStandardHelpOptions = true,
        description = {"Benchmark the MAVLink interface over loopback UDP against the simulator in real time: "
                + "parameter download, command latency, MAVLink-thread allocation, GC pauses, flight-thread lateness."})
public final class MavlinkBenchCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "How long the command-latency phase runs, 5..3600 s (default: ${DEFAULT-VALUE}).")
    int durationS = 30;

    @Option(names = "--rate", paramLabel = "HZ", description = "Commands per second, 1..1000 (default: ${DEFAULT-VALUE}).")
    int rateHz = 50;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final LinkedBlockingQueue<MavlinkMessage<?>> inbox = new LinkedBlockingQueue<>();
    private final AtomicLong maxGcPauseMs = new AtomicLong();
    private final AtomicLong gcCount = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        if (durationS < 5 || durationS > 3600 || rateHz < 1 || rateHz > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be 5..3600 and --rate 1..1000");
        }
        PrintWriter out = spec.commandLine().getOut();
        watchGc();
        SimConfig config = new SimConfig();
        LockstepSim sim = new LockstepSim(config);
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        VehicleIdentity identity = VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 42);
        var gnssSub = sim.stack().bus().gnssRaw.subscribe();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong maxLatenessNs = new AtomicLong();
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(identity, sim.stack().bus(), sim.params(),
                ParamPersistence.NONE, sim.clock(), gnssSub::copy, null);
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            mav.start(java.util.List.of("udpin:127.0.0.1:" + port));
            long mavThreadId = mav.links().eventLoop().submit(() -> Thread.currentThread().getId()).get();
            Thread simThread = new Thread(() -> runRealTime(sim, running, maxLatenessNs), "sitl-flight");
            simThread.start();
            InetSocketAddress vehicle = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            Thread receiver = new Thread(() -> receive(socket, running), "bench-client-rx");
            receiver.setDaemon(true);
            receiver.start();
            Client client = new Client(socket, vehicle);
            Thread heartbeats = new Thread(() -> {
                while (running.get()) {
                    client.send(Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                            .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build());
                    LockSupport.parkNanos(200_000_000L);
                }
            }, "bench-client-hb");
            heartbeats.setDaemon(true);
            heartbeats.start();
            awaitHeartbeat();

            // Parameter download, three times (the first warms the JIT).
            for (int run = 1; run <= 3; run++) {
                inbox.clear();
                long t0 = System.nanoTime();
                client.send(ParamRequestList.builder().targetSystem(1).targetComponent(1).build());
                int count = downloadAll();
                long ns = System.nanoTime() - t0;
                out.printf("Parameter download %d: %d parameters in %.1f ms (%.3f ms per parameter)%n", run, count,
                        ns / 1e6, ns / 1e6 / count);
            }

            // Fly: arm when ready, take off to 10 m; the latency phase runs while hovering.
            // (Parameters reach the flight tasks within a second, so set it before arming.)
            sim.stack().params().takeoffAltM.set(10.0);
            long readyDeadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                inbox.clear();
                client.send(CommandLong.builder().targetSystem(1).targetComponent(1)
                        .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1).build());
                CommandAck armAck = awaitAck(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1_000_000_000L);
                if (armAck != null && armAck.result().entry() == MavResult.MAV_RESULT_ACCEPTED) {
                    break;
                }
                if (System.nanoTime() > readyDeadline) {
                    throw new IllegalStateException("the vehicle did not become ready to arm within 60 s");
                }
                LockSupport.parkNanos(500_000_000L);
            }
            inbox.clear();
            client.send(CommandLong.builder().targetSystem(1).targetComponent(1).command(MavCmd.MAV_CMD_NAV_TAKEOFF)
                    .param7(Float.NaN).build());
            CommandAck takeoff = awaitAck(MavCmd.MAV_CMD_NAV_TAKEOFF, 1_000_000_000L);
            if (takeoff == null || takeoff.result().entry() != MavResult.MAV_RESULT_ACCEPTED) {
                throw new IllegalStateException("takeoff refused: " + takeoff);
            }
            out.println("Armed and taking off to 10 m; measuring while flying");

            // Command latency while all streams run.
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long alloc0 = threads.getThreadAllocatedBytes(mavThreadId);
            long gc0 = gcCount.get();
            maxGcPauseMs.set(0);
            long phaseStart = System.nanoTime();
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
            long periodNs = 1_000_000_000L / rateHz;
            int refused = 0;
            int lost = 0;
            long next = System.nanoTime();
            while (System.nanoTime() - phaseStart < durationS * 1_000_000_000L) {
                inbox.clear();
                long t0 = System.nanoTime();
                client.send(CommandLong.builder().targetSystem(1).targetComponent(1)
                        .command(MavCmd.MAV_CMD_DO_CHANGE_SPEED).param1(1).param2(-1).build());
                CommandAck ack = awaitAck(MavCmd.MAV_CMD_DO_CHANGE_SPEED, 1_000_000_000L);
                if (ack == null) {
                    lost++;
                } else {
                    latency.recordValue(Math.min(System.nanoTime() - t0, latency.getHighestTrackableValue()));
                    if (ack.result().entry() != MavResult.MAV_RESULT_ACCEPTED) {
                        refused++;
                    }
                }
                next += periodNs;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            double phaseS = (System.nanoTime() - phaseStart) * 1e-9;
            long alloc = threads.getThreadAllocatedBytes(mavThreadId) - alloc0;
            out.printf("COMMAND_LONG -> COMMAND_ACK (DO_CHANGE_SPEED through the flight thread, %d/s for %.0f s, "
                            + "all telemetry streams on): n=%d p50 %.3f ms, p99 %.3f ms, max %.3f ms; refused %d, "
                            + "unanswered %d%n", rateHz, phaseS, latency.getTotalCount(),
                    latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                    latency.getMaxValue() / 1e6, refused, lost);
            out.printf("MAVLink thread allocation: %.1f MB/s (%.0f KB per command incl. telemetry)%n",
                    alloc / phaseS / 1e6, alloc / 1e3 / Math.max(1, latency.getTotalCount()));
            out.printf("GC: %d collections during the phase, longest pause %d ms%n", gcCount.get() - gc0,
                    maxGcPauseMs.get());
            out.printf("Simulator/flight thread: longest lateness behind real time %.3f ms, scheduler overruns %d%n",
                    maxLatenessNs.get() / 1e6, sim.scheduler().overruns());

            // Flood: 10,000 valid messages per second for 10 s while flying.
            long before = mav.links().links().isEmpty() ? 0 : mav.links().stats(mav.links().links().get(0)).framesReceived();
            maxLatenessNs.set(0);
            long overrunsBefore = sim.scheduler().overruns();
            byte[] frame = client.encode(Heartbeat.builder().type(MavType.MAV_TYPE_GCS)
                    .autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID).systemStatus(MavState.MAV_STATE_ACTIVE)
                    .mavlinkVersion(3).build());
            long floodStart = System.nanoTime();
            long sentFlood = 0;
            for (int ms = 0; ms < 10_000; ms++) {
                for (int i = 0; i < 10; i++) {
                    client.sendRaw(frame);
                    sentFlood++;
                }
                long wait = floodStart + (ms + 1) * 1_000_000L - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            double floodS = (System.nanoTime() - floodStart) * 1e-9;
            LockSupport.parkNanos(500_000_000L);
            long after = mav.links().links().isEmpty() ? 0 : mav.links().stats(mav.links().links().get(0)).framesReceived();
            out.printf("Flood: %d HEARTBEATs in %.1f s (%.0f/s); vehicle received %d; flight thread's longest lateness "
                            + "%.3f ms, scheduler overruns %d%n", sentFlood, floodS, sentFlood / floodS, after - before,
                    maxLatenessNs.get() / 1e6, sim.scheduler().overruns() - overrunsBefore);
            out.printf("Vehicle at the end: altitude %.1f m, crashed %s%n", -sim.vehicle().positionNed().z,
                    sim.vehicle().crashed());
            out.printf("Links: %s%n", mav.links().report().replace('\n', ' '));
            running.set(false);
            simThread.join();
        }
        return 0;
    }

    /** Steps the simulator paced to real time, recording how late each step started. */
    private static void runRealTime(LockstepSim sim, AtomicBoolean running, AtomicLong maxLatenessNs) {
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
                maxLatenessNs.accumulateAndGet(now - due, Math::max);
            }
            sim.step();
            step++;
        }
    }

    private void receive(DatagramSocket socket, AtomicBoolean running) {
        byte[] buf = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (running.get()) {
            try {
                socket.setSoTimeout(200);
                socket.receive(packet);
                MavlinkConnection c = MavlinkConnection.create(
                        new ByteArrayInputStream(buf, 0, packet.getLength()), OutputStream.nullOutputStream());
                MavlinkMessage<?> m;
                while ((m = c.next()) != null) {
                    inbox.add(m);
                }
            } catch (java.net.SocketTimeoutException e) {
                // poll the running flag
            } catch (IOException e) {
                if (running.get()) {
                    continue;
                }
                return;
            }
        }
    }

    private void awaitHeartbeat() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            MavlinkMessage<?> m = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.getPayload() instanceof Heartbeat) {
                return;
            }
        }
        throw new IllegalStateException("no HEARTBEAT from the vehicle within 10 s");
    }

    private int downloadAll() throws InterruptedException {
        BitSet seen = new BitSet();
        int count = -1;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && (count < 0 || seen.cardinality() < count)) {
            MavlinkMessage<?> m = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.getPayload() instanceof ParamValue) {
                ParamValue v = (ParamValue) m.getPayload();
                count = v.paramCount();
                seen.set(v.paramIndex());
            }
        }
        if (count < 0 || seen.cardinality() < count) {
            throw new IllegalStateException("parameter download incomplete: " + seen.cardinality() + " of " + count);
        }
        return count;
    }

    private CommandAck awaitAck(MavCmd cmd, long timeoutNs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNs;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            MavlinkMessage<?> m = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && m.getPayload() instanceof CommandAck
                    && ((CommandAck) m.getPayload()).command().entry() == cmd) {
                return (CommandAck) m.getPayload();
            }
        }
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

    /** A minimal ground station: MAVLink 2 from system 255, component 190. */
    private static final class Client {
        private final DatagramSocket socket;
        private final InetSocketAddress vehicle;

        Client(DatagramSocket socket, InetSocketAddress vehicle) {
            this.socket = socket;
            this.vehicle = vehicle;
        }

        synchronized void send(Object payload) {
            sendRaw(encode(payload));
        }

        byte[] encode(Object payload) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(255, 190, payload);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized void sendRaw(byte[] b) {
            try {
                socket.send(new DatagramPacket(b, b.length, vehicle));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
