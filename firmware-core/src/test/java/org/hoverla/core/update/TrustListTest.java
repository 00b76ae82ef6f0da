package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustListTest {
    @TempDir
    Path root;

    @Test
    void shouldTrustAKeyAsItsIdFileAndDecideByIt() throws Exception {
        // Given a key trusted in an empty root
        UpdateLayout layout = new UpdateLayout(root);
        Minisign.KeyPair k = Releases.key(1);
        String id = TrustList.trust(layout, k.publicPart());
        // Then it is KEYID.pub in minisign's public key format, and decide returns it
        assertThat(Files.readString(layout.keysDir().resolve(id + ".pub"))).isEqualTo(Minisign.publicKeyFile(k.publicPart()));
        TrustList list = TrustList.read(layout);
        assertThat(list.decide(id, layout.keysDir()).publicKey()).isEqualTo(k.publicPart().publicKey());
        // And an unknown id is refused
        String other = Releases.key(2).publicPart().keyIdHex();
        assertThatThrownBy(() -> list.decide(other, layout.keysDir())).isInstanceOf(UpdateRefusedException.class)
                .hasMessageStartingWith("signed by key " + other + ", which is not in the trust list");
    }

    @Test
    void shouldKeepARevokedKeyRefusedAndNotTrustableAgain() throws Exception {
        // Given a trusted key, then revoked (twice: idempotent)
        UpdateLayout layout = new UpdateLayout(root);
        Minisign.KeyPair k = Releases.key(1);
        String id = TrustList.trust(layout, k.publicPart());
        TrustList.revoke(layout, id.toLowerCase());
        TrustList.revoke(layout, id);
        // Then the revoked file lists it once, and decide refuses it though its .pub is still there
        assertThat(Files.readAllLines(layout.revokedFile())).containsExactly("# revoked release key ids, one per line", id);
        assertThatThrownBy(() -> TrustList.read(layout).decide(id, layout.keysDir()))
                .hasMessage("signed by key " + id + ", which is revoked (" + layout.revokedFile() + ")");
        // And trusting it again is refused
        assertThatThrownBy(() -> TrustList.trust(layout, k.publicPart()))
                .hasMessage("key " + id + " is revoked; it cannot be trusted again");
    }

    @Test
    void shouldRefuseAMalformedKeyIdAndAMisnamedKeyFile() throws Exception {
        UpdateLayout layout = new UpdateLayout(root);
        assertThatThrownBy(() -> TrustList.revoke(layout, "12345")).isInstanceOf(ReleaseException.class)
                .hasMessage("not a release key id: '12345' (16 hex digits, as minisign shows it)");
        // Given a key file whose name is not its key id, Then the list is not read at all
        Minisign.KeyPair k = Releases.key(1);
        Files.createDirectories(layout.keysDir());
        Files.writeString(layout.keysDir().resolve("0000000000000000.pub"), Minisign.publicKeyFile(k.publicPart()));
        assertThatThrownBy(() -> TrustList.read(layout)).hasMessageEndingWith("holds key " + k.publicPart().keyIdHex()
                + ", not the key its name says");
    }
}
