package org.hoverla.core.mavlink.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.ftp.FtpPayload.*;
import static org.hoverla.core.mavlink.ftp.FtpTestClient.request;

import io.dronefleet.mavlink.common.FileTransferProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.junit.jupiter.api.Test;

class FtpServiceTest {
    private static final long S = 1_000_000_000L;

    private final RecordingOutput out = new RecordingOutput();
    private final TestLink udp = new TestLink(0, "udp:127.0.0.1:14550");
    private final byte[] big = randomBytes(5000, 1);
    private final byte[] small = "{\"version\":1}\n".getBytes(StandardCharsets.US_ASCII);
    private final VirtualFileSystem fs = new VirtualFileSystem()
            .add("/etc/hoverla/big.bin", big)
            .add("/etc/hoverla/small.json", small)
            .add("/etc/other.txt", new byte[0]);
    private final FtpService server = new FtpService(1, 1, out, fs, new FtpService.Options(2, 10 * S, 8));
    private final FtpTestClient gcs = new FtpTestClient(server, out, udp);

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private FtpPayload raw(byte[] payload) {
        List<FtpPayload> a = gcs.deliver(FileTransferProtocol.builder().targetSystem(1).targetComponent(1)
                .payload(payload).build());
        assertThat(a).hasSize(1);
        return a.get(0);
    }

    private static void assertNak(FtpPayload a, int error, int requestOpcode) {
        assertThat(a.opcode).as("opcode").isEqualTo(OP_NAK);
        assertThat(a.reqOpcode).as("req_opcode").isEqualTo(requestOpcode);
        assertThat(a.size).as("size").isEqualTo(1);
        assertThat(a.data[0]).as("error").isEqualTo((byte) error);
    }

    @Test
    void shouldDownloadAFileTheWayQgcDoes() {
        // Given a 5000-byte file (21 data packets) and QGC's open / burst / EOF / reset sequence
        // When it is downloaded
        byte[] got = gcs.download("/etc/hoverla/big.bin");

        // Then every byte arrives, in one paced burst, and the session is closed at the end
        assertThat(got).isEqualTo(big);
        assertThat(server.burstPackets()).isEqualTo(21);
        assertThat(gcs.ticks).as("8 packets now, 8 per tick").isEqualTo(2);
        assertThat(server.openSessions()).isZero();
        assertThat(gcs.download("etc/hoverla/small.json")).isEqualTo(small);
    }

    @Test
    void shouldAnswerSeqPlusOneWithTheRequestsSessionOpcodeAndOffset() {
        // Given an open file
        FtpPayload open = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin"));

        // When 100 bytes are read at offset 4990 (only 10 remain)
        FtpPayload read = request(OP_READ_FILE, open.session, 4990, 100, null);
        FtpPayload a = gcs.single(read);

        // Then the ACK carries seq + 1, the request's session and offset, and the 10 bytes
        assertThat(open.opcode).isEqualTo(OP_ACK);
        assertThat(open.reqOpcode).isEqualTo(OP_OPEN_FILE_RO);
        assertThat(open.size).isEqualTo(4);
        assertThat(open.dataUint32()).isEqualTo(5000);
        assertThat(a.opcode).isEqualTo(OP_ACK);
        assertThat(a.seq).isEqualTo(read.seq + 1);
        assertThat(a.session).isEqualTo(open.session);
        assertThat(a.reqOpcode).isEqualTo(OP_READ_FILE);
        assertThat(a.offset).isEqualTo(4990);
        assertThat(a.size).isEqualTo(10);
        assertThat(java.util.Arrays.copyOf(a.data, 10)).isEqualTo(java.util.Arrays.copyOfRange(big, 4990, 5000));
    }

    @Test
    void shouldNakUnknownPathsWithFileNotFound() {
        // Given paths that name no file, a directory, and an escape attempt
        // When opened, listed or checksummed
        // Then each is FileNotFound and no session is used
        assertNak(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/none.json")), ERR_FILE_NOT_FOUND, OP_OPEN_FILE_RO);
        assertNak(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla")), ERR_FILE_NOT_FOUND, OP_OPEN_FILE_RO);
        assertNak(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/../other.txt")), ERR_FILE_NOT_FOUND, OP_OPEN_FILE_RO);
        assertNak(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "")), ERR_FILE_NOT_FOUND, OP_OPEN_FILE_RO);
        assertNak(gcs.single(request(OP_LIST_DIRECTORY, 0, 0, 0, "/nope")), ERR_FILE_NOT_FOUND, OP_LIST_DIRECTORY);
        assertNak(gcs.single(request(OP_CALC_FILE_CRC32, 0, 0, 0, "/nope")), ERR_FILE_NOT_FOUND, OP_CALC_FILE_CRC32);
        assertThat(server.openSessions()).isZero();
    }

    @Test
    void shouldNakEofForReadsAndBurstsAtOrPastTheEnd() {
        // Given open files: a 14-byte one and an empty one
        int s = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json")).session;
        int empty = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/other.txt")).session;

        // When read at the end, far past it (offset 2^32 - 1), and burst-read at the end
        // Then each is EOF, with seq + 1 so QGC takes it as the end of its burst
        assertNak(gcs.single(request(OP_READ_FILE, s, small.length, 10, null)), ERR_EOF, OP_READ_FILE);
        assertNak(gcs.single(request(OP_READ_FILE, s, 0xFFFF_FFFFL, 10, null)), ERR_EOF, OP_READ_FILE);
        FtpPayload burst = request(OP_BURST_READ_FILE, s, small.length, MAX_DATA, null);
        FtpPayload a = gcs.single(burst);
        assertNak(a, ERR_EOF, OP_BURST_READ_FILE);
        assertThat(a.seq).isEqualTo(burst.seq + 1);
        assertNak(gcs.single(request(OP_BURST_READ_FILE, empty, 0, MAX_DATA, null)), ERR_EOF, OP_BURST_READ_FILE);
    }

    @Test
    void shouldNakUnknownOrClosedSessionsWithInvalidSession() {
        // Given one file opened and then closed
        int s = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json")).session;
        assertThat(gcs.single(request(OP_TERMINATE_SESSION, s, 0, 0, null)).opcode).isEqualTo(OP_ACK);

        // When the closed session, a never-opened one and a session id past the table are used
        // Then each answer is InvalidSession
        assertNak(gcs.single(request(OP_READ_FILE, s, 0, 10, null)), ERR_INVALID_SESSION, OP_READ_FILE);
        assertNak(gcs.single(request(OP_BURST_READ_FILE, s, 0, MAX_DATA, null)), ERR_INVALID_SESSION, OP_BURST_READ_FILE);
        assertNak(gcs.single(request(OP_TERMINATE_SESSION, s, 0, 0, null)), ERR_INVALID_SESSION, OP_TERMINATE_SESSION);
        assertNak(gcs.single(request(OP_READ_FILE, 1, 0, 10, null)), ERR_INVALID_SESSION, OP_READ_FILE);
        assertNak(gcs.single(request(OP_READ_FILE, 200, 0, 10, null)), ERR_INVALID_SESSION, OP_READ_FILE);
    }

    @Test
    void shouldNakBadSizesWithInvalidDataSize() {
        // Given an open file
        int s = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin")).session;

        // When a request claims 240..255 data bytes, or a read asks for 0 bytes
        // (the size byte is written raw: the codec never encodes more than 239)
        byte[] oversize = request(OP_READ_FILE, s, 0, 0, null).encode();
        oversize[4] = (byte) 255;
        byte[] oversizeBurst = request(OP_BURST_READ_FILE, s, 0, 0, null).encode();
        oversizeBurst[4] = (byte) 240;
        oversizeBurst[0] = 9;

        // Then each is InvalidDataSize and nothing is sent as data
        assertNak(raw(oversize), ERR_INVALID_DATA_SIZE, OP_READ_FILE);
        assertNak(raw(oversizeBurst), ERR_INVALID_DATA_SIZE, OP_BURST_READ_FILE);
        assertNak(gcs.single(request(OP_READ_FILE, s, 0, 0, null)), ERR_INVALID_DATA_SIZE, OP_READ_FILE);
        assertThat(server.burstPackets()).isZero();
    }

    @Test
    void shouldRefuseEveryWriteAsFileProtectedAndUnknownOpcodesAsUnknownCommand() {
        // Given the read-only file system
        // When each writing opcode is sent, then opcodes the spec does not define
        for (int op : new int[] {OP_CREATE_FILE, OP_WRITE_FILE, OP_REMOVE_FILE, OP_CREATE_DIRECTORY,
                OP_REMOVE_DIRECTORY, OP_OPEN_FILE_WO, OP_TRUNCATE_FILE, OP_RENAME}) {
            // Then writes are FileProtected
            assertNak(gcs.single(request(op, 0, 0, 0, "/etc/hoverla/small.json")), ERR_FILE_PROTECTED, op);
        }
        for (int op : new int[] {16, 100, OP_ACK, OP_NAK, 255}) {
            // and the rest UnknownCommand
            assertNak(gcs.single(request(op, 0, 0, 0, null)), ERR_UNKNOWN_COMMAND, op);
        }
        assertThat(fs.file("/etc/hoverla/small.json")).isEqualTo(small);
        assertThat(gcs.single(request(OP_NONE, 0, 0, 0, null)).opcode).as("None is always ACKed").isEqualTo(OP_ACK);
    }

    @Test
    void shouldAnswerARepeatedSequenceNumberWithTheSameAnswerWithoutRedoingIt() {
        // Given an OpenFileRO whose ACK the ground station did not receive
        FtpPayload open = request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json");
        FtpPayload first = gcs.single(open);

        // When it sends the same request again with the same sequence number
        List<FtpPayload> again = gcs.resend(open);

        // Then it gets the same answer (same session) and no second session is opened
        assertThat(again).hasSize(1);
        assertThat(again.get(0).encode()).isEqualTo(first.encode());
        assertThat(server.openSessions()).isEqualTo(1);
        assertThat(server.retriesAnswered()).isEqualTo(1);

        // And a new request (next seq) is executed again
        assertThat(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json")).session)
                .isNotEqualTo(first.session);
    }

    @Test
    void shouldServeARepeatedSequenceNumberAfreshOnceTheRememberedAnswerIsStale() {
        // Given an open that was answered, and a client that vanished
        FtpPayload open = request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json");
        FtpPayload first = gcs.single(open);

        // When a restarted client sends the same first request 11 s later (its numbering restarted)
        for (int i = 0; i < 550; i++) {
            gcs.tick();
        }
        List<FtpPayload> again = gcs.resend(open);

        // Then it is executed again: a fresh, open session (the old one expired)
        assertThat(again).hasSize(1);
        assertThat(again.get(0).opcode).isEqualTo(OP_ACK);
        assertThat(server.retriesAnswered()).isZero();
        assertThat(server.openSessions()).isEqualTo(1);
        assertThat(first.opcode).isEqualTo(OP_ACK);
    }

    @Test
    void shouldNotTakeADifferentRequestWithTheSameSequenceNumberForARetry() {
        // Given an answered CalcFileCRC32 for one file
        FtpPayload crc = request(OP_CALC_FILE_CRC32, 0, 0, 0, "/etc/hoverla/small.json");
        gcs.single(crc);

        // When the same sequence number comes with another path
        FtpPayload other = request(OP_CALC_FILE_CRC32, 0, 0, 0, "/etc/hoverla/big.bin");
        other.seq = crc.seq;
        List<FtpPayload> a = gcs.resend(other);

        // Then that path's CRC is answered, not the remembered one
        assertThat(a.get(0).dataUint32()).isEqualTo(MavlinkCrc32.of(big));
        assertThat(server.retriesAnswered()).isZero();
    }

    @Test
    void shouldRestartABurstRepeatedWithTheSameSequenceNumberFromItsOffset() {
        // Given a burst whose first packets were lost
        int s = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin")).session;
        FtpPayload burst = request(OP_BURST_READ_FILE, s, 478, MAX_DATA, null);
        List<FtpPayload> first = gcs.send(burst);

        // When QGC's burst timeout resends it with the same sequence number (FTPManager: seq -= 2)
        List<FtpPayload> again = gcs.resend(burst);

        // Then the burst starts over from 478 with the same numbering
        assertThat(again.get(0).seq).isEqualTo(burst.seq + 1);
        assertThat(again.get(0).offset).isEqualTo(478);
        assertThat(again.get(0).encode()).isEqualTo(first.get(0).encode());
        assertThat(again).hasSize(8);
    }

    @Test
    void shouldPaceBurstsToTheBudgetPerTickAcrossSessions() {
        // Given two bursts running at once on two sessions
        int a = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin")).session;
        int b = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin")).session;
        gcs.send(request(OP_BURST_READ_FILE, a, 0, MAX_DATA, null));
        gcs.send(request(OP_BURST_READ_FILE, b, 0, MAX_DATA, null));

        // When the service ticks until both are done
        int maxPerTick = 0;
        int ticks = 0;
        long before = server.burstPackets();
        while (server.burstPackets() < 42 && ticks < 100) {
            maxPerTick = Math.max(maxPerTick, gcs.tick().size());
            ticks++;
        }

        // Then no tick sent more than the budget, and both finished
        assertThat(maxPerTick).isLessThanOrEqualTo(8);
        assertThat(server.burstPackets()).isEqualTo(42);
        assertThat(before).isEqualTo(16);
        assertThat(gcs.tick()).isEmpty();
    }

    @Test
    void shouldBoundSessionsAndExpireOnesNeverClosed() {
        // Given both sessions opened by a ground station that then went away
        gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json"));
        gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json"));

        // When a third is asked for
        // Then there is none
        assertNak(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json")),
                ERR_NO_SESSIONS_AVAILABLE, OP_OPEN_FILE_RO);

        // When 10 s pass without a request on them
        for (int i = 0; i < 500; i++) {
            gcs.tick();
        }
        assertThat(server.openSessions()).as("at exactly 10 s").isEqualTo(2);
        gcs.tick();

        // Then both are closed and a new open succeeds
        assertThat(server.openSessions()).isZero();
        assertThat(server.sessionsExpired()).isEqualTo(2);
        assertThat(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json")).opcode).isEqualTo(OP_ACK);
    }

    @Test
    void shouldNotExpireASessionWhileItsBurstIsStillSending() {
        // Given a server with a 0.2 s session timeout and one packet per tick
        FtpService slow = new FtpService(1, 1, out, fs, new FtpService.Options(1, 200_000_000L, 1));
        FtpTestClient client = new FtpTestClient(slow, out, udp);

        // When a 21-packet file is downloaded (21 ticks = 0.42 s of bursting)
        byte[] got = client.download("/etc/hoverla/big.bin");

        // Then the burst runs to the end
        assertThat(got).isEqualTo(big);
        assertThat(slow.sessionsExpired()).isZero();
        assertThat(client.ticks).isEqualTo(20);
    }

    @Test
    void shouldKeepASessionInUseAlive() {
        // Given an open session read every 5 s
        int s = gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin")).session;
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 250; i++) {
                gcs.tick();
            }
            // When it is read
            // Then it is still open
            assertThat(gcs.single(request(OP_READ_FILE, s, 0, 10, null)).opcode).isEqualTo(OP_ACK);
        }
        assertThat(server.sessionsExpired()).isZero();
    }

    @Test
    void shouldCloseEverySessionOnResetSessions() {
        // Given two open sessions
        gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json"));
        gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/big.bin"));

        // When the ground station resets sessions
        FtpPayload a = gcs.single(request(OP_RESET_SESSIONS, 0, 0, 0, null));

        // Then it is ACKed and nothing is open
        assertThat(a.opcode).isEqualTo(OP_ACK);
        assertThat(a.reqOpcode).isEqualTo(OP_RESET_SESSIONS);
        assertThat(server.openSessions()).isZero();
    }

    @Test
    void shouldListDirectoriesInPagesAndEndWithEof() {
        // Given the root, holding directory "etc"
        FtpPayload root = gcs.single(request(OP_LIST_DIRECTORY, 0, 0, 0, "/"));
        // When /etc and /etc/hoverla are listed from entry 0, then past their last entry
        FtpPayload etc = gcs.single(request(OP_LIST_DIRECTORY, 0, 0, 0, "/etc"));
        FtpPayload hoverla = gcs.single(request(OP_LIST_DIRECTORY, 0, 1, 0, "/etc/hoverla"));

        // Then the entries are D<name> and F<name>\t<size>, NUL-terminated, from the offset
        assertThat(new String(root.data, 0, root.size, StandardCharsets.US_ASCII)).isEqualTo("Detc\0");
        assertThat(new String(etc.data, 0, etc.size, StandardCharsets.US_ASCII)).isEqualTo("Dhoverla\0Fother.txt\t0\0");
        assertThat(new String(hoverla.data, 0, hoverla.size, StandardCharsets.US_ASCII)).isEqualTo("Fsmall.json\t14\0");
        assertNak(gcs.single(request(OP_LIST_DIRECTORY, 0, 2, 0, "/etc/hoverla")), ERR_EOF, OP_LIST_DIRECTORY);
    }

    @Test
    void shouldReturnMavlinksCrc32OfAFile() {
        // Given the 5000-byte file
        // When its CRC is asked for
        FtpPayload a = gcs.single(request(OP_CALC_FILE_CRC32, 0, 0, 0, "/etc/hoverla/big.bin"));

        // Then it is MAVLink's CRC32 in 4 bytes
        assertThat(a.opcode).isEqualTo(OP_ACK);
        assertThat(a.size).isEqualTo(4);
        assertThat(a.dataUint32()).isEqualTo(MavlinkCrc32.of(big));
    }

    @Test
    void shouldIgnoreRequestsForAnotherSystemOrComponent() {
        // Given requests addressed to component 100 (a camera's FTP server) and system 7
        FtpPayload p = request(OP_OPEN_FILE_RO, 0, 0, 0, "/etc/hoverla/small.json");

        // When they arrive
        List<FtpPayload> camera = gcs.deliver(FileTransferProtocol.builder().targetSystem(1).targetComponent(100)
                .payload(p.encode()).build());
        List<FtpPayload> otherSystem = gcs.deliver(FileTransferProtocol.builder().targetSystem(7).targetComponent(1)
                .payload(p.encode()).build());

        // Then nothing is answered and nothing opened
        assertThat(camera).isEmpty();
        assertThat(otherSystem).isEmpty();
        assertThat(server.openSessions()).isZero();
        assertThat(server.requests()).isZero();
    }

    @Test
    void shouldAddressAnswersToTheRequesterOnItsLink() {
        // Given a request from 255/190 on the UDP link
        gcs.single(request(OP_NONE, 0, 0, 0, null));

        // Then the answer goes on that link to that system and component
        FileTransferProtocol m = out.payloads(FileTransferProtocol.class, udp).get(0);
        assertThat(m.targetSystem()).isEqualTo(255);
        assertThat(m.targetComponent()).isEqualTo(190);
        assertThat(m.payload()).hasSize(PAYLOAD_LENGTH);
    }
}
