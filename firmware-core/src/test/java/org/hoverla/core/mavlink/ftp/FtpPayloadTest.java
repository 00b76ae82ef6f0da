package org.hoverla.core.mavlink.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FtpPayloadTest {

    @Test
    void shouldLayOutTheHeaderLittleEndianAsMavlinkIoDefinesIt() {
        // Given a payload with every header field set
        FtpPayload p = new FtpPayload();
        p.seq = 0x1234;
        p.session = 7;
        p.opcode = FtpPayload.OP_BURST_READ_FILE;
        p.size = 3;
        p.reqOpcode = FtpPayload.OP_OPEN_FILE_RO;
        p.burstComplete = true;
        p.offset = 0xA1B2C3D4L;
        p.data[0] = 'a';
        p.data[1] = 'b';
        p.data[2] = 'c';

        // When it is encoded
        byte[] b = p.encode();

        // Then the bytes sit where the spec's header puts them
        assertThat(b).hasSize(251);
        assertThat(b[0]).isEqualTo((byte) 0x34);
        assertThat(b[1]).isEqualTo((byte) 0x12);
        assertThat(b[2]).isEqualTo((byte) 7);
        assertThat(b[3]).isEqualTo((byte) 15);
        assertThat(b[4]).isEqualTo((byte) 3);
        assertThat(b[5]).isEqualTo((byte) 4);
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isZero();
        assertThat(new byte[] {b[8], b[9], b[10], b[11]})
                .containsExactly((byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1);
        assertThat(new String(b, 12, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(b[15]).isZero();
    }

    @Test
    void shouldDecodeWhatItEncodes() {
        // Given an encoded payload with the largest values of each field
        FtpPayload p = new FtpPayload();
        p.seq = 0xFFFF;
        p.session = 255;
        p.opcode = FtpPayload.OP_NAK;
        p.size = FtpPayload.MAX_DATA;
        p.reqOpcode = 255;
        p.offset = 0xFFFF_FFFFL;
        p.data[238] = 42;

        // When decoded again
        FtpPayload q = new FtpPayload().decode(p.encode());

        // Then every field is back, the offset unsigned
        assertThat(q.seq).isEqualTo(0xFFFF);
        assertThat(q.session).isEqualTo(255);
        assertThat(q.opcode).isEqualTo(129);
        assertThat(q.size).isEqualTo(239);
        assertThat(q.reqOpcode).isEqualTo(255);
        assertThat(q.burstComplete).isFalse();
        assertThat(q.offset).isEqualTo(0xFFFF_FFFFL);
        assertThat(q.data[238]).isEqualTo((byte) 42);
    }

    @Test
    void shouldReadATruncatedPayloadAsZerosWithoutThrowing() {
        // Given MAVLink 2 truncated the trailing zeros: only seq and opcode arrived
        byte[] shortPayload = {5, 0, 0, 2};

        // When decoded into a payload that held older values
        FtpPayload p = new FtpPayload();
        p.offset = 99;
        p.data[0] = 1;
        p.decode(shortPayload);

        // Then the missing bytes read as zero
        assertThat(p.seq).isEqualTo(5);
        assertThat(p.opcode).isEqualTo(FtpPayload.OP_RESET_SESSIONS);
        assertThat(p.size).isZero();
        assertThat(p.offset).isZero();
        assertThat(p.data[0]).isZero();
        assertThat(new FtpPayload().decode(null).seq).isZero();
    }

    @Test
    void shouldReadThePathUpToSizeOrTheFirstNul() {
        // Given path data with a NUL inside and bytes past size
        FtpPayload p = new FtpPayload();
        byte[] text = "/etc/x.json\0junk".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, p.data, 0, text.length);

        // When size covers all, part, or more than the data area
        p.size = text.length;
        String all = p.dataAsString();
        p.size = 4;
        String part = p.dataAsString();
        p.size = 255;
        String clamped = p.dataAsString();

        // Then the string stops at NUL or size, and an oversize never reads outside the data
        assertThat(all).isEqualTo("/etc/x.json");
        assertThat(part).isEqualTo("/etc");
        assertThat(clamped).isEqualTo("/etc/x.json");
    }

    @Test
    void shouldCarryAUint32InTheData() {
        // Given a file length above 2^31
        FtpPayload p = new FtpPayload();

        // When written as the OpenFileRO answer's data
        p.setDataUint32(0x8000_0001L);

        // Then it reads back unsigned with size 4
        assertThat(p.size).isEqualTo(4);
        assertThat(p.dataUint32()).isEqualTo(0x8000_0001L);
        assertThat(p.data[0]).isEqualTo((byte) 1);
    }

    @Test
    void shouldComputeMavlinksCrc32AsPx4DoesNotZipCrc32() {
        // Given the check string and an independent (Python) run of PX4's generate_crc.py table
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        // When hashed
        long crc = MavlinkCrc32.of(check);

        // Then it matches PX4's algorithm (initial 0, no final XOR), not zlib's 0xCBF43926
        assertThat(crc).isEqualTo(0x2DFD2D88L);
        assertThat(MavlinkCrc32.of(new byte[0])).isZero();
        assertThat(MavlinkCrc32.of(new byte[] {'a'})).isEqualTo(0x3AB551CEL);
        int split = MavlinkCrc32.update(MavlinkCrc32.update(0, check, 0, 4), check, 4, 5);
        assertThat(split & 0xFFFF_FFFFL).isEqualTo(crc);
    }
}
