package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.release.Minisign;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateRecoveryTest {
    @TempDir
    Path tmp;
    private UpdateLayout layout;
    private Releases releases;
    private Minisign.KeyPair key;

    @BeforeEach
    void setUp() throws Exception {
        layout = new UpdateLayout(Files.createDirectories(tmp.resolve("root")));
        releases = new Releases(Files.createDirectories(tmp.resolve("work")));
        key = Releases.key(1);
        TrustList.trust(layout, key.publicPart());
        for (String v : List.of("0.1.0", "0.2.0")) {
            Path b = releases.bundle(v, key);
            new UpdateInstaller(layout, null).install(b, Releases.signatureOf(b), false);
        }
    }

    @Test
    void shouldRemovePartialCopiesAndAStrayNextLink() throws Exception {
        // Given a half-written 0.3.0, a half-deleted old version and a stray current.next
        Files.createDirectories(layout.partialDir("0.3.0").resolve("lib"));
        Files.writeString(layout.partialDir("0.3.0").resolve("lib/hoverla-vehicle.jar"), "half");
        Files.createDirectories(layout.partialDir("0.0.9"));
        Files.createSymbolicLink(layout.installDir().resolve("current.next"), Path.of("versions", "0.3.0"));
        UpdateState before = UpdateState.read(layout.stateFile());
        // When reconciling
        List<String> done = UpdateRecovery.reconcile(layout);
        // Then they are gone, the installed versions and the state are as they were
        assertThat(done).containsExactly("removed the unfinished versions/0.0.9.partial",
                "removed the unfinished versions/0.3.0.partial", "removed a stray current.next link");
        assertThat(Files.exists(layout.partialDir("0.3.0"))).isFalse();
        assertThat(Files.exists(layout.installDir().resolve("current.next"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(UpdateInstaller.installedVersions(layout)).containsExactly("0.1.0", "0.2.0");
        assertThat(UpdateState.read(layout.stateFile())).isEqualTo(before);
        // And a second reconcile finds nothing to do
        assertThat(UpdateRecovery.reconcile(layout)).isEmpty();
    }

    @Test
    void shouldLetTheLinkWinWhenKilledBetweenTheStateAndTheSwitch() throws Exception {
        // Given the state already says 0.3.0 (installed) but current still points at 0.2.0, which is last good
        Path b = releases.bundle("0.3.0", key);
        new UpdateInstaller(layout, null).install(b, Releases.signatureOf(b), false);
        layout.switchCurrent("0.2.0");
        new UpdateState("0.3.0", "0.2.0", false, "0.2.0", 0, null).write(layout.stateFile());
        // When reconciling
        List<String> done = UpdateRecovery.reconcile(layout);
        // Then the state follows the link: 0.2.0, committed (it is last good), the interruption recorded
        UpdateState s = UpdateState.read(layout.stateFile());
        assertThat(s.current()).isEqualTo("0.2.0");
        assertThat(s.committed()).isTrue();
        assertThat(s.lastGood()).isEqualTo("0.2.0");
        assertThat(s.previous()).isNull();
        assertThat(s.lastEvent().kind()).isEqualTo("recovery");
        assertThat(done).containsExactly("the install of 0.3.0 was interrupted before current was switched; 0.2.0 stays");
    }

    @Test
    void shouldLeaveACurrentThatIsNotLastGoodUncommitted() throws Exception {
        // Given the state names 0.3.0 but the link is at 0.2.0, on trial (last good 0.1.0)
        new UpdateState("0.3.0", "0.2.0", false, "0.1.0", 2, null).write(layout.stateFile());
        // When reconciling, Then 0.2.0 stays current and uncommitted, its previous kept
        UpdateRecovery.reconcile(layout);
        UpdateState s = UpdateState.read(layout.stateFile());
        assertThat(s.current()).isEqualTo("0.2.0");
        assertThat(s.committed()).isFalse();
        assertThat(s.previous()).isNull();
        assertThat(s.lastGood()).isEqualTo("0.1.0");
    }

    @Test
    void shouldDoNothingInAnEmptyRoot() throws Exception {
        // Given a root where nothing was ever installed, Then reconcile changes nothing
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(UpdateRecovery.reconcile(new UpdateLayout(empty))).isEmpty();
        try (var s = Files.list(empty)) {
            assertThat(s).isEmpty();
        }
    }
}
