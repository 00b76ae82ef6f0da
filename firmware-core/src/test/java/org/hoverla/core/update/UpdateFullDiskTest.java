package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hoverla.core.release.Minisign;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for real: the root on a 20 MiB tmpfs (mounting needs root; skipped elsewhere, as
 * InstallerFullDiskTest is), 0.2.0 installed, then the file system filled. The free-space check
 * refuses with the real figures; and when the probe is fooled, the ENOSPC of the extraction is
 * refused as cleanly, the partial copy removed.
 */
class UpdateFullDiskTest {
    @TempDir
    Path tmp;
    private Path mount;
    private UpdateLayout layout;
    private Releases releases;
    private Minisign.KeyPair key;

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @BeforeEach
    void mountSmallRoot() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("small"));
        assumeTrue("root".equals(System.getProperty("user.name")) && run("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs",
                dir.toString()), "mounting a tmpfs needs root");
        mount = dir;
        layout = new UpdateLayout(dir);
        releases = new Releases(Files.createDirectories(tmp.resolve("work")));
        key = Releases.key(1);
        TrustList.trust(layout, key.publicPart());
        new UpdateInstaller(layout, null).install(releases.bundle("0.2.0", key),
                Releases.signatureOf(tmp.resolve("work/hoverla-0.2.0.tar")), false);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    /** Fills the file system until {@code leave} bytes stay usable. */
    private void fill(long leave) throws Exception {
        long usable = Files.getFileStore(mount).getUsableSpace();
        Files.write(mount.resolve("filler"), new byte[(int) (usable - leave)]);
    }

    @Test
    void shouldRefuseByTheRealFreeSpaceOfTheVersionsFileSystem() throws Exception {
        // Given the file system filled to 1 MiB free
        fill(1L << 20);
        Map<String, String> before = Releases.tree(layout);
        // When installing 0.3.0 with the real probe
        Path bundle = releases.bundle("0.3.0", key);
        // Then it is refused with what is free and what it needs, and nothing changed
        assertThatThrownBy(() -> new UpdateInstaller(layout, null).install(bundle, Releases.signatureOf(bundle), false))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessageMatching("not enough free space in " + java.util.regex.Pattern.quote(layout.versionsDir().toString())
                        + ": 1\\.0 MiB free, the unpacked version needs 16\\.1 MiB \\(0\\.1 MiB \\+ 16\\.0 MiB margin\\)");
        assertThat(Releases.tree(layout)).isEqualTo(before);
        assertThat(layout.currentVersion()).isEqualTo("0.2.0");
    }

    @Test
    void shouldRefuseAnEnospcDuringExtractionAndRemoveThePartialCopy() throws Exception {
        // Given 16 KiB free, and a probe that wrongly says there is plenty
        fill(16L << 10);
        Map<String, String> before = Releases.tree(layout);
        Path bundle = releases.bundle("0.3.0", key);
        UpdateInstaller fooled = new UpdateInstaller(layout, null, d -> 1L << 30, Instant::now, s -> { }, n -> { });
        // When installing, Then the write failure is a clean refusal naming the cause
        assertThatThrownBy(() -> fooled.install(bundle, Releases.signatureOf(bundle), false))
                .isInstanceOf(UpdateRefusedException.class)
                .hasMessage("no space left on " + layout.versionsDir() + " while unpacking 0.3.0 (No space left on device);"
                        + " the partial copy was removed");
        // And 0.3.0.partial is gone, current and 0.2.0 untouched
        assertThat(Releases.tree(layout)).isEqualTo(before);
        assertThat(Releases.complete(layout, "0.2.0")).isTrue();
        // And with the room back the same bundle installs
        Files.delete(mount.resolve("filler"));
        assertThat(new UpdateInstaller(layout, null).install(bundle, Releases.signatureOf(bundle), false)).isEqualTo("0.3.0");
    }
}
