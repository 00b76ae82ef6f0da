package org.hoverla.sim.realtime;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavMissionResult;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MissionAck;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.MissionRequestList;
import io.dronefleet.mavlink.common.ParamRequestList;
import io.dronefleet.mavlink.common.ParamRequestRead;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A busy ground station in the simulator's process ({@code sim --realtime --mavlink-load}): over
 * loopback UDP to a {@code udpin} link of the vehicle it does, again and again, what
 * QGroundControl does at connection and while flying: HEARTBEAT at 1 Hz (own thread); telemetry rates raised
 * with MAV_CMD_SET_MESSAGE_INTERVAL (ATTITUDE and HIGHRES_IMU at 100 Hz, positions at 50 Hz);
 * the full parameter list (PARAM_REQUEST_LIST) and single reads (PARAM_REQUEST_READ); the mission
 * download (MISSION_REQUEST_LIST → MISSION_COUNT → MISSION_REQUEST_INT … → MISSION_ACK); and
 * COMMAND_LONGs that go through the flight thread (DO_CHANGE_SPEED "no change") and that do not
 * (REQUEST_MESSAGE AUTOPILOT_VERSION). Built like {@code bench-mavlink}'s client (io.dronefleet
 * encode, one decode per datagram). It measures nothing about timing; it counts what it got.
 *
 * <p>Threads: its own two daemon threads (requests, receive); {@link #counters()} from any thread.
 */
public final class MavlinkLoadClient implements AutoCloseable {
    private static final int SYSTEM_ID = 255;
    private static final int COMPONENT_ID = 190;
    private static final long TIMEOUT_NS = 5_000_000_000L;
    /** Message id → interval µs requested each round. */
    private static final int[][] INTERVALS = {{30, 10_000}, {105, 10_000}, {32, 20_000}, {33, 20_000}, {31, 20_000},
            {74, 50_000}};

    private final DatagramSocket socket;
    private final InetSocketAddress vehicle;
    private final int targetSystem;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>(100_000);
    private final Thread requester;
    private final Thread receiver;
    private final Thread heartbeats;
    private volatile boolean running = true;
    private volatile long received;
    private volatile long paramDownloads;
    private volatile long paramValues;
    private volatile long missionDownloads;
    private volatile long commandsSent;
    private volatile long commandAcks;
    private volatile long timeouts;
    private volatile long rounds;

    /**
     * Opens the client's socket and starts its threads.
     *
     * @param vehiclePort  the vehicle's {@code udpin:127.0.0.1:PORT} link
     * @param targetSystem the vehicle's MAV_SYS_ID
     */
    public MavlinkLoadClient(int vehiclePort, int targetSystem) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.vehicle = new InetSocketAddress(InetAddress.getLoopbackAddress(), vehiclePort);
        this.targetSystem = targetSystem;
        receiver = new Thread(this::receive, "mavlink-load-rx");
        receiver.setDaemon(true);
        requester = new Thread(this::requestLoop, "mavlink-load");
        requester.setDaemon(true);
        // HEARTBEAT at 1 Hz on its own thread, as QGroundControl sends it, whatever the requests do: a
        // gap of more than COM_DL_LOSS_T would be a (correct) ground-station-loss failsafe.
        heartbeats = new Thread(() -> {
            while (running) {
                heartbeat();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mavlink-load-hb");
        heartbeats.setDaemon(true);
        receiver.start();
        heartbeats.start();
        requester.start();
    }

    /** A free loopback UDP port for the vehicle's {@code udpin} link. */
    public static int freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void requestLoop() {
        while (running) {
            try {
                for (int[] mi : INTERVALS) {
                    command(MavCmd.MAV_CMD_SET_MESSAGE_INTERVAL, mi[0], mi[1]);
                }
                downloadParameters();
                for (int i = 0; i < 5; i++) {
                    send(ParamRequestRead.builder().targetSystem(targetSystem).targetComponent(1).paramIndex(i).build());
                    await(p -> p instanceof ParamIndex);
                }
                downloadMission();
                for (int i = 0; i < 20 && running; i++) {
                    command(MavCmd.MAV_CMD_DO_CHANGE_SPEED, 1, -1);
                    command(MavCmd.MAV_CMD_REQUEST_MESSAGE, 148, 0);
                }
                rounds = rounds + 1;
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                timeouts = timeouts + 1;
            }
        }
    }

    private void heartbeat() {
        send(Heartbeat.builder().type(MavType.MAV_TYPE_GCS).autopilot(MavAutopilot.MAV_AUTOPILOT_INVALID)
                .systemStatus(MavState.MAV_STATE_ACTIVE).mavlinkVersion(3).build());
    }

    private void command(MavCmd cmd, float p1, float p2) throws InterruptedException {
        inbox.clear();
        send(CommandLong.builder().targetSystem(targetSystem).targetComponent(1).command(cmd).param1(p1).param2(p2)
                .build());
        commandsSent = commandsSent + 1;
        if (await(p -> p instanceof CommandAck a && a.command().entry() == cmd) != null) {
            commandAcks = commandAcks + 1;
        }
    }

    private void downloadParameters() throws InterruptedException {
        inbox.clear();
        send(ParamRequestList.builder().targetSystem(targetSystem).targetComponent(1).build());
        BitSet seen = new BitSet();
        int count = -1;
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (running && System.nanoTime() < deadline && (count < 0 || seen.cardinality() < count)) {
            Object o = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (o instanceof ParamIndex v) {
                count = v.count();
                seen.set(v.index());
                paramValues = paramValues + 1;
            }
        }
        if (count > 0 && seen.cardinality() >= count) {
            paramDownloads = paramDownloads + 1;
        } else if (running) {
            timeouts = timeouts + 1;
        }
    }

    private void downloadMission() throws InterruptedException {
        inbox.clear();
        send(MissionRequestList.builder().targetSystem(targetSystem).targetComponent(1)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
        Object c = await(p -> p instanceof MissionCount);
        if (c == null) {
            return;
        }
        int count = ((MissionCount) c).count();
        for (int seq = 0; seq < count; seq++) {
            int s = seq;
            send(MissionRequestInt.builder().targetSystem(targetSystem).targetComponent(1).seq(seq)
                    .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
            if (await(p -> p instanceof MissionItemInt it && it.seq() == s) == null) {
                return;
            }
        }
        send(MissionAck.builder().targetSystem(targetSystem).targetComponent(1).type(MavMissionResult.MAV_MISSION_ACCEPTED)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build());
        missionDownloads = missionDownloads + 1;
    }

    /** The first message matching {@code what} within the time-out (counted when none came), or null. */
    private Object await(Predicate<Object> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                timeouts = timeouts + 1;
                return null;
            }
            Object o = inbox.poll(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS);
            if (o != null && what.test(o)) {
                return o;
            }
        }
        return null;
    }

    private void receive() {
        byte[] buf = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (running) {
            try {
                socket.setSoTimeout(200);
                socket.receive(packet);
                received = received + 1;
                if (paramValue(buf, packet.getLength())) {
                    continue;
                }
                if (!wanted(buf, packet.getLength())) {
                    continue; // telemetry: counted, not decoded (the library's decoder would dominate the load)
                }
                MavlinkConnection c = MavlinkConnection.create(new ByteArrayInputStream(buf, 0, packet.getLength()),
                        OutputStream.nullOutputStream());
                MavlinkMessage<?> m;
                while ((m = c.next()) != null) {
                    Object payload = m.getPayload();
                    if (payload instanceof ParamValue || payload instanceof CommandAck || payload instanceof MissionCount
                            || payload instanceof MissionItemInt) {
                        inbox.offer(payload);
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // poll the running flag
            } catch (IOException e) {
                if (!running || socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** PARAM_VALUE's count and index, read from the raw frame (the library's decoder costs ~17 KB a message). */
    record ParamIndex(int count, int index) {
    }

    /**
     * A MAVLink 2 PARAM_VALUE (id 22) datagram: offers its count and index (payload bytes 4..7,
     * little-endian; MAVLink 2 trims only trailing zeros, and param_type, last, is never 0).
     */
    private boolean paramValue(byte[] b, int length) {
        if (length < 18 || (b[0] & 0xFF) != 0xFD || (b[7] & 0xFF) != 22 || b[8] != 0 || b[9] != 0) {
            return false;
        }
        int count = (b[14] & 0xFF) | (b[15] & 0xFF) << 8;
        int index = (b[16] & 0xFF) | (b[17] & 0xFF) << 8;
        inbox.offer(new ParamIndex(count, index));
        return true;
    }

    /** Whether a datagram's first frame is one the requests wait for (MAVLink 2 message id at bytes 7..9). */
    static boolean wanted(byte[] b, int length) {
        if (length < 10 || (b[0] & 0xFF) != 0xFD) {
            return length >= 6 && (b[0] & 0xFF) == 0xFE; // MAVLink 1: decode (rare)
        }
        int id = (b[7] & 0xFF) | (b[8] & 0xFF) << 8 | (b[9] & 0xFF) << 16;
        return id == 22 || id == 77 || id == 44 || id == 73; // PARAM_VALUE, COMMAND_ACK, MISSION_COUNT, MISSION_ITEM_INT
    }

    private void send(Object payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(SYSTEM_ID, COMPONENT_ID, payload);
            byte[] b = bytes.toByteArray();
            socket.send(new DatagramPacket(b, b.length, vehicle));
        } catch (IOException e) {
            if (running) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** What the client did and got so far. */
    public Map<String, Object> counters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", rounds);
        m.put("datagrams_received", received);
        m.put("param_downloads", paramDownloads);
        m.put("param_values", paramValues);
        m.put("mission_downloads", missionDownloads);
        m.put("commands_sent", commandsSent);
        m.put("command_acks", commandAcks);
        m.put("timeouts", timeouts);
        return m;
    }

    /** @return the client's threads (for the allocation report) */
    public Thread[] threads() {
        return new Thread[] {requester, receiver, heartbeats};
    }

    @Override
    public void close() {
        running = false;
        requester.interrupt();
        heartbeats.interrupt();
        socket.close();
        try {
            requester.join(2000);
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
