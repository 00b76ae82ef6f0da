package org.hoverla.sim.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hoverla.core.mavlink.link.LinkEndpoint;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.sched.DedicatedLoopRunner;
import org.hoverla.mission.MissionPlan;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.realtime.MavlinkLoadClient;
import org.hoverla.sim.realtime.RealtimeSim;
import org.hoverla.sim.realtime.TimingWitness;
import org.hoverla.sim.report.FlightReport;
import org.hoverla.sim.scenario.DemoFlight;
import org.hoverla.sim.scenario.MissionFlight;

/**
 * {@code ./hoverla sim --realtime}: the vehicle runtime as on hardware (flight thread in dedicated
 * mode on the system clock) against the simulated world on this thread, in real time
 * ({@link RealtimeSim}); the demo, a mission, or the demo then a mission flown again while time
 * remains ({@code --then-mission}); optionally a busy ground station in the process
 * ({@code --mavlink-load}); the summary adds the timing evidence ({@link TimingWitness}).
 * See docs/realtime-sitl.md.
 */
final class RealtimeSimRun {
    /** Boot, class loading and the first JIT: not counted in the allocation and timing figures. */
    static final double WARMUP_S = 3.0;
    /** Margin kept before the end of the run when deciding whether one more mission fits. */
    private static final double MISSION_MARGIN_S = 15.0;

    private RealtimeSimRun() {
    }

    /**
     * @param mission     the plan for {@code --mission}, or the {@code --then-mission} plan (null for none)
     * @param thenMission whether {@code mission} follows the demo and repeats while time remains
     * @return the exit status
     */
    static int run(SimCommand c, SimConfig config, ParamFile paramFile, List<String> linkSpecs, MissionPlan mission,
                   boolean thenMission, double duration, boolean mavlinkLoad, PrintWriter out) throws IOException {
        boolean quiet = c.quiet;
        List<String> links = new ArrayList<>(linkSpecs);
        int loadPort = 0;
        if (mavlinkLoad) {
            loadPort = MavlinkLoadClient.freePort();
            links.add("udpin:127.0.0.1:" + loadPort);
        }
        long rehearsalNs = System.nanoTime();
        String rehearsal = rehearse(config, mission);
        rehearsalNs = System.nanoTime() - rehearsalNs;
        if (!quiet) {
            out.printf("Rehearsal in lockstep before boot (loads the flight paths' classes and constants): %s in %.1f s%n",
                    rehearsal, rehearsalNs * 1e-9);
        }
        TimingWitness witness = new TimingWitness();
        RealtimeSim sim = new RealtimeSim(config, paramFile, store -> {
            SimOptions.applyParams(store, c.sim.params, c.spec.commandLine());
            if (c.systemId != null) {
                store.set("MAV_SYS_ID", c.systemId);
            }
        }, out::println);
        // --param wins over the site declination, as in the lockstep simulator.
        SimOptions.applyParams(sim.runtime().store(), c.sim.params, c.spec.commandLine());
        if (c.logDir != null) {
            sim.runtime().startFlightLog(new org.hoverla.core.log.LogDirectory(c.logDir), java.util.Map.of(
                    "sys_board", "SITL (real time)", "ver_hw", "SITL", "sim_seed", Long.toString(config.seed)), true);
        }
        MavlinkLoadClient load = null;
        DemoFlight demo = null;
        MissionFlight lastMission = null;
        int missionsFlown = 0;
        int missionsOk = 0;
        boolean failed = false;
        String failure = "";
        long wallStart = System.nanoTime();
        long logThreadCpuNs = -1;
        try {
            if (!links.isEmpty()) {
                // The signing key beside the parameter file, as the lockstep SITL keeps it (docs/mavlink-signing.md).
                sim.runtime().signingKeyFile(paramFile == null ? null : paramFile.path()
                        .resolveSibling("sitl-" + org.hoverla.core.mavlink.signing.SigningKeyStore.KEY_FILE));
                for (LinkEndpoint e : sim.runtime().startMavlink(links, SimCommand.identityAtBoot(sim), PlanStore.NONE,
                        null)) {
                    if (!quiet) {
                        out.println("MAVLink: " + e.name());
                    }
                }
            }
            out.printf("Hoverla SITL in real time: flight thread in dedicated mode on the system clock, physics on "
                            + "thread '%s' at 1 kHz; seed %d, home %.5f,%.5f,%.1f m, %s%n", Thread.currentThread().getName(),
                    config.seed, config.homeLatDeg, config.homeLonDeg, config.homeAltM,
                    Double.isInfinite(duration) ? "until interrupted" : "at most " + duration + " s");
            out.flush();
            DedicatedLoopRunner runner = sim.start();
            out.println(sim.preload().summary());
            if (mavlinkLoad) {
                load = new MavlinkLoadClient(loadPort, sim.runtime().params().mavSystemId.get());
            }
            boolean wantDemo = c.demo;
            if (wantDemo) {
                demo = new DemoFlight(sim, 10.0, 20.0, duration, (phase, t, detail) -> {
                    if (!quiet) {
                        out.printf("[%7.2f s] %-10s %s%n", t, phase, detail);
                        out.flush();
                    }
                });
            }
            MissionFlight missionFlight = mission != null && !thenMission ? new MissionFlight(sim, mission, duration) : null;
            double missionStartS = 0.0;
            double lastMissionS = 0.0;
            double nextProgressS = 5.0;
            while (true) {
                if (!witness.warmedUp() && sim.timeS() >= WARMUP_S) {
                    witness.endWarmup(runner.thread(), sim.scheduler(), sim.cycles());
                }
                if (demo != null && demo.phase() != DemoFlight.Phase.DONE) {
                    if (!demo.step()) {
                        if (demo.phase() != DemoFlight.Phase.DONE) {
                            failed = true;
                            failure = "demo: " + demo.failure();
                            break;
                        }
                        if (mission == null) {
                            break;
                        }
                    }
                } else if (missionFlight != null) {
                    if (!missionFlight.step()) {
                        missionsFlown++;
                        lastMission = missionFlight;
                        lastMissionS = sim.timeS() - missionStartS;
                        missionFlight = null;
                        if (!lastMission.missionComplete()) {
                            failed = true;
                            failure = "mission " + missionsFlown + ": " + lastMission.failure();
                            break;
                        }
                        missionsOk++;
                        if (!quiet) {
                            out.printf("[%7.2f s] mission %d complete in %.1f s%n", sim.timeS(), missionsFlown, lastMissionS);
                        }
                        if (!thenMission) {
                            break;
                        }
                    }
                } else if (thenMission && mission != null
                        && (missionsFlown == 0 || sim.timeS() + lastMissionS + MISSION_MARGIN_S < duration)) {
                    missionStartS = sim.timeS();
                    missionFlight = nextMission(sim, mission, duration, missionsFlown);
                    if (!quiet) {
                        out.printf("[%7.2f s] mission %d: uploaded, flying%n", sim.timeS(), missionsFlown + 1);
                    }
                } else {
                    if (sim.timeS() >= duration) {
                        break;
                    }
                    sim.step();
                }
                double t = sim.timeS();
                if (sim.steps() % 100 == 0) {
                    witness.poll(t);
                }
                if (!quiet && t >= nextProgressS) {
                    out.printf("[%7.2f s] altitude %6.2f m, speed %5.2f m/s, flight cycles %d%s%n", t,
                            -sim.vehicle().positionNed().z, sim.vehicle().velocityNed().norm(), sim.scheduler().cycles(),
                            load == null ? "" : ", GCS load " + load.counters());
                    out.flush();
                    nextProgressS += 30.0;
                }
            }
            witness.finish();
        } finally {
            if (load != null) {
                load.close();
            }
            Thread logThread = sim.runtime().flightLogThread();
            if (logThread != null) {
                logThreadCpuNs = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(logThread.getId());
            }
            sim.close();
            witness.close();
        }
        double wallS = (System.nanoTime() - wallStart) * 1e-9;
        FlightReport report = FlightReport.of(sim, demo, wallS);
        if (lastMission != null) {
            report.addMission(lastMission);
        }
        Map<String, Object> f = report.fields();
        if (demo != null && mission != null) {
            f.put("scenario", thenMission ? "demo+missions" : "demo+mission");
        }
        f.put("result", failed ? "failed" : "ok");
        f.put("failure", failure);
        f.put("missions_flown", missionsFlown);
        f.put("missions_complete", missionsOk);
        Map<String, Object> rt = witness.figures(sim.scheduler(), sim.cycles());
        rt.put("rehearsal", rehearsal);
        rt.put("preloaded_classes", sim.preload() == null ? null : sim.preload().loaded());
        rt.put("preload_failed_classes", sim.preload() == null ? null : sim.preload().failed());
        rt.put("preload_ms", sim.preload() == null ? null : sim.preload().elapsedNs() / 1_000_000L);
        rt.put("preload_string_constants", sim.preload() == null || !sim.preload().strings().available() ? null
                : sim.preload().strings().strings());
        rt.put("physics_steps", sim.steps());
        rt.put("physics_max_behind_us", Math.round(sim.maxPhysicsBehindNs() / 1e3 * 1000.0) / 1000.0);
        rt.put("motor_updates", sim.handoff().motorUpdates());
        rt.put("imu_samples_published", sim.handoff().imu.published());
        if (load != null) {
            rt.put("mavlink_load", load.counters());
        }
        org.hoverla.core.log.FlightLogWriter log = sim.runtime().flightLog();
        if (log != null) {
            Map<String, Object> lf = new java.util.LinkedHashMap<>();
            double loggedS = log.loggedFlightNs() * 1e-9;
            lf.put("logs", log.logsWritten());
            lf.put("bytes", log.totalBytes());
            lf.put("logged_flight_s", Math.round(loggedS * 10.0) / 10.0);
            lf.put("bytes_per_s", loggedS > 0 ? Math.round(log.totalBytes() / loggedS) : null);
            lf.put("log_thread_cpu_ms", logThreadCpuNs < 0 ? null : logThreadCpuNs / 1_000_000L);
            lf.put("log_thread_cpu_pct_of_wall", logThreadCpuNs < 0 ? null
                    : Math.round(logThreadCpuNs / 1e9 / wallS * 1e4) / 100.0);
            lf.put("records", sim.stack().logRecorder().writtenRecords());
            lf.put("records_dropped", sim.stack().logRecorder().droppedRecords());
            lf.put("fsyncs", log.forces());
            lf.put("fsync_mean_us", log.forces() == 0 ? null : log.forceNsTotal() / log.forces() / 1000L);
            lf.put("fsync_max_us", log.forceNsMax() / 1000L);
            lf.put("problem", log.lastProblem());
            rt.put("flight_log", lf);
        }
        f.put("realtime", rt);
        out.print(report.humanSummary());
        out.print(humanTiming(rt));
        if (c.json != null) {
            report.writeJson(c.json);
            out.println("Summary written to " + c.json);
        }
        out.flush();
        long alloc = (Long) rt.get("flight_thread_allocated_bytes");
        if (alloc > 0) {
            out.println("FAILED: the flight thread allocated " + alloc + " bytes after warm-up (must be 0)");
            failed = true;
        }
        boolean landedSafe = sim.vehicle().onGround() && !sim.devices().motors.armed() && !sim.vehicle().crashed();
        return !failed && landedSafe ? 0 : HoverlaMain.EXIT_FAILURE;
    }

    /**
     * Flies the demo (and the mission, when there is one) in lockstep, at full speed, on a
     * throw-away vehicle before the real one boots. Java resolves a class's string constants and
     * loads the classes of a code path the first time the path runs; without this, the real-time
     * flight thread does it on its first arming, takeoff and landing (about 1.5 KB allocated once,
     * measured; the class preload removes the rest). A real vehicle gets the class preload only.
     *
     * @return what was rehearsed and how it ended
     */
    static String rehearse(SimConfig config, MissionPlan mission) {
        // The same site (the world fills the same derived fields into the config).
        org.hoverla.sim.lockstep.LockstepSim lockstep = new org.hoverla.sim.lockstep.LockstepSim(config);
        DemoFlight d = new DemoFlight(lockstep, 10.0, 2.0, 120.0, null);
        while (d.step()) {
            // at full speed
        }
        String result = "demo " + d.phase();
        if (mission != null) {
            MissionFlight m = new MissionFlight(lockstep, mission, lockstep.timeS() + 1800.0);
            while (m.step()) {
                // at full speed
            }
            result += ", mission " + (m.missionComplete() ? "complete" : "not complete: " + m.failure());
        }
        return result;
    }

    /**
     * A mission flight of {@code plan}; from the second on, the mission is first set back to its
     * first item (as MISSION_SET_CURRENT 0 from a ground station), since uploading the same plan
     * again leaves the finished mission where it ended.
     */
    static MissionFlight nextMission(org.hoverla.sim.lockstep.FlightLoop sim, MissionPlan plan, double timeoutS,
                                     int flown) {
        if (flown > 0) {
            sim.stack().bus().missionSetCurrent.set(0);
        }
        return new MissionFlight(sim, plan, timeoutS);
    }

    static String humanTiming(Map<String, Object> rt) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Real time (after %.0f s warm-up, over %s s): flight-thread allocation %s bytes; "
                        + "GC pauses %s, longest %s ms (total %s ms); safepoints %s, longest %s us (%s)%n", WARMUP_S,
                rt.get("measured_s"), rt.get("flight_thread_allocated_bytes"), rt.get("gc_pauses"),
                rt.get("gc_max_pause_ms"), rt.get("gc_total_pause_ms"), rt.get("safepoints"), rt.get("safepoint_max_us"),
                rt.get("safepoint_longest_operation")));
        if (!((List<?>) rt.get("flight_thread_allocations_seen")).isEmpty()) {
            b.append(String.format("  flight-thread allocation seen at: %s%n", rt.get("flight_thread_allocations_seen")));
        }
        b.append(String.format("  flight loop (%s, %s us): deadline misses %s (scheduler slips), max lateness %s us; "
                        + "longest stall %s us (cycle start to cycle start); late cycles %s, of them during a GC "
                        + "pause %s, during a safepoint %s %s; overruns %s%n", rt.get("base_task"), rt.get("base_period_us"),
                rt.get("deadline_misses"), rt.get("max_lateness_us"), rt.get("longest_stall_us"), rt.get("late_cycles"),
                rt.get("late_cycles_during_gc"), rt.get("late_cycles_during_safepoint"),
                rt.get("late_cycles_during_safepoint_by_operation"), rt.get("overruns")));
        b.append(String.format("  physics: %s steps, at most %s us behind the wall clock; heap used at the end %s MB; "
                + "allocation by thread %s%n", rt.get("physics_steps"), rt.get("physics_max_behind_us"),
                rt.get("heap_used_mb"), rt.get("allocation_by_thread")));
        if (rt.containsKey("mavlink_load")) {
            b.append(String.format("  ground-station load: %s%n", rt.get("mavlink_load")));
        }
        if (rt.get("flight_log") instanceof Map<?, ?> lf) {
            b.append(String.format("  flight log: %s log(s), %s bytes over %s s of logged flight (%s bytes/s); log thread "
                            + "CPU %s ms (%s %% of the run); records %s, dropped %s; fsync %s times, mean %s us, max %s us%s%n",
                    lf.get("logs"), lf.get("bytes"), lf.get("logged_flight_s"), lf.get("bytes_per_s"),
                    lf.get("log_thread_cpu_ms"), lf.get("log_thread_cpu_pct_of_wall"), lf.get("records"),
                    lf.get("records_dropped"), lf.get("fsyncs"), lf.get("fsync_mean_us"), lf.get("fsync_max_us"),
                    "".equals(lf.get("problem")) ? "" : "; problem: " + lf.get("problem")));
        }
        return b.toString();
    }
}
