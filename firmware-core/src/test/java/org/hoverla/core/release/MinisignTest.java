package org.hoverla.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinisignTest {
    private static final byte[] CONTENT = "hoverla bundle bytes\n".getBytes(StandardCharsets.US_ASCII);

    private static Minisign.KeyPair key(long seed) {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("SHA1PRNG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        r.setSeed(seed);
        return Minisign.generate(r);
    }

    @Test
    void signsAndVerifiesInLegacyForm() {
        Minisign.KeyPair k = key(1);
        String sig = Minisign.sign(k, CONTENT, "signature from hoverla release", "hoverla 0.2.0 commit abc");
        Minisign.SignatureFile s = Minisign.verify(sig, CONTENT, k.publicPart());
        assertThat(s.trustedComment()).isEqualTo("hoverla 0.2.0 commit abc");
        assertThat(s.keyIdHex()).isEqualTo(k.publicPart().keyIdHex()).hasSize(16);
        assertThat(sig.lines().toList().get(1)).startsWith("RW"); // base64 of "Ed" + the key id
    }

    @Test
    void refusesFlippedContentOtherKeyAndAlteredTrustedComment() {
        Minisign.KeyPair k = key(2);
        String sig = Minisign.sign(k, CONTENT, "u", "hoverla 0.2.0");
        byte[] flipped = CONTENT.clone();
        flipped[3] ^= 1;
        assertThatThrownBy(() -> Minisign.verify(sig, flipped, k.publicPart()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("signature verification failed");
        assertThatThrownBy(() -> Minisign.verify(sig, CONTENT, key(3).publicPart()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not by key");
        String altered = sig.replace("hoverla 0.2.0", "hoverla 9.9.9");
        assertThatThrownBy(() -> Minisign.verify(altered, CONTENT, k.publicPart()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("trusted comment was altered");
    }

    @Test
    void keyFilesRoundTrip() {
        Minisign.KeyPair k = key(4);
        Minisign.ReleaseKey pub = Minisign.parsePublicKey(Minisign.publicKeyFile(k.publicPart()));
        assertThat(pub.keyId()).isEqualTo(k.keyId());
        assertThat(pub.publicKey()).isEqualTo(k.publicKey());
        Minisign.KeyPair back = Minisign.parseSecretKey(Minisign.secretKeyFile(k));
        assertThat(back.seed()).isEqualTo(k.seed());
        assertThat(Minisign.publicKeyFile(k.publicPart())).startsWith("untrusted comment: minisign public key " + pub.keyIdHex() + "\n");
    }

    @Test
    void keyIdIsShownLittleEndianAsMinisignDoes() {
        byte[] id = HexFormat.of().parseHex("0102030405060708");
        assertThat(Minisign.keyIdHex(id)).isEqualTo("0807060504030201");
    }

    /** minisign 0.11 itself (Debian package minisign) checks a signature made here; skipped where it is not installed. */
    @Test
    void minisignBinaryVerifies(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("minisign"), "minisign is not installed (apt-get install minisign)");
        Minisign.KeyPair k = key(5);
        Path file = dir.resolve("bundle.tar");
        Files.write(file, CONTENT);
        Files.writeString(dir.resolve("bundle.tar.minisig"), Minisign.sign(k, CONTENT, "signature from hoverla", "hoverla 0.2.0 abc"));
        Files.writeString(dir.resolve("hoverla.pub"), Minisign.publicKeyFile(k.publicPart()));
        Process p = new ProcessBuilder("minisign", "-Vm", file.toString(), "-p", dir.resolve("hoverla.pub").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("Signature and comment signature verified").contains("hoverla 0.2.0 abc");
        Files.write(file, "tampered".getBytes(StandardCharsets.US_ASCII));
        Process q = new ProcessBuilder("minisign", "-Vm", file.toString(), "-p", dir.resolve("hoverla.pub").toString())
                .redirectErrorStream(true).start();
        q.getInputStream().readAllBytes();
        assertThat(q.waitFor()).isNotZero();
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
