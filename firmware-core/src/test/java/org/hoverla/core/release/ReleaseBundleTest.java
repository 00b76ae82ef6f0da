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
    void splitsLongNamesIntoUstarsPrefixAndReadsThemBackAsGnuTarDoes(@TempDir Path dir) throws Exception {
        // Given a file whose path is longer than ustar's 100-byte name field
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/f"), "deep\n");
        String deep = "a".repeat(60) + "/" + "b".repeat(60) + "/c.txt";
        ReleaseManifest m = ReleaseBundle.write(dir.resolve("l.tar"), TEMPLATE,
                List.of(new ReleaseBundle.Source(deep, 0644, dir.resolve("src/f"))));
        // When it is read back, Then the name is whole, and GNU tar names it the same
        assertThat(ReleaseBundle.verify(dir.resolve("l.tar"))).isEqualTo(m);
        Process p = new ProcessBuilder("tar", "-tf", dir.resolve("l.tar").toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(listing).isZero();
        assertThat(listing).contains("hoverla-0.2.0/" + deep);
    }

    @Test
    void refusesGnuTarsOldFormatAndAnythingButRegularFiles(@TempDir Path dir) throws Exception {
        // Given a bundle, and copies with the first header's version field changed and its type made a symlink
        ReleaseBundle.write(dir.resolve("a.tar"), TEMPLATE, sources(dir));
        byte[] b = Files.readAllBytes(dir.resolve("a.tar"));
        byte[] gnu = b.clone();
        gnu[263] = ' ';
        gnu[264] = ' ';
        fixChecksum(gnu);
        Files.write(dir.resolve("gnu.tar"), gnu);
        byte[] link = b.clone();
        link[156] = '2';
        fixChecksum(link);
        Files.write(dir.resolve("link.tar"), link);
        // Then both are refused in one line
        assertThatThrownBy(() -> ReleaseBundle.verify(dir.resolve("gnu.tar")))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not a POSIX ustar archive");
        assertThatThrownBy(() -> ReleaseBundle.verify(dir.resolve("link.tar")))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("is not a regular file (tar type '2')");
    }

    private static void fixChecksum(byte[] tar) {
        long sum = Ustar.checksum(tar);
        byte[] digits = String.format("%06o", sum).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, tar, 148, 6);
        tar[154] = 0;
        tar[155] = ' ';
    }

    @Test
    void versionsOrderAsSemVer() {
        assertThat(ReleaseVersion.parse("0.2.0-SNAPSHOT")).isLessThan(ReleaseVersion.parse("0.2.0"));
        assertThat(ReleaseVersion.parse("0.10.0")).isGreaterThan(ReleaseVersion.parse("0.9.9"));
        assertThatThrownBy(() -> ReleaseVersion.parse("../x")).isInstanceOf(ReleaseException.class);
        // versions/V.partial is the installer's scratch name: no version may take it
        assertThatThrownBy(() -> ReleaseVersion.parse("1.2.0-rc.partial")).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("may not end in .partial");
    }
}
