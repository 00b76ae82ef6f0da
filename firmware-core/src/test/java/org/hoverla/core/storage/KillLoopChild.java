package org.hoverla.core.storage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hoverla.core.calibration.ParamCalibrationStore;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.unit.UnitRecords;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;

/**
 * The process {@link KillLoopIT} kills: saves state through the vehicle's real save paths in a
 * loop, each save carrying a larger sequence number, and says on standard output when each is
 * durable. Protocol: {@code ready} once warmed up (one round in a scratch directory, on tmpfs
 * where there is one so it costs no disk time), then on a {@code go CHILD} line from standard input it loads the parameter file as
 * a boot does and loops, printing {@code durable params N}, {@code durable mission N},
 * {@code durable calibration N} after each save returns and {@code flushed log N} after each
 * force of the log. Sequence numbers are {@code CHILD * 10_000 + i} (exact in the mission's float field), so they grow across
 * children. Any failure prints {@code error ...} and exits 1.
 */
public final class KillLoopChild {
    /** The parameter the parameter save changes: added to the real set, like any other. */
    static final String SEQ_PARAM = "KILL_SEQ";
    /** The calibration value that carries the sequence (a real calibration writes its date there). */
    static final String CAL_SEQ_PARAM = "CAL_ACC0_DATE";
    static final long CHILD_STRIDE = 10_000;

    private final Path dir;
    private final PrintStream out;
    private final ParamStore store = new ParamStore();
    private final ParamFile paramFile;
    private final PlanStore plans;
    private final ParamCalibrationStore calibration;
    private final Path record;
    private final KillLoopLogWorkload log = KillLoopLogWorkload.create();
    private static final UnitIdentity UNIT = new UnitIdentity(0x21356dda8276L, "bench-fake", "boards/bench-fake.yaml", "",
            List.of());

    KillLoopChild(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
        new FlightParams(store);
        store.addInt(SEQ_PARAM, 0, 0, Integer.MAX_VALUE, "", "kill-loop test: the sequence of the last parameter save");
        paramFile = new ParamFile(paramsPath(dir));
        plans = VehicleMissionPorts.file(planPath(dir));
        calibration = new ParamCalibrationStore(store, paramFile);
        record = UnitRecords.defaultFile(dir);
    }

    static Path paramsPath(Path dir) {
        return dir.resolve("params.txt");
    }

    static Path planPath(Path dir) {
        return dir.resolve("mission.plan");
    }

    static Path logDir(Path dir) {
        return dir.resolve("log");
    }

    /** A three-waypoint mission whose first hold time (param1, seconds) carries {@code seq}. */
    static MissionPlan plan(long seq) {
        return new MissionPlan(List.of(
                new MissionItem(0, 3, 16, false, true, (float) seq, 0f, 0f, Float.NaN, 473977507, 85456075, 10f,
                        MissionType.MISSION),
                new MissionItem(1, 3, 16, false, true, 0f, 0f, 0f, Float.NaN, 473978507, 85457075, 12f,
                        MissionType.MISSION),
                new MissionItem(2, 3, 16, false, true, 0f, 0f, 0f, Float.NaN, 473979507, 85458075, 14f,
                        MissionType.MISSION)), List.of(), List.of());
    }

    /** Boots as the vehicle does: the parameter file loaded (so a save keeps what earlier children saved). */
    void boot(int child) throws IOException {
        paramFile.load(store);
        log.start(logDir(dir), child);
    }

    /** One round: a parameter save, a mission save, a calibration (parameters + unit record), log records. */
    void round(long seq, long[] logSeq) throws IOException {
        store.find(SEQ_PARAM).set(seq);
        paramFile.save(store);
        out.println("durable params " + seq);
        out.flush();

        plans.save(plan(seq));
        out.println("durable mission " + seq);
        out.flush();

        calibration.write(Map.of(CAL_SEQ_PARAM, (double) seq, "CAL_ACC0_XOFF", (seq % 100) * 0.001));
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("kind", "accel");
        payload.put("seq", seq);
        UnitRecords.append(record, UnitRecords.entry("calibration", UNIT, store, "kill-loop", payload));
        out.println("durable calibration " + seq);
        out.flush();

        for (int i = 0; i < 2 * AppendOnlyLogStandIn.FLUSH_EVERY; i++) {
            long s = ++logSeq[0];
            if (log.record(s)) {
                out.println("flushed log " + s);
                out.flush();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try {
            // Every class loaded before the parent's clock starts, so the kills land in the saves.
            KillLoopChild warm = new KillLoopChild(scratch.resolve("warm-" + ProcessHandle.current().pid()),
                    new PrintStream(OutputStream.nullOutputStream()));
            warm.boot(0);
            warm.round(1, new long[] {0});
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String go = in.readLine();
            if (go == null || !go.startsWith("go ")) {
                return; // the parent is done with this spare child
            }
            int child = Integer.parseInt(go.substring(3).trim());
            KillLoopChild c = new KillLoopChild(dir, out);
            c.boot(child);
            long base = child * CHILD_STRIDE;
            long[] logSeq = {base};
            for (long i = 1; i < CHILD_STRIDE; i++) {
                c.round(base + i, logSeq);
            }
        } catch (IOException | RuntimeException e) {
            out.println("error " + e);
            out.flush();
            System.exit(1);
        }
    }
}
