package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Allocation of the receive path: our parser alone, then with the library's decode. No timing asserted. */
class MavlinkMessageDecoderTest {

    private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated() {
        return MX.getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldParseWithoutAllocatingAndReportDecodeAllocation() {
        // Given: 1000 frames of three kinds, a parser with a counting handler, and one that decodes
        MavlinkMessageTable table = MavlinkMessageTable.common();
        byte[] stream = new byte[0];
        for (int i = 0; i < 1000; i++) {
            Object p = i % 3 == 0 ? Frames.heartbeat() : i % 3 == 1 ? Frames.commandLong(1) : Frames.paramValue();
            stream = Frames.concat(stream, Frames.v2(255, 190, i & 0xFF, p));
        }
        long[] seen = new long[1];
        MavlinkFrameParser parseOnly = new MavlinkFrameParser(table, new LinkStats(), f -> seen[0] += f.targetSystem());
        MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
        Object[] sink = new Object[1];
        MavlinkFrameParser withDecode = new MavlinkFrameParser(table, new LinkStats(), f -> sink[0] = decoder.decode(f));
        for (int warm = 0; warm < 200; warm++) { // enough for C2 to compile feed() itself, not just its loop
            parseOnly.feed(stream, 0, stream.length);
            withDecode.feed(stream, 0, stream.length);
        }

        // When
        allocated();
        long a0 = allocated();
        parseOnly.feed(stream, 0, stream.length);
        long a1 = allocated();
        withDecode.feed(stream, 0, stream.length);
        long a2 = allocated();

        // Then
        long perDecode = (a2 - a1) / 1000;
        System.out.println("MAVLink receive path allocation: parse " + (a1 - a0) / 1000 + " B/message, parse+decode "
                + perDecode + " B/message");
        assertThat(a1 - a0).isZero();
        assertThat(sink[0]).isNotNull();
    }
}
