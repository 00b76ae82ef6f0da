package org.hoverla.core.timing;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.NamedValueFloat;
import io.dronefleet.mavlink.common.NamedValueInt;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;

/**
 * Streams the loop timing window's figures on every link at 1 Hz as NAMED_VALUE_FLOAT (251) and
 * NAMED_VALUE_INT (252), once the vehicle measures its timing ({@link LoopTiming#measuring()}).
 * The names (≤ 10 characters, the MAVLink field's size) and units, in the order sent
 * (LOOP_HLTH last, so a reader that has it has the whole set of that second):
 * <table>
 * <tr><th>name</th><th>message</th><th>unit</th><th>meaning</th></tr>
 * <tr><td>LOOP_P50US</td><td>FLOAT</td><td>µs</td><td>median cycle period error over the window</td></tr>
 * <tr><td>LOOP_P99US</td><td>FLOAT</td><td>µs</td><td>p99 cycle period error</td></tr>
 * <tr><td>LOOP_P999U</td><td>FLOAT</td><td>µs</td><td>p99.9 cycle period error</td></tr>
 * <tr><td>LOOP_MAXUS</td><td>FLOAT</td><td>µs</td><td>largest cycle period error (longest stall)</td></tr>
 * <tr><td>LOOP_MISPC</td><td>FLOAT</td><td>%</td><td>deadline misses per cycle</td></tr>
 * <tr><td>LOOP_OVRPC</td><td>FLOAT</td><td>%</td><td>overruns per task run</td></tr>
 * <tr><td>GC_MAXUS</td><td>FLOAT</td><td>µs</td><td>longest JVM collector pause in the window</td></tr>
 * <tr><td>SP_MAXUS</td><td>FLOAT</td><td>µs</td><td>longest JVM safepoint (any stop of all Java threads) in the window</td></tr>
 * <tr><td>LOOP_MISS</td><td>INT</td><td>count</td><td>deadline misses in the window</td></tr>
 * <tr><td>LOOP_OVR</td><td>INT</td><td>count</td><td>overruns in the window</td></tr>
 * <tr><td>LOOP_SPAN</td><td>INT</td><td>s</td><td>seconds the window covers so far</td></tr>
 * <tr><td>LOOP_DEGR</td><td>INT</td><td></td><td>degradation level: 0 normal, 1 optional work dropped, 2 failsafe</td></tr>
 * <tr><td>LOOP_HLTH</td><td>INT</td><td></td><td>0 limits kept, 1 still measuring, 2 a limit broken, 3 not enforced</td></tr>
 * </table>
 * {@code time_boot_ms} is the vehicle clock since this service was made. MAVLink thread only;
 * the figures are a volatile read of what the timing thread published.
 */
public final class LoopTimingStream implements MavlinkService {
    public static final String P50 = "LOOP_P50US";
    public static final String P99 = "LOOP_P99US";
    public static final String P999 = "LOOP_P999U";
    public static final String MAX = "LOOP_MAXUS";
    public static final String MISS_PCT = "LOOP_MISPC";
    public static final String OVERRUN_PCT = "LOOP_OVRPC";
    public static final String GC_MAX = "GC_MAXUS";
    public static final String SAFEPOINT_MAX = "SP_MAXUS";
    public static final String MISSES = "LOOP_MISS";
    public static final String OVERRUNS = "LOOP_OVR";
    public static final String SPAN = "LOOP_SPAN";
    public static final String DEGRADATION = "LOOP_DEGR";
    public static final String HEALTH = "LOOP_HLTH";
    static final long PERIOD_NS = 1_000_000_000L;

    private final LoopTiming timing;
    private final MavlinkOutput out;
    private long bootNs = Long.MIN_VALUE;
    private long nextDueNs = Long.MIN_VALUE;

    public LoopTimingStream(LoopTiming timing, MavlinkOutput out) {
        this.timing = timing;
        this.out = out;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        // Nothing to answer: the figures are a stream.
    }

    @Override
    public void tick(long nowNs) {
        if (bootNs == Long.MIN_VALUE) {
            bootNs = nowNs;
        }
        if (nextDueNs != Long.MIN_VALUE && nowNs < nextDueNs) {
            return;
        }
        nextDueNs = nextDueNs == Long.MIN_VALUE || nextDueNs + PERIOD_NS <= nowNs ? nowNs + PERIOD_NS : nextDueNs + PERIOD_NS;
        if (!timing.measuring()) {
            return;
        }
        long t = (nowNs - bootNs) / 1_000_000L;
        LoopTimingFigures w = timing.window();
        send(t, P50, w.p50Us());
        send(t, P99, w.p99Us());
        send(t, P999, w.p999Us());
        send(t, MAX, w.maxUs());
        send(t, MISS_PCT, (float) w.missPct());
        send(t, OVERRUN_PCT, (float) w.overrunPct());
        send(t, GC_MAX, w.gcMaxPauseUs());
        send(t, SAFEPOINT_MAX, w.safepointMaxUs());
        sendInt(t, MISSES, w.misses());
        sendInt(t, OVERRUNS, w.overruns());
        sendInt(t, SPAN, w.spanS());
        sendInt(t, DEGRADATION, timing.degradation());
        sendInt(t, HEALTH, timing.health());
    }

    private void send(long timeBootMs, String name, float value) {
        out.send(null, NamedValueFloat.builder().timeBootMs(timeBootMs).name(name).value(value).build());
    }

    private void sendInt(long timeBootMs, String name, long value) {
        int v = value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
        out.send(null, NamedValueInt.builder().timeBootMs(timeBootMs).name(name).value(v).build());
    }
}
