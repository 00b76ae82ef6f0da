package org.hoverla.core.update;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where the A/B install keeps things under a root ({@code /} on a vehicle, a scratch directory
 * in tests):
 * <pre>
 * opt/hoverla/versions/VERSION/     one installed release: manifest.json, bin/, lib/, ... (never changed once complete)
 * opt/hoverla/versions/VERSION.partial/   a release being written (removed by the next update or boot check)
 * opt/hoverla/current -&gt; versions/VERSION   the version that starts; switched by one atomic rename
 * etc/hoverla/release-keys/KEYID.pub   trusted release keys (minisign public key files)
 * etc/hoverla/release-keys/revoked     revoked key ids, one per line (# comments)
 * var/lib/hoverla/                      STATE_DIR: params.txt, unit-record.jsonl, ...
 * var/lib/hoverla/update/state.json     {@link UpdateState}
 * var/lib/hoverla/update/params/VERSION.txt   the parameter file as VERSION last used it
 * </pre>
 * {@code /opt/hoverla/bin/hoverla} (the package's launcher) starts {@code current}'s jar when
 * the link exists. Pure paths, plus the one atomic switch.
 */
public final class UpdateLayout {
    private final Path root;

    public UpdateLayout(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path installDir() {
        return root.resolve("opt/hoverla");
    }

    public Path versionsDir() {
        return installDir().resolve("versions");
    }

    public Path versionDir(String version) {
        return versionsDir().resolve(version);
    }

    /** Where a version is written before it is complete. */
    public Path partialDir(String version) {
        return versionsDir().resolve(version + ".partial");
    }

    public Path currentLink() {
        return installDir().resolve("current");
    }

    public Path keysDir() {
        return root.resolve("etc/hoverla/release-keys");
    }

    public Path revokedFile() {
        return keysDir().resolve("revoked");
    }

    public Path stateDir() {
        return root.resolve("var/lib/hoverla");
    }

    public Path updateDir() {
        return stateDir().resolve("update");
    }

    public Path stateFile() {
        return updateDir().resolve("state.json");
    }

    /** The parameter file as {@code version} last used it, restored when the unit rolls back to it. */
    public Path paramsSnapshot(String version) {
        return updateDir().resolve("params").resolve(version + ".txt");
    }

    /** The live parameter file the vehicle loads. */
    public Path paramsFile() {
        return stateDir().resolve("params.txt");
    }

    /** The version {@code current} points at, or null when there is no link. */
    public String currentVersion() throws IOException {
        Path link = currentLink();
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        return Files.readSymbolicLink(link).getFileName().toString();
    }

    /**
     * Points {@code current} at {@code versions/VERSION} atomically: a new relative link is made
     * beside it and renamed over it, then the directory is forced to disk. A crash at any point
     * leaves {@code current} at the old or the new version, never missing.
     */
    public void switchCurrent(String version) throws IOException {
        if (!Files.isDirectory(versionDir(version))) {
            throw new IOException("cannot switch to " + version + ": " + versionDir(version) + " is not installed");
        }
        Path tmp = installDir().resolve("current.next");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of("versions", version));
        Files.move(tmp, currentLink(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(installDir());
    }

    /** fsync of a directory, so a rename or a new entry in it survives power loss. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
