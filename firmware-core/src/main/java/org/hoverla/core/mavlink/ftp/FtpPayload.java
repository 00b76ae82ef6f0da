package org.hoverla.core.mavlink.ftp;

/**
 * The payload of {@code FILE_TRANSFER_PROTOCOL} (message 110): a 12-byte header and up to 239
 * bytes of data, little-endian, as mavlink.io/en/services/ftp.html ("Payload format") lays it
 * out and QGC's {@code MavlinkFTP::RequestHeader} (12 bytes, asserted in {@code FTPManager.cc})
 * reads it:
 *
 * <pre>
 * 0-1  seq_number      uint16   request sequence; the answer carries seq + 1
 * 2    session         uint8
 * 3    opcode          uint8    {@code MAV_FTP_OPCODE}
 * 4    size            uint8    bytes used in data
 * 5    req_opcode      uint8    in an ACK/NAK: the opcode answered
 * 6    burst_complete  uint8    1 on the last packet of a burst
 * 7    padding
 * 8-11 offset          uint32
 * 12-  data            239 bytes
 * </pre>
 *
 * A mutable value, reused by its owner; {@link #decode} never throws (a short array reads as
 * zeros, as MAVLink 2 trailing-zero truncation requires). Not thread-safe.
 */
public final class FtpPayload {
    /** Bytes of the FILE_TRANSFER_PROTOCOL payload field. */
    public static final int PAYLOAD_LENGTH = 251;
    /** Header bytes before the data. */
    public static final int HEADER_LENGTH = 12;
    /** Most data bytes in one message. */
    public static final int MAX_DATA = PAYLOAD_LENGTH - HEADER_LENGTH;

    // MAV_FTP_OPCODE (mavlink common.xml)
    public static final int OP_NONE = 0;
    public static final int OP_TERMINATE_SESSION = 1;
    public static final int OP_RESET_SESSIONS = 2;
    public static final int OP_LIST_DIRECTORY = 3;
    public static final int OP_OPEN_FILE_RO = 4;
    public static final int OP_READ_FILE = 5;
    public static final int OP_CREATE_FILE = 6;
    public static final int OP_WRITE_FILE = 7;
    public static final int OP_REMOVE_FILE = 8;
    public static final int OP_CREATE_DIRECTORY = 9;
    public static final int OP_REMOVE_DIRECTORY = 10;
    public static final int OP_OPEN_FILE_WO = 11;
    public static final int OP_TRUNCATE_FILE = 12;
    public static final int OP_RENAME = 13;
    public static final int OP_CALC_FILE_CRC32 = 14;
    public static final int OP_BURST_READ_FILE = 15;
    public static final int OP_ACK = 128;
    public static final int OP_NAK = 129;

    // MAV_FTP_ERR: the first data byte of a NAK
    public static final int ERR_NONE = 0;
    public static final int ERR_FAIL = 1;
    public static final int ERR_FAIL_ERRNO = 2;
    public static final int ERR_INVALID_DATA_SIZE = 3;
    public static final int ERR_INVALID_SESSION = 4;
    public static final int ERR_NO_SESSIONS_AVAILABLE = 5;
    public static final int ERR_EOF = 6;
    public static final int ERR_UNKNOWN_COMMAND = 7;
    public static final int ERR_FILE_EXISTS = 8;
    public static final int ERR_FILE_PROTECTED = 9;
    public static final int ERR_FILE_NOT_FOUND = 10;

    /** uint16 sequence number. */
    public int seq;
    /** uint8 session id. */
    public int session;
    /** uint8 opcode. */
    public int opcode;
    /** uint8 number of bytes used in {@link #data}; up to 255 as received (a bad size is the server's to refuse). */
    public int size;
    /** uint8 opcode answered (ACK/NAK only). */
    public int reqOpcode;
    /** 1 on the last packet of a burst. */
    public boolean burstComplete;
    /** uint32 offset, held as a non-negative long. */
    public long offset;
    /** The data area, always {@link #MAX_DATA} bytes; the first {@link #size} are meaningful. */
    public final byte[] data = new byte[MAX_DATA];

    /** Reads {@code payload} (any length; missing bytes are zero) into this object. */
    public FtpPayload decode(byte[] payload) {
        seq = u8(payload, 0) | (u8(payload, 1) << 8);
        session = u8(payload, 2);
        opcode = u8(payload, 3);
        size = u8(payload, 4);
        reqOpcode = u8(payload, 5);
        burstComplete = u8(payload, 6) != 0;
        offset = (u8(payload, 8) | (u8(payload, 9) << 8) | (u8(payload, 10) << 16) | ((long) u8(payload, 11) << 24));
        for (int i = 0; i < MAX_DATA; i++) {
            data[i] = (byte) u8(payload, HEADER_LENGTH + i);
        }
        return this;
    }

    /** @return a new {@link #PAYLOAD_LENGTH}-byte array holding this payload (size clamped to 239) */
    public byte[] encode() {
        byte[] p = new byte[PAYLOAD_LENGTH];
        p[0] = (byte) seq;
        p[1] = (byte) (seq >>> 8);
        p[2] = (byte) session;
        p[3] = (byte) opcode;
        int n = Math.max(0, Math.min(MAX_DATA, size));
        p[4] = (byte) n;
        p[5] = (byte) reqOpcode;
        p[6] = (byte) (burstComplete ? 1 : 0);
        p[8] = (byte) offset;
        p[9] = (byte) (offset >>> 8);
        p[10] = (byte) (offset >>> 16);
        p[11] = (byte) (offset >>> 24);
        System.arraycopy(data, 0, p, HEADER_LENGTH, n);
        return p;
    }

    /** Clears every field and the data. */
    public FtpPayload clear() {
        seq = 0;
        session = 0;
        opcode = 0;
        size = 0;
        reqOpcode = 0;
        burstComplete = false;
        offset = 0;
        java.util.Arrays.fill(data, (byte) 0);
        return this;
    }

    /**
     * The data as a path: the first {@link #size} bytes (at most 239) up to the first NUL, as
     * ISO-8859-1 (paths are ASCII; any other byte stays one character, so it simply finds no file).
     */
    public String dataAsString() {
        int n = Math.max(0, Math.min(MAX_DATA, size));
        int end = 0;
        while (end < n && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes a little-endian uint32 into data[0..3] and sets size 4. */
    public void setDataUint32(long value) {
        data[0] = (byte) value;
        data[1] = (byte) (value >>> 8);
        data[2] = (byte) (value >>> 16);
        data[3] = (byte) (value >>> 24);
        size = 4;
    }

    /** @return data[0..3] as a little-endian uint32 */
    public long dataUint32() {
        return (data[0] & 0xFFL) | ((data[1] & 0xFFL) << 8) | ((data[2] & 0xFFL) << 16) | ((data[3] & 0xFFL) << 24);
    }

    private static int u8(byte[] b, int i) {
        return b != null && i < b.length ? b[i] & 0xFF : 0;
    }

    @Override
    public String toString() {
        return "FtpPayload{seq=" + seq + ", session=" + session + ", opcode=" + opcode + ", size=" + size
                + ", reqOpcode=" + reqOpcode + ", burstComplete=" + burstComplete + ", offset=" + offset + "}";
    }
}
