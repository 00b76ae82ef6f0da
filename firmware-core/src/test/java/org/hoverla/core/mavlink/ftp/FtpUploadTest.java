package org.hoverla.core.mavlink.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.ftp.FtpPayload.*;
import static org.hoverla.core.mavlink.ftp.FtpTestClient.request;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FTP server's one writable place, the update inbox {@code /@update/}: uploads in pieces,
 * a broken upload resumed at the length OpenFileWO reports, the CRC a client checks, and every
 * refusal (other paths and names, armed, unauthorised, too large) through the real FtpService.
 */
class FtpUploadTest {
    private static final long S = 1_000_000_000L;
    private static final String BUNDLE = "/@update/hoverla-1.3.0.tar";

    @TempDir
    Path dir;

    private final RecordingOutput out = new RecordingOutput();
    private final TestLink udp = new TestLink(0, "udp:127.0.0.1:14550");
    private final byte[] bundle = randomBytes(5000, 21);
    private final FtpService server = new FtpService(1, 1, out, new VirtualFileSystem(),
            new FtpService.Options(2, 10 * S, 8));
    private final FtpTestClient gcs = new FtpTestClient(server, out, udp);
    private int verdict = FtpUploadArea.ALLOWED;

    private Path inbox() {
        return dir.resolve("update/inbox");
    }

    private void open(long maxBytes) {
        server.uploadArea(new FtpUploadArea(inbox(), maxBytes, (link, sys, now) -> verdict));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** WriteFile requests of at most 239 bytes for {@code bytes[from..to)}; asserts each ACK. */
    private void write(int session, byte[] bytes, int from, int to) {
        for (int off = from; off < to; off += MAX_DATA) {
            int n = Math.min(MAX_DATA, to - off);
            FtpPayload w = request(OP_WRITE_FILE, session, off, n, null);
            System.arraycopy(bytes, off, w.data, 0, n);
            FtpPayload a = gcs.single(w);
            assertThat(a.opcode).as("write at %d", off).isEqualTo(OP_ACK);
            assertThat(a.dataUint32()).as("bytes written").isEqualTo(n);
        }
    }

    private static void assertNak(FtpPayload a, int error) {
        assertThat(a.opcode).as("opcode").isEqualTo(OP_NAK);
        assertThat(a.data[0]).as("error").isEqualTo((byte) error);
    }

    @Test
    void shouldUploadABundleInPiecesIntoTheInboxAndReportItsCrc() throws Exception {
        // Given the inbox open to uploads
        open(FtpUploadArea.DEFAULT_MAX_BYTES);

        // When the ground creates the file, writes it in 239-byte pieces and ends the session
        FtpPayload created = gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE));
        assertThat(created.opcode).isEqualTo(OP_ACK);
        write(created.session, bundle, 0, bundle.length);
        assertThat(gcs.single(request(OP_TERMINATE_SESSION, created.session, 0, 0, null)).opcode).isEqualTo(OP_ACK);

        // Then the inbox holds exactly those bytes, and CalcFileCRC32 agrees with MAVLink's CRC of them
        assertThat(Files.readAllBytes(inbox().resolve("hoverla-1.3.0.tar"))).isEqualTo(bundle);
        FtpPayload crc = gcs.single(request(OP_CALC_FILE_CRC32, 0, 0, 0, BUNDLE));
        assertThat(crc.opcode).isEqualTo(OP_ACK);
        assertThat(crc.dataUint32()).isEqualTo(MavlinkCrc32.of(bundle));
        assertThat(server.bytesUploaded()).isEqualTo(bundle.length);
        assertThat(server.openSessions()).isZero();
    }

    @Test
    void shouldResumeABrokenUploadAtTheLengthOpenFileWoReports() throws Exception {
        // Given an upload broken after 2151 bytes (the link dropped: no TerminateSession)
        open(FtpUploadArea.DEFAULT_MAX_BYTES);
        FtpPayload created = gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE));
        write(created.session, bundle, 0, 9 * MAX_DATA);
        gcs.nowNs += 11 * S;
        gcs.tick(); // the idle session expires: its data is forced to disk and the file closed
        assertThat(server.openSessions()).isZero();
        assertThat(server.sessionsExpired()).isEqualTo(1);

        // When the ground comes back: OpenFileWO (keeps the file, tells its length), checks the CRC
        // of what is there, and writes the rest from that offset
        FtpPayload reopened = gcs.single(request(OP_OPEN_FILE_WO, 0, 0, 0, BUNDLE));
        assertThat(reopened.opcode).isEqualTo(OP_ACK);
        long have = reopened.dataUint32();
        assertThat(have).isEqualTo(9L * MAX_DATA);
        assertThat(gcs.single(request(OP_CALC_FILE_CRC32, 0, 0, 0, BUNDLE)).dataUint32())
                .isEqualTo(MavlinkCrc32.of(Arrays.copyOf(bundle, (int) have)));
        write(reopened.session, bundle, (int) have, bundle.length);
        gcs.single(request(OP_TERMINATE_SESSION, reopened.session, 0, 0, null));

        // Then the file is whole, as if never interrupted
        assertThat(Files.readAllBytes(inbox().resolve("hoverla-1.3.0.tar"))).isEqualTo(bundle);
    }

    @Test
    void shouldAnswerARetriedWriteAgainWithoutWritingTwice() throws Exception {
        // Given an open upload and one piece written
        open(FtpUploadArea.DEFAULT_MAX_BYTES);
        FtpPayload created = gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE));
        FtpPayload w = request(OP_WRITE_FILE, created.session, 0, 100, null);
        System.arraycopy(bundle, 0, w.data, 0, 100);
        assertThat(gcs.single(w).opcode).isEqualTo(OP_ACK);

        // When the same request is resent (the ACK was lost), Then the same ACK comes back, once written
        assertThat(gcs.resend(w)).singleElement().satisfies(a -> assertThat(a.dataUint32()).isEqualTo(100));
        assertThat(server.retriesAnswered()).isEqualTo(1);
        assertThat(server.bytesUploaded()).isEqualTo(100);
    }

    @Test
    void shouldKeepEveryOtherPathAndNameProtectedAndTheInboxWriteOnly() throws Exception {
        // Given the inbox open, and a file in it
        open(FtpUploadArea.DEFAULT_MAX_BYTES);
        FtpPayload created = gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE));
        gcs.single(request(OP_TERMINATE_SESSION, created.session, 0, 0, null));

        // When writes name other places, nested paths, other names or escapes
        for (String path : new String[] {"/etc/hoverla/params.txt", "/@update/../params.txt", "/@update/x.sh",
                "/@update/sub/hoverla-1.tar", "/@update/hoverla-1.3.0.tar/../../x", "/@update/", "@update/hoverla-1.tar",
                "/@update/hoverla-.tar"}) {
            for (int op : new int[] {OP_CREATE_FILE, OP_OPEN_FILE_WO, OP_TRUNCATE_FILE, OP_REMOVE_FILE}) {
                // Then each is FileProtected
                assertNak(gcs.single(request(op, 0, 0, 0, path)), ERR_FILE_PROTECTED);
            }
        }
        // And directories and renames stay protected, and an inbox file cannot be read back
        assertNak(gcs.single(request(OP_CREATE_DIRECTORY, 0, 0, 0, "/@update/d")), ERR_FILE_PROTECTED);
        assertNak(gcs.single(request(OP_RENAME, 0, 0, 0, BUNDLE)), ERR_FILE_PROTECTED);
        assertNak(gcs.single(request(OP_OPEN_FILE_RO, 0, 0, 0, BUNDLE)), ERR_FILE_NOT_FOUND);
        try (var files = Files.list(inbox())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("hoverla-1.3.0.tar");
        }
        assertThat(Files.exists(dir.resolve("update/params.txt"))).isFalse();
    }

    @Test
    void shouldRefuseUploadsWhileArmedOrFromAnUnauthorisedStation() throws Exception {
        // Given an upload under way
        open(FtpUploadArea.DEFAULT_MAX_BYTES);
        FtpPayload created = gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE));
        write(created.session, bundle, 0, MAX_DATA);

        // When the vehicle arms, Then the next piece and a new file are refused, and nothing is written
        verdict = FtpUploadArea.ARMED;
        FtpPayload w = request(OP_WRITE_FILE, created.session, MAX_DATA, 10, null);
        assertNak(gcs.single(w), ERR_FILE_PROTECTED);
        assertNak(gcs.single(request(OP_CREATE_FILE, 0, 0, 0, "/@update/hoverla-1.4.0.tar")), ERR_FILE_PROTECTED);
        assertNak(gcs.single(request(OP_CALC_FILE_CRC32, 0, 0, 0, BUNDLE)), ERR_FILE_PROTECTED);
        assertThat(server.uploadRefusals(FtpUploadArea.ARMED)).isEqualTo(3);

        // When a station without the owner's authority tries, Then refused too, counted apart
        verdict = FtpUploadArea.NOT_AUTHORISED;
        assertNak(gcs.single(request(OP_REMOVE_FILE, 0, 0, 0, BUNDLE)), ERR_FILE_PROTECTED);
        assertThat(server.uploadRefusals(FtpUploadArea.NOT_AUTHORISED)).isEqualTo(1);
        assertThat(Files.size(inbox().resolve("hoverla-1.3.0.tar"))).isEqualTo(MAX_DATA);
        assertThat(Files.exists(inbox().resolve("hoverla-1.4.0.tar"))).isFalse();

        // And a read-only server (no inbox) protects the inbox's paths as any other
        server.uploadArea(null);
        verdict = FtpUploadArea.ALLOWED;
        assertNak(gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE)), ERR_FILE_PROTECTED);
    }

    @Test
    void shouldRefuseAWritePastTheSizeCapAndTruncateAndRemoveOnRequest() throws Exception {
        // Given an inbox that takes files up to 1000 bytes
        open(1000);
        FtpPayload created = gcs.single(request(OP_CREATE_FILE, 0, 0, 0, BUNDLE));
        write(created.session, bundle, 0, 4 * MAX_DATA);

        // When a piece would end past 1000 bytes, Then FailErrno EFBIG, nothing written
        FtpPayload w = request(OP_WRITE_FILE, created.session, 4 * MAX_DATA, 50, null);
        FtpPayload a = gcs.single(w);
        assertThat(a.opcode).isEqualTo(OP_NAK);
        assertThat(a.size).isEqualTo(2);
        assertThat(a.data[0]).isEqualTo((byte) ERR_FAIL_ERRNO);
        assertThat(a.data[1]).isEqualTo((byte) FtpService.EFBIG);
        gcs.single(request(OP_TERMINATE_SESSION, created.session, 0, 0, null));
        Path file = inbox().resolve("hoverla-1.3.0.tar");
        assertThat(Files.size(file)).isEqualTo(4 * MAX_DATA);

        // When the ground truncates to 500 bytes, Then the file is that long (extending is refused)
        assertThat(gcs.single(request(OP_TRUNCATE_FILE, 0, 500, 0, BUNDLE)).opcode).isEqualTo(OP_ACK);
        assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(bundle, 500));
        assertNak(gcs.single(request(OP_TRUNCATE_FILE, 0, 900, 0, BUNDLE)), ERR_FAIL);

        // When it removes the file, Then it is gone, and a second removal finds nothing
        assertThat(gcs.single(request(OP_REMOVE_FILE, 0, 0, 0, BUNDLE)).opcode).isEqualTo(OP_ACK);
        assertThat(Files.exists(file)).isFalse();
        assertNak(gcs.single(request(OP_REMOVE_FILE, 0, 0, 0, BUNDLE)), ERR_FILE_NOT_FOUND);
        assertNak(gcs.single(request(OP_CALC_FILE_CRC32, 0, 0, 0, BUNDLE)), ERR_FILE_NOT_FOUND);
    }
}
