package org.hoverla.core.release;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The release key's files on the build machine: {@code hoverla.key} (the secret key,
 * {@link Minisign#secretKeyFile}, mode 0600) and {@code hoverla.pub} (minisign's public-key file,
 * mode 0644). These are not the MAVLink signing keys of {@code hoverla keys}: different purpose,
 * different files.
 *
 * <p>A key file is created under a temporary name with its final mode from the start (so the
 * secret is never readable by others, whatever the umask), forced to disk, then hard-linked to
 * its name: the link fails if the name exists, so an existing key is never overwritten, even by
 * a concurrent keygen. Called from the command's thread only.
 */
public final class ReleaseKeyFiles {
    /** The secret key's file name. */
    public static final String SECRET = "hoverla.key";
    /** The public key's file name. */
    public static final String PUBLIC = "hoverla.pub";

    private static final Set<PosixFilePermission> GROUP_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private ReleaseKeyFiles() {
    }

    /**
     * Writes {@code dir/hoverla.key} (0600) and {@code dir/hoverla.pub} (0644); {@code dir} is
     * created if missing.
     *
     * @throws ReleaseException when either file exists (nothing is written then)
     */
    public static void write(Path dir, Minisign.KeyPair key) throws IOException {
        Files.createDirectories(dir);
        Path secret = dir.resolve(SECRET);
        Path pub = dir.resolve(PUBLIC);
        for (Path p : new Path[] {secret, pub}) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new ReleaseException(p + " exists: a release key is never overwritten (choose another --out)");
            }
        }
        createNew(secret, Minisign.secretKeyFile(key), "rw-------");
        createNew(pub, Minisign.publicKeyFile(key.publicPart()), "rw-r--r--");
    }

    private static void createNew(Path target, String text, String perms) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString(perms);
        Files.deleteIfExists(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(mode))) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            // The umask may have taken bits away from 0644; set the mode exactly.
            Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                throw new ReleaseException(target + " exists: a release key is never overwritten (choose another --out)");
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(target.getParent());
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Reads a secret key file. Refused when group or others may read or write it (as ssh refuses
     * such a private key): the message gives the chmod that fixes it.
     */
    public static Minisign.KeyPair readSecret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ReleaseException(file + ": no such key file (make one with 'hoverla release keygen --out DIR')");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (GROUP_OTHERS.contains(p)) {
                throw new ReleaseException(file + " is accessible to group or others (mode "
                        + PosixFilePermissions.toString(perms) + "); fix it with: chmod 600 " + file);
            }
        }
        return Minisign.parseSecretKey(Files.readString(file, StandardCharsets.US_ASCII));
    }
}
