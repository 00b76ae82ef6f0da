package org.hoverla.core.mavlink.signing;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MAVLink 2 signature (mavlink.io, Message Signing, "Frame Format" and "Signature"): 13 bytes
 * after the CRC of a frame whose incompatibility flag 0x01 is set: link id (1 byte), timestamp
 * (6 bytes, little-endian, 10 µs units since 2015-01-01 00:00 UTC), and the first 6 bytes of
 * {@code SHA-256(secret key (32 B) + header + payload + CRC + link id + timestamp)}.
 *
 * <p>One instance reuses one {@link MessageDigest} and one 32-byte output buffer, so
 * {@link #sign} and {@link #verify} allocate nothing. Not thread-safe: one instance per thread
 * (the MAVLink thread's is owned by {@link MavlinkSigning}).
 */
public final class MavlinkSignature {
    /** Secret key length in bytes. */
    public static final int KEY_LENGTH = 32;
    /** Signature block length: link id, 48-bit timestamp, 48-bit signature. */
    public static final int LENGTH = 13;
    /** Bytes of the SHA-256 kept in the frame (48 bits). */
    public static final int MAC_LENGTH = 6;
    /** 2015-01-01 00:00:00 UTC in Unix milliseconds (mavlink.io: an offset of 1420070400 s). */
    public static final long EPOCH_2015_UNIX_MS = 1_420_070_400_000L;
    /** Largest 48-bit timestamp. */
    public static final long MAX_TIMESTAMP = (1L << 48) - 1;
    /** One minute in timestamp units (10 µs): the window a new stream must fall in. */
    public static final long ONE_MINUTE = 6_000_000L;

    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];

    public MavlinkSignature() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The signing timestamp (10 µs units since 2015) of a Unix time in microseconds; 0 before 2015. */
    public static long timestampOfUnixMicros(long unixMicros) {
        long t = (unixMicros - EPOCH_2015_UNIX_MS * 1000L) / 10L;
        return Math.max(0L, Math.min(MAX_TIMESTAMP, t));
    }

    /**
     * Writes the 13-byte signature of the frame {@code buf[off, off + unsignedLength)} (header,
     * payload and CRC, computed with the signed flag already set) at {@code off + unsignedLength}.
     *
     * @param key       32-byte secret key
     * @param linkId    0..255
     * @param timestamp 48-bit timestamp (10 µs since 2015)
     */
    public void sign(byte[] key, byte[] buf, int off, int unsignedLength, int linkId, long timestamp) {
        int s = off + unsignedLength;
        buf[s] = (byte) linkId;
        for (int i = 0; i < 6; i++) {
            buf[s + 1 + i] = (byte) (timestamp >>> (8 * i));
        }
        mac(key, buf, off, unsignedLength + 7);
        System.arraycopy(digest, 0, buf, s + 7, MAC_LENGTH);
    }

    /**
     * Whether the signed frame {@code buf[off, off + length)} (signature included) carries the
     * signature {@code key} gives. Compares all six bytes whatever the first difference.
     */
    public boolean verify(byte[] key, byte[] buf, int off, int length) {
        if (length < LENGTH + 12) {
            return false;
        }
        mac(key, buf, off, length - MAC_LENGTH);
        int s = off + length - MAC_LENGTH;
        int diff = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            diff |= digest[i] ^ buf[s + i];
        }
        return diff == 0;
    }

    /** The link id of the signed frame {@code buf[off, off + length)}. */
    public static int linkId(byte[] buf, int off, int length) {
        return buf[off + length - LENGTH] & 0xFF;
    }

    /** The 48-bit timestamp of the signed frame {@code buf[off, off + length)}. */
    public static long timestamp(byte[] buf, int off, int length) {
        int s = off + length - LENGTH + 1;
        long t = 0;
        for (int i = 5; i >= 0; i--) {
            t = (t << 8) | (buf[s + i] & 0xFF);
        }
        return t;
    }

    private void mac(byte[] key, byte[] buf, int off, int len) {
        sha256.reset();
        sha256.update(key, 0, KEY_LENGTH);
        sha256.update(buf, off, len);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            // Cannot happen: the buffer holds the whole 32-byte digest. Never throw on the MAVLink
            // thread: a zeroed digest verifies nothing.
            java.util.Arrays.fill(digest, (byte) 0);
            digest[0] = 1;
        }
    }

    /** The first 6 bytes of SHA-256 over {@code key + data}: the raw MAC, for tests. Allocates. */
    byte[] macOf(byte[] key, byte[] data) {
        mac(key, data, 0, data.length);
        return java.util.Arrays.copyOf(digest, MAC_LENGTH);
    }
}
