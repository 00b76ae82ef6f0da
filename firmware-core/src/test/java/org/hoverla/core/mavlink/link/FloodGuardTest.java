package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.ManualControl;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.ParamRequestRead;
import io.dronefleet.mavlink.common.ParamSet;
import io.dronefleet.mavlink.common.SetPositionTargetLocalNed;
import io.dronefleet.mavlink.common.Statustext;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.flood.FloodGuard;
import org.hoverla.core.mavlink.flood.FloodParams;
import org.hoverla.core.mavlink.flood.MessageClass;
import org.hoverla.core.param.ParamStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flood limiter wired into a real {@link MavlinkLinkManager}: bytes are fed to the links'
 * parsers on the MAVLink thread (as a datagram would be), time is a fake wall clock, so every
 * figure is exact and nothing depends on timing.
 */
class FloodGuardTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong wall = new AtomicLong(5 * SECOND);
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, () -> 0L);
    private final RecordingService service = new RecordingService(false);
    private final List<Statustext> texts = new ArrayList<>();
    private final StatusTextSender textSender = new StatusTextSender((target, payload) -> texts.add((Statustext) payload));

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private FloodGuard install(FloodParams params) {
        FloodGuard guard = new FloodGuard(params, textSender, wall::get);
        manager.addInboundFilter(guard);
        manager.addService(service);
        return guard;
    }

    /** Feeds each frame as its own datagram on the MAVLink thread and waits until it is done. */
    private void feed(ManagedLink link, List<byte[]> frames) throws Exception {
        manager.eventLoop().submit(() -> {
            for (byte[] f : frames) {
                link.parser.feed(f, 0, f.length);
                link.parser.endOfDatagram();
            }
        }).get();
    }

    private void feed(ManagedLink link, byte[] frame, int times) throws Exception {
        feed(link, java.util.Collections.nCopies(times, frame));
    }

    /** The STATUSTEXTs sent, chunks joined (mavlink.io STATUSTEXT chunking). */
    private List<String> reassembled() {
        List<String> out = new ArrayList<>();
        for (Statustext t : texts) {
            if (t.chunkSeq() == 0) {
                out.add(t.text());
            } else {
                out.set(out.size() - 1, out.get(out.size() - 1) + t.text());
            }
        }
        return out;
    }

    private static List<byte[]> repeat(byte[] frame, int n) {
        return new ArrayList<>(java.util.Collections.nCopies(n, frame));
    }

    private static byte[] paramRequestRead(int index) {
        return Frames.v2(66, 1, 0, ParamRequestRead.builder().targetSystem(1).targetComponent(1).paramId("")
                .paramIndex(index).build());
    }

    @Test
    void shouldDropTheExcessOfAFloodedLinkAndStillAnswerTheOtherLink() throws Exception {
        // Given: link A (an attacker, system 66) and link B (the ground station, system 255) whose
        // commands are answered by a service
        FloodGuard guard = install(null);
        UdpLink a = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        UdpLink b = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        manager.addService(new MavlinkService() {
            @Override
            public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
                if (source == b && message.getPayload() instanceof CommandLong c) {
                    manager.send(source, CommandAck.builder().command(c.command()).result(MavResult.MAV_RESULT_ACCEPTED)
                            .targetSystem(message.getOriginSystemId()).targetComponent(message.getOriginComponentId())
                            .build());
                }
            }
        });
        try (DatagramSocket gcs = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            gcs.setSoTimeout(10_000);
            List<byte[]> flood = new ArrayList<>();
            flood.addAll(repeat(Frames.v2(66, 1, 0, Frames.heartbeat()), 5000));
            flood.addAll(repeat(Frames.v2(66, 1, 0, Frames.commandLong(1)), 5000));
            flood.addAll(repeat(paramRequestRead(3), 5000));

            // When: A's 15,000 frames arrive in one instant, then B's command
            feed(a, flood);
            byte[] command = Frames.v2(255, 190, 0, Frames.commandLong(1));
            gcs.send(new DatagramPacket(command, command.length, LOOPBACK, b.localPort()));
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            MavlinkMessage<?> answer;
            do {
                gcs.receive(p);
                answer = MavlinkConnection.create(new ByteArrayInputStream(Arrays.copyOf(buf, p.getLength())),
                        OutputStream.nullOutputStream()).next();
            } while (!(answer.getPayload() instanceof CommandAck));

            // Then: B's command is answered; A passed exactly its bursts, the rest is counted per class
            assertThat(((CommandAck) answer.getPayload()).result().entry()).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
            assertThat(guard.dropped(a, MessageClass.HEARTBEAT)).isEqualTo(5000 - 50);
            assertThat(guard.dropped(a, MessageClass.COMMAND)).isEqualTo(5000 - 300);
            assertThat(guard.dropped(a, MessageClass.PARAM)).isEqualTo(5000 - 1000);
            assertThat(guard.droppedTotal(b)).isZero();
            assertThat(guard.admittedTotal(a)).isEqualTo(50 + 300 + 1000);
            assertThat(a.stats().framesReceived()).isEqualTo(15_000); // parsed and counted, then limited
            assertThat(service.count.get()).isEqualTo(50 + 300 + 1000 + 1);
            // Only the admitted broadcasts (the heartbeats) went on to link B
            assertThat(a.stats().forwarded()).isEqualTo(50);
        }
    }

    @Test
    void shouldNotForwardAFloodForAnotherSystemBeyondTheLimit() throws Exception {
        // Given: system 2 (a companion computer) is known on link B
        FloodGuard guard = install(null);
        UdpLink a = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        UdpLink b = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        feed(b, Frames.v2(2, 1, 0, Frames.heartbeat()), 1);

        // When: link A sends 10,000 commands for system 2 at once, and 2,000 more 100 ms later
        feed(a, Frames.v2(66, 1, 0, Frames.commandLong(2)), 10_000);
        wall.addAndGet(SECOND / 10);
        feed(a, Frames.v2(66, 1, 0, Frames.commandLong(2)), 2_000);

        // Then: the router forwarded the burst (300) plus 100 ms at 300/s, nothing more
        assertThat(a.stats().forwarded()).isEqualTo(300 + 30);
        assertThat(guard.dropped(a, MessageClass.COMMAND)).isEqualTo(12_000 - 330);
        assertThat(service.count.get()).isEqualTo(1); // B's heartbeat only: the commands were not for us
    }

    @Test
    void shouldNeverLimitLegitimateGroundStationTraffic() throws Exception {
        // Given: one ground-station link
        FloodGuard guard = install(null);
        UdpLink a = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        int sent = 0;

        // When: a 500-item mission upload sent back to back (faster than any vehicle answers)
        List<byte[]> upload = new ArrayList<>();
        upload.add(Frames.v2(255, 190, 0, MissionCount.builder().targetSystem(1).targetComponent(1).count(500)
                .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build()));
        for (int i = 0; i < 500; i++) {
            upload.add(Frames.v2(255, 190, i, MissionItemInt.builder().targetSystem(1).targetComponent(1).seq(i)
                    .frame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT).command(MavCmd.MAV_CMD_NAV_WAYPOINT)
                    .x(473_977_000 + i).y(85_456_000).z(20f).autocontinue(1)
                    .missionType(MavMissionType.MAV_MISSION_TYPE_MISSION).build()));
        }
        feed(a, upload);
        sent += upload.size();
        // ... a parameter file of 900 values sent back to back, 1 s later
        wall.addAndGet(SECOND);
        List<byte[]> file = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            file.add(Frames.v2(255, 190, i, ParamSet.builder().targetSystem(1).targetComponent(1)
                    .paramId("P" + i).paramValue(i).paramType(MavParamType.MAV_PARAM_TYPE_REAL32).build()));
        }
        feed(a, file);
        sent += file.size();
        // ... 200 commands answered one after the other ~1 ms apart (the e2e latency test), 1 s later
        for (int i = 0; i < 200; i++) {
            wall.addAndGet(1_000_000L);
            feed(a, Frames.v2(255, 190, i, Frames.commandLong(1)), 1);
        }
        sent += 200;
        wall.addAndGet(SECOND);
        // ... then 60 s of a 50 Hz offboard stream, a 100 Hz joystick and 1 Hz heartbeats
        byte[] setpoint = Frames.v2(255, 190, 0, SetPositionTargetLocalNed.builder().targetSystem(1)
                .targetComponent(1).coordinateFrame(MavFrame.MAV_FRAME_LOCAL_NED).x(1f).y(2f).z(-3f)
                .build());
        byte[] joystick = Frames.v2(255, 190, 0, ManualControl.builder().target(1).x(0).y(0).z(500).r(0).build());
        byte[] heartbeat = Frames.v2(255, 190, 0, Frames.heartbeat());
        for (int ms = 0; ms < 60_000; ms += 10) {
            wall.addAndGet(10_000_000L);
            List<byte[]> now = new ArrayList<>();
            now.add(joystick);
            if (ms % 20 == 0) {
                now.add(setpoint);
            }
            if (ms % 1000 == 0) {
                now.add(heartbeat);
            }
            feed(a, now);
            sent += now.size();
        }

        // Then: nothing was dropped, everything was delivered
        assertThat(guard.droppedTotal(a)).isZero();
        assertThat(guard.admittedTotal(a)).isEqualTo(sent);
        assertThat(service.count.get()).isEqualTo(sent);
    }

    @Test
    void shouldSummariseDropsInAtMostOneStatusTextPerTenSeconds() throws Exception {
        // Given: a link flooded with heartbeats and parameter requests
        FloodGuard guard = install(null);
        UdpLink a = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));
        feed(a, Frames.v2(66, 1, 0, Frames.heartbeat()), 1050);
        feed(a, paramRequestRead(1), 1010);
        manager.eventLoop().submit(() -> guard.tick(0L)).get();

        // When: the service ticks (50 Hz) for 15 s while the flood goes on
        for (int t = 0; t < 750; t++) {
            wall.addAndGet(20_000_000L);
            feed(a, Frames.v2(66, 1, 0, Frames.heartbeat()), 10); // 500/s against 50/s
            manager.eventLoop().submit(() -> guard.tick(0L)).get();
        }

        // Then: the first summary came at once and names what was dropped; the next one 10 s later
        List<String> whole = reassembled();
        assertThat(whole).hasSize(2);
        assertThat(whole.get(0)).isEqualTo("Flood on udpin:127.0.0.1:0: dropped 1010 (heartbeat 1000, param 10)");
        assertThat(texts.get(0).severity().entry()).isEqualTo(io.dronefleet.mavlink.common.MavSeverity.MAV_SEVERITY_WARNING);
        // 10 s of 500/s against 50/s: 500 ticks of 9 dropped; the last 5 s wait for the next interval
        assertThat(whole.get(1)).isEqualTo("Flood on udpin:127.0.0.1:0: dropped 4500 (heartbeat 4500)");
        assertThat(guard.textsSent()).isEqualTo(2);
    }

    @Test
    void shouldLetEverythingPassWhenDisabledByParameter() throws Exception {
        // Given: MAV_FLOOD_EN = 0
        ParamStore store = new ParamStore();
        FloodParams params = new FloodParams(store);
        params.enabled.set(0);
        FloodGuard guard = install(params);
        UdpLink a = (UdpLink) manager.open(LinkSpec.parse("udpin:127.0.0.1:0"));

        // When: 3,000 heartbeats arrive at once
        feed(a, Frames.v2(66, 1, 0, Frames.heartbeat()), 3000);

        // Then: all delivered, nothing counted
        assertThat(guard.enabled()).isFalse();
        assertThat(service.count.get()).isEqualTo(3000);
        assertThat(guard.droppedTotal(a)).isZero();
    }

    @Test
    void shouldScaleTheLimitsByParameterWithinOneSecond() throws Exception {
        // Given: the defaults in force
        ParamStore store = new ParamStore();
        FloodParams params = new FloodParams(store);
        FloodGuard guard = install(params);

        // When: MAV_FLOOD_SCALE = 2 and one second passes with the tick running
        params.scale.set(2.0);
        wall.addAndGet(SECOND);
        guard.tick(0L);

        // Then: every class's rate and burst doubled
        assertThat(guard.limiter().rate(MessageClass.COMMAND)).isEqualTo(600);
        assertThat(guard.limiter().burst(MessageClass.HEARTBEAT)).isEqualTo(100);
    }

    private int admitAlternating(FloodGuard guard, ManagedLink a, ManagedLink b, MavlinkFrame frame) {
        int admitted = 0;
        for (int i = 0; i < 200_000; i++) {
            wall.addAndGet(1000);
            frame.messageId = (i % 3 == 0) ? 0 : 76;
            if (guard.admit((i & 1) == 0 ? a : b, frame, 0L)) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void shouldNotAllocateWhileAdmittingOrDropping() {
        // Given: a guard that has seen two links once (their slots claimed)
        FloodGuard guard = new FloodGuard(null, null, wall::get);
        UdpLink a = new UdpLink(manager, 0, "a", null);
        UdpLink b = new UdpLink(manager, 1, "b", null);
        MavlinkFrame frame = new MavlinkFrame();
        frame.messageId = 76;
        guard.admit(a, frame, 0L);
        guard.admit(b, frame, 0L);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) { // warm up the JIT on the measured method
            admitAlternating(guard, a, b, frame);
        }
        long before = threads.getCurrentThreadAllocatedBytes();

        // When: 200,000 frames alternate between the links, mostly beyond the limit
        int admitted = admitAlternating(guard, a, b, frame);
        long after = threads.getCurrentThreadAllocatedBytes();

        // Then: no byte allocated, and the limits held
        assertThat(after - before).isZero();
        assertThat(admitted).isLessThan(200_000);
        assertThat(guard.droppedTotal(a)).isPositive();
    }
}
