package org.hoverla.core.unit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.hoverla.storage.AtomicFiles;

/**
 * Who this unit is: its stable UID and what it is built from.
 *
 * <p><b>{@code uid}</b> (AUTOPILOT_VERSION {@code uid}, 48 bits) is decided once per state
 * directory by {@link #resolveUid(Path, String)} and kept in {@code STATE_DIR/uid}:
 * <ol>
 *   <li>a kept {@code STATE_DIR/uid} always wins: what ground stations already saw stays (units
 *       set up before the UID was derived keep their random one, and an integrator can pin a
 *       UID by writing the file);</li>
 *   <li>otherwise, with a host serial ({@link HostSerial}), the UID is
 *       {@link #derivedUid(String) derived} from it: a re-flashed SD card or a wiped state
 *       directory on the same computer gets the same UID back;</li>
 *   <li>otherwise (SITL, a development machine, a container) a random one, as before.</li>
 * </ol>
 * The board name is not part of the UID: renaming or editing a board file must not turn the
 * vehicle into another one for its ground stations; the board and its chips go in {@link #uid2()}.
 *
 * <p><b>{@code uid2}</b> (18 bytes) is a fingerprint of the whole unit: the UID, the host
 * serial, the board name and every probed device (chip, bus, address, PX4 device id, chip id).
 * MAVLink's common.xml says a non-zero {@code uid2} supersedes {@code uid}; it stays the same
 * across reboots and re-installs and when a chip is replaced by one of the same model (none of
 * the supported chips has a readable serial number, only a model id), and changes when the
 * computer, the board or a chip model changes, which is a different unit to trace.
 *
 * @param uid       the vehicle UID (AUTOPILOT_VERSION uid), 48+ bits, stable across reboots
 * @param boardName the board file's {@code name}
 * @param boardFile the board file's path as given (or the profile name)
 * @param hostSerial the companion computer's serial (Raspberry Pi: /proc/cpuinfo Serial), "" when none
 * @param chips     one line per device: name, chip, bus, address, chip id as read
 */
public record UnitIdentity(long uid, String boardName, String boardFile, String hostSerial, List<ChipIdentity> chips) {
    /** The file in the state directory that keeps the UID (one line, hexadecimal). */
    public static final String UID_FILE = "uid";
    /** Length of {@link #uid2()}, as AUTOPILOT_VERSION carries it. */
    public static final int UID2_BYTES = 18;

    private static final long UID_MASK = 0x0000_FFFF_FFFF_FFFFL;

    public UnitIdentity {
        chips = List.copyOf(chips);
        boardName = boardName == null ? "" : boardName;
        boardFile = boardFile == null ? "" : boardFile;
        hostSerial = hostSerial == null ? "" : hostSerial;
    }

    /** One probed device. {@code chipId} is the id register's value as read ("" when the chip has none). */
    public record ChipIdentity(String device, String chip, String bus, String address, int deviceId, String chipId) {
    }

    /** The UID as 16 lowercase hex digits (AUTOPILOT_VERSION uid, unsigned). */
    public String uidHex() {
        return String.format("%016x", uid);
    }

    /**
     * The 18-byte unit fingerprint for AUTOPILOT_VERSION {@code uid2}: the first 18 bytes of
     * SHA-256 over a versioned, newline-separated text of the UID, host serial, board name and
     * each device's chip, bus, address, device id and chip id (see the class comment).
     */
    public byte[] uid2() {
        StringBuilder text = new StringBuilder("hoverla-uid2-v1\n");
        text.append(uidHex()).append('\n').append(hostSerial).append('\n').append(boardName).append('\n');
        for (ChipIdentity c : chips) {
            text.append(c.device()).append('|').append(c.chip()).append('|').append(c.bus()).append('|')
                    .append(c.address()).append('|').append(c.deviceId()).append('|').append(c.chipId()).append('\n');
        }
        byte[] out = new byte[UID2_BYTES];
        System.arraycopy(sha256(text.toString()), 0, out, 0, UID2_BYTES);
        return out;
    }

    /** {@link #uid2()} as 36 lowercase hex digits, byte 0 first (the order on the wire). */
    public String uid2Hex() {
        return HexFormat.of().formatHex(uid2());
    }

    /** Whether the UID is the one {@link #derivedUid(String)} gives for this host serial. */
    public boolean uidFromHostSerial() {
        return !hostSerial.isEmpty() && uid == derivedUid(hostSerial);
    }

    /**
     * The UID a host serial gives: the first 6 bytes of SHA-256 of {@code "hoverla-uid-v1\n" + serial}
     * (48 bits, never 0, which MAVLink reads as "no UID").
     *
     * @throws IllegalArgumentException for an empty serial
     */
    public static long derivedUid(String hostSerial) {
        if (hostSerial == null || hostSerial.isEmpty()) {
            throw new IllegalArgumentException("no host serial to derive a UID from");
        }
        byte[] h = sha256("hoverla-uid-v1\n" + hostSerial);
        long uid = 0;
        for (int i = 0; i < 6; i++) {
            uid = uid << 8 | (h[i] & 0xFF);
        }
        return uid == 0 ? 1 : uid;
    }

    /**
     * The unit's UID for this state directory (see the class comment), written to
     * {@code STATE_DIR/uid} the first time, durably and atomically ({@link AtomicFiles}).
     *
     * @param hostSerial {@link HostSerial#read()}, "" when none
     * @throws IOException the kept file is not a hexadecimal UID, or it cannot be written
     */
    public static long resolveUid(Path stateDir, String hostSerial) throws IOException {
        Path file = stateDir.resolve(UID_FILE);
        Long kept = keptUid(stateDir);
        if (kept != null) {
            return kept;
        }
        long uid = hostSerial != null && !hostSerial.isEmpty() ? derivedUid(hostSerial)
                : new SecureRandom().nextLong() & UID_MASK;
        if (uid == 0) {
            uid = 1;
        }
        AtomicFiles.write(file, (Long.toHexString(uid) + "\n").getBytes(StandardCharsets.US_ASCII));
        return uid;
    }

    /**
     * The UID kept in {@code STATE_DIR/uid}, or null when there is none yet (nothing is written).
     *
     * @throws IOException the file is not a hexadecimal UID
     */
    public static Long keptUid(Path stateDir) throws IOException {
        Path file = stateDir.resolve(UID_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseUnsignedLong(text, 16);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a hexadecimal UID: '" + text + "'");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
