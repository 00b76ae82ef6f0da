package org.hoverla.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseKeyFilesTest {
    static Minisign.KeyPair key(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return Minisign.generate(r);
    }

    @Test
    void shouldWriteTheSecretKey0600AndThePublicKey0644(@TempDir Path dir) throws Exception {
        // Given a new key
        Minisign.KeyPair k = key(1);
        // When it is written into a directory that does not exist yet
        ReleaseKeyFiles.write(dir.resolve("keys"), k);
        // Then the secret is owner-only, the public file minisign's, and no temporary file is left
        Path secret = dir.resolve("keys/hoverla.key");
        Path pub = dir.resolve("keys/hoverla.pub");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-r--r--");
        assertThat(Minisign.parsePublicKey(Files.readString(pub)).keyIdHex()).isEqualTo(k.publicPart().keyIdHex());
        assertThat(ReleaseKeyFiles.readSecret(secret).seed()).isEqualTo(k.seed());
        try (var l = Files.list(dir.resolve("keys"))) {
            assertThat(l.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hoverla.key", "hoverla.pub");
        }
    }

    @Test
    void shouldNeverOverwriteAnExistingKey(@TempDir Path dir) throws Exception {
        // Given a directory that already holds a secret key
        ReleaseKeyFiles.write(dir, key(1));
        byte[] before = Files.readAllBytes(dir.resolve("hoverla.key"));
        Files.delete(dir.resolve("hoverla.pub"));
        // When another key is written there
        // Then it is refused, the old key untouched and no public key written for the new one
        assertThatThrownBy(() -> ReleaseKeyFiles.write(dir, key(2))).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("never overwritten");
        assertThat(Files.readAllBytes(dir.resolve("hoverla.key"))).isEqualTo(before);
        assertThat(dir.resolve("hoverla.pub")).doesNotExist();
    }

    @Test
    void shouldRefuseASecretKeyReadableByOthersAndSayTheChmod(@TempDir Path dir) throws Exception {
        // Given a key file someone made group-readable
        ReleaseKeyFiles.write(dir, key(3));
        Path secret = dir.resolve("hoverla.key");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        // When / Then it is refused with the fix
        assertThatThrownBy(() -> ReleaseKeyFiles.readSecret(secret)).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("group or others").hasMessageContaining("chmod 600 " + secret);
    }

    @Test
    void shouldRefuseAMissingKeyFileNamingKeygen(@TempDir Path dir) {
        // Given no key file
        // When / Then the message says how to make one
        assertThatThrownBy(() -> ReleaseKeyFiles.readSecret(dir.resolve("nope.key"))).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("release keygen");
    }
}
