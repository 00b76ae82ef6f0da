package org.hoverla.core.mavlink.flood;

import io.dronefleet.mavlink.MavlinkMessage;
import java.util.function.LongSupplier;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.link.InboundFilter;
import org.hoverla.core.mavlink.link.ManagedLink;
import org.hoverla.core.mavlink.link.MavlinkFrame;

/**
 * The flood limiter of the MAVLink links: installed as the <em>first</em> {@link InboundFilter}, so
 * a frame beyond its link's limits is dropped before signature checks, routing (the router sends
 * broadcasts to every other link: an admitted flood would be amplified onto them) and decoding
 * (the library's decoder costs ~8 µs and ~5 KB of garbage per message, DESIGN §9; dropping costs
 * a table lookup). Each link has a token bucket per {@link MessageClass} and one for its total
 * ({@link RateLimiter}); what is dropped is counted per link and class, and summarised in one
 * STATUSTEXT per link at most every {@link #TEXT_INTERVAL_NS} (so the warning cannot itself flood
 * the ground stations).
 *
 * <p>Time is the <em>wall</em> clock ({@code wallNanos}, {@code System::nanoTime} in production),
 * not the vehicle clock: what a flood exhausts is the MAVLink thread's real CPU time, and a SITL
 * whose clock runs slower than real time (or stops) must not throttle a ground station's
 * legitimate traffic.
 *
 * <p>Links get slots on first sight, by identity; a slot whose link closed is reused by the next
 * new link. Beyond {@link #MAX_LINKS} open links the extra ones share the last slot.
 *
 * <p>Threads: {@link #admit} and {@link #tick} on the MAVLink thread ({@code admit} is
 * allocation-free after a link's first frame and never throws); the counter readers from any
 * thread (values may be slightly stale).
 */
public final class FloodGuard implements InboundFilter, MavlinkService {
    /** Links with slots of their own. */
    public static final int MAX_LINKS = 32;
    /** Shortest interval between two flood STATUSTEXTs about one link. */
    public static final long TEXT_INTERVAL_NS = 10_000_000_000L;
    /** Default {@code MAV_FLOOD_TOTAL}: frames per second per link, all classes. */
    public static final int DEFAULT_TOTAL_RATE = 5_000;
    /** Burst of the per-link total. */
    public static final int DEFAULT_TOTAL_BURST = 2_000;

    /**
     * Default rate (1/s) and burst of each {@link MessageClass}, in class order. Each sits well
     * above what the common ground stations send, and each burst holds a whole legitimate
     * exchange sent back to back (docs/link-floods.md has the reasoning):
     * <ul>
     *   <li>heartbeat: 1 Hz per ground station (mavlink.io heartbeat protocol); 50 allow a router
     *       aggregating dozens of systems;</li>
     *   <li>command: a ground station waits for each COMMAND_ACK (mavlink.io command protocol), so
     *       its rate is one per round trip; MAVSDK's and QGC's start-up burst of
     *       SET_MESSAGE_INTERVAL / REQUEST_MESSAGE is tens, and the e2e latency test sends 200
     *       REQUEST_MESSAGE back to back (each after the previous answer, ~1 ms apart);</li>
     *   <li>param: a parameter file load sends one PARAM_SET per parameter; a burst of 1000 holds
     *       a whole file of a vehicle with ~900 parameters (PX4-sized);</li>
     *   <li>mission: the upload is paced by our MISSION_REQUEST_INT; 1000 hold a 500-item mission
     *       and its fence and rally back to back;</li>
     *   <li>transfer: MAVLink FTP and log requests are one request per answer;</li>
     *   <li>setpoint: MAVSDK's offboard plugin resends at 20 Hz, offboard apps run 50 Hz, QGC's
     *       joystick sends MANUAL_CONTROL at 25 Hz by default (up to 200 Hz configured);</li>
     *   <li>other: telemetry from companion computers forwarded to the ground station, RTK
     *       corrections, TIMESYNC, RADIO_STATUS.</li>
     * </ul>
     */
    static final int[][] DEFAULTS = {
            {50, 50},       // heartbeat
            {300, 300},     // command
            {200, 1000},    // param
            {2000, 1000},   // mission
            {1000, 500},    // transfer
            {500, 200},     // setpoint
            {2000, 1000},   // other
    };

    private static final long PARAM_PERIOD_NS = 1_000_000_000L;

    private final RateLimiter limiter = new RateLimiter(MAX_LINKS);
    private final ManagedLink[] slotLinks = new ManagedLink[MAX_LINKS];
    private final long[] lastTextNs = new long[MAX_LINKS];
    private final long[] reportedDrops = new long[MAX_LINKS];
    private final long[][] reportedByClass = new long[MAX_LINKS][MessageClass.COUNT];
    private final FloodParams params;
    private final StatusTextSender texts;
    private final LongSupplier wallNanos;
    private ManagedLink lastLink;
    private int lastSlot;
    private volatile boolean enabled = true;
    private double appliedScale = Double.NaN;
    private int appliedTotal = -1;
    private long lastParamNs = Long.MIN_VALUE;
    private volatile long textsSent;

    /**
     * @param params    the limits (null: the defaults, always on)
     * @param texts     where the flood summaries go (null: none)
     * @param wallNanos monotonic wall clock in ns ({@code System::nanoTime}; tests inject a fake)
     */
    public FloodGuard(FloodParams params, StatusTextSender texts, LongSupplier wallNanos) {
        this.params = params;
        this.texts = texts;
        this.wallNanos = wallNanos;
        configure(1.0, DEFAULT_TOTAL_RATE);
        applyParams(wallNanos.getAsLong());
        for (int s = 0; s < MAX_LINKS; s++) {
            lastTextNs[s] = Long.MIN_VALUE;
        }
    }

    /** The limits with a scale on every class and the given per-link total rate. */
    private void configure(double scale, int totalRate) {
        for (int c = 0; c < MessageClass.COUNT; c++) {
            limiter.configure(c, clamp(DEFAULTS[c][0] * scale), clamp(DEFAULTS[c][1] * scale));
        }
        limiter.configure(RateLimiter.TOTAL, clamp(totalRate),
                clamp(Math.max(DEFAULT_TOTAL_BURST * scale, totalRate / 5.0)));
        appliedScale = scale;
        appliedTotal = totalRate;
    }

    private static long clamp(double v) {
        return Math.max(1L, Math.min(RateLimiter.MAX_TOKENS, Math.round(v)));
    }

    private void applyParams(long wallNs) {
        if (params == null) {
            return;
        }
        lastParamNs = wallNs;
        enabled = params.enabled.get() != 0;
        double scale = params.scale.get();
        int total = params.totalRate.get();
        if (scale != appliedScale || total != appliedTotal) {
            configure(scale, total);
        }
    }

    @Override
    public boolean admit(ManagedLink source, MavlinkFrame frame, long nowNs) {
        if (!enabled) {
            return true;
        }
        long wall = wallNanos.getAsLong();
        return limiter.admit(slot(source, wall), MessageClass.of(frame.messageId()), wall);
    }

    /** The slot of a link, claiming one on first sight. */
    private int slot(ManagedLink link, long wallNs) {
        if (link == lastLink) {
            return lastSlot;
        }
        int free = -1;
        for (int s = 0; s < MAX_LINKS; s++) {
            ManagedLink l = slotLinks[s];
            if (l == link) {
                lastLink = link;
                lastSlot = s;
                return s;
            }
            if (free < 0 && (l == null || l.isClosed())) {
                free = s;
            }
        }
        int s = free >= 0 ? free : MAX_LINKS - 1;
        if (free >= 0) {
            slotLinks[s] = link;
            limiter.reset(s, wallNs);
            lastTextNs[s] = Long.MIN_VALUE;
            reportedDrops[s] = 0;
            java.util.Arrays.fill(reportedByClass[s], 0L);
        }
        lastLink = link;
        lastSlot = s;
        return s;
    }

    private int find(MavlinkLink link) {
        for (int s = 0; s < MAX_LINKS; s++) {
            if (slotLinks[s] == link) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        // nothing to do: the limiter works on frames, before delivery
    }

    /** Applies the parameters (at most once a second) and sends the flood summaries. MAVLink thread. */
    @Override
    public void tick(long nowNs) {
        long wall = wallNanos.getAsLong();
        if (lastParamNs == Long.MIN_VALUE || wall - lastParamNs >= PARAM_PERIOD_NS) {
            applyParams(wall);
        }
        for (int s = 0; s < MAX_LINKS; s++) {
            ManagedLink l = slotLinks[s];
            if (l == null) {
                continue;
            }
            long drops = limiter.droppedTotal(s);
            if (drops > reportedDrops[s]
                    && (lastTextNs[s] == Long.MIN_VALUE || wall - lastTextNs[s] >= TEXT_INTERVAL_NS)) {
                String text = summary(s, l, wall);
                reportedDrops[s] = drops;
                lastTextNs[s] = wall;
                if (texts != null) {
                    texts.send(null, 4 /* MAV_SEVERITY_WARNING */, text);
                    textsSent++;
                }
            }
        }
    }

    /** "Flood on udp:…: dropped 1234 (command 1000, param 234)" since the last summary. Allocates. */
    private String summary(int s, ManagedLink l, long wall) {
        StringBuilder b = new StringBuilder("Flood on ").append(l.name()).append(": dropped ")
                .append(limiter.droppedTotal(s) - reportedDrops[s]).append(" (");
        boolean first = true;
        for (int c = 0; c < MessageClass.COUNT; c++) {
            long d = limiter.dropped(s, c);
            long n = d - reportedByClass[s][c];
            reportedByClass[s][c] = d;
            if (n > 0) {
                b.append(first ? "" : ", ").append(MessageClass.name(c)).append(' ').append(n);
                first = false;
            }
        }
        return b.append(')').toString();
    }

    /** Whether the limits are applied ({@code MAV_FLOOD_EN}). */
    public boolean enabled() {
        return enabled;
    }

    /** The limiter (rates, bursts, counters by slot); for tests and reports. */
    public RateLimiter limiter() {
        return limiter;
    }

    /** Frames of {@code messageClass} dropped on {@code link} (0 for a link never seen). Any thread. */
    public long dropped(MavlinkLink link, int messageClass) {
        int s = find(link);
        return s < 0 ? 0 : limiter.dropped(s, messageClass);
    }

    /** Frames dropped on {@code link}, all classes. Any thread. */
    public long droppedTotal(MavlinkLink link) {
        int s = find(link);
        return s < 0 ? 0 : limiter.droppedTotal(s);
    }

    /** Frames admitted on {@code link}, all classes. Any thread. */
    public long admittedTotal(MavlinkLink link) {
        int s = find(link);
        return s < 0 ? 0 : limiter.admittedTotal(s);
    }

    /** Flood summaries sent as STATUSTEXT. */
    public long textsSent() {
        return textsSent;
    }

    /** One line per link seen: admitted and dropped frames by class. For reports; allocates. */
    public String report() {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < MAX_LINKS; s++) {
            ManagedLink l = slotLinks[s];
            if (l == null) {
                continue;
            }
            b.append(l.name()).append(": admitted ").append(limiter.admittedTotal(s)).append(", dropped ")
                    .append(limiter.droppedTotal(s));
            for (int c = 0; c < MessageClass.COUNT; c++) {
                long d = limiter.dropped(s, c);
                if (d > 0) {
                    b.append(' ').append(MessageClass.name(c)).append('=').append(d);
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
