package org.hoverla.core.mavlink.ftp;

import io.dronefleet.mavlink.common.FileTransferProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.RecordingOutput;

/**
 * A ground station's side of MAVLink FTP for tests: sends requests to a {@link FtpService} as
 * frames from system 255 / component 190 and reads the answers it recorded. {@link #download}
 * follows QGC's {@code FTPManager::download}: OpenFileRO, BurstReadFile until a burst ends
 * with {@code burst_complete} and the next one gets EOF, then ResetSessions.
 */
public final class FtpTestClient {
    static final int GCS_SYS = 255;
    static final int GCS_COMP = 190;

    final FtpService server;
    final RecordingOutput out;
    final MavlinkLink link;
    int seq;
    long nowNs;
    int ticks;

    public FtpTestClient(FtpService server, RecordingOutput out, MavlinkLink link) {
        this.server = server;
        this.out = out;
        this.link = link;
    }

    public static FtpPayload request(int opcode, int session, long offset, int size, String path) {
        FtpPayload p = new FtpPayload();
        p.opcode = opcode;
        p.session = session;
        p.offset = offset;
        p.size = size;
        if (path != null) {
            byte[] b = path.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, p.data, 0, b.length);
            p.size = b.length;
        }
        return p;
    }

    /** Sends with the next sequence number; returns the answers recorded for it (bursts: the first packets). */
    public List<FtpPayload> send(FtpPayload p) {
        p.seq = seq;
        seq = (seq + 2) & 0xFFFF;
        return resend(p);
    }

    /** Sends exactly this payload (its own seq) and returns the answers it caused at once. */
    List<FtpPayload> resend(FtpPayload p) {
        return deliver(FileTransferProtocol.builder().targetNetwork(0).targetSystem(1).targetComponent(1)
                .payload(p.encode()).build());
    }

    List<FtpPayload> deliver(FileTransferProtocol message) {
        out.clear();
        server.onMessage(link, Frames.from(GCS_SYS, GCS_COMP, message), nowNs);
        return answers();
    }

    /** One 50 Hz tick; returns what it sent. */
    List<FtpPayload> tick() {
        out.clear();
        nowNs += 20_000_000L;
        ticks++;
        server.tick(nowNs);
        return answers();
    }

    List<FtpPayload> answers() {
        List<FtpPayload> r = new ArrayList<>();
        for (FileTransferProtocol f : out.payloads(FileTransferProtocol.class)) {
            r.add(new FtpPayload().decode(f.payload()));
        }
        return r;
    }

    public FtpPayload single(FtpPayload p) {
        List<FtpPayload> a = send(p);
        if (a.size() != 1) {
            throw new AssertionError("expected one answer, got " + a);
        }
        return a.get(0);
    }

    /** Downloads a file the way QGC does; throws on any NAK other than the final EOF. */
    public byte[] download(String path) {
        FtpPayload open = single(request(FtpPayload.OP_OPEN_FILE_RO, 0, 0, 0, path));
        if (open.opcode != FtpPayload.OP_ACK) {
            throw new AssertionError("open NAK " + open.data[0]);
        }
        int session = open.session;
        long length = open.dataUint32();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long offset = 0;
        while (true) {
            List<FtpPayload> got = send(request(FtpPayload.OP_BURST_READ_FILE, session, offset, FtpPayload.MAX_DATA, null));
            boolean complete = false;
            boolean eof = false;
            int expectedSeq = (seq - 1) & 0xFFFF;
            for (int guard = 0; guard < 10_000 && !complete && !eof; guard++) {
                for (FtpPayload a : got) {
                    if (a.seq != expectedSeq) {
                        throw new AssertionError("burst seq " + a.seq + " expected " + expectedSeq);
                    }
                    expectedSeq = (expectedSeq + 1) & 0xFFFF;
                    if (a.opcode == FtpPayload.OP_NAK) {
                        if (a.data[0] != FtpPayload.ERR_EOF) {
                            throw new AssertionError("burst NAK " + a.data[0]);
                        }
                        eof = true;
                        break;
                    }
                    if (a.offset != offset) {
                        throw new AssertionError("hole at " + offset);
                    }
                    bytes.write(a.data, 0, a.size);
                    offset += a.size;
                    if (a.burstComplete) {
                        complete = true;
                        seq = expectedSeq; // next request: one past the last answer (QGC)
                        break;
                    }
                }
                if (!complete && !eof) {
                    got = tick();
                }
            }
            if (eof) {
                break;
            }
        }
        single(request(FtpPayload.OP_RESET_SESSIONS, 0, 0, 0, null));
        if (bytes.size() != length) {
            throw new AssertionError("got " + bytes.size() + " of " + length);
        }
        return bytes.toByteArray();
    }
}
