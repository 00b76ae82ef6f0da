package org.hoverla.core.mavlink.ftp;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.FileTransferProtocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;

import static org.hoverla.core.mavlink.ftp.FtpPayload.*;

/**
 * The MAVLink FTP server (mavlink.io/en/services/ftp.html) over a read-only
 * {@link VirtualFileSystem}: what a ground station needs to download files, e.g. QGC's
 * {@code FTPManager::download} (OpenFileRO → BurstReadFile … → ReadFile for holes →
 * ResetSessions) for component metadata.
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li>{@code None}: ACK. {@code TerminateSession}: closes one session (InvalidSession if it is
 *       not open). {@code ResetSessions}: closes every session, ACK.</li>
 *   <li>{@code ListDirectory}: entries from index {@code offset}, {@code F<name>\t<size>\0} or
 *       {@code D<name>\0}, as many as fit; EOF past the last entry; FileNotFound for a path that
 *       is no directory.</li>
 *   <li>{@code OpenFileRO}: a session id and the file length (uint32, size 4); FileNotFound,
 *       NoSessionsAvailable when {@link Options#maxSessions()} are open.</li>
 *   <li>{@code ReadFile}: up to {@code size} bytes from {@code offset}; EOF at or past the end;
 *       InvalidDataSize for size 0; InvalidSession.</li>
 *   <li>{@code BurstReadFile}: data packets from {@code offset} to the end of the file, sequence
 *       numbers {@code seq+1, seq+2, …}, the last one with {@code burst_complete}; EOF when the
 *       offset is at or past the end. Paced: at most {@link Options#burstPacketsPerTick()}
 *       packets per 50 Hz tick, so a burst never floods a link's other traffic.</li>
 *   <li>{@code CalcFileCRC32}: {@link MavlinkCrc32} of the file (uint32, size 4).</li>
 *   <li>Every writing opcode (CreateFile, WriteFile, RemoveFile, CreateDirectory,
 *       RemoveDirectory, OpenFileWO, TruncateFile, Rename): FileProtected: the file system is
 *       read-only. Any other opcode: UnknownCommand. A request whose {@code size} exceeds 239:
 *       InvalidDataSize (before anything else, as PX4's {@code mavlink_ftp.cpp} does).</li>
 * </ul>
 *
 * <h2>Sequence numbers and retries</h2>
 * An answer carries the request's {@code seq + 1}, its opcode in {@code req_opcode}, and the
 * request's session and offset. A request repeated byte for byte (same sequence number) by the
 * same sender on the same link (the client's retry after a lost answer) gets the same answer
 * again, not a second execution: a retried OpenFileRO does not open a second session. The
 * remembered answer is forgotten after the session timeout, so a client that restarts its
 * numbering later is served afresh. A repeated burst request restarts that burst from its
 * offset, with the same numbering.
 *
 * <h2>Sessions</h2>
 * At most {@link Options#maxSessions()}; a session not used for
 * {@link Options#sessionTimeoutNs()} (no request, no burst running: a client that died
 * mid-download) is closed on a tick.
 *
 * <p>Only requests for this system and component (or target 0) are served; others belong to
 * another component's FTP server and are ignored. Answers go back on the request's link to its
 * sender. MAVLink thread only; counters may be read from any thread for reports.
 */
public final class FtpService implements MavlinkService {


    /**
     * Limits.
     *
     * @param maxSessions          open sessions at once, 1..255
     * @param sessionTimeoutNs     an unused session is closed after this long, &gt; 0
     * @param burstPacketsPerTick  data packets of all bursts per 50 Hz tick, &gt;= 1
     */
    public record Options(int maxSessions, long sessionTimeoutNs, int burstPacketsPerTick) {
        public Options {
            if (maxSessions < 1 || maxSessions > 255 || sessionTimeoutNs <= 0 || burstPacketsPerTick < 1) {
                throw new IllegalArgumentException("bad FTP options: " + maxSessions + ", " + sessionTimeoutNs
                        + ", " + burstPacketsPerTick);
            }
        }

        /**
         * 4 sessions; 10 s idle timeout (QGC gives up on a download after about 3 s of silence
         * — a few retries of its ack timeout); 8 packets per tick ≈ 400 packets/s ≈ 95 kB/s.
         */
        public static Options defaults() {
            return new Options(4, 10_000_000_000L, 8);
        }
    }

    private static final int RETRY_CACHE_SIZE = 16;

    private final int systemId;
    private final int componentId;
    private final MavlinkOutput out;
    private final VirtualFileSystem fs;
    private final Options options;
    private final Session[] sessions;
    private final FtpPayload req = new FtpPayload();
    private final FtpPayload rsp = new FtpPayload();
    /** Last answer per (link, sender): the retry rule. Bounded, oldest dropped. */
    private final Map<Peer, LastAnswer> lastAnswers = new LinkedHashMap<>(RETRY_CACHE_SIZE * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Peer, LastAnswer> eldest) {
            return size() > RETRY_CACHE_SIZE;
        }
    };

    private volatile long requests;
    private volatile long naks;
    private volatile long retriesAnswered;
    private volatile long sessionsExpired;
    private volatile long burstPackets;

    private record Peer(int linkId, int system, int component) {
    }

    /** The request as received (its bytes), the answer sent and when. */
    private record LastAnswer(byte[] request, byte[] answer, long atNs) {
    }

    private static final class Session {
        final int id;
        boolean open;
        String path;
        byte[] file;
        long lastUseNs;
        MavlinkLink link;
        int peerSystem;
        int peerComponent;
        boolean bursting;
        long burstOffset;
        int burstSeq;

        Session(int id) {
            this.id = id;
        }

        void close() {
            open = false;
            bursting = false;
            file = null;
            path = null;
            link = null;
        }
    }

    /**
     * @param systemId    this vehicle's system id
     * @param componentId this server's component id (the autopilot's: QGC downloads metadata from
     *                    {@code MAV_COMP_ID_AUTOPILOT1})
     */
    public FtpService(int systemId, int componentId, MavlinkOutput out, VirtualFileSystem fs, Options options) {
        this.systemId = systemId;
        this.componentId = componentId;
        this.out = out;
        this.fs = fs;
        this.options = options;
        this.sessions = new Session[options.maxSessions()];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = new Session(i);
        }
    }

    /** Being registered makes {@code MAV_PROTOCOL_CAPABILITY_FTP} true (AUTOPILOT_VERSION). */
    @Override
    public long capabilities() {
        return org.hoverla.core.mavlink.MavlinkCapabilities.FTP;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        if (!(message.getPayload() instanceof FileTransferProtocol ftp)) {
            return;
        }
        if ((ftp.targetSystem() != 0 && ftp.targetSystem() != systemId)
                || (ftp.targetComponent() != 0 && ftp.targetComponent() != componentId)) {
            return;
        }
        requests++;
        byte[] request = ftp.payload() == null ? new byte[0] : ftp.payload();
        req.decode(request);
        Peer peer = new Peer(source == null ? -1 : source.id(), message.getOriginSystemId(),
                message.getOriginComponentId());
        LastAnswer last = lastAnswers.get(peer);
        if (last != null && nowNs - last.atNs() <= options.sessionTimeoutNs()
                && sameRequest(last.request(), request)) {
            retriesAnswered++;
            send(source, peer, last.answer());
            return;
        }
        if (req.opcode == OP_BURST_READ_FILE && req.size <= MAX_DATA) {
            lastAnswers.remove(peer);
            startBurst(source, peer, nowNs);
            return;
        }
        handle(nowNs);
        byte[] answer = rsp.encode();
        lastAnswers.put(peer, new LastAnswer(request.clone(), answer, nowNs));
        send(source, peer, answer);
    }

    @Override
    public void tick(long nowNs) {
        for (Session s : sessions) {
            if (s.open && s.bursting) {
                s.lastUseNs = nowNs; // a session still sending its burst is in use
            } else if (s.open && nowNs - s.lastUseNs > options.sessionTimeoutNs()) {
                s.close();
                sessionsExpired++;
            }
        }
        int budget = options.burstPacketsPerTick();
        for (Session s : sessions) {
            if (s.open && s.bursting) {
                budget = continueBurst(s, budget);
            }
        }
    }

    /** Fills {@link #rsp} with the answer to {@link #req}. */
    private void handle(long nowNs) {
        answerHeader();
        if (req.size > MAX_DATA) {
            nak(ERR_INVALID_DATA_SIZE);
            return;
        }
        switch (req.opcode) {
            case OP_NONE -> ack(0);
            case OP_TERMINATE_SESSION -> {
                Session s = session(req.session);
                if (s == null) {
                    nak(ERR_INVALID_SESSION);
                } else {
                    s.close();
                    ack(0);
                }
            }
            case OP_RESET_SESSIONS -> {
                for (Session s : sessions) {
                    s.close();
                }
                ack(0);
            }
            case OP_LIST_DIRECTORY -> listDirectory();
            case OP_OPEN_FILE_RO -> openFile(nowNs);
            case OP_READ_FILE -> readFile(nowNs);
            case OP_CALC_FILE_CRC32 -> {
                byte[] f = fs.file(req.dataAsString());
                if (f == null) {
                    nak(ERR_FILE_NOT_FOUND);
                } else {
                    rsp.setDataUint32(MavlinkCrc32.of(f));
                    rsp.opcode = OP_ACK;
                }
            }
            case OP_CREATE_FILE, OP_WRITE_FILE, OP_REMOVE_FILE, OP_CREATE_DIRECTORY, OP_REMOVE_DIRECTORY,
                    OP_OPEN_FILE_WO, OP_TRUNCATE_FILE, OP_RENAME -> nak(ERR_FILE_PROTECTED);
            default -> nak(ERR_UNKNOWN_COMMAND);
        }
    }

    private void listDirectory() {
        List<VirtualFileSystem.Entry> entries = fs.list(req.dataAsString());
        if (entries == null) {
            nak(ERR_FILE_NOT_FOUND);
            return;
        }
        if (req.offset >= entries.size()) {
            nak(ERR_EOF);
            return;
        }
        int n = 0;
        for (int i = (int) req.offset; i < entries.size(); i++) {
            VirtualFileSystem.Entry e = entries.get(i);
            String text = e.directory() ? "D" + e.name() : "F" + e.name() + "\t" + e.size();
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (n + b.length + 1 > MAX_DATA) {
                break;
            }
            System.arraycopy(b, 0, rsp.data, n, b.length);
            n += b.length;
            rsp.data[n++] = 0;
        }
        if (n == 0) {
            // One name longer than a whole message: cannot be listed (names here are short).
            nak(ERR_FAIL);
            return;
        }
        ack(n);
    }

    private void openFile(long nowNs) {
        String path = req.dataAsString();
        byte[] f = fs.file(path);
        if (f == null) {
            nak(ERR_FILE_NOT_FOUND);
            return;
        }
        Session free = null;
        for (Session s : sessions) {
            if (!s.open) {
                free = s;
                break;
            }
        }
        if (free == null) {
            nak(ERR_NO_SESSIONS_AVAILABLE);
            return;
        }
        free.open = true;
        free.path = path;
        free.file = f;
        free.lastUseNs = nowNs;
        rsp.session = free.id;
        rsp.setDataUint32(f.length);
        rsp.opcode = OP_ACK;
    }

    private void readFile(long nowNs) {
        Session s = session(req.session);
        if (s == null) {
            nak(ERR_INVALID_SESSION);
            return;
        }
        s.lastUseNs = nowNs;
        if (req.size == 0) {
            nak(ERR_INVALID_DATA_SIZE);
            return;
        }
        if (req.offset >= s.file.length) {
            nak(ERR_EOF);
            return;
        }
        int n = (int) Math.min(req.size, s.file.length - req.offset);
        System.arraycopy(s.file, (int) req.offset, rsp.data, 0, n);
        ack(n);
    }

    private void startBurst(MavlinkLink source, Peer peer, long nowNs) {
        answerHeader();
        Session s = session(req.session);
        if (s == null) {
            nak(ERR_INVALID_SESSION);
            send(source, peer, rsp.encode());
            return;
        }
        s.lastUseNs = nowNs;
        if (req.offset >= s.file.length) {
            s.bursting = false;
            nak(ERR_EOF);
            send(source, peer, rsp.encode());
            return;
        }
        s.bursting = true;
        s.burstOffset = req.offset;
        s.burstSeq = (req.seq + 1) & 0xFFFF;
        s.link = source;
        s.peerSystem = peer.system();
        s.peerComponent = peer.component();
        // The first packets go at once (the client's ack timer runs); the rest on ticks.
        continueBurst(s, options.burstPacketsPerTick());
    }

    /** Sends up to {@code budget} packets of the session's burst; returns the budget left. */
    private int continueBurst(Session s, int budget) {
        while (budget > 0 && s.bursting) {
            int n = (int) Math.min(MAX_DATA, s.file.length - s.burstOffset);
            rsp.clear();
            rsp.seq = s.burstSeq;
            rsp.session = s.id;
            rsp.opcode = OP_ACK;
            rsp.reqOpcode = OP_BURST_READ_FILE;
            rsp.offset = s.burstOffset;
            rsp.size = n;
            System.arraycopy(s.file, (int) s.burstOffset, rsp.data, 0, n);
            s.burstOffset += n;
            s.burstSeq = (s.burstSeq + 1) & 0xFFFF;
            if (s.burstOffset >= s.file.length) {
                rsp.burstComplete = true;
                s.bursting = false;
            }
            burstPackets++;
            send(s.link, new Peer(-1, s.peerSystem, s.peerComponent), rsp.encode());
            budget--;
        }
        return budget;
    }

    /**
     * The same request again: equal bytes, the trailing zeros MAVLink 2 may drop ignored. The
     * sequence number is among the bytes, so a new request (seq moved on) never matches.
     */
    private static boolean sameRequest(byte[] a, byte[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            byte x = i < a.length ? a[i] : 0;
            byte y = i < b.length ? b[i] : 0;
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    private Session session(int id) {
        return id < sessions.length && sessions[id].open ? sessions[id] : null;
    }

    /** The answer's header: seq + 1, the request's session, opcode and offset. */
    private void answerHeader() {
        rsp.clear();
        rsp.seq = (req.seq + 1) & 0xFFFF;
        rsp.session = req.session;
        rsp.reqOpcode = req.opcode;
        rsp.offset = req.offset;
    }

    private void ack(int size) {
        rsp.opcode = OP_ACK;
        rsp.size = size;
    }

    private void nak(int error) {
        naks++;
        rsp.opcode = OP_NAK;
        rsp.size = 1;
        java.util.Arrays.fill(rsp.data, (byte) 0);
        rsp.data[0] = (byte) error;
    }

    private void send(MavlinkLink link, Peer peer, byte[] payload) {
        out.send(link, FileTransferProtocol.builder()
                .targetNetwork(0)
                .targetSystem(peer.system())
                .targetComponent(peer.component())
                .payload(payload)
                .build());
    }

    /** @return FTP requests received for this server */
    public long requests() {
        return requests;
    }

    /** @return NAKs sent */
    public long naks() {
        return naks;
    }

    /** @return repeated requests answered from the retry cache */
    public long retriesAnswered() {
        return retriesAnswered;
    }

    /** @return sessions closed because they were not used for the timeout */
    public long sessionsExpired() {
        return sessionsExpired;
    }

    /** @return burst data packets sent */
    public long burstPackets() {
        return burstPackets;
    }

    /** @return sessions open now (MAVLink thread) */
    public int openSessions() {
        int n = 0;
        for (Session s : sessions) {
            if (s.open) {
                n++;
            }
        }
        return n;
    }
}
