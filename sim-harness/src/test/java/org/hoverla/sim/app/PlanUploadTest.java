package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.plan.PlanFiles;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.junit.jupiter.api.Test;
import org.hoverla.testdata.TestData;

/**
 * {@code ./hoverla plan upload} against a real SITL in this JVM: the lockstep simulator stepped
 * at real time in a background thread, its MAVLink interface (with the mission service) on
 * loopback UDP ports, exactly as {@code ./hoverla sim} wires it.
 */
class PlanUploadTest {
    /** A file of the real test-data set: verified, or the test is skipped without the set. */
    private static Path data(String name) {
        return TestData.file("missions/" + name);
    }

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "plan";
        System.arraycopy(args, 0, full, 1, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldUploadTheQgcSampleToARunningSitlOverBothUdpDirections() throws Exception {
        // Given a SITL at the sample's planned home that sends to a ground-station port (as
        // './hoverla sim' sends to 14550) and also listens on a port of its own
        Path file = data("qgroundcontrol_sample.plan");
        MissionPlan expected = PlanFiles.read(file).plan();
        SimConfig config = new SimConfig();
        config.homeLatDeg = 47.3977507;
        config.homeLonDeg = 8.5456075;
        config.homeAltM = 488.93;
        LockstepSim sim = new LockstepSim(config);
        int gcsPort = freeUdpPort();
        int vehiclePort = freeUdpPort();
        var gnssSub = sim.stack().bus().gnssRaw.subscribe();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread simThread = new Thread(() -> runRealTime(sim, running), "sitl-flight");
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(
                VehicleIdentity.fromManifest(1, VehicleIdentity.Frame.QUAD_X, 42), sim.stack().bus(), sim.params(),
                ParamPersistence.NONE, sim.clock(), gnssSub::copy, null,
                new PlanInstaller(sim.stack().bus(), sim.stack().params()), PlanStore.NONE)) {
            mav.start(List.of("udp:127.0.0.1:" + gcsPort, "udpin:127.0.0.1:" + vehiclePort));
            simThread.start();

            // When the uploader listens where the vehicle sends (the default's direction)
            int status = run("upload", file.toString(), "--to", "udpin:127.0.0.1:" + gcsPort);

            // Then all three types are accepted and the vehicle flies exactly the file's items
            assertThat(status).as("exit status; stdout %s; stderr %s", out, err).isZero();
            assertThat(out.toString()).isEqualTo("mission: 6 items accepted\nfence: 0 items accepted\n"
                    + "rally: 0 items accepted\n");
            assertThat(err.toString()).isEmpty();
            MissionPlan onBoard = sim.stack().bus().missionPlan.get();
            assertThat(wire(onBoard.mission())).isEqualTo(wire(expected.mission()));
            assertThat(onBoard.mission()).extracting(MissionItem::command).containsExactly(22, 16, 2000, 16, 16, 20);
            assertThat(onBoard.fence()).isEmpty();
            assertThat(onBoard.rally()).isEmpty();

            // When the uploader sends to the port the vehicle listens on (it heartbeats first)
            // after the vehicle's plan was cleared
            assertThat(mav.missions().replacePlan(MissionPlan.EMPTY).accepted()).isTrue();
            status = run("upload", file.toString(), "--to", "udp:127.0.0.1:" + vehiclePort);

            // Then the same
            assertThat(status).as("exit status; stdout %s; stderr %s", out, err).isZero();
            assertThat(out.toString()).startsWith("mission: 6 items accepted\n");
            assertThat(wire(mav.missions().plan().mission())).isEqualTo(wire(expected.mission()));
        } finally {
            running.set(false);
            if (simThread.isAlive()) {
                simThread.join(10_000);
            }
        }
    }

    @Test
    void shouldGiveUpWithOneLineWhenNoVehicleIsHeard() throws Exception {
        // Given nothing sends to the port
        int port = freeUdpPort();

        // When uploading with a short wait
        int status = run("upload", data("qgroundcontrol_sample.plan").toString(), "--to",
                "udpin:127.0.0.1:" + port, "--timeout", "0.3");

        // Then exit 1 and one line naming the link
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("plan upload: no vehicle heard on udpin:127.0.0.1:" + port + " within 0.3 s\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseAPlanHoverlaCannotFlyBeforeAnyNetwork() {
        // Given MAVSDK's Mission Planner sample (AMSL altitudes, no home), When uploading
        String file = data("mission_planner_sample.txt").toString();
        int status = run("upload", file, "--to", "udpin:127.0.0.1:9");

        // Then exit 2 with the validator's one line
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith(file + ": mission item 0: altitude 15 m above mean sea level")
                .endsWith("(MAV_MISSION_INVALID_PARAM7)\n").hasLineCount(1);
    }

    @Test
    void shouldRefuseABadLinkWithOneLine() {
        assertThat(run("upload", data("qgroundcontrol_sample.plan").toString(), "--to", "tcp:5760"))
                .isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1).contains("--to tcp:5760");
        assertThat(run("upload", data("qgroundcontrol_sample.plan").toString(), "--to", "udp:nowhere"))
                .isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1).contains("--to link 'udp:nowhere'");
    }

    /** The fields MISSION_ITEM_INT carries, per item, as text (floats by their bits via Float.toString). */
    private static List<String> wire(List<MissionItem> items) {
        return items.stream().map(it -> it.seq() + " " + it.frame() + " " + it.command() + " " + it.autocontinue()
                + " " + it.param1() + " " + it.param2() + " " + it.param3() + " " + it.param4() + " " + it.x() + " "
                + it.y() + " " + it.z()).toList();
    }

    /** Steps the simulator paced to real time (the flight thread of './hoverla sim --speedup 1'). */
    private static void runRealTime(LockstepSim sim, AtomicBoolean running) {
        long start = System.nanoTime();
        long step = 0;
        while (running.get()) {
            long due = start + step * SimConfig.STEP_NS;
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
            }
            sim.step();
            step++;
        }
    }
}
