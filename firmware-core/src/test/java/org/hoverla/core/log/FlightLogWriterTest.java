package org.hoverla.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.msg.VehicleEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightLogWriterTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteAUlogFromArmingToDisarmingWithEverythingAToolNeeds() throws Exception {
        // Given a rig that is disarmed for a while (nothing logged), then armed for 2 s with an
        // operator message and an in-flight parameter change, then disarmed
        LogRig rig = new LogRig(dir, 1 << 16);
        rig.steps(500);
        assertThat(rig.directory.list()).isEmpty();
        rig.arm(true);
        rig.steps(1000);
        rig.event(VehicleEvent.WARNING, "Battery low: returning");
        rig.gain.set(2.5);
        rig.steps(1000);
        rig.arm(false);
        rig.steps(100);

        // When the file is read
        List<LogDirectory.Entry> logs = rig.directory.list();
        assertThat(logs).hasSize(1);
        Path file = logs.get(0).path();
        byte[] bytes = Files.readAllBytes(file);
        UlogFile log = UlogReader.read(file);

        // Then it starts with the ULog magic and version 1, and has the flag bits right after the header
        assertThat(java.util.Arrays.copyOf(bytes, 8)).containsExactly('U', 'L', 'o', 'g', 0x01, 0x12, 0x35, 0x01);
        assertThat(bytes[16 + 2]).isEqualTo((byte) 'B');
        assertThat(log.problems()).isEmpty();
        assertThat(log.version()).isEqualTo(1);
        // info, every parameter, and the change in flight
        assertThat(log.info()).containsEntry("sys_name", "Hoverla").containsEntry("ver_sw", "0123abcd");
        assertThat(log.parameters()).hasSize(rig.store.count()).containsEntry("SDLOG_MODE", 0);
        assertThat(log.parameterChanges()).extracting(UlogFile.ParameterChange::name).containsExactly("TEST_GAIN");
        assertThat(log.parameterChanges().get(0).value().doubleValue()).isEqualTo(2.5);
        // every cycle of the armed flight, in order, with its values
        long[] t = log.timestamps("vehicle_attitude", 0);
        assertThat(t.length).isBetween(1990, 2011);
        for (int i = 1; i < t.length; i++) {
            assertThat(t[i] - t[i - 1]).isEqualTo(1000L);
        }
        assertThat(log.column("vehicle_attitude", 0, "timestamp_sample")[0]).isEqualTo(t[0] - 500.0);
        // the operator message with its level, syncs, no dropouts
        assertThat(log.logMessages()).extracting(UlogFile.LogMessage::text).containsExactly("Battery low: returning");
        assertThat(log.logMessages().get(0).level()).isEqualTo(VehicleEvent.WARNING);
        assertThat(log.syncCount()).isGreaterThanOrEqualTo(1);
        assertThat(log.dropouts()).isEmpty();
        assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.IDLE);
        assertThat(rig.directory.active()).isNull();
        assertThat(rig.notices).anyMatch(n -> n.contains("Flight log started"))
                .anyMatch(n -> n.contains("Flight log closed"));
    }

    @Test
    void shouldStartANewFileForEveryArming() throws Exception {
        // Given two flights
        LogRig rig = new LogRig(dir, 1 << 16);
        for (int flight = 0; flight < 2; flight++) {
            rig.arm(true);
            rig.steps(300);
            rig.arm(false);
            rig.steps(50);
        }

        // Then two readable logs, none active
        List<LogDirectory.Entry> logs = rig.directory.list();
        assertThat(logs).hasSize(2);
        for (LogDirectory.Entry e : logs) {
            assertThat(UlogReader.read(e.path()).timestamps("vehicle_attitude", 0).length).isBetween(290, 311);
            assertThat(e.active()).isFalse();
        }
    }

    @Test
    void shouldRecordADropoutWhenTheWriterFallsBehindAndNeverBlockTheFlightThread() throws Exception {
        // Given a small ring (about 40 records) and a writer that stalls for 200 cycles
        LogRig rig = new LogRig(dir, 2048);
        rig.arm(true);
        rig.steps(100);
        rig.writerEvery = Integer.MAX_VALUE;

        // When the flight thread goes on recording
        rig.steps(200);
        rig.writerEvery = 10;
        rig.steps(100);
        rig.arm(false);
        rig.steps(50);

        // Then the records that did not fit were dropped and counted, and the log says so
        assertThat(rig.recorder.droppedRecords()).isGreaterThan(100);
        UlogFile log = UlogReader.read(rig.directory.list().get(0).path());
        assertThat(log.problems()).isEmpty();
        assertThat(log.dropouts()).hasSize(1);
        assertThat(log.dropouts().get(0).durationMs()).isBetween(100, 200);
        long[] t = log.timestamps("vehicle_attitude", 0);
        assertThat(t.length + rig.recorder.droppedRecords()).isBetween(395L, 411L);
    }

    @Test
    void shouldEndTheLogOnAFullDiskKeepingWhatWasForcedAndLetTheFlightGoOn() throws Exception {
        // Given a file system that fills up after 20 KB of log
        LogRig rig = new LogRig(dir, 1 << 16);
        rig.params.fsyncIntervalS.set(0.05);
        rig.writer.openChannelsWith(f -> new FullAfter(FileChannel.open(f, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.READ), 20_000));
        rig.arm(true);

        // When the flight records for 2 s
        rig.steps(2000);

        // Then the log ended with one critical notice naming the file and the cause, the flight thread
        // went on (no exception), and the file reads up to its last flush
        assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.FAILED);
        assertThat(rig.notices).filteredOn(n -> n.startsWith(VehicleEvent.CRITICAL + " "))
                .singleElement().asString().contains("No space left on device").contains(".ulg")
                .contains("readable up to its last flush");
        UlogFile log = UlogReader.read(rig.directory.list().get(0).path());
        assertThat(log.timestamps("vehicle_attitude", 0).length).isGreaterThan(200);
        assertThat(log.info()).containsEntry("sys_name", "Hoverla");

        // and after landing, the next arming logs again (here to a healthy disk)
        rig.writer.openChannelsWith(f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        rig.arm(false);
        rig.steps(50);
        rig.arm(true);
        rig.steps(200);
        assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.LOGGING);
    }

    @Test
    void shouldSayWhyNoLogCanBeWrittenWhenTheDirectoryIsUnusable() throws Exception {
        // Given a log directory that is a regular file
        Path notADir = dir.resolve("logs");
        Files.writeString(notADir, "in the way");
        LogRig rig = new LogRig(notADir, 1 << 16);

        // When the vehicle arms and flies
        rig.arm(true);
        rig.steps(500);

        // Then one notice says so, nothing is recorded, the flight goes on
        assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.FAILED);
        assertThat(rig.notices).singleElement().asString().contains("cannot start a flight log").contains("logs");
        assertThat(Files.readString(notADir)).isEqualTo("in the way");
    }

    @Test
    void shouldRestoreALogDeletedWhileOpenWithEverythingWrittenSoFar() throws Exception {
        // Given a log being written
        LogRig rig = new LogRig(dir, 1 << 16);
        rig.arm(true);
        rig.steps(500);
        Path file = rig.writer.file();

        // When someone deletes it, and the flight goes on
        Files.delete(file);
        rig.steps(500);
        rig.arm(false);
        rig.steps(50);

        // Then the log is back at its path with every record, and a notice said what happened
        assertThat(file).exists();
        UlogFile log = UlogReader.read(file);
        assertThat(log.problems()).isEmpty();
        assertThat(log.timestamps("vehicle_attitude", 0).length).isBetween(990, 1011);
        assertThat(rig.notices).anyMatch(n -> n.contains("deleted while being written") && n.contains("restored"));
    }

    @Test
    void shouldDeleteTheOldestLogsToKeepSdlogMaxLogsAndRefuseWithoutFreeSpace() throws Exception {
        // Given three old logs and SDLOG_MAX_LOGS 3
        LogRig rig = new LogRig(dir, 1 << 16);
        for (int i = 0; i < 3; i++) {
            Files.write(rig.directory.newLogFile(Instant.parse("2026-11-0" + (i + 1) + "T08:00:00Z")), new byte[10]);
        }
        rig.params.maxLogs.set(3);

        // When a new log starts
        rig.arm(true);
        rig.steps(100);
        rig.arm(false);
        rig.steps(50);

        // Then the oldest one made room
        assertThat(rig.directory.list()).extracting(e -> e.path().getParent().getFileName().toString())
                .containsExactly("2026-11-02", "2026-11-03", "2026-12-05");
        assertThat(rig.notices).anyMatch(n -> n.contains("deleted the 1 oldest log"));

        // And when the disk cannot give SDLOG_MIN_FREE even with every old log gone, no log starts
        rig.params.minFreeMb.set(1_000_000);
        rig.notices.clear();
        rig.arm(true);
        rig.steps(100);
        assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.FAILED);
        assertThat(rig.notices).last().asString().contains("MB free").contains("SDLOG_MIN_FREE");
    }

    @Test
    void shouldFollowSdlogMode() throws Exception {
        // Given SDLOG_MODE disabled: nothing is logged
        LogRig off = new LogRig(dir.resolve("off"), 1 << 16);
        off.params.mode.set(FlightLogParams.MODE_DISABLED);
        off.arm(true);
        off.steps(200);
        assertThat(off.writer.state()).isEqualTo(FlightLogWriter.State.DISABLED);
        assertThat(off.directory.list()).isEmpty();

        // Given boot-to-disarm: the log starts before arming and ends at the first disarm
        LogRig boot = new LogRig(dir.resolve("boot"), 1 << 16);
        boot.params.mode.set(FlightLogParams.MODE_BOOT_TO_DISARM);
        boot.steps(200);
        assertThat(boot.writer.state()).isEqualTo(FlightLogWriter.State.LOGGING);
        boot.arm(true);
        boot.steps(200);
        boot.arm(false);
        boot.steps(50);
        assertThat(boot.writer.state()).isEqualTo(FlightLogWriter.State.IDLE);
        assertThat(UlogReader.read(boot.directory.list().get(0).path()).timestamps("vehicle_attitude", 0).length)
                .isBetween(390, 411);
    }

    @Test
    void shouldEndTheLogOnARealFullDiskAndRefuseARealReadOnlyOne() throws Exception {
        // Given a 256 KB tmpfs as the log directory (mounting needs root; skipped elsewhere)
        Path small = Files.createDirectories(dir.resolve("tmpfs"));
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()), "mounting a tmpfs needs root");
        try {
            LogRig rig = new LogRig(small, 1 << 16);
            rig.params.minFreeMb.set(0);
            rig.params.fsyncIntervalS.set(0.05);
            rig.arm(true);

            // When the flight logs for 30 s (about 1 MB of records)
            rig.steps(30_000);

            // Then the kernel's ENOSPC ended the log with one notice, and what was written reads
            assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.FAILED);
            assertThat(rig.notices).filteredOn(n -> n.startsWith(VehicleEvent.CRITICAL + " ")).singleElement()
                    .asString().contains("No space left on device");
            // (read from a copy: the reader maps its file, and a mapping keeps the tmpfs busy)
            Path copy = Files.copy(rig.directory.list().get(0).path(), dir.resolve("copy.ulg"));
            UlogFile log = UlogReader.read(copy);
            assertThat(log.timestamps("vehicle_attitude", 0).length).isGreaterThan(1000);
            assertThat(log.problems()).allMatch(p -> p.startsWith("file truncated:"));

            // And on a file system remounted read-only, the next arming gets a notice and no log
            rig.arm(false);
            rig.steps(50);
            assertThat(run("mount", "-o", "remount,ro", small.toString())).isTrue();
            rig.notices.clear();
            rig.arm(true);
            rig.steps(100);
            assertThat(rig.writer.state()).isEqualTo(FlightLogWriter.State.FAILED);
            assertThat(rig.notices).singleElement().asString().contains("cannot start a flight log")
                    .contains("Read-only file system");
        } finally {
            run("umount", small.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** A file channel whose disk is full after {@code limit} bytes (ENOSPC's message). */
    private static final class FullAfter extends FileChannel {
        private final FileChannel real;
        private final long limit;

        FullAfter(FileChannel real, long limit) {
            this.real = real;
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (real.position() + src.remaining() > limit) {
                throw new IOException("No space left on device");
            }
            return real.write(src);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
