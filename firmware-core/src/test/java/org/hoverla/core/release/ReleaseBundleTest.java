package org.hoverla.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseBundleTest {
    private static final ReleaseManifest TEMPLATE = new ReleaseManifest("0.2.0", "0123456789abcdef0123456789abcdef01234567",
            Instant.parse("2026-12-05T10:00:00Z"), "0.1.0", 2, List.of());

    private static List<ReleaseBundle.Source> sources(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src/bin"));
        Files.writeString(dir.resolve("src/bin/hoverla"), "#!/bin/sh\necho hi\n");
        Files.write(dir.resolve("src/jar"), new byte[200_000]);
        return List.of(new ReleaseBundle.Source("lib/hoverla-vehicle.jar", 0644, dir.resolve("src/jar")),
                new ReleaseBundle.Source("bin/hoverla", 0755, dir.resolve("src/bin/hoverla")));
    }

    @Test
    void writesTheSameBytesTwiceAndReadsBack(@TempDir Path dir) throws Exception {
        List<ReleaseBundle.Source> src = sources(dir);
        ReleaseManifest m = ReleaseBundle.write(dir.resolve("a.tar"), TEMPLATE, src);
        ReleaseBundle.write(dir.resolve("b.tar"), TEMPLATE, src);
        assertThat(Files.readAllBytes(dir.resolve("a.tar"))).isEqualTo(Files.readAllBytes(dir.resolve("b.tar")));
        assertThat(m.files()).extracting(ReleaseManifest.FileEntry::path).containsExactly("bin/hoverla", "lib/hoverla-vehicle.jar");
        assertThat(ReleaseBundle.verify(dir.resolve("a.tar"))).isEqualTo(m);
        ReleaseBundle.extract(dir.resolve("a.tar"), dir.resolve("out"), null);
        assertThat(Files.readString(dir.resolve("out/bin/hoverla"))).contains("echo hi");
        assertThat(Files.isExecutable(dir.resolve("out/bin/hoverla"))).isTrue();
        assertThat(ReleaseManifest.parse(Files.readAllBytes(dir.resolve("out/manifest.json")))).isEqualTo(m);
    }

    @Test
    void refusesAFlippedByteAndATruncatedBundle(@TempDir Path dir) throws Exception {
        ReleaseBundle.write(dir.resolve("a.tar"), TEMPLATE, sources(dir));
        byte[] b = Files.readAllBytes(dir.resolve("a.tar"));
        byte[] flipped = b.clone();
        flipped[b.length / 2] ^= 0x01;
        Files.write(dir.resolve("f.tar"), flipped);
        assertThatThrownBy(() -> ReleaseBundle.verify(dir.resolve("f.tar")))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("SHA-256 of lib/hoverla-vehicle.jar");
        Files.write(dir.resolve("t.tar"), java.util.Arrays.copyOf(b, b.length / 3));
        assertThatThrownBy(() -> ReleaseBundle.verify(dir.resolve("t.tar")))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("truncated");
    }

    @Test
    void versionsOrderAsSemVer() {
        assertThat(ReleaseVersion.parse("0.2.0-SNAPSHOT")).isLessThan(ReleaseVersion.parse("0.2.0"));
        assertThat(ReleaseVersion.parse("0.10.0")).isGreaterThan(ReleaseVersion.parse("0.9.9"));
        assertThatThrownBy(() -> ReleaseVersion.parse("../x")).isInstanceOf(ReleaseException.class);
    }
}
