package org.hoverla.core.log.ulog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hoverla.testdata.TestData;

/** Hand-built ULog byte streams for the cases the real logs do not cover. */
class UlogReaderSyntheticTest {

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A "pos" record: timestamp, float[2] xy, nested vec3 v, trailing uint8[3] padding. */
    private static UlogWriter withNestedFormat() {
        return new UlogWriter().header(1_000)
                .format("vec3:float x;float y;float z;")
                .format("pos:uint64_t timestamp;float[2] xy;vec3 v;int16_t k;uint8_t[2] _padding0;");
    }

    private static byte[] posRecord(long ts, float x, float y, float vz, short k, boolean withTrailingPadding) {
        ByteBuffer b = le(withTrailingPadding ? 32 : 30);
        b.putLong(ts).putFloat(x).putFloat(y).putFloat(0f).putFloat(0f).putFloat(vz).putShort(k);
        return b.array();
    }

    @Test
    void shouldFlattenNestedArraysAndAcceptMissingTrailingPadding() {
        // Given records with and without the trailing padding bytes
        byte[] log = withNestedFormat().add(0, 7, "pos")
                .data(7, posRecord(10, 1f, 2f, 3f, (short) -4, true))
                .data(7, posRecord(20, 5f, 6f, 7f, (short) 8, false))
                .bytes();

        // When read
        UlogFile f = UlogReader.read(log);

        // Then both are decoded by flattened name and padding is hidden
        assertThat(f.problems()).isEmpty();
        UlogTopic t = f.topic("pos", 0).orElseThrow();
        assertThat(t.fieldNames()).containsExactly("timestamp", "xy[0]", "xy[1]", "v.x", "v.y", "v.z", "k");
        assertThat(t.recordSize()).isEqualTo(32);
        assertThat(t.timestamps()).containsExactly(10L, 20L);
        assertThat(t.column("xy[1]")).containsExactly(2.0, 6.0);
        assertThat(t.column("v.z")).containsExactly(3.0, 7.0);
        assertThat(t.column("k")).containsExactly(-4.0, 8.0);
        assertThat(f.headerTimestampUs()).isEqualTo(1_000);
    }

    @Test
    void shouldSkipUnknownMessageTypesBySizeAndReportThemOnce() {
        // Given two messages of an unknown type between data
        byte[] log = withNestedFormat().add(0, 1, "pos")
                .data(1, posRecord(1, 0f, 0f, 0f, (short) 0, true))
                .msg('X', new byte[] {1, 2, 3, 4, 5})
                .msg('X', new byte[] {9})
                .data(1, posRecord(2, 0f, 0f, 0f, (short) 0, true))
                .bytes();

        // When read
        UlogFile f = UlogReader.read(log);

        // Then the data around them is delivered and one problem names the type
        assertThat(f.topic("pos", 0).orElseThrow().size()).isEqualTo(2);
        assertThat(f.problems()).containsExactly("unknown message type 'X' skipped 2 times");
    }

    @Test
    void shouldResynchroniseAfterGarbageAtTheNextSyncMarker() {
        // Given garbage bytes (not a message header) followed by a SYNC and more data
        byte[] log = withNestedFormat().add(0, 1, "pos")
                .data(1, posRecord(1, 0f, 0f, 0f, (short) 0, true))
                .raw(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x01, 0x00, 0x42})
                .sync()
                .data(1, posRecord(2, 0f, 0f, 0f, (short) 0, true))
                .bytes();

        // When read
        UlogFile f = UlogReader.read(log);

        // Then the corruption is reported and reading continues after the sync
        assertThat(f.problems()).singleElement().asString().contains("corrupt data").contains("resynchronised");
        assertThat(f.topic("pos", 0).orElseThrow().timestamps()).containsExactly(1L, 2L);
    }

    @Test
    void shouldDiscardPartialMessageBeforeAppendedOffsetAndReadAppendedData() {
        // Given a log whose main part ends in the middle of a DATA message, then appended data
        UlogWriter u = new UlogWriter().header(0);
        int flagsAt = u.size();
        u.flags((byte) 1, 0L)
                .format("vec3:float x;float y;float z;")
                .format("pos:uint64_t timestamp;float[2] xy;vec3 v;int16_t k;uint8_t[2] _padding0;")
                .add(0, 1, "pos")
                .data(1, posRecord(1, 0f, 0f, 0f, (short) 0, true));
        byte[] partial = new UlogWriter().data(1, posRecord(2, 0f, 0f, 0f, (short) 0, true)).bytes();
        u.raw(Arrays.copyOf(partial, 10));
        int appendedAt = u.size();
        u.data(1, posRecord(3, 0f, 0f, 0f, (short) 0, true));
        byte[] log = u.bytes();
        ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN).putLong(flagsAt + 3 + 16, appendedAt);

        // When read
        UlogFile f = UlogReader.read(log);

        // Then the partial message is dropped (and said so) and the appended record is read
        assertThat(f.appendedOffsets()).containsExactly(appendedAt);
        assertThat(f.topic("pos", 0).orElseThrow().timestamps()).containsExactly(1L, 3L);
        assertThat(f.problems()).singleElement().asString().contains("before appended data");
    }

    @Test
    void shouldStopAtUnknownIncompatibleFlags() {
        // Given FLAG_BITS with an unknown incompatible bit
        byte[] log = new UlogWriter().header(0).flags((byte) 0x02).format("a:uint64_t timestamp;").bytes();

        // When read
        UlogFile f = UlogReader.read(log);

        // Then nothing after the flags is read and the reason is given
        assertThat(f.formats()).isEmpty();
        assertThat(f.problems()).singleElement().asString().contains("incompatible flag");
    }

    @Test
    void shouldReportBadMagicAndShortFilesWithoutThrowing() {
        assertThat(UlogReader.read("not a ulog file at all".getBytes(StandardCharsets.US_ASCII)).problems())
                .singleElement().asString().contains("bad magic");
        assertThat(UlogReader.read(new byte[5]).problems()).singleElement().asString().contains("shorter");
    }

    @Test
    void shouldRefuseFilesLargerThan512Megabytes(@TempDir Path dir) throws IOException {
        // Given a sparse file just over the limit
        Path big = dir.resolve("big.ulg");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(UlogReader.MAX_FILE_BYTES + 1);
        }

        // When / Then it is refused with a clear message
        assertThatThrownBy(() -> UlogReader.read(big)).isInstanceOf(IOException.class).hasMessageContaining("512 MB");
    }

    @Test
    void shouldThrowIoExceptionOnlyForUnreadableFiles(@TempDir Path dir) {
        assertThatThrownBy(() -> UlogReader.read(dir.resolve("missing.ulg"))).isInstanceOf(IOException.class);
    }

    @Test
    void shouldNeverThrowOnRandomlyDamagedRealLog() throws IOException {
        // Given a real log damaged at seeded random places (byte flips and cuts)
        byte[] original = Files.readAllBytes(TestData.file("ulog/test.ulg"));
        Random rnd = new Random(42);
        for (int round = 0; round < 40; round++) {
            byte[] damaged = Arrays.copyOf(original, 16 + rnd.nextInt(original.length - 16));
            for (int k = 0; k < 1 + rnd.nextInt(30); k++) {
                damaged[16 + rnd.nextInt(damaged.length - 16)] = (byte) rnd.nextInt(256);
            }
            // When read / Then no exception escapes
            assertThatCode(() -> UlogReader.read(damaged)).doesNotThrowAnyException();
        }
    }
}
