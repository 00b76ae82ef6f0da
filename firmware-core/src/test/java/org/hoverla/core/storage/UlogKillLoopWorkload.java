package org.hoverla.core.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.log.FlightLogParams;
import org.hoverla.core.log.FlightLogRecorder;
import org.hoverla.core.log.FlightLogWriter;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.log.LogFormat;
import org.hoverla.core.log.LogRing;
import org.hoverla.core.log.LoggedTopic;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;

/**
 * The kill loop's flight log through the real logger: a {@link FlightLogRecorder} and
 * {@link FlightLogWriter} (invoked on the child's thread, as the lockstep simulator runs it) log a
 * {@code kill_loop} topic whose records carry the sequence number. The writer's flush clock
 * advances 1/8 s per record with SDLOG_FSYNC_S 1 s, so it forces every eight records, as the stand-in
 * did. After a kill, every log must read with {@link UlogReader} with no damage but a cut-off last
 * message, and hold every record the child reported forced.
 */
public final class UlogKillLoopWorkload implements KillLoopLogWorkload {
    private static final long TICK_NS = 125_000_000L;

    /** One sample of the kill loop's topic. */
    static final class Seq {
        long timestampNs;
        long seq;

        void copyFrom(Seq o) {
            timestampNs = o.timestampNs;
            seq = o.seq;
        }
    }

    private FlightLogRecorder recorder;
    private FlightLogWriter writer;
    private Publication<Seq> publication;
    private final Seq sample = new Seq();
    private long nowNs = 1_000_000_000L;
    private long fsyncNs;

    @Override
    public void start(Path dir, int child) throws IOException {
        ParamStore store = new ParamStore();
        FlightLogParams params = new FlightLogParams(store);
        params.fsyncIntervalS.set(1.0);
        params.minFreeMb.set(0);
        params.maxLogs.set(0);
        Topic<Seq> topic = new Topic<>("kill_loop", new Seq(), Seq::copyFrom);
        publication = topic.advertise();
        recorder = new FlightLogRecorder(new LogRing(1 << 16), 64);
        recorder.addTopic(new LoggedTopic<>(LogFormat.of("kill_loop").u64("seq").build(), 0, topic.subscribe(),
                Seq::new, (m, o) -> o.putLong(m.timestampNs / 1000).putLong(m.seq), 0));
        Topic<VehicleStatus> status = new Topic<>("vehicle_status", new VehicleStatus(), VehicleStatus::copyFrom);
        VehicleStatus armed = new VehicleStatus();
        armed.armingState = ArmingState.ARMED;
        status.advertise().publish(armed);
        writer = new FlightLogWriter(recorder, new LogDirectory(dir), params, store, status.subscribe(), null,
                Map.of("sys_name", "Hoverla", "kill_loop_child", Integer.toString(child)), () -> nowNs,
                () -> fsyncNs, Clock.systemUTC(), (severity, text) -> { });
        writer.doWork();
        if (writer.state() != FlightLogWriter.State.LOGGING) {
            throw new IOException("the flight log did not start: " + writer.lastProblem());
        }
    }

    @Override
    public boolean record(long seq) throws IOException {
        nowNs += 1_000_000L;
        fsyncNs += TICK_NS;
        sample.timestampNs = nowNs;
        sample.seq = seq;
        publication.publish(sample);
        recorder.run(nowNs);
        long forcesBefore = writer.forces();
        writer.doWork();
        if (writer.state() != FlightLogWriter.State.LOGGING) {
            throw new IOException("the flight log stopped: " + writer.lastProblem());
        }
        // The writer moves the whole ring to the file before it forces: a force now covers seq.
        return writer.forces() > forcesBefore;
    }

    @Override
    public long highestDurable(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long highest = 0;
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(dir)) {
            logs = walk.filter(p -> p.getFileName().toString().endsWith(".ulg")).toList();
        }
        for (Path log : logs) {
            UlogFile f = UlogReader.read(log);
            for (String problem : f.problems()) {
                // A kill can cut the last message short; anything else is damage.
                if (!problem.startsWith("file truncated:")) {
                    throw new IOException(log + ": " + problem);
                }
            }
            if (f.info().get("sys_name") == null || f.topic("kill_loop", 0).isEmpty()) {
                throw new IOException(log + ": a log without its definitions (" + f.problems() + ")");
            }
            for (double s : f.topic("kill_loop", 0).get().column("seq")) {
                highest = Math.max(highest, (long) s);
            }
        }
        return highest;
    }
}
