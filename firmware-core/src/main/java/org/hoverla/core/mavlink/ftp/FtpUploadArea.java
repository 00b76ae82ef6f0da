package org.hoverla.core.mavlink.ftp;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.hoverla.core.mavlink.MavlinkLink;

/**
 * The one place the FTP server writes: the update inbox ({@code /@update/} on the wire,
 * {@code STATE_DIR/update/inbox} on disk), where the ground uploads {@code hoverla-VERSION.tar}
 * and {@code hoverla-VERSION.tar.minisig} before {@code MAV_CMD_DO_UPGRADE}
 * (docs/update-over-mavlink.md). Every other path stays FileProtected.
 *
 * <p>Only flat names of those two forms are accepted (no directory, no {@code ..}): the server
 * can never be asked to write outside the inbox. Every writing request, and CalcFileCRC32 of an
 * inbox file, passes the {@link Gate} first (the command authority's "dangerous" class: an
 * authorised station, and the vehicle disarmed). A file may grow to {@link #maxBytes()}.
 *
 * <p>Immutable; the gate is called on the MAVLink thread.
 */
public final class FtpUploadArea {
    /** The inbox as FTP paths name it. */
    public static final String PREFIX = "/@update/";
    /**
     * Default size cap of one uploaded file. A bundle is 13.3 MB today; the install inside the vehicle's
     * process holds it in memory about three times over (the bytes, and the JDK's Ed25519 buffering them
     * for the signature), inside the vehicle's 256 MB heap (jvm.options), so 48 MiB keeps that under 150 MB.
     */
    public static final long DEFAULT_MAX_BYTES = 48L << 20;

    /** Gate verdicts. */
    public static final int ALLOWED = 0;
    public static final int NOT_AUTHORISED = 1;
    public static final int ARMED = 2;
    public static final int REASONS = 3;

    private static final Pattern NAME = Pattern.compile("hoverla-[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}\\.tar(\\.minisig)?");

    /** Decides whether a station may write to the inbox now. */
    @FunctionalInterface
    public interface Gate {
        /**
         * @return {@link #ALLOWED}, {@link #NOT_AUTHORISED} or {@link #ARMED}
         */
        int check(MavlinkLink link, int systemId, long nowNs);
    }

    private final Path inbox;
    private final long maxBytes;
    private final Gate gate;

    /**
     * @param inbox    the directory uploads go to (created on the first upload)
     * @param maxBytes the largest file accepted, &gt; 0
     */
    public FtpUploadArea(Path inbox, long maxBytes, Gate gate) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("max bytes must be > 0: " + maxBytes);
        }
        this.inbox = inbox.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.gate = gate;
    }

    public Path inbox() {
        return inbox;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Gate gate() {
        return gate;
    }

    /** @return whether an FTP path names the inbox (well-formed or not) */
    public static boolean inArea(String ftpPath) {
        return ftpPath != null && ftpPath.startsWith(PREFIX);
    }

    /**
     * @return the file on disk for an FTP path {@code /@update/NAME}, or null when the path is
     *         not one the inbox accepts (another directory, a nested path, another name)
     */
    public Path resolve(String ftpPath) {
        if (!inArea(ftpPath)) {
            return null;
        }
        String name = ftpPath.substring(PREFIX.length());
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        return inbox.resolve(name);
    }

    /** @return whether a file name is one the inbox accepts */
    public static boolean acceptedName(String name) {
        return NAME.matcher(name).matches();
    }

    /** A short name of a gate verdict for counters and reports. */
    public static String reasonName(int reason) {
        return switch (reason) {
            case ALLOWED -> "allowed";
            case NOT_AUTHORISED -> "not_authorised";
            case ARMED -> "armed";
            default -> "unknown";
        };
    }
}
