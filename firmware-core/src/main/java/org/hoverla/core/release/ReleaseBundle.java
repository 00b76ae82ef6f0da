package org.hoverla.core.release;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A release bundle: an uncompressed POSIX ustar file ({@link Ustar}) whose entries all sit under
 * {@code hoverla-VERSION/}, {@value #MANIFEST} first, then every file the manifest lists, sorted
 * by path. Written byte-for-byte reproducibly (every entry's time is the build time, owner
 * root:root uid/gid 0, modes 0644/0755), so two builds of one commit give the same bytes.
 *
 * <p>{@link #verify} and {@link #extract} read a bundle defensively: the manifest must come
 * first; every other entry must be a regular file the manifest lists, once, with its size and
 * SHA-256; nothing the manifest lists may be missing; a truncated tar is refused. Each
 * refusal is a {@link ReleaseException} with one line saying what was wrong.
 */
public final class ReleaseBundle {
    /** The manifest's name inside the bundle's top directory. */
    public static final String MANIFEST = "manifest.json";
    /** The CycloneDX SBOM's name inside the bundle. */
    public static final String SBOM = "sbom.cdx.json";

    private ReleaseBundle() {
    }

    /** A file to put in a bundle. */
    public record Source(String path, int mode, Path file) {
    }

    /** {@code hoverla-VERSION}: the bundle's top directory and its file name without {@code .tar}. */
    public static String baseName(String version) {
        return "hoverla-" + version;
    }

    /**
     * Writes a bundle and returns its manifest. The manifest's {@code files} are computed here.
     *
     * @param template version, commit, build time, min-from and schema; its files are ignored
     */
    public static ReleaseManifest write(Path tar, ReleaseManifest template, List<Source> sources) throws IOException {
        List<Source> sorted = new ArrayList<>(sources);
        sorted.sort(Comparator.comparing(Source::path));
        List<ReleaseManifest.FileEntry> entries = new ArrayList<>();
        for (Source s : sorted) {
            entries.add(new ReleaseManifest.FileEntry(s.path(), s.mode(), Files.size(s.file()), sha256(s.file())));
        }
        ReleaseManifest manifest = new ReleaseManifest(template.version(), template.commit(), template.buildTime(),
                template.minFromVersion(), template.paramSchema(), entries);
        String top = baseName(manifest.version()) + "/";
        long time = manifest.buildTime().getEpochSecond();
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tar))) {
            Ustar.Writer t = new Ustar.Writer(out);
            byte[] mf = manifest.toJson();
            t.putFile(top + MANIFEST, 0644, mf.length, time);
            t.write(mf, 0, mf.length);
            t.closeEntry();
            byte[] buf = new byte[64 * 1024];
            for (Source s : sorted) {
                t.putFile(top + s.path(), s.mode(), Files.size(s.file()), time);
                try (InputStream in = Files.newInputStream(s.file())) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        t.write(buf, 0, n);
                    }
                }
                t.closeEntry();
            }
            t.finish();
        }
        return manifest;
    }

    /** Checks a bundle's entries against its manifest without writing anything. */
    public static ReleaseManifest verify(Path tar) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
            return read(in, null, null);
        }
    }

    /**
     * Checks a bundle and writes its files under {@code dest} (created; must not exist), each
     * with its mode and forced to disk. On any refusal what was written stays for the caller to
     * remove.
     *
     * @param progress called after each file is written (SIGKILL tests stop the process there); may be null
     */
    public static ReleaseManifest extract(Path tar, Path dest, Runnable progress) throws IOException {
        Files.createDirectory(dest);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
            return read(in, dest, progress);
        }
    }

    /**
     * As {@link #verify(Path)}, on bytes already in memory: the installer checks the signature
     * and the manifest on the very same bytes, so a file swapped on disk after the signature
     * check cannot be what is installed.
     */
    public static ReleaseManifest verify(byte[] tar) throws IOException {
        return read(new java.io.ByteArrayInputStream(tar), null, null);
    }

    /** As {@link #extract(Path, Path, Runnable)}, from bytes already in memory (see {@link #verify(byte[])}). */
    public static ReleaseManifest extract(byte[] tar, Path dest, Runnable progress) throws IOException {
        Files.createDirectory(dest);
        return read(new java.io.ByteArrayInputStream(tar), dest, progress);
    }

    private static ReleaseManifest read(InputStream in, Path dest, Runnable progress) throws IOException {
        ReleaseManifest manifest = null;
        String top = null;
        Set<String> seen = new HashSet<>();
        try {
            Ustar.Reader t = new Ustar.Reader(in);
            Ustar.Entry e;
            while ((e = t.next()) != null) {
                String name = e.name();
                if (manifest == null) {
                    if (!name.endsWith("/" + MANIFEST) || name.indexOf('/') != name.length() - MANIFEST.length() - 1) {
                        throw new ReleaseException("not a Hoverla release bundle: its first entry is '" + name
                                + "', expected hoverla-VERSION/" + MANIFEST);
                    }
                    if (e.size() > ReleaseManifest.MAX_BYTES) {
                        throw new ReleaseException("release manifest larger than " + ReleaseManifest.MAX_BYTES + " bytes");
                    }
                    byte[] mf = readAll(t.data(), e.size());
                    manifest = ReleaseManifest.parse(mf);
                    top = baseName(manifest.version()) + "/";
                    if (!name.equals(top + MANIFEST)) {
                        throw new ReleaseException("bundle directory '" + name.substring(0, name.indexOf('/'))
                                + "' does not match its manifest's version " + manifest.version());
                    }
                    if (dest != null) {
                        writeFile(dest.resolve(MANIFEST), 0644, new java.io.ByteArrayInputStream(mf), mf.length, null);
                    }
                    continue;
                }
                if (!name.startsWith(top)) {
                    throw new ReleaseException("bundle entry '" + name + "' is outside " + top);
                }
                String path = name.substring(top.length());
                ReleaseManifest.FileEntry f = manifest.file(path);
                if (f == null) {
                    throw new ReleaseException("bundle holds '" + path + "', which its manifest does not list");
                }
                if (!seen.add(path)) {
                    throw new ReleaseException("bundle holds '" + path + "' twice");
                }
                if (e.size() != f.size()) {
                    throw new ReleaseException("bundle damaged: " + path + " is " + e.size() + " bytes, its manifest says " + f.size());
                }
                String actual;
                if (dest != null) {
                    actual = writeFile(dest.resolve(path), f.mode(), t.data(), f.size(), progress);
                } else {
                    actual = hashStream(t.data(), f.size());
                }
                if (!actual.equals(f.sha256())) {
                    throw new ReleaseException("bundle damaged: SHA-256 of " + path + " is " + actual + ", its manifest says " + f.sha256());
                }
            }
        } catch (WriteFailed e) {
            throw e.io;
        } catch (ReleaseException e) {
            throw e;
        }
        // A damaged archive is a ReleaseException from the reader; an IOException left here is reading the file itself.
        if (manifest == null) {
            throw new ReleaseException("not a Hoverla release bundle: empty or not a tar file");
        }
        for (ReleaseManifest.FileEntry f : manifest.files()) {
            if (!seen.contains(f.path())) {
                throw new ReleaseException("bundle truncated: " + f.path() + " is missing");
            }
        }
        return manifest;
    }

    /** A failure to write the extracted files (full disk, permissions), kept apart from a damaged bundle. */
    private static final class WriteFailed extends RuntimeException {
        final IOException io;

        WriteFailed(IOException io) {
            super(io);
            this.io = io;
        }
    }

    private static byte[] readAll(InputStream in, long size) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream((int) size);
        long n = in.transferTo(b);
        if (n != size) {
            throw new ReleaseException("bundle truncated inside " + MANIFEST);
        }
        return b.toByteArray();
    }

    private static String hashStream(InputStream in, long size) throws IOException {
        MessageDigest md = sha();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            total += n;
        }
        if (total != size) {
            throw new ReleaseException("bundle truncated: an entry ends after " + total + " of " + size + " bytes");
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String writeFile(Path target, int mode, InputStream in, long size, Runnable progress) throws IOException {
        MessageDigest md = sha();
        long total = 0;
        FileChannel ch = null;
        try {
            try {
                Files.createDirectories(target.getParent());
                ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                try {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                } catch (IOException e) {
                    throw new WriteFailed(e);
                }
                total += n;
            }
            try {
                // The mode before the force, so a power loss cannot leave bin/hoverla without its execute bit.
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode == 0755 ? "rwxr-xr-x" : "rw-r--r--"));
                ch.force(true);
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    throw new WriteFailed(e);
                }
            }
        }
        if (total != size) {
            throw new ReleaseException("bundle truncated: " + target.getFileName() + " ends after " + total + " of " + size + " bytes");
        }
        if (progress != null) {
            progress.run();
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of a file, lowercase hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha())) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
