package org.hoverla.core.mavlink.ftp;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.FileTransferProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <h2>The update inbox (the one writable place)</h2>
 * With an {@link FtpUploadArea} ({@link #uploadArea}), paths {@code /@update/hoverla-V.tar} and
 * {@code /@update/hoverla-V.tar.minisig} are write-only files in the inbox directory, with PX4's
 * semantics: CreateFile (create or truncate; ACK with the session, size 0), OpenFileWO (create
 * if absent, keep what is there; ACK with the session and the file's current length as uint32,
 * so a client resumes a broken upload at that offset), WriteFile (at {@code offset}; ACK with
 * the count written as uint32), TruncateFile (to {@code offset}), RemoveFile, and
 * CalcFileCRC32 of an inbox file (to check what is there before resuming). Each passes the
 * area's gate first (an authorised station, disarmed): refused, FileProtected, counted by
 * reason. A write past the size cap: FailErrno EFBIG; a disk error: FailErrno (ENOSPC when the
 * disk is full, else EIO). Directories, Rename and every other path: FileProtected. Opening an
 * inbox file for reading: FileNotFound (write-only). A write session's data is forced to disk
 * when it is terminated or expires. The file I/O is done on the MAVLink thread, as the
 * parameter saves are: one positional write of at most 239 bytes per request.
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
    private volatile long bytesUploaded;
    private final long[] uploadRefusals = new long[FtpUploadArea.REASONS];
    private volatile FtpUploadArea upload;
    private final ByteBuffer writeBuffer = ByteBuffer.wrap(req.data);
    private MavlinkLink currentLink;
    private int currentSystem;
    /** errno values for FailErrno answers (Linux numbering, as PX4 sends them). */
    static final int EIO = 5;
    static final int EFBIG = 27;
    static final int ENOSPC = 28;

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
        /** A write session's file (inbox only), or null for a read session. */
        FileChannel channel;

        Session(int id) {
            this.id = id;
        }

        void close() {
            open = false;
            bursting = false;
            file = null;
            path = null;
            link = null;
            if (channel != null) {
                try {
                    // What was written survives a power cut; the installer checks it whole anyway.
                    channel.force(true);
                } catch (IOException e) {
                    // nothing more to do: a torn upload is refused by the signature check
                } finally {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        // closed either way
                    }
                    channel = null;
                }
            }
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

    /**
     * Opens the update inbox for uploads (null: read-only again). Boot or MAVLink thread.
     */
    public void uploadArea(FtpUploadArea area) {
        this.upload = area;
    }

    /** @return the update inbox, or null when the server is read-only */
    public FtpUploadArea uploadArea() {
        return upload;
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
        currentLink = source;
        currentSystem = message.getOriginSystemId();
        handle(nowNs);
        currentLink = null;
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
                if (FtpUploadArea.inArea(req.dataAsString())) {
                    uploadCrc(nowNs);
                    return;
                }
                byte[] f = fs.file(req.dataAsString());
                if (f == null) {
                    nak(ERR_FILE_NOT_FOUND);
                } else {
                    rsp.setDataUint32(MavlinkCrc32.of(f));
                    rsp.opcode = OP_ACK;
                }
            }
            case OP_CREATE_FILE -> openForWrite(nowNs, true);
            case OP_OPEN_FILE_WO -> openForWrite(nowNs, false);
            case OP_WRITE_FILE -> writeFile(nowNs);
            case OP_TRUNCATE_FILE -> truncateFile(nowNs);
            case OP_REMOVE_FILE -> removeFile(nowNs);
            case OP_CREATE_DIRECTORY, OP_REMOVE_DIRECTORY, OP_RENAME -> nak(ERR_FILE_PROTECTED);
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
        if (s == null || s.file == null) {
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
        if (s == null || s.file == null) {
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
     * The inbox file a writing request names, after the gate; null when refused ({@link #rsp}
     * then holds the NAK).
     */
    private Path uploadTarget(String ftpPath, long nowNs) {
        FtpUploadArea area = upload;
        Path target = area == null ? null : area.resolve(ftpPath);
        if (target == null) {
            nak(ERR_FILE_PROTECTED);
            return null;
        }
        if (!gateAllows(area, nowNs)) {
            return null;
        }
        return target;
    }

    private boolean gateAllows(FtpUploadArea area, long nowNs) {
        int verdict = currentLink == null ? FtpUploadArea.NOT_AUTHORISED
                : area.gate().check(currentLink, currentSystem, nowNs);
        if (verdict != FtpUploadArea.ALLOWED) {
            uploadRefusals[Math.min(Math.max(verdict, 0), FtpUploadArea.REASONS - 1)]++;
            nak(ERR_FILE_PROTECTED);
            return false;
        }
        return true;
    }

    /** CreateFile (truncate) and OpenFileWO (keep, answer the length: resume), inbox only. */
    private void openForWrite(long nowNs, boolean create) {
        Path target = uploadTarget(req.dataAsString(), nowNs);
        if (target == null) {
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
        FileChannel ch;
        long length;
        try {
            Files.createDirectories(target.getParent());
            ch = create
                    ? FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            length = ch.size();
        } catch (IOException e) {
            nakErrno(e);
            return;
        }
        free.open = true;
        free.path = req.dataAsString();
        free.file = null;
        free.channel = ch;
        free.lastUseNs = nowNs;
        rsp.session = free.id;
        rsp.opcode = OP_ACK;
        if (create) {
            rsp.size = 0;
        } else {
            rsp.setDataUint32(length);
        }
    }

    private void writeFile(long nowNs) {
        FtpUploadArea area = upload;
        if (area == null) {
            nak(ERR_FILE_PROTECTED); // read-only server: every write is protected, as before
            return;
        }
        Session s = session(req.session);
        if (s == null || s.channel == null) {
            nak(ERR_INVALID_SESSION);
            return;
        }
        s.lastUseNs = nowNs;
        if (!gateAllows(area, nowNs)) {
            return;
        }
        if (req.offset + req.size > area.maxBytes()) {
            nakErrno(EFBIG);
            return;
        }
        writeBuffer.clear();
        writeBuffer.limit(req.size);
        try {
            long at = req.offset;
            while (writeBuffer.hasRemaining()) {
                at += s.channel.write(writeBuffer, at);
            }
        } catch (IOException e) {
            nakErrno(e);
            return;
        }
        bytesUploaded += req.size;
        rsp.setDataUint32(req.size);
        rsp.opcode = OP_ACK;
    }

    private void truncateFile(long nowNs) {
        Path target = uploadTarget(req.dataAsString(), nowNs);
        if (target == null) {
            return;
        }
        if (!Files.isRegularFile(target)) {
            nak(ERR_FILE_NOT_FOUND);
            return;
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            if (req.offset > ch.size()) {
                nak(ERR_FAIL); // truncate only shortens (PX4 refuses to extend too)
                return;
            }
            ch.truncate(req.offset);
            ch.force(true);
        } catch (IOException e) {
            nakErrno(e);
            return;
        }
        ack(0);
    }

    private void removeFile(long nowNs) {
        Path target = uploadTarget(req.dataAsString(), nowNs);
        if (target == null) {
            return;
        }
        try {
            Files.delete(target);
        } catch (NoSuchFileException e) {
            nak(ERR_FILE_NOT_FOUND);
            return;
        } catch (IOException e) {
            nakErrno(e);
            return;
        }
        ack(0);
    }

    /** CalcFileCRC32 of an inbox file: what a client checks before it resumes an upload. */
    private void uploadCrc(long nowNs) {
        Path target = uploadTarget(req.dataAsString(), nowNs);
        if (target == null) {
            return;
        }
        try {
            rsp.setDataUint32(MavlinkCrc32.of(target));
            rsp.opcode = OP_ACK;
        } catch (NoSuchFileException e) {
            nak(ERR_FILE_NOT_FOUND);
        } catch (IOException e) {
            nakErrno(e);
        }
    }

    private void nakErrno(IOException e) {
        String m = String.valueOf(e.getMessage());
        nakErrno(m.contains("No space left") ? ENOSPC : EIO);
    }

    private void nakErrno(int errno) {
        nak(ERR_FAIL_ERRNO);
        rsp.size = 2;
        rsp.data[1] = (byte) errno;
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

    /** @return bytes written into the update inbox */
    public long bytesUploaded() {
        return bytesUploaded;
    }

    /** @return inbox requests refused by the gate for {@code reason} ({@link FtpUploadArea#NOT_AUTHORISED}, {@link FtpUploadArea#ARMED}) */
    public long uploadRefusals(int reason) {
        return reason >= 0 && reason < uploadRefusals.length ? uploadRefusals[reason] : 0;
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
