package org.hoverla.core.mavlink.log;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.LogData;
import io.dronefleet.mavlink.common.LogEntry;
import io.dronefleet.mavlink.common.LogErase;
import io.dronefleet.mavlink.common.LogRequestData;
import io.dronefleet.mavlink.common.LogRequestEnd;
import io.dronefleet.mavlink.common.LogRequestList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.msg.VehicleEvent;

/**
 * The MAVLink log protocol (mavlink.io "Log Protocol"; common.xml LOG_* messages) over a
 * {@link LogDirectory}: list, download and erase flight logs the way QGroundControl's
 * {@code LogDownloadController} and MAVSDK's {@code LogFiles} plugin expect from a PX4 autopilot.
 *
 * <h2>Ids</h2>
 * {@code LOG_ENTRY.id} and {@code LOG_REQUEST_DATA.id} are numbered <b>from 0</b> (the oldest log)
 * to {@code num_logs - 1}: PX4's {@code mavlink_log_handler.cpp} numbers them so, QGC subtracts
 * no offset for a PX4 autopilot (only for ArduPilot, which numbers from 1) and MAVSDK treats an
 * entry with {@code id >= num_logs} as "no logs". {@link LogDirectory} numbers its entries
 * 1..N, so the wire id is the directory id minus one. {@code last_log_num} is the highest id
 * listed ({@code num_logs - 1} for {@code end = 0xFFFF}; PX4 1.15 sends {@code num_logs} there,
 * which neither ground station reads).
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>{@code LOG_REQUEST_LIST(start, end)}: one {@code LOG_ENTRY} (id, num_logs, last_log_num,
 *       time_utc = the log's start in s since 1970, size = its size now, including the log being
 *       written) for each id in {@code start..end}, {@code end = 0xFFFF} meaning the last one.
 *       No logs (or no log directory): one {@code LOG_ENTRY} with id 0 and num_logs 0, as
 *       common.xml asks (PX4 1.15 sends nothing). A range past the last log: nothing (counted).
 *       The listing is a snapshot: the ids a ground station gets stay valid for its downloads
 *       until it lists again or a LOG_ERASE.</li>
 *   <li>{@code LOG_REQUEST_DATA(id, ofs, count)}: {@code LOG_DATA} messages of 90 bytes (the last
 *       one shorter at the end of the file) from {@code ofs} up to {@code ofs + count} or the
 *       file's size when the request came, whichever is first; {@code count = 0xFFFFFFFF}
 *       therefore means "to the end" (computed in 64 bits: PX4 adds it to {@code ofs} in 32 bits
 *       and stops after one packet when {@code ofs > 0}). A new request replaces the one being
 *       served (QGC and MAVSDK re-request missing bins so). The file is read with positional
 *       reads and may be growing: each request sees its size at that moment.</li>
 *   <li>{@code ofs} at or past the end of the file: one {@code LOG_DATA} with {@code count = 0}
 *       at {@code ofs}, common.xml's "end of log" (ArduPilot and PX4 up to 1.14 answer so;
 *       PX4 1.15 sends nothing and lets the client time out).</li>
 *   <li>{@code count = 0}: nothing to send; the request still stops the transfer it replaces.</li>
 *   <li>An id that was not listed, or a log that cannot be opened any more (deleted since the
 *       listing): no {@code LOG_DATA} (a count-0 answer would make MAVSDK mark that part
 *       received and keep a hole) but a {@code STATUSTEXT} WARNING saying to list again, at most
 *       one a second per ground station.</li>
 *   <li>{@code LOG_REQUEST_END}: stops that ground station's listing or transfer and closes its
 *       file.</li>
 *   <li>{@code LOG_ERASE}: refused while armed (STATUSTEXT WARNING "disarm first": deleting
 *       files is no business for a flying vehicle's storage, and ArduPilot refuses every log
 *       request while armed); else every transfer stops, every listing is voided (a download by
 *       an old id gets the unknown-id warning until the ground station lists again) and
 *       {@link LogDirectory#eraseAll()} deletes every log but the one being written; a
 *       STATUSTEXT INFO says how many. PX4's handler checks neither.</li>
 * </ul>
 *
 * <h2>Ground stations and pacing</h2>
 * Each (link, system id, component id) that sends a request has its own session: listing
 * snapshot, transfer and open file, so two ground stations download at once without disturbing
 * each other (PX4 keeps one handler per MAVLink instance; ArduPilot serves one link at a time).
 * At most {@link Options#maxSessions()}; the one unused longest is dropped for a new one.
 * Messages are paced per link: {@link Options#messagesPerSecond()} LOG_ENTRY/LOG_DATA messages
 * a second, credited on each 50 Hz {@link #tick} and shared round-robin by that link's sessions,
 * bursts capped at two ticks' worth so a ground station's socket buffer is never flooded and
 * telemetry keeps its share. The first messages of an answer leave with the request. A
 * session's file is closed at the end of the file, on LOG_REQUEST_END or LOG_ERASE, or after
 * {@link Options#idleTimeoutNs()} without a request; an idle session is then forgotten.
 *
 * <p>Requests addressed to another system or component are ignored. MAVLink thread only (file
 * reads are positional reads of at most {@link #READ_AHEAD} bytes, a handful per tick); the
 * log directory may be set from any thread; counters may be read from any thread.
 */
public final class LogService implements MavlinkService {

    /** Bytes of log data in one LOG_DATA message (common.xml: {@code uint8_t data[90]}). */
    public static final int DATA_LEN = 90;
    /** {@code LOG_REQUEST_LIST.end} for "the last log". */
    public static final int LAST = 0xFFFF;
    /** Bytes read from a log file at once: 64 LOG_DATA messages' worth. */
    static final int READ_AHEAD = 64 * DATA_LEN;
    /** LOG_DATA.ofs is a uint32: bytes at or past 4 GiB cannot be addressed. */
    static final long MAX_OFFSET = 0xFFFF_FFFFL;
    /** The link layer ticks services every 20 ms. */
    private static final double TICK_S = 0.02;
    private static final long WARN_INTERVAL_NS = 1_000_000_000L;

    /**
     * Limits.
     *
     * @param messagesPerSecond LOG_ENTRY/LOG_DATA messages a second on a link, &gt;= 1
     * @param idleTimeoutNs     a session's file is closed, and the session forgotten, after this
     *                          long without a request (vehicle clock), &gt; 0
     * @param maxSessions       ground stations served at once, &gt;= 1
     */
    public record Options(ToIntFunction<MavlinkLink> messagesPerSecond, long idleTimeoutNs, int maxSessions) {
        public Options {
            Objects.requireNonNull(messagesPerSecond, "messagesPerSecond");
            if (idleTimeoutNs <= 0 || maxSessions < 1) {
                throw new IllegalArgumentException("bad log service options: " + idleTimeoutNs + ", " + maxSessions);
            }
        }

        /**
         * 2000 messages/s (180 kB/s of log data) on UDP and TCP; 20/s (1.8 kB/s, about a third
         * of a 57600-baud radio) on serial links; files closed after 5 s idle; 8 ground stations.
         */
        public static Options defaults() {
            return new Options(link -> link.name().startsWith("serial:") ? SERIAL_RATE : NETWORK_RATE,
                    5_000_000_000L, 8);
        }

        /** The same pace on every link. */
        public Options withRate(int perSecond) {
            return new Options(link -> perSecond, idleTimeoutNs, maxSessions);
        }
    }

    /** Default pace on UDP/TCP links, messages a second. */
    public static final int NETWORK_RATE = 2000;
    /** Default pace on serial links, messages a second. */
    public static final int SERIAL_RATE = 20;

    /** What the service did, for tests and reports. */
    public record Counters(long listRequests, long entriesSent, long emptyListRanges, long dataRequests,
                           long dataMessagesSent, long dataBytesSent, long pastEndRequests, long zeroCountRequests,
                           long unknownIdRequests, long readFailures, long endRequests, long eraseRequests,
                           long erasesRefusedArmed, long logsErased, long filesClosedIdle, long sessionsEvicted,
                           long ignoredOtherTarget) {
    }

    private record Peer(int linkId, int system, int component) {
    }

    private static final class Session {
        final Peer peer;
        final MavlinkLink link;
        long lastUseNs;
        long lastWarnNs = Long.MIN_VALUE;
        /** The entries this ground station was last given; wire id = index. Null until listed. */
        List<LogDirectory.Entry> listing;
        boolean listingActive;
        int nextEntry;
        int lastEntry;
        boolean sending;
        int fileId = -1;
        FileChannel file;
        long fileSizeAtRequest;
        long next;
        long end;
        ByteBuffer buffer;
        long bufferStart;
        int bufferLength;

        Session(Peer peer, MavlinkLink link, long nowNs) {
            this.peer = peer;
            this.link = link;
            this.lastUseNs = nowNs;
        }

        boolean active() {
            return listingActive || sending;
        }
    }

    private static final class LinkPace {
        final int linkId;
        final double perTick;
        final double burst;
        double credit;
        int roundRobin;

        LinkPace(int linkId, int perSecond) {
            this.linkId = linkId;
            this.perTick = Math.max(1, perSecond) * TICK_S;
            this.burst = Math.max(1.0, 2 * perTick);
            this.credit = Math.max(1.0, perTick);
        }
    }

    private final int systemId;
    private final int componentId;
    private final MavlinkOutput out;
    private final StatusTextSender texts;
    private final BooleanSupplier armed;
    private final Options options;
    private volatile LogDirectory directory;
    private final Map<Peer, Session> sessions = new LinkedHashMap<>();
    private final Map<Integer, LinkPace> paces = new LinkedHashMap<>();

    private volatile long listRequests;
    private volatile long entriesSent;
    private volatile long emptyListRanges;
    private volatile long dataRequests;
    private volatile long dataMessagesSent;
    private volatile long dataBytesSent;
    private volatile long pastEndRequests;
    private volatile long zeroCountRequests;
    private volatile long unknownIdRequests;
    private volatile long readFailures;
    private volatile long endRequests;
    private volatile long eraseRequests;
    private volatile long erasesRefusedArmed;
    private volatile long logsErased;
    private volatile long filesClosedIdle;
    private volatile long sessionsEvicted;
    private volatile long ignoredOtherTarget;

    /**
     * @param directory the logs, or null for none (every listing says num_logs 0)
     * @param armed     whether the vehicle is armed now (LOG_ERASE is refused then); MAVLink thread
     * @param texts     where warnings go (STATUSTEXT)
     */
    public LogService(int systemId, int componentId, MavlinkOutput out, StatusTextSender texts,
                      LogDirectory directory, BooleanSupplier armed, Options options) {
        this.systemId = systemId;
        this.componentId = componentId;
        this.out = Objects.requireNonNull(out, "out");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.armed = Objects.requireNonNull(armed, "armed");
        this.options = Objects.requireNonNull(options, "options");
        this.directory = directory;
    }

    /**
     * Sets the logs served from the next request on (null: none). Any thread. Sessions keep the
     * listing they were given until they list again.
     */
    public void directory(LogDirectory dir) {
        this.directory = dir;
    }

    /** The logs served now, or null. */
    public LogDirectory directory() {
        return directory;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Object p = message.getPayload();
        if (p instanceof LogRequestData r) {
            if (addressedToUs(r.targetSystem(), r.targetComponent())) {
                requestData(session(source, message, nowNs), r.id(), r.ofs(), r.count(), nowNs);
            }
        } else if (p instanceof LogRequestList r) {
            if (addressedToUs(r.targetSystem(), r.targetComponent())) {
                requestList(session(source, message, nowNs), r.start(), r.end());
            }
        } else if (p instanceof LogRequestEnd r) {
            if (addressedToUs(r.targetSystem(), r.targetComponent())) {
                endRequests++;
                Session s = sessions.get(peer(source, message));
                if (s != null) {
                    stop(s);
                    closeFile(s);
                }
            }
        } else if (p instanceof LogErase r) {
            if (addressedToUs(r.targetSystem(), r.targetComponent())) {
                if (authority != null && !authority.allowChange(source, message.getOriginSystemId(), nowNs)) {
                    erasesRefusedAuthority++; // LOG_ERASE has no answer: dropped, told by the authority
                    return;
                }
                erase(source);
            }
        }
    }

    @Override
    public void tick(long nowNs) {
        for (LinkPace pace : paces.values()) {
            pace.credit = Math.min(pace.burst, pace.credit + pace.perTick);
            pump(pace);
        }
        List<Peer> idle = null;
        for (Session s : sessions.values()) {
            if (!s.active() && nowNs - s.lastUseNs >= options.idleTimeoutNs()) {
                if (s.file != null) {
                    filesClosedIdle++;
                }
                if (idle == null) {
                    idle = new ArrayList<>(2);
                }
                idle.add(s.peer);
            }
        }
        if (idle != null) {
            for (Peer peer : idle) {
                forget(sessions.get(peer));
            }
        }
    }

    private boolean addressedToUs(int targetSystem, int targetComponent) {
        if ((targetSystem != 0 && targetSystem != systemId) || (targetComponent != 0 && targetComponent != componentId)) {
            ignoredOtherTarget++;
            return false;
        }
        return true;
    }

    private static Peer peer(MavlinkLink source, MavlinkMessage<?> message) {
        return new Peer(source == null ? -1 : source.id(), message.getOriginSystemId(), message.getOriginComponentId());
    }

    private Session session(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Peer peer = peer(source, message);
        Session s = sessions.get(peer);
        if (s == null) {
            if (sessions.size() >= options.maxSessions()) {
                Session oldest = null;
                for (Session c : sessions.values()) {
                    if (oldest == null || c.lastUseNs < oldest.lastUseNs) {
                        oldest = c;
                    }
                }
                sessionsEvicted++;
                forget(oldest);
            }
            s = new Session(peer, source, nowNs);
            sessions.put(peer, s);
            if (!paces.containsKey(peer.linkId())) {
                paces.put(peer.linkId(), new LinkPace(peer.linkId(), options.messagesPerSecond().applyAsInt(source)));
            }
        }
        s.lastUseNs = nowNs;
        return s;
    }

    private void forget(Session s) {
        closeFile(s);
        sessions.remove(s.peer);
        for (Session other : sessions.values()) {
            if (other.peer.linkId() == s.peer.linkId()) {
                return;
            }
        }
        paces.remove(s.peer.linkId());
    }

    private List<LogDirectory.Entry> list() {
        LogDirectory dir = directory;
        if (dir == null) {
            return List.of();
        }
        try {
            return dir.list();
        } catch (IOException | RuntimeException e) {
            readFailures++;
            return List.of();
        }
    }

    private void requestList(Session s, int start, int end) {
        listRequests++;
        stop(s);
        closeFile(s); // a new listing may number the logs differently
        s.listing = list();
        int n = Math.min(s.listing.size(), LAST); // ids are uint16 and 0xFFFF means "last"
        if (n == 0) {
            out.send(s.link, LogEntry.builder().id(0).numLogs(0).lastLogNum(0).timeUtc(0).size(0).build());
            entriesSent++;
            return;
        }
        int last = end == LAST ? n - 1 : Math.min(end, n - 1);
        if (start > last) {
            emptyListRanges++;
            return;
        }
        s.listingActive = true;
        s.nextEntry = start;
        s.lastEntry = last;
        pump(paces.get(s.peer.linkId()));
    }

    private void requestData(Session s, int id, long ofs, long count, long nowNs) {
        dataRequests++;
        stop(s);
        if (s.listing == null) {
            s.listing = list(); // not listed by this ground station yet (PX4 ignores such requests)
        }
        if (id >= Math.min(s.listing.size(), LAST)) {
            unknownIdRequests++;
            closeFile(s);
            warn(s, nowNs, "No log " + id + " (" + s.listing.size() + " listed): list logs again");
            return;
        }
        if (count == 0) {
            zeroCountRequests++;
            return;
        }
        if (s.file == null || s.fileId != id) {
            closeFile(s);
            try {
                s.file = FileChannel.open(s.listing.get(id).path(), StandardOpenOption.READ);
                s.fileId = id;
            } catch (IOException | RuntimeException e) {
                readFailures++;
                warn(s, nowNs, "Log " + id + " unreadable ("
                        + (e instanceof NoSuchFileException ? "deleted" : e.getClass().getSimpleName())
                        + "): list logs again");
                return;
            }
        }
        long size;
        try {
            size = s.file.size();
        } catch (IOException e) {
            readFailures++;
            closeFile(s);
            warn(s, nowNs, "Log " + id + " unreadable: list logs again");
            return;
        }
        if (ofs >= size) {
            pastEndRequests++;
            out.send(s.link, LogData.builder().id(id).ofs(ofs).count(0).data(new byte[0]).build());
            return;
        }
        s.fileSizeAtRequest = size;
        s.next = ofs;
        s.end = Math.min(Math.min(ofs + count, size), MAX_OFFSET + 1);
        s.sending = true;
        pump(paces.get(s.peer.linkId()));
    }

    /**
     * Asks {@code authority} before a LOG_ERASE; null (the default) allows
     * everything. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** LOG_ERASE requests dropped by the command authority. */
    public long erasesRefusedAuthority() {
        return erasesRefusedAuthority;
    }

    private long erasesRefusedAuthority;
    private org.hoverla.core.mavlink.security.CommandAuthority authority;

    private void erase(MavlinkLink source) {
        eraseRequests++;
        if (armed.getAsBoolean()) {
            erasesRefusedArmed++;
            texts.send(source, VehicleEvent.WARNING, "Log erase refused: disarm first");
            return;
        }
        for (Session s : sessions.values()) {
            stop(s);
            closeFile(s);
            // The old ids are void: a download by an old id is "no log" until the ground station
            // lists again, never another log that took that id.
            s.listing = List.of();
        }
        LogDirectory dir = directory;
        if (dir == null) {
            texts.send(source, VehicleEvent.INFO, "Logs erased: none kept on this vehicle");
            return;
        }
        try {
            int n = dir.eraseAll();
            logsErased += n;
            texts.send(source, VehicleEvent.INFO, "Logs erased: " + n
                    + (dir.active() != null ? " (the log being written is kept)" : ""));
        } catch (IOException | RuntimeException e) {
            readFailures++;
            texts.send(source, VehicleEvent.ERROR, "Log erase failed: " + e.getMessage());
        }
    }

    /** Sends this link's sessions' messages, round-robin, while the link has credit. */
    private void pump(LinkPace pace) {
        if (pace == null) {
            return;
        }
        List<Session> mine = null;
        while (pace.credit >= 1.0) {
            if (mine == null) {
                mine = new ArrayList<>(2);
                for (Session s : sessions.values()) {
                    if (s.peer.linkId() == pace.linkId && s.active()) {
                        mine.add(s);
                    }
                }
            }
            if (mine.isEmpty()) {
                return;
            }
            int i = Math.floorMod(pace.roundRobin++, mine.size());
            Session s = mine.get(i);
            sendOne(s);
            pace.credit -= 1.0;
            if (!s.active()) {
                mine.remove(i);
            }
        }
    }

    private void sendOne(Session s) {
        if (s.listingActive) {
            LogDirectory.Entry e = s.listing.get(s.nextEntry);
            out.send(s.link, LogEntry.builder().id(s.nextEntry).numLogs(Math.min(s.listing.size(), LAST))
                    .lastLogNum(s.lastEntry).timeUtc(Math.max(0, Math.min(MAX_OFFSET, e.utcSeconds())))
                    .size(Math.min(MAX_OFFSET, e.sizeBytes())).build());
            entriesSent++;
            if (s.nextEntry >= s.lastEntry) {
                s.listingActive = false;
            } else {
                s.nextEntry++;
            }
            return;
        }
        int n = (int) Math.min(DATA_LEN, s.end - s.next);
        try {
            n = fill(s, n);
        } catch (IOException e) {
            readFailures++;
            stop(s);
            closeFile(s);
            return;
        }
        if (n <= 0) { // the file shrank under us: nothing more to send
            readFailures++;
            stop(s);
            closeFile(s);
            return;
        }
        int from = (int) (s.next - s.bufferStart);
        byte[] data = Arrays.copyOfRange(s.buffer.array(), from, from + n);
        out.send(s.link, LogData.builder().id(s.fileId).ofs(s.next).count(n).data(data).build());
        dataMessagesSent++;
        dataBytesSent += n;
        s.next += n;
        if (s.next >= s.end) {
            s.sending = false;
            if (s.next >= s.fileSizeAtRequest) {
                closeFile(s); // PX4 closes at the end of the file too; a later request reopens it
            }
        }
    }

    /**
     * Makes the read-ahead buffer hold {@code [next, next + n)} as far as the file has it.
     *
     * @return how many of the {@code n} bytes are there
     */
    private static int fill(Session s, int n) throws IOException {
        if (s.buffer == null) {
            s.buffer = ByteBuffer.allocate(READ_AHEAD);
        }
        if (s.next >= s.bufferStart && s.next + n <= s.bufferStart + s.bufferLength) {
            return n;
        }
        ByteBuffer b = s.buffer;
        b.clear();
        b.limit((int) Math.min(READ_AHEAD, s.end - s.next));
        long pos = s.next;
        while (b.hasRemaining()) {
            int r = s.file.read(b, pos);
            if (r < 0) {
                break;
            }
            pos += r;
        }
        s.bufferStart = s.next;
        s.bufferLength = b.position();
        return Math.min(n, s.bufferLength);
    }

    private static void stop(Session s) {
        s.listingActive = false;
        s.sending = false;
    }

    private static void closeFile(Session s) {
        s.sending = false;
        s.fileId = -1;
        s.bufferLength = 0;
        FileChannel f = s.file;
        s.file = null;
        if (f != null) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing a read-only channel: nothing was written that could be lost
            }
        }
    }

    private void warn(Session s, long nowNs, String text) {
        if (s.lastWarnNs == Long.MIN_VALUE || nowNs - s.lastWarnNs >= WARN_INTERVAL_NS) {
            s.lastWarnNs = nowNs;
            texts.send(s.link, VehicleEvent.WARNING, text);
        }
    }

    /** Ground stations with a session now. MAVLink thread (tests). */
    int sessionCount() {
        return sessions.size();
    }

    /** Log files open now. MAVLink thread (tests). */
    public int openFiles() {
        int n = 0;
        for (Session s : sessions.values()) {
            if (s.file != null) {
                n++;
            }
        }
        return n;
    }

    /** A snapshot of the counters. Any thread. */
    public Counters counters() {
        return new Counters(listRequests, entriesSent, emptyListRanges, dataRequests, dataMessagesSent, dataBytesSent,
                pastEndRequests, zeroCountRequests, unknownIdRequests, readFailures, endRequests, eraseRequests,
                erasesRefusedArmed, logsErased, filesClosedIdle, sessionsEvicted, ignoredOtherTarget);
    }
}
