package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.hoverla.core.mavlink.signing.SigningKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return VehicleMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path state() {
        return dir.resolve("state");
    }

    @Test
    void shouldGenerateAKeyFileMode0600AndPrintOnlyItsId() throws Exception {
        // When a key is generated
        Path file = dir.resolve("gcs.key");
        assertThat(run("keys", "generate", "--out", file.toString())).isZero();
        // Then the file is 0600 with 64 hex digits, and the output names the id, not the key
        String hex = Files.readString(file).trim();
        assertThat(hex).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String id = SigningKeyStore.keyId(HexFormat.of().parseHex(hex));
        assertThat(out.toString()).contains("key " + id).doesNotContain(hex);
        // And an existing file is never overwritten (exit 1)
        assertThat(run("keys", "generate", "--out", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("exists");
    }

    @Test
    void shouldInstallAKeyFileAndShowIt() throws Exception {
        // Given a generated key / When installed in a state directory
        Path file = dir.resolve("gcs.key");
        run("keys", "generate", "--out", file.toString());
        String hex = Files.readString(file).trim();
        String id = SigningKeyStore.keyId(HexFormat.of().parseHex(hex));
        assertThat(run("keys", "install", file.toString(), "--state-dir", state().toString())).isZero();
        assertThat(out.toString()).contains("key " + id + " installed").doesNotContain(hex);
        // Then the vehicle's key file holds it, 0600, and show prints id and mode, never the key
        assertThat(Files.readString(state().resolve("signing.key")).trim()).isEqualTo(hex);
        assertThat(run("keys", "show", "--state-dir", state().toString())).isZero();
        assertThat(out.toString()).contains("key id:    " + id).contains("rw-------").doesNotContain(hex);
    }

    @Test
    void shouldInstallQgcsPassphraseAsItsSha256() throws Exception {
        // Given a passphrase file (with the editor's trailing newline)
        Path pass = dir.resolve("pass.txt");
        Files.writeString(pass, "hoverla-test-passphrase\n");
        // When installed / Then the key is SHA-256 of the passphrase (node-mavlink's and QGC's key)
        assertThat(run("keys", "install", "--passphrase-file", pass.toString(), "--state-dir", state().toString())).isZero();
        assertThat(Files.readString(state().resolve("signing.key")).trim())
                .isEqualTo("c9756e0b450dc348891af2139d0c9946d0c80d86786c58ac262a5a5aec261023");
    }

    @Test
    void shouldRotateToANewKeyPrintingBothIds() throws Exception {
        Path first = dir.resolve("first.key");
        run("keys", "generate", "--out", first.toString());
        run("keys", "install", first.toString(), "--state-dir", state().toString());
        String oldId = SigningKeyStore.keyId(HexFormat.of().parseHex(Files.readString(first).trim()));
        // When rotated
        Path next = dir.resolve("next.key");
        assertThat(run("keys", "rotate", "--out", next.toString(), "--state-dir", state().toString())).isZero();
        // Then the vehicle holds the new key, its copy is in --out, both ids are printed
        String newHex = Files.readString(next).trim();
        assertThat(Files.readString(state().resolve("signing.key")).trim()).isEqualTo(newHex);
        assertThat(out.toString()).contains("was " + oldId)
                .contains("key " + SigningKeyStore.keyId(HexFormat.of().parseHex(newHex)));
    }

    @Test
    void shouldRevokeTheKey() throws Exception {
        Path file = dir.resolve("gcs.key");
        run("keys", "generate", "--out", file.toString());
        run("keys", "install", file.toString(), "--state-dir", state().toString());
        // When revoked / Then the file is gone and show says signing is off
        assertThat(run("keys", "revoke", "--state-dir", state().toString())).isZero();
        assertThat(Files.exists(state().resolve("signing.key"))).isFalse();
        assertThat(run("keys", "show", "--state-dir", state().toString())).isZero();
        assertThat(out.toString()).contains("none (signing off)");
        assertThat(run("keys", "revoke", "--state-dir", state().toString())).isZero();
        assertThat(out.toString()).contains("no key installed");
    }

    @Test
    void shouldFailShowOnAWorldReadableKeyWithTheFix() throws Exception {
        Path file = dir.resolve("gcs.key");
        run("keys", "generate", "--out", file.toString());
        run("keys", "install", file.toString(), "--state-dir", state().toString());
        Files.setPosixFilePermissions(state().resolve("signing.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run("keys", "show", "--state-dir", state().toString())).isEqualTo(1);
        assertThat(err.toString()).contains("chmod 600");
    }

    @Test
    void shouldExitTwoOnABadCommandLine() {
        assertThat(run("keys")).isEqualTo(2);
        assertThat(run("keys", "install", "--state-dir", state().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give a key FILE or --passphrase-file F");
        assertThat(run("keys", "generate")).isEqualTo(2);
        assertThat(run("keys", "install", dir.resolve("missing.key").toString(), "--state-dir", state().toString()))
                .isEqualTo(1);
    }
}
