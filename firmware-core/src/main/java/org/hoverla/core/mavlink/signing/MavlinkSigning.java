package org.hoverla.core.mavlink.signing;

import java.util.function.LongSupplier;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.link.InboundFilter;
import org.hoverla.core.mavlink.link.ManagedLink;
import org.hoverla.core.mavlink.link.MavlinkFrame;
import org.hoverla.core.mavlink.link.OutboundSigner;
import org.hoverla.core.mavlink.security.LinkTrust;
import org.hoverla.core.param.IntParam;

/**
 * The vehicle's MAVLink 2 signing state (mavlink.io, Message Signing): the installed key, our
 * timestamp, the replay guard and the counters; it is the {@link InboundFilter} every frame passes
 * and the {@link OutboundSigner} of every frame we send.
 *
 * <h2>Incoming (in {@link #admit})</h2>
 * <ul>
 *   <li>A SETUP_SIGNING not addressed to this system (broadcast or another system) is refused and
 *       counted: mavlink.io says it must never be forwarded.</li>
 *   <li>No key installed: everything else passes, nothing is authenticated.</li>
 *   <li>Signing is <i>required</i> on a link when a key is installed and {@code MAV_SIGN_CFG} is
 *       2, or 1 and the link is not trusted ({@link LinkTrust#trusted}).</li>
 *   <li>A signed frame whose signature verifies and whose timestamp passes the {@link ReplayGuard}
 *       is marked {@link MavlinkFrame#markAuthenticated() authenticated}, its stream and our
 *       timestamp move forward. A bad signature, a replay or an old timestamp is counted; it is
 *       refused where signing is required and passes unauthenticated where it is not (it is then
 *       worth no more than an unsigned frame, which such a link accepts anyway; this lets a ground
 *       station on a trusted link re-key the vehicle with a frame signed by the new key, as
 *       QGroundControl does).</li>
 *   <li>An unsigned frame (or MAVLink 1) passes where signing is not required; where it is, it is
 *       refused and counted unless its message is on the accept-unsigned list
 *       ({@link #acceptsUnsigned}).</li>
 * </ul>
 *
 * <h2>Outgoing</h2> Frames we send on a link where signing is required are signed with the link id
 * {@code link.id() & 0xFF} and our next timestamp.
 *
 * <h2>Timestamp</h2> Our local timestamp is max(wall clock, last sent + 1, newest accepted
 * incoming, key's initial timestamp); each frame sent takes the next one, so it strictly increases.
 * The wall clock is a {@code LongSupplier} of Unix microseconds (the system clock on a vehicle,
 * a fixed one in tests); the persisted timestamp is restored through {@link #restoreTimestamp}.
 *
 * <p>Threads: {@link #admit}, {@link #sign}, {@link #installKey}, {@link #clearKey} and the
 * summaries on the MAVLink thread (or before the links start); the key id and counters may be
 * read from any thread. Per frame: no allocation, no lock, never throws.
 */
public final class MavlinkSigning implements InboundFilter, OutboundSigner {
    /** SETUP_SIGNING message id. */
    public static final int MSG_SETUP_SIGNING = 256;
    /** RADIO_STATUS: telemetry radios inject it unsigned (mavlink.io, Accepting Unsigned Packets). */
    public static final int MSG_RADIO_STATUS = 109;
    /** ADSB_VEHICLE: accepted unsigned by PX4 ({@code mavlink_sign_control.cpp unsigned_messages}). */
    public static final int MSG_ADSB_VEHICLE = 246;
    /** COLLISION: accepted unsigned by PX4 (same list). */
    public static final int MSG_COLLISION = 247;
    /** Streams the replay guard remembers. */
    public static final int STREAMS = 64;
    /** Shortest time between two STATUSTEXT summaries of one refusal kind. */
    public static final long SUMMARY_INTERVAL_NS = 10_000_000_000L;

    private final int systemId;
    private final LinkTrust trust;
    private final IntParam config;
    private final LongSupplier unixMicros;
    private final MavlinkSignature signature = new MavlinkSignature();
    private final ReplayGuard guard = new ReplayGuard(STREAMS);
    private final SigningCounters counters = new SigningCounters();
    private final long[] pending = new long[SigningCounters.KINDS];
    private final long[] lastSummaryNs = new long[SigningCounters.KINDS];
    private final boolean[] summarised = new boolean[SigningCounters.KINDS];

    private volatile byte[] key;
    private volatile String keyId;
    private long lastSent;
    private long newestAccepted;

    /**
     * @param systemId   our MAVLink system id
     * @param trust      which links are trusted; told when a key comes or goes
     * @param config     {@code MAV_SIGN_CFG}
     * @param unixMicros the wall clock, Unix microseconds
     */
    public MavlinkSigning(int systemId, LinkTrust trust, IntParam config, LongSupplier unixMicros) {
        this.systemId = systemId;
        this.trust = trust;
        this.config = config;
        // MAV_SIGN_CFG 0 is the owner saying "no signatures": a key left installed then asks for none.
        trust.signingEnabled(() -> config.get() != SigningParams.DISABLED);
        this.unixMicros = unixMicros;
    }

    /**
     * The messages accepted unsigned even where signing is required: PX4's list
     * ({@code src/modules/mavlink/mavlink_sign_control.cpp}, {@code unsigned_messages}:
     * RADIO_STATUS, ADSB_VEHICLE, COLLISION); mavlink.io suggests RADIO_STATUS "to make life
     * easier for telemetry radios". None of them can command the vehicle.
     */
    public static boolean acceptsUnsigned(int messageId) {
        return messageId == MSG_RADIO_STATUS || messageId == MSG_ADSB_VEHICLE || messageId == MSG_COLLISION;
    }

    /** Installs {@code key} (32 bytes, copied); our timestamp becomes at least {@code initialTimestamp}. */
    public void installKey(byte[] newKey, long initialTimestamp) {
        if (newKey == null || newKey.length != MavlinkSignature.KEY_LENGTH) {
            throw new IllegalArgumentException("a signing key is 32 bytes");
        }
        key = newKey.clone();
        keyId = SigningKeyStore.keyId(newKey);
        guard.clear();
        if (initialTimestamp > 0 && initialTimestamp <= MavlinkSignature.MAX_TIMESTAMP) {
            newestAccepted = Math.max(newestAccepted, initialTimestamp);
        }
        trust.keyInstalled(true);
    }

    /** Removes the key: signing off, nothing required or authenticated. */
    public void clearKey() {
        key = null;
        keyId = null;
        guard.clear();
        trust.keyInstalled(false);
    }

    /** Our timestamp never goes below {@code stored} (a persisted one, plus its margin). */
    public void restoreTimestamp(long stored) {
        lastSent = Math.max(lastSent, Math.min(stored, MavlinkSignature.MAX_TIMESTAMP - 1));
    }

    public boolean keyInstalled() {
        return key != null;
    }

    /** The installed key's id (first 8 hex digits of its SHA-256), or null. Any thread. */
    public String keyId() {
        return keyId;
    }

    /** A copy of the installed key or null (for the key store; never log it). */
    byte[] keyCopy() {
        byte[] k = key;
        return k == null ? null : k.clone();
    }

    public SigningCounters counters() {
        return counters;
    }

    /**
     * For reports: key id (never the key), {@code MAV_SIGN_CFG}, streams and evictions, then the
     * counters' lines per link. Any thread; allocates.
     */
    public String report() {
        String id = keyId;
        return "signing: " + (id == null ? "no key" : "key " + id) + ", MAV_SIGN_CFG " + config.get() + ", streams "
                + guard.size() + " (" + guard.evictions() + " evicted)\n" + counters.report();
    }

    /** The replay guard (for reports: streams, evictions). */
    public ReplayGuard guard() {
        return guard;
    }

    /** Our local timestamp: max(wall clock, last sent + 1, newest accepted). */
    public long localTimestamp() {
        long wall = MavlinkSignature.timestampOfUnixMicros(unixMicros.getAsLong());
        return Math.max(wall, Math.max(lastSent + 1, newestAccepted));
    }

    /** Whether signing is required on (and our frames signed to) {@code link} now. */
    public boolean required(MavlinkLink link) {
        if (key == null) {
            return false;
        }
        int cfg = config.get();
        return cfg == SigningParams.ALWAYS || (cfg == SigningParams.NON_TRUSTED && !trust.trusted(link));
    }

    @Override
    public boolean admit(ManagedLink source, MavlinkFrame frame, long nowNs) {
        if (frame.messageId() == MSG_SETUP_SIGNING && frame.targetSystem() != systemId) {
            refuse(source, SigningCounters.SETUP_NOT_FOR_US);
            return false;
        }
        byte[] k = key;
        if (k == null) {
            return true;
        }
        boolean required = required(source);
        if (!frame.isSigned()) {
            if (!required || acceptsUnsigned(frame.messageId())) {
                return true;
            }
            refuse(source, SigningCounters.UNSIGNED);
            return false;
        }
        byte[] buf = frame.array();
        int off = frame.arrayOffset();
        int len = frame.length();
        if (!signature.verify(k, buf, off, len)) {
            refuse(source, SigningCounters.BAD_SIGNATURE);
            return !required;
        }
        int linkId = MavlinkSignature.linkId(buf, off, len);
        long ts = MavlinkSignature.timestamp(buf, off, len);
        int verdict = guard.check(frame.systemId(), frame.componentId(), linkId, ts, localTimestamp());
        if (verdict != ReplayGuard.OK) {
            refuse(source, verdict == ReplayGuard.REPLAY ? SigningCounters.REPLAY : SigningCounters.OLD_TIMESTAMP);
            return !required;
        }
        guard.accept(frame.systemId(), frame.componentId(), linkId, ts);
        if (ts > newestAccepted) {
            newestAccepted = ts;
        }
        counters.count(source, SigningCounters.AUTHENTICATED);
        frame.markAuthenticated();
        return true;
    }

    private void refuse(MavlinkLink link, int kind) {
        counters.count(link, kind);
        pending[kind]++;
    }

    @Override
    public boolean signs(MavlinkLink link) {
        return required(link);
    }

    @Override
    public void sign(MavlinkLink link, byte[] frame, int unsignedLength) {
        byte[] k = key;
        if (k == null) {
            return; // cleared between signs() and here: cannot happen on one thread
        }
        long ts = localTimestamp();
        lastSent = ts;
        signature.sign(k, frame, 0, unsignedLength, link.id() & 0xFF, ts);
    }

    /**
     * The next STATUSTEXT summary due at {@code nowNs}, or null: for each refusal kind with events
     * since its last summary, at most one text per {@link #SUMMARY_INTERVAL_NS}, e.g.
     * "Signing: 42 bad_signature in 10 s (total 97)". Call it until null. MAVLink thread; allocates only
     * when a text is due.
     */
    public String nextSummary(long nowNs) {
        for (int k = 0; k < SigningCounters.AUTHENTICATED; k++) {
            if (pending[k] > 0 && (!summarised[k] || nowNs - lastSummaryNs[k] >= SUMMARY_INTERVAL_NS)) {
                long n = pending[k];
                pending[k] = 0;
                long sinceS = summarised[k] ? Math.max(1, (nowNs - lastSummaryNs[k]) / 1_000_000_000L) : 0;
                summarised[k] = true;
                lastSummaryNs[k] = nowNs;
                return "Signing: " + n + " " + SigningCounters.NAMES[k]
                        + (sinceS > 0 ? " in " + sinceS + " s" : "") + " (total " + counters.total(k) + ")";
            }
        }
        return null;
    }
}
