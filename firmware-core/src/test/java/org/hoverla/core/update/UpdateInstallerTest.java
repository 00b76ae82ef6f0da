package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The A/B installer in a scratch root: an install switches current and records it; each refusal
 * is one line, recorded, and leaves current and every installed file as they were.
 */
class UpdateInstallerTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    @TempDir
    Path tmp;
    private UpdateLayout layout;
    private Releases releases;
    private Minisign.KeyPair key;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        layout = new UpdateLayout(Files.createDirectories(tmp.resolve("root")));
        releases = new Releases(Files.createDirectories(tmp.resolve("work")));
        key = Releases.key(1);
        TrustList.trust(layout, key.publicPart());
    }

    private UpdateInstaller installer(UpdateInstaller.SpaceProbe space) {
        return new UpdateInstaller(layout, null, space, () -> NOW, log::add, n -> { });
    }

    private UpdateInstaller installer() {
        return installer(UpdateInstaller::usableSpace);
    }

    private String install(Path bundle) throws Exception {
        return installer().install(bundle, Releases.signatureOf(bundle), false);
    }

    /** 0.2.0 installed and running, the parameter file there: what each refusal must leave alone. */
    private Map<String, String> running020() throws Exception {
        install(releases.bundle("0.2.0", key));
        Files.writeString(layout.paramsFile(), "# hoverla params schema 2\nMC_ROLL_P 6.5\n");
        assertThat(layout.currentVersion()).isEqualTo("0.2.0");
        return Releases.tree(layout);
    }

    /** Then: refused with exactly this line, current and its files untouched, the refusal journalled and in the state. */
    private void assertRefused(Map<String, String> before, Path bundle, Path signature, String line) throws Exception {
        assertRefused(installer(), before, bundle, signature, line);
    }

    private void assertRefused(UpdateInstaller installer, Map<String, String> before, Path bundle, Path signature, String line)
            throws Exception {
        assertThatThrownBy(() -> installer.install(bundle, signature, false))
                .isInstanceOf(UpdateRefusedException.class).hasMessage(line);
        assertThat(line).doesNotContain("\n");
        assertThat(Releases.tree(layout)).isEqualTo(before);
        assertThat(Releases.complete(layout, "0.2.0")).isTrue();
        UpdateState state = UpdateState.read(layout.stateFile());
        assertThat(state.current()).isEqualTo("0.2.0");
        assertThat(state.lastEvent().kind()).isEqualTo("refusal");
        assertThat(state.lastEvent().reason()).isEqualTo(line);
        List<JsonNode> j = Releases.journal(layout);
        JsonNode last = j.get(j.size() - 1);
        assertThat(last.path("kind").asText()).isEqualTo("refusal");
        assertThat(last.path("from").asText()).isEqualTo("0.2.0");
        assertThat(last.path("reason").asText()).isEqualTo(line);
    }

    @Test
    void shouldHandWhatRootInstallsToTheServiceUserButNeverTheTrustList() throws Exception {
        // Given root updating a unit whose STATE_DIR belongs to the service user (here: nobody)
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to chown");
        java.nio.file.attribute.UserPrincipalLookupService users = tmp.getFileSystem().getUserPrincipalLookupService();
        java.nio.file.attribute.UserPrincipal nobody = users.lookupPrincipalByName("nobody");
        Files.createDirectories(layout.stateDir());
        Files.setOwner(layout.stateDir(), nobody);

        // When 0.2.0 is installed
        install(releases.bundle("0.2.0", key));

        // Then the version, the current link itself and the update state are the service user's, so its boot check can
        // switch back and its own updates can install; the release keys stay root's
        java.nio.file.LinkOption noFollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        assertThat(Files.getOwner(layout.versionsDir())).isEqualTo(nobody);
        assertThat(Files.getOwner(layout.versionDir("0.2.0").resolve("lib/hoverla-vehicle.jar"))).isEqualTo(nobody);
        assertThat(Files.getOwner(layout.currentLink(), noFollow)).isEqualTo(nobody);
        assertThat(Files.getOwner(layout.updateDir())).isEqualTo(nobody);
        assertThat(Files.getOwner(layout.stateFile())).isEqualTo(nobody);
        assertThat(Files.getOwner(layout.keysDir()).getName()).isEqualTo("root");
    }

    @Test
    void shouldRefuseASignatureWhoseTrustedCommentNamesAnotherVersion() throws Exception {
        // Given 0.2.0 running, and 0.3.0 signed with a trusted comment that says 0.4.0
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.3.0", key);
        Releases.sign(bundle, key, "0.4.0");
        // When installed, Then refused with the two versions named
        assertRefused(before, bundle, Releases.signatureOf(bundle),
                "the signature's trusted comment names version 0.4.0, the bundle is 0.3.0");
    }

    @Test
    void shouldInstallANewerVersionBesideTheRunningOneAndSwitchCurrent() throws Exception {
        // Given 0.2.0 running with a parameter file
        running020();
        Path bundle = releases.bundle("0.3.0", key);
        // When 0.3.0 is installed
        String v = install(bundle);
        // Then current points at a complete 0.3.0 holding the verified signature, and 0.2.0 is intact
        assertThat(v).isEqualTo("0.3.0");
        assertThat(layout.currentVersion()).isEqualTo("0.3.0");
        assertThat(Releases.complete(layout, "0.3.0")).isTrue();
        assertThat(Releases.complete(layout, "0.2.0")).isTrue();
        assertThat(Files.readString(layout.versionDir("0.3.0").resolve(UpdateInstaller.SIGNATURE)))
                .isEqualTo(Files.readString(Releases.signatureOf(bundle)));
        assertThat(Files.isExecutable(layout.versionDir("0.3.0").resolve("bin/hoverla"))).isTrue();
        // And the parameter file 0.2.0 used is kept for a rollback
        assertThat(Files.readString(layout.paramsSnapshot("0.2.0"))).contains("MC_ROLL_P 6.5");
        // And the state says 0.3.0 is on trial, 0.2.0 before it and last good
        UpdateState s = UpdateState.read(layout.stateFile());
        assertThat(s).isEqualTo(new UpdateState("0.3.0", "0.2.0", false, null, 0,
                new UpdateState.Event("install", "0.2.0", "0.3.0", key.publicPart().keyIdHex(), "", NOW.toString())));
        // And the unit record has both installs, with the signer's key id
        List<JsonNode> j = Releases.journal(layout);
        assertThat(j).extracting(e -> e.path("kind").asText() + " " + e.path("from").asText(null) + "->" + e.path("to").asText())
                .containsExactly("install null->0.2.0", "install 0.2.0->0.3.0");
        assertThat(j.get(1).path("key_id").asText()).isEqualTo(key.publicPart().keyIdHex());
        // And no partial copy or temporary link is left
        assertThat(Files.exists(layout.partialDir("0.3.0"))).isFalse();
        assertThat(Files.exists(layout.installDir().resolve("current.next"))).isFalse();
    }

    @Test
    void shouldRefuseOneFlippedByte() throws Exception {
        // Given 0.2.0 running and a 0.3.0 bundle with one byte flipped after signing
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.3.0", key);
        byte[] b = Files.readAllBytes(bundle);
        b[b.length / 2] ^= 0x01;
        Files.write(bundle, b);
        // When installing, Then the signature check refuses it
        assertRefused(before, bundle, Releases.signatureOf(bundle), "bad signature on hoverla-0.3.0.tar: signature verification"
                + " failed: the file is not what key " + key.publicPart().keyIdHex() + " signed");
        assertThat(Files.exists(layout.versionDir("0.3.0"))).isFalse();
    }

    @Test
    void shouldRefuseASignatureByAnUnknownKey() throws Exception {
        // Given a bundle signed by a key the unit does not trust
        Map<String, String> before = running020();
        Minisign.KeyPair stranger = Releases.key(2);
        Path bundle = releases.bundle("0.3.0", stranger);
        // When installing, Then it is refused naming the key and how to trust one
        assertRefused(before, bundle, Releases.signatureOf(bundle), "signed by key " + stranger.publicPart().keyIdHex()
                + ", which is not in the trust list (" + layout.keysDir() + "); add its public key with --trust PUBKEY");
    }

    @Test
    void shouldRefuseARevokedKeyEvenWithItsPublicKeyStillThere() throws Exception {
        // Given 0.2.0 installed, then the release key revoked (its .pub stays in the directory)
        Map<String, String> before = running020();
        TrustList.revoke(layout, key.publicPart().keyIdHex().toLowerCase());
        assertThat(Files.exists(layout.keysDir().resolve(key.publicPart().keyIdHex() + ".pub"))).isTrue();
        Path bundle = releases.bundle("0.3.0", key);
        // When installing a bundle it signed, Then it is refused as revoked
        assertRefused(before, bundle, Releases.signatureOf(bundle), "signed by key " + key.publicPart().keyIdHex()
                + ", which is revoked (" + layout.revokedFile() + ")");
    }

    @Test
    void shouldRefuseATruncatedBundle() throws Exception {
        // Given a bundle cut short after signing
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.3.0", key);
        byte[] b = Files.readAllBytes(bundle);
        Files.write(bundle, java.util.Arrays.copyOf(b, b.length - 20_000));
        // When installing, Then its signature no longer matches
        assertRefused(before, bundle, Releases.signatureOf(bundle), "bad signature on hoverla-0.3.0.tar: signature verification"
                + " failed: the file is not what key " + key.publicPart().keyIdHex() + " signed");
        // And a bundle truncated before it was signed (a broken build) is refused by the bundle check
        Files.write(bundle, java.util.Arrays.copyOf(b, b.length - 20_000));
        Releases.sign(bundle, key, "0.3.0");
        assertRefused(before, bundle, Releases.signatureOf(bundle), TRUNCATED);
    }

    /** ReleaseBundle's own line for the truncation above (the seam's wording). */
    private static final String TRUNCATED = "bundle truncated: hoverla-0.3.0/lib/hoverla-vehicle.jar ends 17528 bytes early";

    @Test
    void shouldRefuseAnOlderVersionUnlessDowngradeIsAllowed() throws Exception {
        // Given 0.2.0 running and a 0.1.0 bundle
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.1.0", key);
        // When installing it plainly, Then it is refused with the way to do it anyway
        assertRefused(before, bundle, Releases.signatureOf(bundle),
                "0.1.0 is older than the running 0.2.0; pass --allow-downgrade to install it anyway");
        // And the same version again is refused too
        assertRefused(before, releases.bundle("0.2.0", key), Releases.signatureOf(layout.root().resolve("x")).resolveSibling(
                "../work/hoverla-0.2.0.tar.minisig").normalize(), "0.2.0 is the running version; pass --allow-downgrade to install it again");
        // When installing 0.1.0 with --allow-downgrade, Then it is installed and current
        assertThat(installer().install(bundle, Releases.signatureOf(bundle), true)).isEqualTo("0.1.0");
        assertThat(layout.currentVersion()).isEqualTo("0.1.0");
        assertThat(Releases.complete(layout, "0.1.0")).isTrue();
    }

    @Test
    void shouldRefuseAVersionThatDoesNotUpdateFromTheRunningOne() throws Exception {
        // Given 0.2.0 running and 0.4.0 that updates only from 0.3.0
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.4.0", "0.3.0", key);
        // When installing, Then it is refused naming the step to take first
        assertRefused(before, bundle, Releases.signatureOf(bundle),
                "0.4.0 updates only from 0.3.0 or later, and the running version is 0.2.0; install 0.3.0 first");
    }

    @Test
    void shouldRefuseAFullDiskBeforeWritingAnything() throws Exception {
        // Given a file system with 10 MiB free (the probe says so)
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.3.0", key);
        // When installing, Then it is refused with the space found and needed
        assertRefused(installer(dir -> 10L << 20), before, bundle, Releases.signatureOf(bundle), "not enough free space in "
                + layout.versionsDir() + ": 10.0 MiB free, the unpacked version needs 16.1 MiB (0.1 MiB + 16.0 MiB margin)");
    }

    @Test
    void shouldRefuseWhileTheVehicleIsArmed() throws Exception {
        // Given 0.2.0 running and this (live) process marked as an armed vehicle
        Map<String, String> before = running020();
        ArmedMarker marker = new ArmedMarker(layout.stateDir());
        marker.set(true);
        Path bundle = releases.bundle("0.3.0", key);
        // When installing, Then it is refused before anything else is looked at
        assertRefused(before, bundle, tmp.resolve("no-such.minisig"),
                "the vehicle is armed (pid " + ProcessHandle.current().pid() + "); disarm it first");
        // And once disarmed the same bundle installs
        marker.set(false);
        assertThat(install(bundle)).isEqualTo("0.3.0");
    }

    @Test
    void shouldRefuseAMissingOrMalformedSignature() throws Exception {
        // Given a bundle without its signature, and one with a damaged signature
        Map<String, String> before = running020();
        Path bundle = releases.bundle("0.3.0", key);
        Path missing = tmp.resolve("none.minisig");
        assertRefused(before, bundle, missing, "no signature: " + missing + " does not exist (a bundle installs only with its"
                + " minisign signature, BUNDLE.minisig)");
        Path bad = tmp.resolve("bad.minisig");
        Files.writeString(bad, "hello\n");
        assertRefused(before, bundle, bad, "signature " + bad + " is malformed: not a minisign signature file (expected 4 lines:"
                + " untrusted comment, signature, trusted comment, global signature)");
    }

    @Test
    void shouldKeepAtMostThreeVersions() throws Exception {
        // Given 0.1.0 … 0.4.0 installed one after the other (none committed: last good stays the first)
        for (String v : List.of("0.1.0", "0.2.0", "0.3.0")) {
            install(releases.bundle(v, key));
        }
        assertThat(UpdateInstaller.installedVersions(layout)).containsExactly("0.1.0", "0.2.0", "0.3.0");
        // And 0.2.0 marked last good (a boot check committed it)
        UpdateState s = UpdateState.read(layout.stateFile());
        new UpdateState(s.current(), s.previous(), false, "0.2.0", 0, s.lastEvent()).write(layout.stateFile());
        // When 0.4.0 is installed
        install(releases.bundle("0.4.0", key));
        // Then three versions stay: current 0.4.0, previous 0.3.0, last good 0.2.0; 0.1.0 is gone whole
        assertThat(UpdateInstaller.installedVersions(layout)).containsExactly("0.2.0", "0.3.0", "0.4.0");
        assertThat(Files.exists(layout.partialDir("0.1.0"))).isFalse();
        assertThat(log).contains("update: removed 0.1.0 (at most 3 versions are kept)");
        // When 0.5.0 follows, Then the last good 0.2.0 still stays and 0.3.0 (named by nothing) goes
        install(releases.bundle("0.5.0", key));
        assertThat(UpdateInstaller.installedVersions(layout)).containsExactly("0.2.0", "0.4.0", "0.5.0");
        assertThat(Releases.complete(layout, "0.2.0")).isTrue();
    }

    @Test
    void shouldReinstallAKeptVersionWithoutUnpackingItAgain() throws Exception {
        // Given 0.2.0 then 0.3.0 installed
        install(releases.bundle("0.2.0", key));
        Path b3 = releases.bundle("0.3.0", key);
        install(b3);
        // When 0.2.0's bundle is installed again with --allow-downgrade
        Path b2 = releases.work.resolve("hoverla-0.2.0.tar");
        assertThat(installer().install(b2, Releases.signatureOf(b2), true)).isEqualTo("0.2.0");
        // Then current is 0.2.0 again and both are complete
        assertThat(layout.currentVersion()).isEqualTo("0.2.0");
        assertThat(Releases.complete(layout, "0.2.0")).isTrue();
        assertThat(Releases.complete(layout, "0.3.0")).isTrue();
        assertThat(UpdateState.read(layout.stateFile()).previous()).isEqualTo("0.3.0");
    }
}
