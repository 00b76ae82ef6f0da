package org.hoverla.sim.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.hoverla.core.time.SystemClock;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.report.FlightReport;
import org.hoverla.sim.report.FlightTrace;
import org.hoverla.sim.scenario.DemoFlight;
import org.hoverla.sim.simapi.SimulatorApiLockstep;
import org.hoverla.sim.simapi.SimulatorApiServer;
import picocli.CommandLine;

/**
 * {@code ./hoverla sim --demo --simulator-api[=PORT]}: the demo flight with the world and the
 * vehicle on the two ends of PX4's simulator MAVLink API over loopback TCP (the simulator listens
 * on PORT, 4560 by default; the vehicle connects), in lockstep and as fast as the machine allows.
 * The summary has the in-process demo's keys plus the step round trip ({@code step_rtt_p50_us},
 * {@code step_rtt_p99_us}, {@code step_rtt_max_us}) and a {@code simulator_api} block of counters.
 */
final class SimulatorApiDemo {
    /** How long one step waits for the vehicle's answer before the run is declared stalled. */
    static final long ANSWER_TIMEOUT_NS = 5_000_000_000L;

    private SimulatorApiDemo() {
    }

    static int run(SimCommand cmd) throws IOException {
        CommandLine cl = cmd.spec.commandLine();
        int port = cmd.simulatorApiPort;
        if (!cmd.demo) {
            throw new CommandLine.ParameterException(cl, "--simulator-api needs --demo");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(cl, "--simulator-api port must be 0..65535, not " + port);
        }
        if (cmd.speedup != null || !cmd.mavlink.isEmpty() || cmd.paramsFile != null) {
            throw new CommandLine.ParameterException(cl,
                    "--simulator-api runs the demo in lockstep at full speed without links or a parameter file: "
                            + "drop --speedup, --mavlink and --params");
        }
        double duration = cmd.durationS != null ? cmd.durationS : 120.0;
        if (!(duration >= 1.0 && duration <= 86_400.0)) {
            throw new CommandLine.ParameterException(cl, "--duration must be between 1 and 86400 seconds, not " + duration);
        }
        PrintWriter out = cl.getOut();
        SimConfig config = cmd.sim.toConfig(cl);
        boolean quiet = cmd.quiet;
        SimulatorApiLockstep sim;
        try {
            sim = new SimulatorApiLockstep(config, SystemClock.INSTANCE,
                    store -> SimOptions.applyParams(store, cmd.sim.params, cl),
                    InetAddress.getLoopbackAddress(), port, ANSWER_TIMEOUT_NS, line -> {
                        if (!quiet) {
                            out.println(line);
                            out.flush();
                        }
                    });
        } catch (IOException e) {
            out.println("simulator API: cannot start on port " + port + ": " + e.getMessage());
            out.flush();
            return HoverlaMain.EXIT_FAILURE;
        }
        try (sim) {
            // --param overrides win over the site declination, as in the in-process demo.
            SimOptions.applyParams(sim.params(), cmd.sim.params, cl);
            out.printf("Hoverla simulator API demo: seed %d, home %.5f,%.5f,%.1f m, wind %.1f m/s from %.0f deg, "
                            + "world on TCP 127.0.0.1:%d, vehicle connected%n", config.seed, config.homeLatDeg,
                    config.homeLonDeg, config.homeAltM, config.windSpeedMps, config.windFromDeg, sim.server().port());
            DemoFlight flight = new DemoFlight(sim, 10.0, 20.0, duration, (phase, t, detail) -> {
                if (!quiet) {
                    out.printf("[%7.2f s] %-10s %s%n", t, phase, detail);
                    out.flush();
                }
            });
            FlightTrace tracer = cmd.trace == null ? null : new FlightTrace(sim, cmd.trace, 20.0);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long vehicleAlloc0 = sim.vehicleSide().link().allocatedBytes();
            long simulatorAlloc0 = threads.getCurrentThreadAllocatedBytes();
            long steps0 = sim.server().steps();
            long wallStart = System.nanoTime();
            double nextProgressS = 5.0;
            String linkFailure = null;
            try {
                while (flight.step()) {
                    if (tracer != null) {
                        tracer.sample();
                    }
                    double t = sim.timeS();
                    if (!quiet && t >= nextProgressS) {
                        out.printf("[%7.2f s] altitude %6.2f m, speed %5.2f m/s%n", t,
                                -sim.vehicle().positionNed().z, sim.vehicle().velocityNed().norm());
                        out.flush();
                        nextProgressS += 5.0;
                    }
                }
            } catch (IllegalStateException e) {
                linkFailure = e.getMessage();
            }
            double wallS = (System.nanoTime() - wallStart) * 1e-9;
            long flownSteps = Math.max(1, sim.server().steps() - steps0);
            long vehicleAlloc1 = sim.vehicleSide().link().allocatedBytes();
            long simulatorAllocPerStep = (threads.getCurrentThreadAllocatedBytes() - simulatorAlloc0) / flownSteps;
            Long vehicleAllocPerStep = vehicleAlloc0 < 0 || vehicleAlloc1 < 0 ? null
                    : (vehicleAlloc1 - vehicleAlloc0) / flownSteps;
            if (tracer != null) {
                tracer.close();
                out.println("Trace written to " + cmd.trace);
            }
            FlightReport report = FlightReport.of(sim, flight, wallS);
            if (linkFailure != null) {
                report.fields().put("result", "failed");
                report.fields().put("failure", linkFailure);
            }
            SimulatorApiServer server = sim.server();
            Histogram rtt = server.roundTripUs();
            Map<String, Object> f = report.fields();
            f.put("step_rtt_p50_us", rtt.getTotalCount() == 0 ? null : rtt.getValueAtPercentile(50));
            f.put("step_rtt_p99_us", rtt.getTotalCount() == 0 ? null : rtt.getValueAtPercentile(99));
            f.put("step_rtt_max_us", rtt.getTotalCount() == 0 ? null : rtt.getMaxValue());
            Map<String, Object> api = new LinkedHashMap<>();
            api.put("port", server.port());
            api.put("steps", server.steps());
            api.put("answers", server.answers());
            api.put("stalls", server.stalls());
            api.put("stale_answers", server.staleAnswers());
            api.put("bad_frames_from_vehicle", server.badFrames());
            api.put("vehicle_cycles", sim.vehicleCycles());
            api.put("vehicle_dropped_samples", sim.vehicleSide().link().droppedSamples());
            api.put("vehicle_bad_frames", sim.vehicleSide().link().badFrames());
            api.put("vehicle_heartbeats", server.vehicleHeartbeats());
            // Garbage per step of the vehicle's link thread (decode, encode around the flight
            // cycle) and of the simulator's stepping thread (world, encode, decode, scenario).
            api.put("vehicle_thread_alloc_bytes_per_step", vehicleAllocPerStep);
            api.put("simulator_thread_alloc_bytes_per_step", simulatorAllocPerStep);
            f.put("simulator_api", api);
            out.print(report.humanSummary());
            out.printf("Simulator API: %d steps over TCP port %d, %d answered, %d stalled; step round trip p50 %s us, "
                            + "p99 %s us, max %s us; garbage per step: vehicle link thread %s B, simulator thread %d B%n",
                    server.steps(), server.port(), server.answers(), server.stalls(), f.get("step_rtt_p50_us"),
                    f.get("step_rtt_p99_us"), f.get("step_rtt_max_us"), vehicleAllocPerStep, simulatorAllocPerStep);
            if (cmd.json != null) {
                report.writeJson(cmd.json);
                out.println("Summary written to " + cmd.json);
            }
            out.flush();
            boolean ok = linkFailure == null && flight.phase() == DemoFlight.Phase.DONE && sim.vehicle().onGround()
                    && !sim.vehicle().crashed() && !sim.devices().motors.armed();
            return ok ? 0 : HoverlaMain.EXIT_FAILURE;
        }
    }
}
