package org.hoverla.core.mavlink.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.LogData;
import io.dronefleet.mavlink.common.LogEntry;
import io.dronefleet.mavlink.common.LogRequestList;
import io.dronefleet.mavlink.common.Statustext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.TestLink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogServiceTest {
    private static final int LEN = LogService.DATA_LEN;
    private static final int QGC_BINS = 2048; // QGC 5: 2048-bin chunks (512 before)

    @TempDir
    Path root;

    private final RecordingOutput out = new RecordingOutput();
    private final TestLink udp = new TestLink(0, "udp:127.0.0.1:14550");
    private final TestLink udp2 = new TestLink(1, "udp:127.0.0.1:14540");
    private final AtomicBoolean armed = new AtomicBoolean();
    private final long[] clock = {1_000_000_000L};
    private LogDirectory dir;
    private LogService service;
    private LogTestClient gcs;
    private byte[] oldest;
    private byte[] middle;
    private byte[] newest;

    @BeforeEach
    void setUp() throws IOException {
        dir = new LogDirectory(root);
        oldest = write("2026-03-01T10:00:00Z", 1000, 1);
        middle = write("2026-03-02T11:30:00Z", 250_000, 2);      // two QGC chunks, six MAVSDK chunks
        newest = write("2026-03-03T09:15:07Z", 46_080 * 2, 3);   // exactly two MAVSDK chunks, bins full
        service = new LogService(1, 1, out, new StatusTextSender(out), dir, armed::get,
                LogService.Options.defaults());
        gcs = new LogTestClient(service, out, udp, 255, 190, clock);
    }

    private byte[] write(String startUtc, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.write(dir.newLogFile(Instant.parse(startUtc)), b);
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private Path pathOf(int wireId) throws IOException {
        return dir.list().get(wireId).path();
    }

    @Test
    void shouldListEveryLogOldestFirstWithIdsFromZero() {
        // Given three logs in PX4's layout
        // When a ground station lists 0..0xFFFF
        List<LogEntry> entries = gcs.list();

        // Then ids 0, 1, 2 (PX4's numbering, which QGC and MAVSDK expect), with count, last id, size and start time
        assertThat(entries).extracting(LogEntry::id).containsExactly(0, 1, 2);
        assertThat(entries).extracting(LogEntry::numLogs).containsOnly(3);
        assertThat(entries).extracting(LogEntry::lastLogNum).containsOnly(2);
        assertThat(entries).extracting(LogEntry::size).containsExactly(1000L, 250_000L, 92_160L);
        assertThat(entries.get(0).timeUtc()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());
        assertThat(entries.get(2).timeUtc()).isEqualTo(Instant.parse("2026-03-03T09:15:07Z").getEpochSecond());
    }

    @Test
    void shouldListOnlyTheRequestedRangeAndNothingPastTheLastLog() {
        // Given three logs
        // When ids 1..1, 1..0xFFFF, 2..40 and 5..9 are listed
        gcs.requestList(1, 1);
        List<LogEntry> one = gcs.received(LogEntry.class);
        gcs.requestList(1, LogService.LAST);
        gcs.tick();
        List<LogEntry> tail = gcs.received(LogEntry.class);
        gcs.requestList(2, 40);
        List<LogEntry> clamped = gcs.received(LogEntry.class);
        gcs.requestList(5, 9);
        gcs.tick();

        // Then each gets exactly its entries; a range past the last log gets none and is counted
        assertThat(one).extracting(LogEntry::id).containsExactly(1);
        assertThat(one.get(0).lastLogNum()).isEqualTo(1);
        assertThat(tail).extracting(LogEntry::id).containsExactly(1, 2);
        assertThat(clamped).extracting(LogEntry::id).containsExactly(2);
        assertThat(gcs.received(LogEntry.class)).isEmpty();
        assertThat(service.counters().emptyListRanges()).isEqualTo(1);
    }

    @Test
    void shouldAnswerOneEntryWithNumLogsZeroWhenThereAreNoLogs() throws IOException {
        // Given a service without a log directory, and one on an empty (not even existing) directory
        RecordingOutput noneOut = new RecordingOutput();
        LogService none = new LogService(1, 1, noneOut, new StatusTextSender(noneOut), null, armed::get,
                LogService.Options.defaults());
        LogTestClient a = new LogTestClient(none, noneOut, udp, 255, 190, clock);
        service.directory(new LogDirectory(root.resolve("empty")));

        // When each is asked for its list
        List<LogEntry> fromNone = a.list();
        List<LogEntry> fromEmpty = gcs.list();

        // Then each answers one LOG_ENTRY id 0, num_logs 0 (common.xml), which QGC and MAVSDK take as "no logs"
        for (List<LogEntry> l : List.of(fromNone, fromEmpty)) {
            assertThat(l).hasSize(1);
            assertThat(l.get(0).id()).isZero();
            assertThat(l.get(0).numLogs()).isZero();
            assertThat(l.get(0).size()).isZero();
        }
    }

    @Test
    void shouldDownloadEveryLogByteForByteTheWayQgcDoes() {
        // Given the listing QGC asks for first
        List<LogEntry> entries = gcs.list();

        // When each log is downloaded in QGC's 2048-bin chunks
        byte[][] want = {oldest, middle, newest};
        for (LogEntry e : entries) {
            byte[] got = gcs.downloadLikeQgc(e.id(), e.size(), QGC_BINS, i -> false);

            // Then the bytes are the file's (SHA-256), each request answered once with no re-request
            assertThat(sha256(got)).as("log %d", e.id()).isEqualTo(sha256(want[e.id()]));
        }
        assertThat(gcs.requestsSent).isEqualTo(1 + 2 + 1);
        assertThat(service.counters().dataBytesSent()).isEqualTo(1000L + 250_000L + 92_160L);
    }

    @Test
    void shouldDownloadTheWayMavsdkDoesAndRecoverLostPacketsByReRequest() {
        // Given the listing, and a link that loses every 37th LOG_DATA
        List<LogEntry> entries = gcs.list();

        // When the 250 kB log is downloaded as MAVSDK does (512-bin chunks, exact counts) and as QGC does
        byte[] mavsdk = gcs.downloadLikeMavsdk(1, entries.get(1).size(), i -> i % 37 == 36);
        int afterMavsdk = gcs.requestsSent;
        byte[] qgc = gcs.downloadLikeQgc(1, entries.get(1).size(), QGC_BINS, i -> i % 37 == 36);

        // Then both copies are byte-identical to the file, the holes filled by re-requests
        assertThat(sha256(mavsdk)).isEqualTo(sha256(middle));
        assertThat(sha256(qgc)).isEqualTo(sha256(middle));
        assertThat(afterMavsdk).isGreaterThan(6);
        assertThat(gcs.requestsSent - afterMavsdk).isGreaterThan(2);
    }

    @Test
    void shouldServeAPartialRangeAndCountAllOnesAsToTheEnd() {
        // Given the oldest log (1000 bytes)
        gcs.list();

        // When 100 bytes at 455 are asked, then everything from 910 with count 0xFFFFFFFF
        gcs.requestData(0, 455, 100);
        List<LogData> part = gcs.received(LogData.class);
        gcs.requestData(0, 910, 0xFFFF_FFFFL);
        List<LogData> rest = gcs.received(LogData.class);

        // Then exactly those bytes come, in 90-byte messages from the requested offset, the last one short
        assertThat(part).extracting(LogData::count).containsExactly(90, 10);
        assertThat(LogTestClient.contiguous(part, 455)).isEqualTo(java.util.Arrays.copyOfRange(oldest, 455, 555));
        assertThat(LogTestClient.contiguous(rest, 910)).isEqualTo(java.util.Arrays.copyOfRange(oldest, 910, 1000));
        assertThat(rest).allMatch(d -> d.id() == 0);
    }

    @Test
    void shouldAnswerAnOffsetAtOrPastTheEndWithOneEmptyLogData() {
        // Given the oldest log (1000 bytes)
        gcs.list();

        // When data at the end and far past it (the largest uint32 offset) is asked
        gcs.requestData(0, 1000, 90);
        List<LogData> atEnd = gcs.received(LogData.class);
        gcs.requestData(0, 0xFFFF_FFFFL, 0xFFFF_FFFFL);
        List<LogData> farPast = gcs.received(LogData.class);
        gcs.tick();

        // Then each gets one LOG_DATA with count 0 at its offset (common.xml's "end of log"), and no more
        assertThat(atEnd).hasSize(1);
        assertThat(atEnd.get(0).count()).isZero();
        assertThat(atEnd.get(0).ofs()).isEqualTo(1000);
        assertThat(farPast).hasSize(1);
        assertThat(farPast.get(0).count()).isZero();
        assertThat(farPast.get(0).ofs()).isEqualTo(0xFFFF_FFFFL);
        assertThat(gcs.received(LogData.class)).isEmpty();
        assertThat(service.counters().pastEndRequests()).isEqualTo(2);
    }

    @Test
    void shouldWarnOnAnUnknownIdAndSendNothingForCountZero() {
        // Given three listed logs
        gcs.list();

        // When id 3 (not listed), id 65535, and id 0 with count 0 are asked, twice within a second
        gcs.requestData(3, 0, 900);
        gcs.requestData(0xFFFF, 0, 900);
        gcs.requestData(0, 0, 0);
        gcs.tick();

        // Then no LOG_DATA at all; one STATUSTEXT warning (rate-limited) names the id; each is counted
        assertThat(gcs.received(LogData.class)).isEmpty();
        List<Statustext> texts = out.payloads(Statustext.class);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0).text()).contains("No log 3").contains("list logs again");
        assertThat(service.counters().unknownIdRequests()).isEqualTo(2);
        assertThat(service.counters().zeroCountRequests()).isEqualTo(1);
    }

    @Test
    void shouldStopAndCloseTheFileOnLogRequestEnd() {
        // Given a download of the 250 kB log under way
        gcs.list();
        gcs.requestData(1, 0, 250_000);
        gcs.tick();
        assertThat(service.openFiles()).isEqualTo(1);
        gcs.received(LogData.class);

        // When the ground station sends LOG_REQUEST_END
        gcs.requestEnd();
        gcs.tick();
        gcs.tick();

        // Then nothing more is sent and the file is closed
        assertThat(gcs.received(LogData.class)).isEmpty();
        assertThat(service.openFiles()).isZero();
        assertThat(service.counters().endRequests()).isEqualTo(1);
    }

    @Test
    void shouldEraseEveryLogButTheActiveOneOnlyWhileDisarmed() throws IOException {
        // Given three logs, the newest being written, and a download under way
        dir.markActive(pathOf(2));
        gcs.list();
        gcs.requestData(1, 0, 250_000);

        // When LOG_ERASE comes while armed, then while disarmed
        armed.set(true);
        gcs.erase();
        int whileArmed = dir.list().size();
        armed.set(false);
        gcs.erase();
        gcs.tick();
        gcs.received(LogData.class);
        gcs.tick();

        // Then armed: refused with a warning, nothing deleted; disarmed: all but the active log
        // deleted, the transfer stopped, its file closed, and a new listing shows the one log left as id 0
        assertThat(whileArmed).isEqualTo(3);
        assertThat(out.payloads(Statustext.class)).extracting(Statustext::text)
                .anyMatch(t -> t.contains("disarm first"))
                .anyMatch(t -> t.contains("Logs erased: 2") && t.contains("kept"));
        assertThat(gcs.received(LogData.class)).isEmpty();
        assertThat(service.openFiles()).isZero();
        gcs.requestData(0, 0, 900); // an old id, before listing again: not the log that is id 0 now
        assertThat(gcs.received(LogData.class)).isEmpty();
        List<LogEntry> left = gcs.list();
        assertThat(left).extracting(LogEntry::id).containsExactly(0);
        assertThat(left.get(0).size()).isEqualTo(newest.length);
        assertThat(service.counters().erasesRefusedArmed()).isEqualTo(1);
        assertThat(service.counters().logsErased()).isEqualTo(2);
    }

    @Test
    void shouldServeAGrowingLogUpToItsSizeWhenEachRequestCame() throws IOException {
        // Given the active log listed at 92160 bytes
        Path active = pathOf(2);
        dir.markActive(active);
        assertThat(gcs.list().get(2).size()).isEqualTo(92_160L);

        // When the logger appends 5000 bytes and the ground station asks from 92070 to the end, twice
        byte[] more = new byte[5000];
        new Random(9).nextBytes(more);
        gcs.requestData(2, 92_070, 0xFFFF_FFFFL);
        List<LogData> before = gcs.received(LogData.class);
        Files.write(active, more, StandardOpenOption.APPEND);
        gcs.tick();
        List<LogData> whileGrowing = gcs.received(LogData.class);
        gcs.requestData(2, 92_160, 0xFFFF_FFFFL);
        for (int i = 0; i < 5; i++) {
            gcs.tick();
        }
        List<LogData> after = gcs.received(LogData.class);

        // Then the first request ends at the size it saw; the second brings the new bytes; a new
        // listing shows the new size
        assertThat(LogTestClient.contiguous(before, 92_070))
                .isEqualTo(java.util.Arrays.copyOfRange(newest, 92_070, 92_160));
        assertThat(whileGrowing).isEmpty();
        assertThat(LogTestClient.contiguous(after, 92_160)).isEqualTo(more);
        assertThat(gcs.list().get(2).size()).isEqualTo(92_160L + 5000);
    }

    @Test
    void shouldFinishAnOpenTransferOfADeletedFileAndWarnWhenItCannotBeOpened() throws IOException {
        // Given the listing, a download of log 1 started (file open) and log 0 deleted before it was asked for
        gcs.list();
        gcs.requestData(1, 0, 250_000);
        Files.delete(pathOf(1));
        Files.delete(pathOf(0));

        // When the transfer goes on and log 0 is then requested
        byte[] got = LogTestClient.contiguous(drain(), 0);
        gcs.requestData(0, 0, 1000);
        gcs.tick();

        // Then the open file is served to the end (Linux keeps a deleted open file's bytes); the
        // deleted one gets no LOG_DATA but a warning, and is counted
        assertThat(sha256(got)).isEqualTo(sha256(middle));
        assertThat(gcs.received(LogData.class)).isEmpty();
        assertThat(out.payloads(Statustext.class)).extracting(Statustext::text)
                .anyMatch(t -> t.contains("Log 0 unreadable (deleted)"));
        assertThat(service.counters().readFailures()).isEqualTo(1);
    }

    private List<LogData> drain() {
        List<LogData> all = new java.util.ArrayList<>(gcs.received(LogData.class));
        for (int quiet = 0; quiet < 3; ) {
            gcs.tick();
            List<LogData> more = gcs.received(LogData.class);
            all.addAll(more);
            quiet = more.isEmpty() ? quiet + 1 : 0;
        }
        return all;
    }

    @Test
    void shouldPaceEachLinkAndShareItBetweenTwoGroundStations() {
        // Given a pace of 500 messages a second (10 per 20 ms tick), two ground stations on one
        // link and a third on another link
        LogService paced = new LogService(1, 1, out, new StatusTextSender(out), dir, armed::get,
                LogService.Options.defaults().withRate(500));
        LogTestClient qgc = new LogTestClient(paced, out, udp, 255, 190, clock);
        LogTestClient mavsdk = new LogTestClient(paced, out, udp, 245, 190, clock);
        LogTestClient other = new LogTestClient(paced, out, udp2, 255, 190, clock);
        qgc.requestList(0, LogService.LAST);
        mavsdk.requestList(0, LogService.LAST);
        other.requestList(0, LogService.LAST);
        for (int i = 0; i < 3; i++) {
            qgc.tick();
        }
        out.clear();
        qgc.received(LogData.class);
        other.received(LogData.class);

        // When the first two ask for log 1 at once and the third for log 2, and 50 ticks pass
        qgc.requestData(1, 0, 250_000);
        mavsdk.requestData(2, 0, 92_160);
        other.requestData(2, 0, 92_160);
        int firstBurst = out.payloads(LogData.class, udp).size();
        int[] perTickUdp = new int[50];
        int[] perTickUdp2 = new int[50];
        for (int t = 0; t < 50; t++) {
            int before = out.payloads(LogData.class, udp).size();
            int before2 = out.payloads(LogData.class, udp2).size();
            qgc.tick();
            perTickUdp[t] = out.payloads(LogData.class, udp).size() - before;
            perTickUdp2[t] = out.payloads(LogData.class, udp2).size() - before2;
        }

        // Then the first burst is at most two ticks' worth; then each link gets 10 messages a
        // tick, shared evenly by the two sessions on the first link
        List<LogData> ticked = out.payloads(LogData.class, udp).subList(firstBurst, firstBurst + 500);
        assertThat(firstBurst).isBetween(1, 20);
        assertThat(perTickUdp).containsOnly(10);
        assertThat(perTickUdp2).containsOnly(10);
        assertThat(ticked.stream().filter(d -> d.id() == 1).count()).isEqualTo(250);
        assertThat(ticked.stream().filter(d -> d.id() == 2).count()).isEqualTo(250);
        assertThat(out.payloads(LogData.class, udp2)).allMatch(d -> d.id() == 2);
    }

    @Test
    void shouldCloseIdleFilesAndIgnoreRequestsForOtherVehicles() {
        // Given a partial read that leaves log 1 open
        gcs.list();
        gcs.requestData(1, 0, 900);
        assertThat(service.openFiles()).isEqualTo(1);

        // When 5 s pass without a request, and a request for system 2 arrives
        for (int i = 0; i < 251; i++) {
            gcs.tick();
        }
        gcs.send(LogRequestList.builder().targetSystem(2).targetComponent(1).start(0).end(LogService.LAST).build());

        // Then the file is closed and the other vehicle's request is not answered
        assertThat(service.openFiles()).isZero();
        assertThat(service.counters().filesClosedIdle()).isEqualTo(1);
        assertThat(gcs.received(LogEntry.class)).isEmpty();
        assertThat(service.counters().ignoredOtherTarget()).isEqualTo(1);
    }
}
