package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MessageInterval;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.StreamProfile;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.link.LinkSpec;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.UdpLink;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;

/**
 * The API link of {@code ./hoverla sim}, as PX4's SITL has it on UDP 14540 for MAVSDK: the
 * default link list, and a client that listens as MAVSDK's {@code udpin://0.0.0.0:14540} does
 * (a {@link MavlinkLinkManager} on {@code udpin}, system 245 as MAVSDK's default GCS id) hearing
 * the vehicle and commanding it. The SITL runs in this JVM, wired as {@code ./hoverla sim}
 * wires it, stepped at 4 times real time in a background thread (as the e2e suite's
 * {@code --speedup 4}). Each wait is bounded in wall time.
 */
class ApiLinkTest {
    private static final int CLIENT_SYSTEM = 245; // MAVSDK's default own system id (ComponentType::GroundStation)
    private static final int CLIENT_COMPONENT = 190;
    private static final long WAIT_MS = 20_000;

    @Test
    void shouldSendToAGroundStationAndToTheApiPortByDefaultAndLetMavlinkReplaceAll() {
        // Given / When / Then: the interactive default is PX4's two UDP links plus the TCP server
        assertThat(SimCommand.linkSpecs(List.of(), false, false)).containsExactly(
                "udp:127.0.0.1:14550", "tcpin:0.0.0.0:5760", "udp:127.0.0.1:14540?profile=onboard");
        assertThat(LinkSpec.parse(SimCommand.DEFAULT_LINKS.get(2)))
                .isEqualTo(new LinkSpec.Udp("127.0.0.1", 14540, 0, StreamProfile.ONBOARD));
        assertThat(LinkSpec.parse(SimCommand.DEFAULT_LINKS.get(0)).profile()).isEqualTo(StreamProfile.NORMAL);
        // --mavlink replaces every default (no second link to 14540 beside an explicit one)
        assertThat(SimCommand.linkSpecs(List.of("udpin:127.0.0.1:20000"), false, false))
                .containsExactly("udpin:127.0.0.1:20000");
        // no links with --no-mavlink, nor for a headless flight (--demo, --mission) without --mavlink
        assertThat(SimCommand.linkSpecs(List.of(), true, false)).isEmpty();
        assertThat(SimCommand.linkSpecs(List.of("udp:127.0.0.1:14550"), true, false)).isEmpty();
        assertThat(SimCommand.linkSpecs(List.of(), false, true)).isEmpty();
        assertThat(SimCommand.linkSpecs(List.of("udp:127.0.0.1:14540?profile=onboard"), false, true))
                .containsExactly("udp:127.0.0.1:14540?profile=onboard");
    }

    @Test
    void shouldLetAClientOnAnOnboardLinkHearTheVehicleAtOnboardRatesAndArmAndDisarmIt() throws Exception {
        // Given a client listening on an ephemeral port (so parallel runs cannot collide) and a
        // SITL whose API link, with the default's profile, sends to it
        try (Client client = new Client("udpin:127.0.0.1:0");
             Sitl sitl = new Sitl("udp:127.0.0.1:" + client.port() + "?profile=onboard")) {

            // When the client waits for the vehicle
            MavlinkMessage<Heartbeat> hb = client.awaitHeartbeat();

            // Then it hears a PX4 autopilot, system 1, on a link that streams the onboard rates
            assertThat(hb.getOriginSystemId()).isEqualTo(1);
            assertThat(hb.getPayload().autopilot().entry()).isEqualTo(MavAutopilot.MAV_AUTOPILOT_PX4);
            assertThat(sitl.mav.links().links()).singleElement()
                    .extracting(MavlinkLink::streamProfile).isEqualTo(StreamProfile.ONBOARD);
            client.command(MavCmd.MAV_CMD_GET_MESSAGE_INTERVAL, TelemetryService.GLOBAL_POSITION_INT);
            assertThat(client.awaitAck(MavCmd.MAV_CMD_GET_MESSAGE_INTERVAL).result().entry())
                    .isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
            assertThat(client.await(MessageInterval.class).intervalUs()).isEqualTo(20_000); // 50 Hz

            // When it arms as MAVSDK's action.arm() does (ARM_DISARM [1, NaN...]), again every 0.5 s
            // while the vehicle still refuses (its estimator converging after boot)
            MavResult armed = client.commandUntilAccepted(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f);

            // Then it is accepted and the heartbeat says armed; and a disarm on the ground is accepted too
            assertThat(armed).isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
            assertThat(client.awaitHeartbeatWhere(h -> h.baseMode().flagsEnabled(MavModeFlag.MAV_MODE_FLAG_SAFETY_ARMED)))
                    .isNotNull();
            assertThat(client.commandUntilAccepted(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0f))
                    .isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
        }
    }

    @Test
    void shouldReachAClientListeningOnUdp14540AsMavsdkDoesWithTheDefaultApiLink() throws Exception {
        // Given UDP 14540 is free on this machine (else this test is skipped: another simulator or
        // MAVSDK app owns it) and a client bound to it as udpin://0.0.0.0:14540
        assumeTrue(udpPortFree(14540), "UDP 14540 is in use on this machine");
        String apiLink = SimCommand.DEFAULT_LINKS.stream().filter(l -> l.contains(":14540")).findFirst().orElseThrow();
        try (Client client = new Client("udpin:0.0.0.0:14540");
             Sitl sitl = new Sitl(apiLink)) {

            // When it waits, Then it hears the vehicle and the vehicle answers its commands
            assertThat(client.awaitHeartbeat().getOriginSystemId()).isEqualTo(1);
            client.command(MavCmd.MAV_CMD_GET_MESSAGE_INTERVAL, TelemetryService.ATTITUDE);
            assertThat(client.awaitAck(MavCmd.MAV_CMD_GET_MESSAGE_INTERVAL).result().entry())
                    .isEqualTo(MavResult.MAV_RESULT_ACCEPTED);
            assertThat(client.await(MessageInterval.class).intervalUs()).isEqualTo(20_000);
        }
    }

    private static boolean udpPortFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("0.0.0.0", port))) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    /** The SITL as {@code ./hoverla sim} wires it, stepped at 4x real time until closed. */
    private static final class Sitl implements AutoCloseable {
        final LockstepSim sim = new LockstepSim(new SimConfig());
        final MavlinkVehicleInterface mav;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sitl(String linkSpec) {
            var gnssSub = sim.stack().bus().gnssRaw.subscribe();
            mav = new MavlinkVehicleInterface(VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 42),
                    sim.stack().bus(), sim.params(), ParamPersistence.NONE, sim.clock(), gnssSub::copy, null,
                    new PlanInstaller(sim.stack().bus(), sim.stack().params()), PlanStore.NONE);
            mav.start(List.of(linkSpec));
            thread = new Thread(this::run, "sitl-flight");
            thread.start();
        }

        private void run() {
            long start = System.nanoTime();
            long step = 0;
            while (running.get()) {
                long due = start + step * SimConfig.STEP_NS / 4;
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                }
                sim.step();
                step++;
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            mav.close();
        }
    }

    /** A MAVSDK-like client: one link of its own manager, messages from system 1 queued. */
    private static final class Client implements AutoCloseable {
        private final MavlinkLinkManager manager = new MavlinkLinkManager(CLIENT_SYSTEM, CLIENT_COMPONENT,
                SystemClock.INSTANCE);
        private final LinkedBlockingQueue<MavlinkMessage<?>> inbox = new LinkedBlockingQueue<>();
        /** Messages taken from the inbox but not yet wanted (test thread only). */
        private final java.util.ArrayList<MavlinkMessage<?>> backlog = new java.util.ArrayList<>();
        private final UdpLink link;

        Client(String spec) {
            manager.addService(new MavlinkService() {
                @Override
                public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
                    if (message.getOriginSystemId() == 1) {
                        inbox.add(message);
                    }
                }
            });
            LinkEndpoint e = manager.open(LinkSpec.parse(spec));
            link = (UdpLink) e;
        }

        int port() {
            return link.localPort();
        }

        @SuppressWarnings("unchecked")
        MavlinkMessage<Heartbeat> awaitHeartbeat() throws InterruptedException {
            return (MavlinkMessage<Heartbeat>) awaitMessage(m -> m.getPayload() instanceof Heartbeat);
        }

        Heartbeat awaitHeartbeatWhere(java.util.function.Predicate<Heartbeat> p) throws InterruptedException {
            return (Heartbeat) awaitMessage(m -> m.getPayload() instanceof Heartbeat h && p.test(h)).getPayload();
        }

        <T> T await(Class<T> type) throws InterruptedException {
            return type.cast(awaitMessage(m -> type.isInstance(m.getPayload())).getPayload());
        }

        CommandAck awaitAck(MavCmd cmd) throws InterruptedException {
            return (CommandAck) awaitMessage(m -> m.getPayload() instanceof CommandAck a
                    && a.command().entry() == cmd).getPayload();
        }

        /** The first wanted message, earlier ones not yet taken included (an answer may precede its ACK). */
        private MavlinkMessage<?> awaitMessage(java.util.function.Predicate<MavlinkMessage<?>> wanted)
                throws InterruptedException {
            for (var it = backlog.iterator(); it.hasNext(); ) {
                MavlinkMessage<?> m = it.next();
                if (wanted.test(m)) {
                    it.remove();
                    return m;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                long left = deadline - System.nanoTime();
                MavlinkMessage<?> m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (m == null) {
                    throw new AssertionError("nothing wanted from the vehicle within " + WAIT_MS + " ms");
                }
                if (wanted.test(m)) {
                    return m;
                }
                backlog.add(m);
            }
        }

        /** COMMAND_LONG to system 1 as MAVSDK fills it: the unused parameters NaN, confirmation 0. */
        void command(MavCmd cmd, float param1) {
            manager.send(link, CommandLong.builder().targetSystem(1).targetComponent(1).command(cmd)
                    .confirmation(0).param1(param1).param2(Float.NaN).param3(Float.NaN).param4(Float.NaN)
                    .param5(Float.NaN).param6(Float.NaN).param7(Float.NaN).build());
        }

        /** Sends the command again every 0.5 s while it is DENIED or TEMPORARILY_REJECTED; the last result. */
        MavResult commandUntilAccepted(MavCmd cmd, float param1) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            MavResult result;
            do {
                inbox.clear();
                backlog.clear();
                command(cmd, param1);
                result = awaitAck(cmd).result().entry();
                if (result == MavResult.MAV_RESULT_ACCEPTED) {
                    return result;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline
                    && (result == MavResult.MAV_RESULT_DENIED || result == MavResult.MAV_RESULT_TEMPORARILY_REJECTED));
            return result;
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
