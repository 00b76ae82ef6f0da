package org.hoverla.core.mavlink.ftp;

/**
 * MAVLink's CRC32, the checksum of FTP {@code CalcFileCRC32} and of the {@code file_crc} fields
 * of COMPONENT_METADATA and the general metadata file: the reflected CRC-32 polynomial
 * (0xEDB88320) with initial value 0 and no final XOR. This is what PX4 computes for both
 * ({@code crc32part} in {@code mavlink_ftp.cpp} starting from 0; {@code crc_update} in
 * {@code src/lib/component_information/generate_crc.py}, marked "MAVLink's CRC32"). It is not
 * {@link java.util.zip.CRC32}, which starts from 0xFFFFFFFF and inverts the result.
 * Stateless; any thread.
 */
public final class MavlinkCrc32 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private MavlinkCrc32() {
    }

    /** @return the CRC of {@code bytes[0..length)} continued from {@code crc} (0 to start) */
    public static int update(int crc, byte[] bytes, int offset, int length) {
        int c = crc;
        for (int i = offset; i < offset + length; i++) {
            c = TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
        }
        return c;
    }

    /** @return the CRC of all of {@code bytes}, as an unsigned 32-bit value */
    public static long of(byte[] bytes) {
        return update(0, bytes, 0, bytes.length) & 0xFFFF_FFFFL;
    }

    /**
     * @return the CRC of a file's bytes, read in 64 KiB pieces, as an unsigned 32-bit value
     * @throws java.io.IOException when it cannot be read ({@link java.nio.file.NoSuchFileException} if absent)
     */
    public static long of(java.nio.file.Path file) throws java.io.IOException {
        byte[] buf = new byte[1 << 16];
        int c = 0;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                c = update(c, buf, 0, n);
            }
        }
        return c & 0xFFFF_FFFFL;
    }
}
