package org.hoverla.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.unit.UnitRecords;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.mission.MissionPlan;
import org.hoverla.storage.AtomicFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, shown: a child JVM ({@link KillLoopChild}) saves parameters, a mission and
 * calibrations through the vehicle's real save paths and writes a flight log
 * ({@link KillLoopLogWorkload}), and is killed with SIGKILL at seeded-random moments
 * 100 times (the default of {@code -Dhoverla.killloop.kills}). After every kill each file is read with its real reader: none may be
 * unreadable, and each must hold at least the sequence number the child last reported durable
 * (flushed, for the log) and nothing the child had not yet started to save.
 *
 * <p>The child's standard output is the clock: a kill follows the child's Nth line, N seeded
 * random, so no wall-clock sleep decides anything. The next {@value #SPARES} children start and
 * warm up (one round in a scratch directory) while the current one runs, so JVM start-up does not
 * add up.
 */
class KillLoopIT {
    static final int KILLS = Integer.getInteger("hoverla.killloop.kills", 100);
    /** Children started ahead, so start-up overlaps the current child's saves. */
    static final int SPARES = 2;
    /** A kill follows the child's line 1..this (5 lines a round). */
    static final int MAX_LINES_BEFORE_KILL = 15;
    static final long SEED = 15L;

    @TempDir
    Path tmp;
    private final List<Process> children = new ArrayList<>();
    private Path scratch;

    @AfterEach
    void killAll() throws IOException {
        for (Process p : children) {
            p.destroyForcibly();
        }
        if (scratch != null && !scratch.startsWith(tmp)) {
            try (var files = Files.walk(scratch)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Where children warm up: tmpfs when there is one (no disk time), else the test's directory. */
    private Path scratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "hoverla-killloop-");
        }
        return Files.createDirectories(tmp.resolve("scratch"));
    }

    /**
     * A child JVM, tuned for start-up (most of a child's life). No class-data archive: a dynamic
     * one refuses the class directories on the test class path.
     */
    private Process spawn(Path dir, Path stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx128m", "-Xlog:disable", "-cp", System.getProperty("java.class.path")));
        String log = System.getProperty(KillLoopLogWorkload.PROPERTY);
        if (log != null) {
            cmd.add("-D" + KillLoopLogWorkload.PROPERTY + "=" + log);
        }
        cmd.addAll(List.of(KillLoopChild.class.getName(), dir.toString(), scratch.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        children.add(p);
        return p;
    }

    private static String readLine(BufferedReader in, Process p, Path stderr) throws IOException {
        String line = in.readLine();
        if (line == null || line.startsWith("error")) {
            throw new AssertionError("child " + p.pid() + " stopped: " + line + "\n" + Files.readString(stderr));
        }
        return line;
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS) // a bound for a hung child; about 3 min on a loaded 2-core machine
    void shouldNeverLeaveAnUnreadableFileNorLoseADurableSave() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("state"));
        Random random = new Random(SEED);
        Map<String, Long> durable = new HashMap<>(Map.of("params", 0L, "mission", 0L, "calibration", 0L, "log", 0L));
        int filesChecked = 0;
        int leftoversSeen = 0;
        int tornRecordTails = 0;
        int[] killedAfterKind = new int[4];
        long started = System.nanoTime();
        long waitingReadyNs = 0;
        long runningNs = 0;
        long checkingNs = 0;

        scratch = scratch();
        java.util.ArrayDeque<Process> spares = new java.util.ArrayDeque<>();
        for (int k = 1; k <= Math.min(SPARES, KILLS); k++) {
            spares.add(spawn(dir, tmp.resolve("stderr-" + k + ".txt")));
        }
        for (int child = 1; child <= KILLS; child++) {
            Process p = spares.poll();
            Path stderr = tmp.resolve("stderr-" + child + ".txt");
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            assertThat(readLine(in, p, stderr)).isEqualTo("ready");
            long t1 = System.nanoTime();
            waitingReadyNs += t1 - t0;
            // Given the next children warming up while this one runs
            if (child + SPARES <= KILLS) {
                spares.add(spawn(dir, tmp.resolve("stderr-" + (child + SPARES) + ".txt")));
            }

            // When this child saves for a seeded-random number of lines, then is killed with SIGKILL
            BufferedWriter go = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            go.write("go " + child + "\n");
            go.flush();
            int lines = 1 + random.nextInt(MAX_LINES_BEFORE_KILL);
            Map<String, Long> thisChild = new HashMap<>();
            String last = "";
            for (int i = 0; i < lines; i++) {
                last = readLine(in, p, stderr);
                note(last, durable, thisChild);
            }
            // SIGKILL, as Process.destroyForcibly sends on Linux (both end in kill(pid, SIGKILL)), through the
            // handle because Process.destroyForcibly also closes our end of the pipe, losing lines already sent
            assertThat(p.toHandle().destroyForcibly()).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // The exit status of a process killed by signal 9 is 128 + 9
            assertThat(p.exitValue()).as("exit status of a SIGKILLed child").isEqualTo(137);
            children.remove(p);
            // What the child reported between the line that triggered the kill and its death counts too
            for (String more = in.readLine(); more != null; more = in.readLine()) {
                if (more.matches("(durable|flushed) [a-z]+ \\d+")) {
                    note(more, durable, thisChild);
                    last = more;
                }
            }
            long t2 = System.nanoTime();
            runningNs += t2 - t1;
            killedAfterKind[List.of("params", "mission", "calibration", "log").indexOf(last.split(" ")[1])]++;

            // Then every file reads with its real reader and holds at least what was reported durable
            long base = child * KillLoopChild.CHILD_STRIDE;
            checkParams(dir, "params", durable, thisChild, base);
            filesChecked += 2;
            leftoversSeen += AtomicFiles.leftovers(KillLoopChild.paramsPath(dir)).size()
                    + AtomicFiles.leftovers(KillLoopChild.planPath(dir)).size();
            MissionPlan plan = VehicleMissionPorts.file(KillLoopChild.planPath(dir)).load();
            filesChecked++;
            long mission = plan.mission().isEmpty() ? 0 : (long) plan.mission().get(0).param1();
            checkBounds("mission", mission, durable, thisChild, base);
            if (Files.exists(UnitRecords.defaultFile(dir))) {
                UnitRecords.Chain chain = UnitRecords.verify(UnitRecords.defaultFile(dir));
                filesChecked++;
                tornRecordTails += chain.tornTailBytes() > 0 ? 1 : 0;
                long recorded = 0;
                for (ObjectNode e : chain.entries()) {
                    recorded = Math.max(recorded, e.at("/payload/seq").asLong());
                }
                checkBounds("calibration", recorded, durable, thisChild, base);
            } else {
                assertThat(durable.get("calibration")).isZero();
            }
            long logged = KillLoopLogWorkload.create().highestDurable(KillLoopChild.logDir(dir));
            filesChecked += child; // one log per child so far
            assertThat(logged).as("log after kill %d", child).isGreaterThanOrEqualTo(durable.get("log"));
            checkingNs += System.nanoTime() - t2;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("kill loop: %d SIGKILLs (last line before the kill: params %d, mission %d, calibration %d,"
                        + " log %d), %d file reads checked, %d leftover temporary files seen, %d torn unit-record tails,"
                        + " %.1f s (waiting for a warm child %.1f s, children saving %.1f s, checking %.1f s);"
                        + " last durable: %s%n", KILLS, killedAfterKind[0], killedAfterKind[1], killedAfterKind[2],
                killedAfterKind[3], filesChecked, leftoversSeen, tornRecordTails, seconds, waitingReadyNs / 1e9, runningNs / 1e9, checkingNs / 1e9, durable);
    }

    /** Parameter file and backup: both sound; the file's KILL_SEQ and CAL_ACC0_DATE within bounds. */
    private static void note(String line, Map<String, Long> durable, Map<String, Long> thisChild) {
        String[] f = line.split(" ");
        String kind = f[1];
        long seq = Long.parseLong(f[2]);
        assertThat(seq).as(line).isGreaterThan(durable.get(kind));
        durable.put(kind, seq);
        thisChild.put(kind, seq);
    }

    private static void checkParams(Path dir, String kind, Map<String, Long> durable, Map<String, Long> thisChild, long base)
            throws IOException {
        ParamFile file = new ParamFile(KillLoopChild.paramsPath(dir));
        ParamStore store = new ParamStore();
        new FlightParams(store);
        store.addInt(KillLoopChild.SEQ_PARAM, 0, 0, Integer.MAX_VALUE, "", "kill-loop sequence");
        LoadResult r = file.load(store);
        if (durable.get(kind) > 0) {
            assertThat(r.source()).as("parameter file after a kill: %s", r.warnings()).isEqualTo(LoadResult.Source.FILE);
        }
        if (Files.exists(file.backupPath())) {
            ParamStore b = new ParamStore();
            new FlightParams(b);
            b.addInt(KillLoopChild.SEQ_PARAM, 0, 0, Integer.MAX_VALUE, "", "kill-loop sequence");
            assertThat(new ParamFile(file.backupPath()).load(b).source()).as("backup after a kill").isEqualTo(LoadResult.Source.FILE);
        }
        long seq = (long) store.find(KillLoopChild.SEQ_PARAM).doubleValue();
        checkBounds(kind, seq, durable, thisChild, base);
        long cal = (long) store.find(KillLoopChild.CAL_SEQ_PARAM).doubleValue();
        checkBounds("calibration", cal, durable, thisChild, base);
    }

    /**
     * At least the last durable save (nothing lost), at most the save the child may have been in
     * the middle of (the next one after its last durable save, or its first).
     */
    private static void checkBounds(String kind, long onDisk, Map<String, Long> durable, Map<String, Long> thisChild, long base) {
        assertThat(onDisk).as("%s on disk vs last durable", kind).isGreaterThanOrEqualTo(durable.get(kind));
        long inFlight = thisChild.containsKey(kind) ? thisChild.get(kind) + 1 : base + 1;
        assertThat(onDisk).as("%s on disk vs last attempted", kind).isLessThanOrEqualTo(Math.max(inFlight, durable.get(kind)));
    }
}
