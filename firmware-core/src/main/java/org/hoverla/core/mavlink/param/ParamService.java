package org.hoverla.core.mavlink.param;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.ParamRequestList;
import io.dronefleet.mavlink.common.ParamRequestRead;
import io.dronefleet.mavlink.common.ParamSet;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.param.persist.ParamText;

/**
 * The MAVLink parameter microservice (mavlink.io "Parameter Protocol") over a
 * {@link ParamStore}.
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>{@code PARAM_REQUEST_LIST}: streams one {@code PARAM_VALUE} per parameter, in index
 *       order, with {@code param_index}, {@code param_count} and {@code param_type}, on the link
 *       the request came from, paced by {@link #tick} at {@link Options#listRatePerS} for that
 *       link (a token bucket: the first value goes out at once, then {@code rate × dt} per tick,
 *       bursts capped at two 20 ms ticks' worth). A repeated request restarts that link's download; other
 *       requests are answered in between. A parameter set with no parameters ignores the request
 *       (as the spec says).</li>
 *   <li>{@code PARAM_REQUEST_READ}: by name when {@code param_index} is -1, else by index;
 *       answered on the requesting link. An unknown name or index gets no {@code PARAM_VALUE}
 *       (there is none to send) but a {@code STATUSTEXT} (the spec's recommendation).</li>
 *   <li>{@code PARAM_SET}: validated by the store (range, NaN/Inf, integer type, read-only)
 *       and by the declared {@code param_type}; always answered with a {@code PARAM_VALUE}
 *       broadcast on every link (so every ground station's cache stays in sync) carrying the new
 *       value, or the unchanged old one when refused; a refusal also sends a
 *       {@code STATUSTEXT} WARNING to the sender naming the parameter and the reason. An
 *       unknown name gets no {@code PARAM_VALUE} (spec) but a {@code STATUSTEXT} ERROR.</li>
 *   <li>Requests whose {@code target_system} is neither ours nor 0, or whose
 *       {@code target_component} is neither ours nor 0 ({@code MAV_COMP_ID_ALL}), are
 *       ignored.</li>
 *   <li>Names: up to 16 characters; a 16-character name has no NUL terminator on the wire,
 *       and incoming names are cut at the first NUL.</li>
 *   <li>Indices are the store's registration order, stable for the vehicle's lifetime (the
 *       protocol requires an invariant parameter set: register everything before
 *       constructing this service).</li>
 * </ul>
 *
 * <h2>Integer encoding</h2>
 * Integer parameters are {@code MAV_PARAM_TYPE_INT32}; real ones {@code MAV_PARAM_TYPE_REAL32}.
 * The default encoding is {@link ParamEncoding#BYTEWISE}, announced by
 * {@link #ENCODING_CAPABILITY}. Why not C-cast: Hoverla identifies as {@code MAV_AUTOPILOT_PX4}
 * (DESIGN §6), and QGroundControl decodes {@code param_value} through
 * {@code mavlink_param_union_t} (bytewise) for every autopilot except ArduPilot, whose firmware
 * plugin alone translates C-cast values; so with C-cast QGC would show an INT32 of 1 as
 * 1065353216 and its writes of integers would arrive as denormals. Bytewise is also what the spec
 * recommends (exact for all of {@code int32}). {@link ParamEncoding#C_CAST} is available through
 * {@link Options#withEncoding} for ArduPilot-style identities; then every integer parameter's
 * range must lie within ±2^24 (checked at construction) so the float carries it exactly.
 * Whatever the encoding, a {@code PARAM_SET} declared {@code REAL32} is read numerically, so a
 * tool that sends every value as a float (pymavlink's default) still sets integers, and 1.5 is
 * refused for an integer parameter.
 *
 * <h2>Saving</h2>
 * An accepted {@code PARAM_SET} that changed a value marks the set dirty; {@link #tick} saves
 * through the injected {@link ParamPersistence} at most once per {@link Options#saveDebounceNs}
 * (the first change after a quiet period is saved on the next tick, a burst of changes from a
 * ground station's file upload costs one save per period). Saves run here, on the MAVLink
 * thread, never on the flight thread. {@link #saveNow} and {@link #reloadFromFile} implement
 * {@code MAV_CMD_PREFLIGHT_STORAGE} (write / read) for the command service.
 *
 * <p>Threads: every method runs on the MAVLink thread (see {@link MavlinkService}); no locks.
 */
public final class ParamService implements MavlinkService {

    /**
     * The {@code MAV_PROTOCOL_CAPABILITY} bit of the default encoding
     * ({@code MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE} = 16), for
     * {@code AUTOPILOT_VERSION.capabilities}. A service built with other {@link Options}
     * reports its own through {@link #capabilityBit()}.
     */
    public static final long ENCODING_CAPABILITY = ParamEncoding.BYTEWISE.capabilityBit();

    /** Default download pace: 100 parameters in 25 ms over UDP/TCP (DESIGN §10 aim: ≤ 0.25 ms each). */
    public static final int DEFAULT_LIST_RATE_PER_S = 4000;

    /**
     * A pace for a 57600-baud radio: a {@code PARAM_VALUE} frame is at most 37 bytes, the radio
     * carries ~5760 bytes/s, so 50 values/s use about a third of it (the spec suggests 30–50 %),
     * leaving room for telemetry.
     */
    public static final int RADIO_57600_LIST_RATE_PER_S = 50;

    /** Default minimum time between two automatic saves. */
    public static final long DEFAULT_SAVE_DEBOUNCE_NS = 1_000_000_000L;

    /** STATUSTEXT carries 50 characters per message. */
    static final int STATUSTEXT_CHUNK = StatusTextSender.CHUNK;

    /**
     * The most a list download sends at once: two 20 ms link ticks' worth, so one late tick
     * loses no pace (160 values at the default rate). A ground station's UDP socket buffer (Linux's default 208 KB, about 1 KB of
     * kernel accounting per small datagram) holds some 200 datagrams; with 0.1 s bursts a
     * 401-parameter list went out as one burst of 400 and a busy client lost its tail (380 of
     * 401 in a CI run of e2e/test/sitl.test.mjs).
     */
    private static final double MAX_BURST_S = 0.04;
    /** The link layer ticks services every 20 ms. */
    private static final double INITIAL_CREDIT_S = 0.02;
    private static final int C_CAST_EXACT_LIMIT = 1 << 24;
    private static final EnumValue<MavParamType> TYPE_REAL32 = EnumValue.of(MavParamType.MAV_PARAM_TYPE_REAL32);
    private static final EnumValue<MavParamType> TYPE_INT32 = EnumValue.of(MavParamType.MAV_PARAM_TYPE_INT32);

    /**
     * Configuration.
     *
     * @param encoding       integer value encoding
     * @param listRatePerS   parameters per second of a list download, per link (≥ 1); e.g.
     *                       {@link #RADIO_57600_LIST_RATE_PER_S} for serial radios
     * @param saveDebounceNs minimum time between automatic saves (≥ 0)
     */
    public record Options(ParamEncoding encoding, ToIntFunction<MavlinkLink> listRatePerS, long saveDebounceNs) {
        public Options {
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(listRatePerS, "listRatePerS");
            if (saveDebounceNs < 0) {
                throw new IllegalArgumentException("saveDebounceNs must be >= 0: " + saveDebounceNs);
            }
        }

        /** Bytewise, {@link #DEFAULT_LIST_RATE_PER_S} on every link, saves at most once a second. */
        public static Options defaults() {
            return new Options(ParamEncoding.BYTEWISE, link -> DEFAULT_LIST_RATE_PER_S, DEFAULT_SAVE_DEBOUNCE_NS);
        }

        public Options withEncoding(ParamEncoding e) {
            return new Options(e, listRatePerS, saveDebounceNs);
        }

        /** The same pace on every link. */
        public Options withListRate(int perSecond) {
            checkRate(perSecond);
            return new Options(encoding, link -> perSecond, saveDebounceNs);
        }

        /** A pace per link, e.g. {@code l -> l.name().startsWith("serial:") ? 50 : 4000}. */
        public Options withListRate(ToIntFunction<MavlinkLink> perLink) {
            return new Options(encoding, perLink, saveDebounceNs);
        }

        public Options withSaveDebounceNs(long ns) {
            return new Options(encoding, listRatePerS, ns);
        }
    }

    /** A snapshot of the service's counters (for tests, reports and the bench). */
    public record Counters(long listRequests, long listsCompleted, long valuesSent, long readRequests,
                           long readFailures, long setAccepted, long setRefused, long setUnknown,
                           long ignoredOtherTarget, long saves, long saveFailures, long statusTexts) {
    }

    private static final class ListStream {
        final MavlinkLink link;
        final double ratePerNs;
        final double burst;
        int next;
        double credit;
        long lastNs;

        ListStream(MavlinkLink link, int ratePerS, long nowNs) {
            this.link = link;
            this.ratePerNs = ratePerS / 1e9;
            this.burst = Math.max(1.0, ratePerS * MAX_BURST_S);
            // Start with one tick's worth: the first values leave with the request itself
            // instead of waiting up to a tick (20 ms); the rate limit still holds.
            this.credit = Math.max(1.0, Math.min(burst, ratePerS * INITIAL_CREDIT_S));
            this.lastNs = nowNs;
        }
    }

    private final ParamStore store;
    private final MavlinkOutput out;
    private final StatusTextSender texts;
    private final ParamPersistence persistence;
    private final int systemId;
    private final int componentId;
    private final Options options;
    private final Map<Integer, ListStream> streams = new LinkedHashMap<>();

    private boolean dirty;
    private boolean everSaved;
    private long lastSaveNs;

    private long listRequests;
    private long listsCompleted;
    private long valuesSent;
    private long readRequests;
    private long readFailures;
    private long setAccepted;
    private long setRefused;
    private long setUnknown;
    private long ignoredOtherTarget;
    private long saves;
    private long saveFailures;
    private long statusTexts;

    /** As {@link #ParamService(ParamStore, MavlinkOutput, ParamPersistence, int, int, Options)} with {@link Options#defaults()}. */
    public ParamService(ParamStore store, MavlinkOutput out, ParamPersistence persistence, int systemId, int componentId) {
        this(store, out, persistence, systemId, componentId, Options.defaults());
    }

    /**
     * @param store       every parameter, registered already (the set must not change afterwards)
     * @param out         sends on one link or all
     * @param persistence where accepted changes are saved ({@link ParamPersistence#NONE} for none)
     * @param systemId    this vehicle's MAVLink system id (1..255)
     * @param componentId this component's id (1..255; the autopilot is 1)
     * @param options     encoding, pacing, save debounce
     * @throws IllegalArgumentException for bad ids, or integer ranges C-cast cannot carry exactly
     */
    public ParamService(ParamStore store, MavlinkOutput out, ParamPersistence persistence, int systemId,
                        int componentId, Options options) {
        this(store, out, persistence, systemId, componentId, options, new StatusTextSender(out));
    }

    /** As above, with the vehicle interface's one STATUSTEXT sender (shared chunk ids). */
    public ParamService(ParamStore store, MavlinkOutput out, ParamPersistence persistence, int systemId,
                        int componentId, Options options, StatusTextSender texts) {
        this.texts = Objects.requireNonNull(texts, "texts");
        this.store = Objects.requireNonNull(store, "store");
        this.out = Objects.requireNonNull(out, "out");
        this.persistence = Objects.requireNonNull(persistence, "persistence");
        this.options = Objects.requireNonNull(options, "options");
        if (systemId < 1 || systemId > 255 || componentId < 1 || componentId > 255) {
            throw new IllegalArgumentException("system and component ids must be 1..255: " + systemId + "/" + componentId);
        }
        this.systemId = systemId;
        this.componentId = componentId;
        if (options.encoding() == ParamEncoding.C_CAST) {
            for (int i = 0; i < store.count(); i++) {
                Param p = store.get(i);
                if (p.type() == ParamType.INT && (p.min() < -C_CAST_EXACT_LIMIT || p.max() > C_CAST_EXACT_LIMIT)) {
                    throw new IllegalArgumentException(p.name() + ": range " + ParamText.range(p)
                            + " exceeds +-2^24, which the C-cast encoding cannot carry exactly; use BYTEWISE");
                }
            }
        }
    }

    /** @return the {@code MAV_PROTOCOL_CAPABILITY} bit of this service's encoding */
    public long capabilityBit() {
        return options.encoding().capabilityBit();
    }

    /** The one parameter encoding this service speaks ({@link #capabilityBit()}). */
    @Override
    public long capabilities() {
        return capabilityBit();
    }

    /** @return this service's integer encoding */
    public ParamEncoding encoding() {
        return options.encoding();
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Object payload = message.getPayload();
        if (payload instanceof ParamRequestList m) {
            if (forUs(m.targetSystem(), m.targetComponent())) {
                onRequestList(source, nowNs);
            }
        } else if (payload instanceof ParamRequestRead m) {
            if (forUs(m.targetSystem(), m.targetComponent())) {
                onRequestRead(source, m);
            }
        } else if (payload instanceof ParamSet m) {
            if (forUs(m.targetSystem(), m.targetComponent())) {
                onSet(source, message.getOriginSystemId(), m, nowNs);
            }
        }
    }

    @Override
    public void tick(long nowNs) {
        if (!streams.isEmpty()) {
            Iterator<ListStream> it = streams.values().iterator();
            while (it.hasNext()) {
                if (pump(it.next(), nowNs)) {
                    it.remove();
                }
            }
        }
        if (dirty && (!everSaved || nowNs - lastSaveNs >= options.saveDebounceNs())) {
            save(nowNs);
        }
    }

    /**
     * Saves now ({@code MAV_CMD_PREFLIGHT_STORAGE}, param 1 = write). MAVLink thread.
     *
     * @return whether the values are durable; on failure a STATUSTEXT ERROR went to every link
     *         and the set stays dirty, so the next tick retries after the debounce period
     */
    public boolean saveNow(long nowNs) {
        return save(nowNs);
    }

    /**
     * Reloads every parameter from storage ({@code MAV_CMD_PREFLIGHT_STORAGE}, param 1 = read):
     * stored values, defaults for the rest. The command service should allow it only while
     * disarmed. Ground stations are not sent the new values; they re-read the list. MAVLink thread.
     *
     * @return what was loaded, with warnings (never throws for bad storage)
     */
    public LoadResult reloadFromFile() {
        LoadResult r = persistence.load(store);
        dirty = false;
        return r;
    }

    /** @return whether accepted changes are waiting to be saved */
    public boolean isDirty() {
        return dirty;
    }

    /** @return whether a list download is in progress on {@code link} */
    public boolean isStreaming(MavlinkLink link) {
        return streams.containsKey(link.id());
    }

    /** @return a snapshot of the counters */
    public Counters counters() {
        return new Counters(listRequests, listsCompleted, valuesSent, readRequests, readFailures, setAccepted,
                setRefused, setUnknown, ignoredOtherTarget, saves, saveFailures, statusTexts);
    }

    private boolean forUs(int targetSystem, int targetComponent) {
        boolean ok = (targetSystem == systemId || targetSystem == 0)
                && (targetComponent == componentId || targetComponent == 0);
        if (!ok) {
            ignoredOtherTarget++;
        }
        return ok;
    }

    private void onRequestList(MavlinkLink source, long nowNs) {
        listRequests++;
        if (store.count() == 0) {
            return;
        }
        int rate = options.listRatePerS().applyAsInt(source);
        checkRate(rate);
        // A repeated request restarts this link's download from index 0 (the ground station
        // lost track); downloads on other links continue undisturbed.
        ListStream s = new ListStream(source, rate, nowNs);
        streams.put(source.id(), s);
        if (pump(s, nowNs)) {
            streams.remove(source.id());
        }
    }

    /** Sends what the stream's credit allows; @return whether the stream is complete. */
    private boolean pump(ListStream s, long nowNs) {
        long dt = nowNs - s.lastNs;
        if (dt > 0) {
            s.credit = Math.min(s.burst, s.credit + dt * s.ratePerNs);
            s.lastNs = nowNs;
        }
        int count = store.count();
        while (s.credit >= 1.0 && s.next < count) {
            sendValue(s.link, store.get(s.next), count);
            s.next++;
            s.credit -= 1.0;
        }
        if (s.next >= count) {
            listsCompleted++;
            return true;
        }
        return false;
    }

    private void onRequestRead(MavlinkLink source, ParamRequestRead m) {
        readRequests++;
        int index = m.paramIndex();
        int count = store.count();
        Param p;
        if (index == -1 || index == 0xFFFF) {
            String name = cleanName(m.paramId());
            p = store.find(name);
            if (p == null) {
                readFailures++;
                statusText(source, MavSeverity.MAV_SEVERITY_WARNING, "Param read: unknown parameter " + name);
                return;
            }
        } else if (index >= 0 && index < count) {
            p = store.get(index);
        } else {
            readFailures++;
            statusText(source, MavSeverity.MAV_SEVERITY_WARNING,
                    "Param read: no index " + index + " (count " + count + ")");
            return;
        }
        sendValue(source, p, count);
    }

    private void onSet(MavlinkLink source, int sourceSystem, ParamSet m, long nowNs) {
        String name = cleanName(m.paramId());
        Param p = store.find(name);
        if (p == null) {
            setUnknown++;
            statusText(source, MavSeverity.MAV_SEVERITY_ERROR, "Param set: unknown parameter " + name);
            return;
        }
        if (authority != null && !authority.allowParamWrite(source, sourceSystem, nowNs)) {
            // The protocol's refusal: PARAM_VALUE with the unchanged value, to the sender (its
            // retries stop); the authority counts it and tells the operator why (rate-limited).
            setRefusedAuthority++;
            sendValue(source, p, store.count());
            return;
        }
        int declared = m.paramType() == null ? 0 : m.paramType().value();
        float raw = m.paramValue();
        String refusal;
        double attempted = Double.NaN;
        boolean declaredInteger = declared >= 1 && declared <= 8;
        if (declaredInteger && p.type() == ParamType.FLOAT) {
            refusal = "integer type sent for REAL32";
        } else if (declaredInteger && (declared == 7 || declared == 8)) {
            refusal = "64-bit type sent for INT32";
        } else {
            attempted = declaredInteger ? decodeInteger(raw, declared) : ParamText.fromFloat(raw);
            double before = p.doubleValue();
            SetResult r = p.set(attempted);
            if (r == SetResult.OK) {
                refusal = null;
                setAccepted++;
                if (Double.compare(before, p.doubleValue()) != 0) {
                    dirty = true;
                }
            } else {
                refusal = ParamText.reason(r, p, attempted);
            }
        }
        // The spec: PARAM_VALUE is broadcast whether or not the write succeeded.
        sendValue(null, p, store.count());
        if (refusal != null) {
            setRefused++;
            statusText(source, MavSeverity.MAV_SEVERITY_WARNING,
                    p.name() + " refused: " + refusal);
        }
    }

    /**
     * Asks {@code authority} before a PARAM_SET is applied; null (the default) allows
     * everything. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** PARAM_SET refused by the command authority (answered with the unchanged value). */
    public long setRefusedAuthority() {
        return setRefusedAuthority;
    }

    private long setRefusedAuthority;
    private org.hoverla.core.mavlink.security.CommandAuthority authority;

    /** An integer-declared PARAM_SET value, in this service's encoding. */
    private double decodeInteger(float raw, int declaredType) {
        if (options.encoding() == ParamEncoding.C_CAST) {
            return raw;
        }
        int bits = Float.floatToRawIntBits(raw);
        return switch (declaredType) {
            case 1 -> bits & 0xFF;              // UINT8
            case 2 -> (byte) bits;              // INT8
            case 3 -> bits & 0xFFFF;            // UINT16
            case 4 -> (short) bits;             // INT16
            case 5 -> bits & 0xFFFFFFFFL;       // UINT32
            default -> bits;                    // INT32
        };
    }

    private void sendValue(MavlinkLink target, Param p, int count) {
        boolean isInt = p.type() == ParamType.INT;
        float value = isInt ? options.encoding().encodeInt((int) p.doubleValue()) : (float) p.doubleValue();
        out.send(target, ParamValue.builder()
                .paramId(p.name())
                .paramValue(value)
                .paramType(isInt ? TYPE_INT32 : TYPE_REAL32)
                .paramCount(count)
                .paramIndex(p.index())
                .build());
        valuesSent++;
    }

    private boolean save(long nowNs) {
        everSaved = true;
        lastSaveNs = nowNs;
        try {
            persistence.save(store);
            dirty = false;
            saves++;
            return true;
        } catch (IOException | RuntimeException e) {
            saveFailures++;
            dirty = true;
            statusText(null, MavSeverity.MAV_SEVERITY_ERROR, "Params not saved: " + e.getMessage());
            return false;
        }
    }

    /** Sends a STATUSTEXT through the shared {@link StatusTextSender}. */
    private void statusText(MavlinkLink target, MavSeverity severity, String text) {
        statusTexts += texts.send(target, severity, text);
    }

    /** The name up to the first NUL, at most 16 characters (param_id is char[16]). */
    static String cleanName(String raw) {
        if (raw == null) {
            return "";
        }
        int nul = raw.indexOf('\0');
        String s = nul >= 0 ? raw.substring(0, nul) : raw;
        return s.length() > ParamStore.MAX_NAME_LENGTH ? s.substring(0, ParamStore.MAX_NAME_LENGTH) : s;
    }

    private static void checkRate(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("list rate must be >= 1 per second: " + perSecond);
        }
    }
}
