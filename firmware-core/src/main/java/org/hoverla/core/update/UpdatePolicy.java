package org.hoverla.core.update;

import org.hoverla.core.release.ReleaseManifest;
import org.hoverla.core.release.ReleaseVersion;

/**
 * The installer's pure decisions: may this version replace the running one, and does it fit.
 * Each method returns null when the update may go on, else the one line that refuses it (the
 * {@link UpdateRefusedException}'s message). No I/O, no clock: tested directly.
 */
public final class UpdatePolicy {
    /** Kept free on the versions file system beyond the unpacked bundle: logs and the state still need room. */
    public static final long MARGIN_BYTES = 16L << 20;

    private UpdatePolicy() {
    }

    /**
     * A signature whose trusted comment is Hoverla's ({@code hoverla VERSION commit COMMIT ...}) must name the
     * bundle's own version and commit: the signer labelled what it signed, and a label that disagrees is a
     * mistake at the signing station worth stopping for. Comments of other forms (a bundle signed by hand
     * with {@code minisign -S -l -t ...}) are not judged.
     *
     * @return the refusal line, or null
     */
    public static String trustedCommentMismatch(String trustedComment, org.hoverla.core.release.ReleaseManifest manifest) {
        String[] t = trustedComment == null ? new String[0] : trustedComment.trim().split("\\s+");
        if (t.length < 2 || !t[0].equals("hoverla")) {
            return null;
        }
        if (!t[1].equals(manifest.version())) {
            return "the signature's trusted comment names version " + t[1] + ", the bundle is " + manifest.version();
        }
        for (int i = 2; i + 1 < t.length; i++) {
            if (t[i].equals("commit") && !t[i + 1].equals(manifest.commit())) {
                return "the signature's trusted comment names commit " + t[i + 1] + ", the bundle's manifest "
                        + manifest.commit();
            }
        }
        return null;
    }

    /**
     * SemVer order ({@link ReleaseVersion}): a newer version passes; an older or the same one only
     * with {@code allowDowngrade}. No running version (a first install) passes.
     */
    public static String versionOrder(String running, String candidate, boolean allowDowngrade) {
        if (running == null || allowDowngrade) {
            return null;
        }
        int c = ReleaseVersion.parse(candidate).compareTo(ReleaseVersion.parse(running));
        if (c < 0) {
            return candidate + " is older than the running " + running + "; pass --allow-downgrade to install it anyway";
        }
        if (c == 0) {
            return candidate + " is the running version; pass --allow-downgrade to install it again";
        }
        return null;
    }

    /** The bundle's {@code min_from_version}: the running version must be at least that. */
    public static String minFrom(String running, String candidate, String minFromVersion) {
        if (running == null || ReleaseVersion.parse(running).compareTo(ReleaseVersion.parse(minFromVersion)) >= 0) {
            return null;
        }
        return candidate + " updates only from " + minFromVersion + " or later, and the running version is " + running
                + "; install " + minFromVersion + " first";
    }

    /** Bytes the unpacked version takes: the manifest, its files and the signature, rounded up to 4 KiB blocks each. */
    public static long unpackedBytes(ReleaseManifest manifest, long manifestBytes, long signatureBytes) {
        long total = blocks(manifestBytes) + blocks(signatureBytes);
        for (ReleaseManifest.FileEntry f : manifest.files()) {
            total += blocks(f.size());
        }
        return total;
    }

    private static long blocks(long bytes) {
        return (bytes + 4095) / 4096 * 4096;
    }

    /** Usable space must cover the unpacked version plus {@link #MARGIN_BYTES}. */
    public static String freeSpace(String dir, long usableBytes, long unpackedBytes) {
        long needed = unpackedBytes + MARGIN_BYTES;
        if (usableBytes >= needed) {
            return null;
        }
        return "not enough free space in " + dir + ": " + mib(usableBytes) + " free, the unpacked version needs "
                + mib(needed) + " (" + mib(unpackedBytes) + " + " + mib(MARGIN_BYTES) + " margin)";
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
