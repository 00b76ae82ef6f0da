package org.hoverla.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.junit.jupiter.api.Test;

class LogRingTest {
    @Test
    void shouldMoveWholeMessagesInOrderAcrossTheWrap() throws Exception {
        // Given a 64-byte ring and messages of 10 bytes that wrap around it several times
        LogRing ring = new LogRing(64);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        WritableByteChannel out = Channels.newChannel(file);
        byte[] msg = new byte[10];
        int expected = 0;

        // When 50 messages go through, drained every 3 messages
        for (int i = 0; i < 50; i++) {
            java.util.Arrays.fill(msg, (byte) i);
            assertThat(ring.offer(msg, 10)).isTrue();
            expected += 10;
            if (i % 3 == 2) {
                ring.drainTo(out);
            }
        }
        ring.drainTo(out);

        // Then every byte arrived once, in order
        byte[] got = file.toByteArray();
        assertThat(got).hasSize(expected);
        for (int i = 0; i < 50; i++) {
            assertThat(got[i * 10]).isEqualTo((byte) i);
            assertThat(got[i * 10 + 9]).isEqualTo((byte) i);
        }
        assertThat(ring.used()).isZero();
    }

    @Test
    void shouldRefuseAMessageThatDoesNotFitAndWriteNothingOfIt() throws Exception {
        // Given a ring with 60 of 64 bytes used
        LogRing ring = new LogRing(64);
        assertThat(ring.offer(new byte[60], 60)).isTrue();

        // When a 5-byte message is offered
        boolean accepted = ring.offer(new byte[] {1, 2, 3, 4, 5}, 5);

        // Then it is refused whole; a 4-byte one still fits; discard empties the ring
        assertThat(accepted).isFalse();
        assertThat(ring.used()).isEqualTo(60);
        assertThat(ring.offer(new byte[4], 4)).isTrue();
        assertThat(ring.free()).isZero();
        ring.discard();
        assertThat(ring.used()).isZero();
        assertThat(ring.free()).isEqualTo(64);
    }

    @Test
    void shouldKeepWhatAFailingChannelDidNotTake() throws Exception {
        // Given a ring holding 20 bytes and a channel that fails
        LogRing ring = new LogRing(64);
        ring.offer(new byte[20], 20);
        WritableByteChannel failing = new WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer src) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };

        // When it is drained into that channel
        assertThatThrownBy(() -> ring.drainTo(failing)).hasMessageContaining("No space");

        // Then the bytes are still there
        assertThat(ring.used()).isEqualTo(20);
    }

    @Test
    void shouldRejectASizeThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new LogRing(100)).hasMessageContaining("power of two");
    }
}
