package org.hoverla.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseWriterTest {
    private static final ReleaseManifest TEMPLATE = ReleaseContents.template(new ReleaseContents.PomInfo("0.2.0", "0.1.0"),
            "0123456789abcdef0123456789abcdef01234567", Instant.parse("2026-12-05T10:00:00Z"));

    private static List<ReleaseBundle.Source> built(Path dir) throws Exception {
        Path launcher = dir.resolve("hoverla");
        Files.writeString(launcher, "#!/usr/bin/env bash\necho launcher\n");
        Path jar = dir.resolve("hoverla-vehicle.jar");
        byte[] b = new byte[300_000];
        new java.util.Random(7).nextBytes(b);
        Files.write(jar, b);
        Path opts = dir.resolve("jvm.options");
        Files.writeString(opts, "-XX:+UseZGC\n");
        Path sbom = dir.resolve("sbom.json");
        Files.writeString(sbom, ReleaseContentsTest.SBOM);
        return ReleaseContents.sources(launcher, jar, opts, sbom);
    }

    @Test
    void shouldWriteASignedBundleWithManifestAndSbomCopies(@TempDir Path dir) throws Exception {
        // Given a built artifact, its SBOM and a release key
        Minisign.KeyPair key = ReleaseKeyFilesTest.key(11);
        List<ReleaseBundle.Source> src = built(dir);
        // When the release is written
        ReleaseWriter.Result r = ReleaseWriter.write(dir.resolve("out"), key, TEMPLATE, src);
        // Then the four files are there, the tar is a valid bundle, the copies match it, the signature verifies
        Path out = dir.resolve("out");
        assertThat(r.files()).extracting(w -> w.file().getFileName().toString()).containsExactly("hoverla-0.2.0.tar",
                "hoverla-0.2.0.tar.minisig", "hoverla-0.2.0.manifest.json", "hoverla-0.2.0.cdx.json");
        ReleaseManifest m = ReleaseBundle.verify(out.resolve("hoverla-0.2.0.tar"));
        assertThat(m).isEqualTo(r.manifest());
        assertThat(m.files()).extracting(ReleaseManifest.FileEntry::path)
                .containsExactly("bin/hoverla", "jvm.options", "lib/hoverla-vehicle.jar", "sbom.cdx.json");
        assertThat(Files.readAllBytes(out.resolve("hoverla-0.2.0.manifest.json"))).isEqualTo(m.toJson());
        assertThat(Files.readString(out.resolve("hoverla-0.2.0.cdx.json"))).isEqualTo(ReleaseContentsTest.SBOM);
        byte[] tar = Files.readAllBytes(out.resolve("hoverla-0.2.0.tar"));
        Minisign.SignatureFile s = Minisign.verify(Files.readString(out.resolve("hoverla-0.2.0.tar.minisig")), tar, key.publicPart());
        assertThat(s.trustedComment()).isEqualTo("hoverla 0.2.0 commit 0123456789abcdef0123456789abcdef01234567 built"
                + " 2026-12-05T10:00:00Z param_schema " + TEMPLATE.paramSchema());
        assertThat(r.files().get(0).sha256()).isEqualTo(Minisign.sha256Hex(tar));
        try (var l = Files.list(out)) {
            assertThat(l.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
        }
    }

    @Test
    void shouldWriteTheSameBytesForTheSameInputs(@TempDir Path dir) throws Exception {
        // Given one build's outputs and one key
        Minisign.KeyPair key = ReleaseKeyFilesTest.key(12);
        List<ReleaseBundle.Source> src = built(dir);
        // When two releases are written
        ReleaseWriter.Result a = ReleaseWriter.write(dir.resolve("a"), key, TEMPLATE, src);
        ReleaseWriter.Result b = ReleaseWriter.write(dir.resolve("b"), key, TEMPLATE, src);
        // Then every file is identical (Ed25519 signatures are deterministic too)
        assertThat(a.files()).extracting(ReleaseWriter.Written::sha256)
                .containsExactlyElementsOf(b.files().stream().map(ReleaseWriter.Written::sha256).toList());
    }

    @Test
    void shouldBeVerifiedByTheRealMinisign(@TempDir Path dir) throws Exception {
        // Given the minisign binary (Debian package minisign)
        boolean have = Files.isExecutable(Path.of("/usr/bin/minisign")) || onPath("minisign");
        Assumptions.assumeTrue(have, "minisign is not installed: skipping the check with the real binary");
        Minisign.KeyPair key = ReleaseKeyFilesTest.key(13);
        ReleaseKeyFiles.write(dir.resolve("keys"), key);
        ReleaseWriter.write(dir.resolve("out"), key, TEMPLATE, built(dir));
        Path tar = dir.resolve("out/hoverla-0.2.0.tar");
        // When minisign verifies the bundle as written, and with one byte flipped
        Result ok = minisign(tar, dir.resolve("keys/hoverla.pub"));
        byte[] b = Files.readAllBytes(tar);
        b[b.length / 2] ^= 0x01;
        Path bad = dir.resolve("out/flipped.tar");
        Files.write(bad, b);
        Files.copy(dir.resolve("out/hoverla-0.2.0.tar.minisig"), dir.resolve("out/flipped.tar.minisig"));
        Result flipped = minisign(bad, dir.resolve("keys/hoverla.pub"));
        // Then the first passes with Hoverla's trusted comment, the second fails
        assertThat(ok.rc()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Trusted comment: hoverla 0.2.0 commit 0123456789abcdef0123456789abcdef01234567");
        assertThat(flipped.rc()).as(flipped.output()).isNotZero();
    }

    private record Result(int rc, String output) {
    }

    private static Result minisign(Path file, Path pub) throws Exception {
        Process p = new ProcessBuilder("minisign", "-Vm", file.toString(), "-p", pub.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(":")) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
