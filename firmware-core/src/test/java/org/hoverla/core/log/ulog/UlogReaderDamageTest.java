package org.hoverla.core.log.ulog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader's contract under damage ("never throws on bad data, never loops"): a log in Hoverla's
 * schema cut, with message sizes overwritten, with random bytes flipped, and with formats built
 * to make a naive reader loop. The timeouts guard against hangs only (nothing here is timed).
 */
class UlogReaderDamageTest {
    private static final byte[] LOG = SyntheticFlightLog.bytes();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldReadEveryMessageSizeOverwrittenWithoutThrowing() {
        // Given each message's size field in turn overwritten with 0, 1, 0x7FFF and 0xFFFF
        int[] starts = messageStarts(LOG);
        for (int at : starts) {
            for (int value : new int[] {0, 1, 0x7FFF, 0xFFFF}) {
                byte[] bad = LOG.clone();
                bad[at] = (byte) value;
                bad[at + 1] = (byte) (value >> 8);

                // When read, then nothing throws and the damage is named, or the change was harmless
                UlogFile f = read(bad, "size 0x%04x at %d", value, at);
                assertThat(f.version()).isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldReadRandomlyDamagedLogsWithoutThrowing() {
        // Given 400 copies with 1..20 random bytes replaced (seeded)
        Random random = new Random(15);
        for (int round = 0; round < 400; round++) {
            byte[] bad = LOG.clone();
            int flips = 1 + random.nextInt(20);
            for (int i = 0; i < flips; i++) {
                bad[16 + random.nextInt(bad.length - 16)] = (byte) random.nextInt(256);
            }
            // When read, then nothing throws
            read(bad, "round %d", round);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseAFormatWithoutFieldsInsteadOfLoopingOverIt() {
        // Given nested arrays of a format with no fields (the spec requires at least one), which a
        // reader that flattens arrays element by element would walk 65535 x 65535 times
        byte[] log = new UlogWriter().header(0)
                .format("empty:")
                .format("inner:empty[65535] e;")
                .format("outer:uint64_t timestamp;inner[65535] i;")
                .add(0, 0, "outer")
                .data(0, new byte[8])
                .bytes();

        // When read
        UlogFile f = UlogReader.read(log);

        // Then the empty format is reported as malformed and the topic as undecodable, promptly
        assertThat(f.problems()).anyMatch(p -> p.contains("malformed FORMAT") && p.contains("empty:"))
                .anyMatch(p -> p.contains("cannot be decoded"));
        assertThat(f.topics()).isEmpty();
    }

    private static UlogFile read(byte[] bytes, String what, Object... args) {
        UlogFile[] f = new UlogFile[1];
        assertThatCode(() -> f[0] = UlogReader.read(bytes)).as(what, args).doesNotThrowAnyException();
        return f[0];
    }

    /** Offsets of every message header after the 16-byte file header, walking the sizes. */
    private static int[] messageStarts(byte[] log) {
        int[] starts = new int[log.length];
        int n = 0;
        for (int pos = 16; pos + 3 <= log.length; pos += 3 + ((log[pos] & 0xFF) | (log[pos + 1] & 0xFF) << 8)) {
            starts[n++] = pos;
        }
        return Arrays.copyOf(starts, n);
    }
}
