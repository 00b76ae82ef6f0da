package org.hoverla.core.log;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.ParamStore;

/**
 * A flight log without a flight stack: one logged topic (vehicle_attitude, every publication), a
 * vehicle_status topic to arm and disarm, an event queue, parameters, and a clock the test moves.
 * {@link #step()} is one flight cycle; the writer works every {@code writerEvery} cycles.
 */
final class LogRig {
    final ParamStore store = new ParamStore();
    final FlightLogParams params = new FlightLogParams(store);
    final FloatParam gain = store.addFloat("TEST_GAIN", 1.0, 0.0, 10.0, "", "a parameter changed in flight");
    final Topic<VehicleStatus> status = new Topic<>("vehicle_status", new VehicleStatus(), VehicleStatus::copyFrom);
    final Publication<VehicleStatus> statusPub = status.advertise();
    final Topic<VehicleAttitude> attitude = new Topic<>("vehicle_attitude", new VehicleAttitude(),
            VehicleAttitude::copyFrom);
    final Publication<VehicleAttitude> attitudePub = attitude.advertise();
    final SpscQueue<VehicleEvent> events = new SpscQueue<>(16, VehicleEvent::new, VehicleEvent::copyFrom);
    final FlightLogRecorder recorder;
    final FlightLogWriter writer;
    final LogDirectory directory;
    final List<String> notices = new ArrayList<>();
    final VehicleAttitude att = new VehicleAttitude();
    final VehicleStatus st = new VehicleStatus();
    long nowNs = 1_000_000_000L;
    long published;
    int writerEvery = 10;
    private long cycles;

    LogRig(Path dir, int ringBytes) {
        directory = new LogDirectory(dir);
        recorder = new FlightLogRecorder(new LogRing(ringBytes), 64);
        recorder.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_attitude").u64("timestamp_sample").f32("q", 4)
                .build(), 0, attitude.subscribe(), VehicleAttitude::new, (m, o) -> {
                    o.putLong(m.timestampNs / 1000).putLong(m.timestampSampleNs / 1000);
                    o.putFloat((float) m.q.w).putFloat((float) m.q.x).putFloat((float) m.q.y).putFloat((float) m.q.z);
                }, 0));
        writer = new FlightLogWriter(recorder, directory, params, store, status.subscribe(), events,
                Map.of("sys_name", "Hoverla", "ver_sw", "0123abcd"), () -> nowNs, () -> nowNs,
                Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC),
                (severity, text) -> notices.add(severity + " " + text));
        st.armingState = ArmingState.STANDBY;
        statusPub.publish(st);
    }

    /** One flight cycle (1 ms): a new attitude, the recorder, and the writer when due. */
    void step() {
        nowNs += 1_000_000L;
        att.timestampNs = nowNs;
        att.timestampSampleNs = nowNs - 500_000L;
        att.q.set(1.0, 0.0, 0.0, 0.0);
        att.q.x = (published % 1000) * 1e-4;
        attitudePub.publish(att);
        published++;
        recorder.run(nowNs);
        if (++cycles % writerEvery == 0) {
            writer.doWork();
        }
    }

    void steps(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    void arm(boolean armed) {
        st.timestampNs = nowNs;
        st.armingState = armed ? ArmingState.ARMED : ArmingState.STANDBY;
        statusPub.publish(st);
    }

    void event(int severity, String text) {
        VehicleEvent e = new VehicleEvent();
        e.timestampNs = nowNs;
        e.severity = severity;
        e.text = text;
        events.offer(e);
    }
}
