package org.hoverla.core.release;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Ed25519 release signatures in minisign's file formats, on the JDK's own Ed25519 (no crypto
 * library), so that {@code minisign -Vm BUNDLE -p hoverla.pub} checks a Hoverla bundle.
 *
 * <p>Formats (minisign's documentation, "Signature format" and "Public key format"):
 * <ul>
 *   <li>public key file: {@code untrusted comment: minisign public key KEYID} then
 *       base64({@code "Ed"} ‖ key id (8 bytes) ‖ Ed25519 public key (32 bytes));</li>
 *   <li>signature file: an untrusted comment line, base64({@code "Ed"} ‖ key id ‖ Ed25519
 *       signature of the file itself (64 bytes)), a {@code trusted comment: TEXT} line, and
 *       base64(Ed25519 signature of (the file signature ‖ TEXT)). {@code "Ed"} is minisign's
 *       legacy, non-prehashed form ({@code minisign -S -l}); its prehashed {@code "ED"} form
 *       hashes with BLAKE2b, which the JDK lacks, so it is refused here with that reason.</li>
 * </ul>
 * A key id is shown as minisign shows it: the 8 bytes read as a little-endian integer, 16
 * uppercase hex digits.
 *
 * <p>The secret key file is Hoverla's own ({@link #secretKeyFile}): minisign's secret key file
 * carries a BLAKE2b checksum and a scrypt-encrypted key, neither in the JDK. Only
 * {@code hoverla release} signs; anyone verifies with minisign. Stateless; any thread.
 */
public final class Minisign {
    /** minisign's legacy (non-prehashed) Ed25519 signature algorithm tag. */
    static final byte[] ALG_ED = {'E', 'd'};
    static final String UNTRUSTED = "untrusted comment: ";
    static final String TRUSTED = "trusted comment: ";
    private static final String SECRET_TAG = "untrusted comment: hoverla release secret key ";
    /** The X.509 prefix of an Ed25519 public key: the raw 32 bytes follow it. */
    private static final int X509_ED25519_PREFIX = 12;

    private Minisign() {
    }

    /** A release key: id, public key and the 32-byte private seed. */
    public record KeyPair(byte[] keyId, byte[] publicKey, byte[] seed) {
        public KeyPair {
            check(keyId, 8, "key id");
            check(publicKey, 32, "public key");
            check(seed, 32, "secret key");
        }

        public ReleaseKey publicPart() {
            return new ReleaseKey(keyId, publicKey);
        }

        @Override
        public String toString() {
            return "KeyPair[" + keyIdHex(keyId) + "]";
        }
    }

    /** A public release key as the vehicle trusts it. */
    public record ReleaseKey(byte[] keyId, byte[] publicKey) {
        public ReleaseKey {
            check(keyId, 8, "key id");
            check(publicKey, 32, "public key");
        }

        public String keyIdHex() {
            return Minisign.keyIdHex(keyId);
        }
    }

    /** A signature file, parsed. */
    public record SignatureFile(byte[] keyId, byte[] signature, String trustedComment, byte[] globalSignature) {
        public String keyIdHex() {
            return Minisign.keyIdHex(keyId);
        }
    }

    /** A new random key pair. */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, random);
            java.security.KeyPair kp = g.generateKeyPair();
            byte[] x509 = kp.getPublic().getEncoded();
            byte[] pub = Arrays.copyOfRange(x509, X509_ED25519_PREFIX, x509.length);
            byte[] seed = ((EdECPrivateKey) kp.getPrivate()).getBytes()
                    .orElseThrow(() -> new IllegalStateException("the JDK did not expose the Ed25519 seed"));
            byte[] id = new byte[8];
            random.nextBytes(id);
            return new KeyPair(id, pub, seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /** minisign's display of a key id: the bytes as a little-endian integer, 16 uppercase hex digits. */
    public static String keyIdHex(byte[] keyId) {
        StringBuilder sb = new StringBuilder(16);
        for (int i = keyId.length - 1; i >= 0; i--) {
            sb.append(String.format(Locale.ROOT, "%02X", keyId[i] & 0xff));
        }
        return sb.toString();
    }

    /** The public key file minisign reads ({@code -p FILE}). */
    public static String publicKeyFile(ReleaseKey key) {
        return UNTRUSTED + "minisign public key " + key.keyIdHex() + "\n"
                + Base64.getEncoder().encodeToString(concat(ALG_ED, key.keyId(), key.publicKey())) + "\n";
    }

    /**
     * Parses a public key file (or its base64 line alone, as {@code minisign -P} takes it).
     *
     * @throws ReleaseException naming what is wrong
     */
    public static ReleaseKey parsePublicKey(String text) {
        String line = null;
        for (String l : text.split("\r?\n")) {
            String t = l.trim();
            if (!t.isEmpty() && !t.startsWith(UNTRUSTED.trim())) {
                line = t;
                break;
            }
        }
        if (line == null) {
            throw new ReleaseException("not a minisign public key: no key line");
        }
        byte[] raw = base64(line, "public key");
        if (raw.length != 42 || raw[0] != 'E' || raw[1] != 'd') {
            throw new ReleaseException("not a minisign Ed25519 public key (" + raw.length + " bytes, expected 42 starting with Ed)");
        }
        return new ReleaseKey(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 10, 42));
    }

    /** Hoverla's secret key file: never printed, kept mode 0600 by whoever writes it. */
    public static String secretKeyFile(KeyPair key) {
        return SECRET_TAG + key.publicPart().keyIdHex() + " (keep secret; not minisign's own format)\n"
                + Base64.getEncoder().encodeToString(concat(ALG_ED, key.keyId(), key.seed(), key.publicKey())) + "\n";
    }

    /** Parses {@link #secretKeyFile}; checks that the seed gives the stored public key. */
    public static KeyPair parseSecretKey(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length < 2 || !lines[0].startsWith(SECRET_TAG)) {
            throw new ReleaseException("not a Hoverla release secret key (first line must start with '" + SECRET_TAG.trim()
                    + "'); write one with 'hoverla release keygen'");
        }
        byte[] raw = base64(lines[1].trim(), "secret key");
        if (raw.length != 74 || raw[0] != 'E' || raw[1] != 'd') {
            throw new ReleaseException("damaged Hoverla release secret key (" + raw.length + " bytes, expected 74)");
        }
        KeyPair k = new KeyPair(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 42, 74), Arrays.copyOfRange(raw, 10, 42));
        byte[] probe = "hoverla key check".getBytes(StandardCharsets.US_ASCII);
        if (!verifyRaw(k.publicKey(), probe, ed25519Sign(k.seed(), probe))) {
            throw new ReleaseException("damaged Hoverla release secret key: its secret and public halves do not match");
        }
        return k;
    }

    /**
     * Signs a file's content in minisign's legacy form.
     *
     * @param trustedComment one line, signed too (Hoverla puts the version and commit there)
     */
    public static String sign(KeyPair key, byte[] content, String untrustedComment, String trustedComment) {
        requireOneLine(untrustedComment, "untrusted comment");
        requireOneLine(trustedComment, "trusted comment");
        byte[] sig = ed25519Sign(key.seed(), content);
        byte[] global = ed25519Sign(key.seed(), concat(sig, trustedComment.getBytes(StandardCharsets.UTF_8)));
        Base64.Encoder b64 = Base64.getEncoder();
        return UNTRUSTED + untrustedComment + "\n"
                + b64.encodeToString(concat(ALG_ED, key.keyId(), sig)) + "\n"
                + TRUSTED + trustedComment + "\n"
                + b64.encodeToString(global) + "\n";
    }

    /** Parses a signature file without checking it (to learn which key signed it). */
    public static SignatureFile parseSignature(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length < 4 || !lines[0].startsWith(UNTRUSTED) || !lines[2].startsWith(TRUSTED)) {
            throw new ReleaseException("not a minisign signature file (expected 4 lines: untrusted comment, signature,"
                    + " trusted comment, global signature)");
        }
        byte[] raw = base64(lines[1].trim(), "signature");
        if (raw.length != 74) {
            throw new ReleaseException("damaged signature (" + raw.length + " bytes, expected 74)");
        }
        if (raw[0] == 'E' && raw[1] == 'D') {
            throw new ReleaseException("prehashed (BLAKE2b) minisign signature: Hoverla checks only the legacy form"
                    + " ('minisign -S -l', or 'hoverla release')");
        }
        if (raw[0] != 'E' || raw[1] != 'd') {
            throw new ReleaseException("unknown signature algorithm in signature file");
        }
        byte[] global = base64(lines[3].trim(), "global signature");
        if (global.length != 64) {
            throw new ReleaseException("damaged global signature (" + global.length + " bytes, expected 64)");
        }
        return new SignatureFile(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 10, 74),
                lines[2].substring(TRUSTED.length()), global);
    }

    /**
     * Checks a signature file against a file's content and a key, as {@code minisign -V} does.
     *
     * @return the parsed signature (its trusted comment is now authentic)
     * @throws ReleaseException with the reason: another key, a signature that does not match
     *                          the content, or a trusted comment that was altered
     */
    public static SignatureFile verify(String signatureText, byte[] content, ReleaseKey key) {
        SignatureFile s = parseSignature(signatureText);
        if (!Arrays.equals(s.keyId(), key.keyId())) {
            throw new ReleaseException("signed by key " + s.keyIdHex() + ", not by key " + key.keyIdHex());
        }
        if (!verifyRaw(key.publicKey(), content, s.signature())) {
            throw new ReleaseException("signature verification failed: the file is not what key " + key.keyIdHex() + " signed");
        }
        if (!verifyRaw(key.publicKey(), concat(s.signature(), s.trustedComment().getBytes(StandardCharsets.UTF_8)),
                s.globalSignature())) {
            throw new ReleaseException("the trusted comment was altered after signing");
        }
        return s;
    }

    /** SHA-256 of a byte array, lowercase hex. */
    public static String sha256Hex(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] ed25519Sign(byte[] seed, byte[] message) {
        try {
            PrivateKey pk = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pk);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    static boolean verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(decodePublic(publicKey));
            s.update(message);
            return s.verify(signature);
        } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /** RFC 8032 encoding: y little-endian, the top bit of the last byte is x's parity. */
    private static PublicKey decodePublic(byte[] raw) throws GeneralSecurityException {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = raw[31 - i];
        }
        boolean xOdd = (be[0] & 0x80) != 0;
        be[0] &= 0x7f;
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    }

    private static byte[] base64(String s, String what) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ReleaseException("damaged " + what + ": not base64");
        }
    }

    private static void requireOneLine(String s, String what) {
        if (s == null || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the " + what + " must be one line");
        }
    }

    private static void check(byte[] b, int len, String what) {
        if (b == null || b.length != len) {
            throw new IllegalArgumentException(what + " must be " + len + " bytes");
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
