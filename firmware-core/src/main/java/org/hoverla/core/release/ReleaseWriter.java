package org.hoverla.core.release;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a release's four files into an output directory once the vehicle artifact and its SBOM
 * are built: {@code hoverla-VERSION.tar} ({@link ReleaseBundle#write}),
 * {@code hoverla-VERSION.tar.minisig} (legacy minisign signature over the tar, trusted comment
 * from {@link ReleaseContents#trustedComment}), {@code hoverla-VERSION.manifest.json} and
 * {@code hoverla-VERSION.cdx.json} (copies of the bundle's manifest and SBOM). Each file is
 * written beside its name, forced and renamed into place, so a crash never leaves a torn file
 * under a final name. No clock, no process: the same inputs give the same bytes.
 */
public final class ReleaseWriter {
    private ReleaseWriter() {
    }

    /** One file written, with its SHA-256. */
    public record Written(Path file, String sha256) {
    }

    /** What a release wrote. */
    public record Result(ReleaseManifest manifest, String keyIdHex, List<Written> files) {
    }

    public static Result write(Path outDir, Minisign.KeyPair key, ReleaseManifest template, List<ReleaseBundle.Source> sources)
            throws IOException {
        ReleaseContents.readSbom(Files.readAllBytes(sbomOf(sources)));
        Files.createDirectories(outDir);
        String base = ReleaseBundle.baseName(template.version());
        Path tar = outDir.resolve(base + ".tar");
        Path tarTmp = partial(tar);
        ReleaseManifest manifest = ReleaseBundle.write(tarTmp, template, sources);
        force(tarTmp);
        byte[] tarBytes = Files.readAllBytes(tarTmp);
        String keyId = key.publicPart().keyIdHex();
        String sig = Minisign.sign(key, tarBytes, ReleaseContents.untrustedComment(keyId), ReleaseContents.trustedComment(manifest));
        List<Written> written = new ArrayList<>();
        move(tarTmp, tar);
        written.add(new Written(tar, Minisign.sha256Hex(tarBytes)));
        written.add(put(outDir.resolve(base + ".tar.minisig"), sig.getBytes(StandardCharsets.US_ASCII)));
        written.add(put(outDir.resolve(base + ".manifest.json"), manifest.toJson()));
        written.add(put(outDir.resolve(base + ".cdx.json"), Files.readAllBytes(sbomOf(sources))));
        forceDirectory(outDir);
        return new Result(manifest, keyId, List.copyOf(written));
    }

    private static Path sbomOf(List<ReleaseBundle.Source> sources) {
        for (ReleaseBundle.Source s : sources) {
            if (s.path().equals(ReleaseBundle.SBOM)) {
                return s.file();
            }
        }
        throw new ReleaseException("a release bundle needs " + ReleaseBundle.SBOM);
    }

    private static Written put(Path target, byte[] content) throws IOException {
        Path tmp = partial(target);
        Files.write(tmp, content);
        force(tmp);
        move(tmp, target);
        return new Written(target, Minisign.sha256Hex(content));
    }

    private static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
