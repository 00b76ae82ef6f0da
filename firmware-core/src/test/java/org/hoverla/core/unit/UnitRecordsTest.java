package org.hoverla.core.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hoverla.core.BuildInfo;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.Param;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitRecordsTest {
    @TempDir
    Path dir;

    private final ParamStore store = new ParamStore();
    private final UnitIdentity unit = new UnitIdentity(0x21356dda8276L, "bench-fake", "boards/bench-fake.yaml",
            "10000000a3b4c5d6", UnitIdentityTest.CHIPS);

    UnitRecordsTest() {
        new FlightParams(store);
    }

    private ObjectNode note(String text) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("text", text);
        return UnitRecords.entry("note", unit, store, "A. Tech", payload, Instant.parse("2026-12-05T00:10:00.123456Z"));
    }

    @Test
    void shouldHoldIdentityFirmwareEveryParameterCalibrationAndPayload() {
        // Given a selftest outcome as payload
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("passed", true);

        // When an entry is built
        ObjectNode e = UnitRecords.entry("selftest", unit, store, "  A. Tech ", payload, Instant.parse("2026-12-05T00:10:00Z"));

        // Then it carries the schema, UTC time, event and operator (trimmed) ...
        assertThat(e.path("schema").asText()).isEqualTo(UnitRecords.SCHEMA);
        assertThat(e.path("time").asText()).isEqualTo("2026-12-05T00:10:00Z");
        assertThat(e.path("event").asText()).isEqualTo("selftest");
        assertThat(e.path("operator").asText()).isEqualTo("A. Tech");
        // ... the unit: UID as AUTOPILOT_VERSION's 64 bits in hex, uid2, board, serial, chips with ids ...
        assertThat(e.at("/unit/uid").asText()).isEqualTo("000021356dda8276");
        assertThat(e.at("/unit/uid2").asText()).isEqualTo(unit.uid2Hex());
        assertThat(e.at("/unit/board_name").asText()).isEqualTo("bench-fake");
        assertThat(e.at("/unit/host_serial").asText()).isEqualTo("10000000a3b4c5d6");
        assertThat(e.at("/unit/chips/0/chip_id").asText()).isEqualTo("0x47");
        assertThat(e.at("/unit/chips/0/device_id").asInt()).isEqualTo(0x260002);
        // ... the firmware as AUTOPILOT_VERSION reports it ...
        assertThat(e.at("/firmware/git_commit").asText()).isEqualTo(BuildInfo.gitCommit());
        assertThat(e.at("/firmware/flight_custom_version").asText()).isEqualTo(UnitRecords.customVersionHex(
                VehicleIdentity.encodeCommit(BuildInfo.gitCommit())));
        assertThat(e.at("/firmware/flight_sw_version").asText()).isEqualTo("1.15.4");
        // ... every parameter, with its type's value ...
        assertThat(e.path("parameters").size()).isEqualTo(store.count());
        assertThat(e.at("/parameters/MAV_SYS_ID").isInt()).isTrue();
        Param anyFloat = null;
        for (int i = 0; i < store.count() && anyFloat == null; i++) {
            if (store.get(i).type() == org.hoverla.core.param.ParamType.FLOAT) {
                anyFloat = store.get(i);
            }
        }
        assertThat((float) e.path("parameters").path(anyFloat.name()).asDouble()).isEqualTo((float) anyFloat.doubleValue());
        // ... the calibration grouped per PX4 slot, the board's and the ESC range ...
        assertThat(e.at("/calibration/sensors/ACC0/ID").isInt()).isTrue();
        assertThat(e.at("/calibration/sensors/MAG2").isObject()).isTrue();
        assertThat(e.at("/calibration/board/SENS_BOARD_ROT").isInt()).isTrue();
        assertThat(e.at("/calibration/esc/PWM_MAIN_MIN1").isMissingNode()).isFalse();
        // ... and the payload
        assertThat(e.at("/payload/passed").asBoolean()).isTrue();
    }

    @Test
    void shouldAppendEntriesChainedByTheirHashes() throws IOException {
        // Given an empty state directory
        Path file = UnitRecords.defaultFile(dir);
        ObjectNode first = note("repair: replaced motor 3");

        // When two entries are appended
        UnitRecords.append(file, first);
        UnitRecords.append(file, note("inspection"));

        // Then both read back, oldest first, each chained to the one before
        List<ObjectNode> entries = UnitRecords.read(file);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("payload").path("text").asText()).isEqualTo("repair: replaced motor 3");
        assertThat(entries.get(0).path("prev_sha256").asText()).isEqualTo(UnitRecords.GENESIS);
        assertThat(entries.get(1).path("prev_sha256").asText()).isEqualTo(entries.get(0).path("sha256").asText());
        assertThat(UnitRecords.verify(file).lastSha256()).isEqualTo(entries.get(1).path("sha256").asText());
        // And the argument was not changed (the chain fields went on a copy)
        assertThat(first.has("sha256")).isFalse();
    }

    @Test
    void shouldHashTheLinesBytesSoAnyToolCanCheckTheChain() throws IOException {
        // Given a record of one entry
        Path file = dir.resolve("r.jsonl");
        UnitRecords.append(file, note("x"));
        String line = Files.readString(file, StandardCharsets.UTF_8);

        // Then the line ends in its hash, which is the SHA-256 of the bytes before ,"sha256":"
        assertThat(line).endsWith("\"}\n");
        int cut = line.lastIndexOf(",\"sha256\":\"");
        String stated = new ObjectMapper().readTree(line).path("sha256").asText();
        assertThat(UnitRecords.sha256Hex(line.substring(0, cut).getBytes(StandardCharsets.UTF_8))).isEqualTo(stated);
    }

    @Test
    void shouldNameTheLineOfAnEditedEntryAndRefuseToAppend() throws IOException {
        // Given a record whose first entry was edited after it was written
        Path file = dir.resolve("r.jsonl");
        UnitRecords.append(file, note("replaced motor 3"));
        UnitRecords.append(file, note("inspection"));
        Files.writeString(file, Files.readString(file).replace("motor 3", "motor 4"));
        byte[] before = Files.readAllBytes(file);

        // Then reading names line 1, and an append is refused with nothing written
        assertThatThrownBy(() -> UnitRecords.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ":1: the entry was changed after it was written");
        assertThatThrownBy(() -> UnitRecords.append(file, note("more"))).isInstanceOf(IOException.class)
                .hasMessageContaining(":1: the entry was changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void shouldNoticeARemovedOrReorderedEntry() throws IOException {
        // Given three entries
        Path file = dir.resolve("r.jsonl");
        for (String t : new String[] {"a", "b", "c"}) {
            UnitRecords.append(file, note(t));
        }
        List<String> lines = Files.readAllLines(file);

        // When the middle one is removed, then the chain breaks at the line after it
        Files.write(file, List.of(lines.get(0), lines.get(2)));
        assertThatThrownBy(() -> UnitRecords.read(file)).hasMessageStartingWith(file + ":2: broken chain");

        // When the first one is removed, then the new first line is not chained to the start
        Files.write(file, List.of(lines.get(1), lines.get(2)));
        assertThatThrownBy(() -> UnitRecords.read(file)).hasMessageStartingWith(file + ":1: broken chain");

        // When two are swapped, likewise
        Files.write(file, List.of(lines.get(1), lines.get(0), lines.get(2)));
        assertThatThrownBy(() -> UnitRecords.read(file)).hasMessageStartingWith(file + ":1: broken chain");
    }

    @Test
    void shouldIgnoreATornLastLineAndCutItOffAtTheNextAppend() throws IOException {
        // Given a record whose last append was cut off by a kill or a power cut (no end of line)
        Path file = dir.resolve("r.jsonl");
        UnitRecords.append(file, note("a"));
        UnitRecords.append(file, note("b"));
        byte[] whole = Files.readAllBytes(file);
        byte[] torn = Arrays.copyOf(whole, whole.length - 40);
        Files.write(file, torn);
        int firstLine = new String(whole, java.nio.charset.StandardCharsets.UTF_8).indexOf('\n') + 1;

        // When read, Then the complete entry is there and the torn one is counted, not an entry
        UnitRecords.Chain chain = UnitRecords.verify(file);
        assertThat(chain.entries()).extracting(e -> e.at("/payload/text").asText()).containsExactly("a");
        assertThat(chain.tornTailBytes()).isEqualTo(torn.length - firstLine);

        // When the next entry is appended, Then the torn bytes are gone and the chain is intact
        UnitRecords.append(file, note("c"));
        UnitRecords.Chain after = UnitRecords.verify(file);
        assertThat(after.entries()).extracting(e -> e.at("/payload/text").asText()).containsExactly("a", "c");
        assertThat(after.tornTailBytes()).isZero();
        assertThat(Arrays.copyOf(Files.readAllBytes(file), firstLine)).isEqualTo(Arrays.copyOf(whole, firstLine));
    }

    @Test
    void shouldStillRefuseACompleteLineThatIsNotAnEntry() throws IOException {
        // Given a record with a complete (newline-ended) line of garbage after its entry
        Path file = dir.resolve("r.jsonl");
        UnitRecords.append(file, note("a"));
        Files.writeString(file, "{\"schema\":\"hoverla-unit-record/1\",\"ev\n", java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);

        // Then read and append name line 2 and nothing is written
        assertThatThrownBy(() -> UnitRecords.read(file)).hasMessageStartingWith(file + ":2: not a unit record entry (not JSON");
        assertThatThrownBy(() -> UnitRecords.append(file, note("c"))).hasMessageStartingWith(file + ":2: not a unit record entry");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void shouldRefuseAFileThatIsNotAUnitRecord() throws IOException {
        // Given the parameter file passed by mistake, a JSON file of something else, and garbage
        Path params = dir.resolve("params.txt");
        Files.writeString(params, "# hoverla-params 2\nMAV_SYS_ID\t1\n");
        Path otherJson = dir.resolve("other.jsonl");
        Files.writeString(otherJson, "{\"plan\":1}\n");
        Path array = dir.resolve("array.jsonl");
        Files.writeString(array, "[1,2]\n");

        // Then each is refused, naming the line and why, and left as it was
        assertThatThrownBy(() -> UnitRecords.append(params, note("x"))).hasMessageStartingWith(params + ":1: not a unit record entry (not JSON");
        assertThatThrownBy(() -> UnitRecords.read(otherJson)).hasMessageStartingWith(otherJson + ":1: not a unit record entry (no \"schema\"");
        assertThatThrownBy(() -> UnitRecords.read(array)).hasMessage(array + ":1: not a unit record entry (not a JSON object)");
        assertThat(Files.readString(params)).isEqualTo("# hoverla-params 2\nMAV_SYS_ID\t1\n");
        assertThatThrownBy(() -> UnitRecords.read(dir.resolve("none.jsonl"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> UnitRecords.append(dir, note("x"))).hasMessageContaining("not a regular file");
    }

    @Test
    void shouldRefuseAMissingDirectoryOrAParentThatIsAFile() throws IOException {
        Path missing = dir.resolve("no/such/dir/r.jsonl");
        assertThatThrownBy(() -> UnitRecords.append(missing, note("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> UnitRecords.append(file.resolve("r.jsonl"), note("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("(it is a file)");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void shouldRefuseAReadOnlyDirectoryWritingNothing() throws IOException {
        // root writes through any permission: this case needs an ordinary user
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> UnitRecords.append(ro.resolve("r.jsonl"), note("x"))).isInstanceOf(IOException.class)
                    .hasMessage(ro.resolve("r.jsonl") + ": cannot write the unit record: permission denied");
            assertThat(Files.exists(ro.resolve("r.jsonl"))).isFalse();
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void shouldCutAHalfWrittenEntryBackWhenTheDiskIsFull() throws IOException {
        // Given a record of one entry, and a disk that fills up 100 bytes into the next write
        Path file = dir.resolve("r.jsonl");
        UnitRecords.append(file, note("a"));
        byte[] before = Files.readAllBytes(file);
        List<Integer> written = new ArrayList<>();
        UnitRecords.ChannelOpener fullDisk = (p, options) -> new FillingChannel(FileChannel.open(p, options), 100, written);

        // When an entry is appended, then the error names the cause and the file is as it was
        assertThatThrownBy(() -> UnitRecords.append(file, note("b"), fullDisk)).isInstanceOf(IOException.class)
                .hasMessageContaining(file + ": could not append the entry: No space left on device")
                .hasMessageContaining("cut back");
        assertThat(written).containsExactly(100);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(UnitRecords.read(file)).hasSize(1);

        // And for a new file, nothing is left behind
        Path fresh = dir.resolve("fresh.jsonl");
        assertThatThrownBy(() -> UnitRecords.append(fresh, note("b"), fullDisk)).isInstanceOf(IOException.class);
        assertThat(Files.exists(fresh)).isFalse();
    }

    @Test
    void shouldRefuseSomethingThatIsNotAnEntry() {
        ObjectNode bogus = JsonNodeFactory.instance.objectNode();
        bogus.put("event", "x");
        assertThatThrownBy(() -> UnitRecords.append(dir.resolve("r.jsonl"), bogus)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnitRecords.entry(" ", unit, store, "", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRoundTripTheIdentityThroughItsJson() {
        assertThat(UnitRecords.identityFromJson(UnitRecords.identityJson(unit))).isEqualTo(unit);
        assertThatThrownBy(() -> UnitRecords.identityFromJson(JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A file channel on a disk that fills up after {@code room} bytes (writes beyond it fail with ENOSPC). */
    static final class FillingChannel extends FileChannel {
        private final FileChannel inner;
        private int room;
        private final List<Integer> written;

        FillingChannel(FileChannel inner, int room, List<Integer> written) {
            this.inner = inner;
            this.room = room;
            this.written = written;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (room == 0) {
                throw new java.nio.file.FileSystemException(null, null, "No space left on device");
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(room, part.remaining()));
            int n = inner.write(part);
            src.position(src.position() + n);
            room -= n;
            written.add(n);
            return n;
        }

        @Override public int read(ByteBuffer dst) throws IOException { return inner.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return inner.read(dsts, offset, length); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { throw new IOException("unused"); }
        @Override public long position() throws IOException { return inner.position(); }
        @Override public FileChannel position(long p) throws IOException { inner.position(p); return this; }
        @Override public long size() throws IOException { return inner.size(); }
        @Override public FileChannel truncate(long size) throws IOException { inner.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { inner.force(metaData); }
        @Override public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) throws IOException { return inner.transferTo(position, count, target); }
        @Override public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) throws IOException { return inner.transferFrom(src, position, count); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return inner.read(dst, position); }
        @Override public int write(ByteBuffer src, long position) throws IOException { throw new IOException("unused"); }
        @Override public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return inner.map(mode, position, size); }
        @Override public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException { return inner.lock(position, size, shared); }
        @Override public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException { return inner.tryLock(position, size, shared); }
        @Override protected void implCloseChannel() throws IOException { inner.close(); }
    }
}
