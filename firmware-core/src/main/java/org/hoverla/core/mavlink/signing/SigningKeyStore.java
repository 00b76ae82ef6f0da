package org.hoverla.core.mavlink.signing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.hoverla.storage.AtomicFiles;

/**
 * Where a vehicle keeps its MAVLink signing key and timestamp: the key file (64 hex digits and a
 * newline) and, beside it, {@code KEYFILE.timestamp} (the last persisted signing timestamp in
 * decimal). Both are written through {@link AtomicFiles} (temporary file, fsync, atomic rename)
 * with the temporary file created mode 0600, so the key is never readable by others, not even for
 * an instant. A key file whose mode gives the group or others any access is refused on load with
 * an error that says how to fix it ({@code chmod 600}). Nothing here logs or prints the key;
 * reports show its {@link #keyId id}.
 *
 * <p>Threads: any thread but the flight thread and the MAVLink thread (it blocks on the disk).
 */
public final class SigningKeyStore {
    /** The key file's name in a vehicle's state directory. */
    public static final String KEY_FILE = "signing.key";
    /** Suffix of the timestamp file beside the key file. */
    public static final String TIMESTAMP_SUFFIX = ".timestamp";
    /**
     * Added to the persisted timestamp at restart (one minute in 10 µs units): it is saved every
     * {@link SigningService#PERSIST_INTERVAL_NS 10 s} of use, so the frames sent after the last save
     * stay below it even at 100,000 frames/s over a wall clock that went back.
     */
    public static final long RESTART_MARGIN = MavlinkSignature.ONE_MINUTE;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** A key file that cannot be used: its message says which file and why. */
    public static final class KeyFileException extends IOException {
        public KeyFileException(String message) {
            super(message);
        }
    }

    private final Path keyFile;
    private final Path timestampFile;

    /** @param keyFile the key file (its directory is created on first save) */
    public SigningKeyStore(Path keyFile) {
        this.keyFile = keyFile;
        this.timestampFile = keyFile.resolveSibling(keyFile.getFileName() + TIMESTAMP_SUFFIX);
    }

    /** The store of a vehicle's state directory: {@code STATE_DIR/signing.key}. */
    public static SigningKeyStore inStateDir(Path stateDir) {
        return new SigningKeyStore(stateDir.resolve(KEY_FILE));
    }

    public Path keyFile() {
        return keyFile;
    }

    public Path timestampFile() {
        return timestampFile;
    }

    /**
     * The installed key, or null when there is no key file.
     *
     * @throws KeyFileException if the file gives the group or others any access, or is not 64 hex
     *                          digits, or is the all-zero key
     */
    public byte[] loadKey() throws IOException {
        if (!Files.exists(keyFile)) {
            return null;
        }
        checkMode(keyFile);
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return null;
        }
        return parseKey(text, keyFile.toString());
    }

    /** Parses 64 hex digits into a key; the error names {@code source}, never the content. */
    public static byte[] parseKey(String hex, String source) throws KeyFileException {
        if (hex.length() != 2 * MavlinkSignature.KEY_LENGTH) {
            throw new KeyFileException(source + ": not a signing key (expected 64 hex digits, found "
                    + hex.length() + " characters)");
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(source + ": not a signing key (expected 64 hex digits)");
        }
        if (allZero(key)) {
            throw new KeyFileException(source + ": the all-zero key means 'no key' (SETUP_SIGNING's clear)");
        }
        return key;
    }

    /** Refuses a file whose mode gives the group or others any permission. */
    static void checkMode(Path file) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        }
        for (PosixFilePermission p : mode) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
                    && p != PosixFilePermission.OWNER_EXECUTE) {
                throw new KeyFileException(file + ": refused: mode " + PosixFilePermissions.toString(mode)
                        + " lets others read or change the signing key; run 'chmod 600 " + file
                        + "' (or install a new key) and check who has copied it");
            }
        }
    }

    /** Saves {@code key} atomically, mode 0600 from creation. */
    public void saveKey(byte[] key) throws IOException {
        if (key == null || key.length != MavlinkSignature.KEY_LENGTH || allZero(key)) {
            throw new IllegalArgumentException("a signing key is 32 bytes, not all zero");
        }
        writeOwnerOnly(keyFile, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Removes the key file (the timestamp stays: timestamps never go back, whatever the key). */
    public boolean deleteKey() throws IOException {
        boolean existed = Files.deleteIfExists(keyFile);
        if (existed) {
            AtomicFiles.forceDirectory(keyFile.toAbsolutePath().getParent());
        }
        return existed;
    }

    /** The persisted timestamp, or 0 when none (or unreadable: the wall clock then rules). */
    public long loadTimestamp() {
        try {
            return Long.parseLong(Files.readString(timestampFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 0L;
        }
    }

    /** The timestamp to start from after a restart: the persisted one plus {@link #RESTART_MARGIN}, or 0. */
    public long restartTimestamp() {
        long t = loadTimestamp();
        return t > 0 ? Math.min(MavlinkSignature.MAX_TIMESTAMP - 1, t + RESTART_MARGIN) : 0L;
    }

    /** Saves the timestamp atomically; never lowers the stored one (two writers: the larger wins). */
    public void saveTimestamp(long timestamp) throws IOException {
        long stored = loadTimestamp();
        if (timestamp <= stored) {
            return;
        }
        writeOwnerOnly(timestampFile, (timestamp + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The mode of the key file as {@code rw-------}, or "absent". */
    public String keyFileMode() throws IOException {
        if (!Files.exists(keyFile)) {
            return "absent";
        }
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile));
        } catch (UnsupportedOperationException e) {
            return "n/a";
        }
    }

    /** Writes {@code content} to {@code target} atomically through a temporary file created mode 0600. */
    static void writeOwnerOnly(Path target, byte[] content) throws IOException {
        AtomicFiles.write(target, content, SigningKeyStore::openOwnerOnly);
    }

    private static FileChannel openOwnerOnly(Path file, OpenOption... options) throws IOException {
        try {
            return FileChannel.open(file, Set.of(options), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options);
        }
    }

    /** The key's id for reports: the first 8 hex digits of its SHA-256 (reveals nothing usable). */
    public static String keyId(byte[] key) {
        return HexFormat.of().formatHex(sha256(key), 0, 4);
    }

    /** QGroundControl's and node-mavlink's key from a passphrase: SHA-256 of its UTF-8 bytes. */
    public static byte[] keyFromPassphrase(String passphrase) {
        return sha256(passphrase.getBytes(StandardCharsets.UTF_8));
    }

    /** A new random key (SecureRandom), never all zero. */
    public static byte[] randomKey() {
        SecureRandom r = new SecureRandom();
        byte[] k = new byte[MavlinkSignature.KEY_LENGTH];
        do {
            r.nextBytes(k);
        } while (allZero(k));
        return k;
    }

    static boolean allZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
