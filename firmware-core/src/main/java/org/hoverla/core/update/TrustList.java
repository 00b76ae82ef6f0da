package org.hoverla.core.update;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseException;

/**
 * The release keys a vehicle trusts: {@code etc/hoverla/release-keys/KEYID.pub} (minisign public
 * key files) and {@code revoked} (key ids, one per line, {@code #} comments). A revoked id stays
 * refused even while its {@code .pub} is still there, and cannot be trusted again. Written
 * atomically (temporary file, fsync, rename, fsync of the directory). Blocking file I/O.
 *
 * @param keys    trusted keys by id (16 uppercase hex digits, as minisign shows them)
 * @param revoked revoked ids (uppercase)
 */
public record TrustList(Map<String, Minisign.ReleaseKey> keys, Set<String> revoked) {
    private static final Pattern KEY_ID = Pattern.compile("[0-9A-F]{16}");

    /** Normalises a key id as typed (any case) to minisign's form; throws on anything else. */
    public static String keyId(String text) {
        String id = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (!KEY_ID.matcher(id).matches()) {
            throw new ReleaseException("not a release key id: '" + text + "' (16 hex digits, as minisign shows it)");
        }
        return id;
    }

    /** Reads the list; a key file that does not parse or does not match its name is an error (the list is the trust root). */
    public static TrustList read(UpdateLayout layout) throws IOException {
        Map<String, Minisign.ReleaseKey> keys = new TreeMap<>();
        Set<String> revoked = new LinkedHashSet<>();
        Path dir = layout.keysDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(".pub")) {
                        continue;
                    }
                    Minisign.ReleaseKey k;
                    try {
                        k = Minisign.parsePublicKey(Files.readString(p, StandardCharsets.UTF_8));
                    } catch (ReleaseException e) {
                        throw new IOException(p + ": " + e.getMessage(), e);
                    }
                    if (!name.equals(k.keyIdHex() + ".pub")) {
                        throw new IOException(p + " holds key " + k.keyIdHex() + ", not the key its name says");
                    }
                    keys.put(k.keyIdHex(), k);
                }
            }
        }
        if (Files.exists(layout.revokedFile())) {
            for (String line : Files.readAllLines(layout.revokedFile(), StandardCharsets.UTF_8)) {
                String l = line.replaceAll("#.*", "").trim();
                if (!l.isEmpty()) {
                    revoked.add(keyId(l));
                }
            }
        }
        return new TrustList(keys, revoked);
    }

    /**
     * The trusted key that has this id.
     *
     * @return the key, never null
     * @throws UpdateRefusedException when the id is revoked or not trusted (the line says which)
     */
    public Minisign.ReleaseKey decide(String keyIdHex, Path keysDir) throws UpdateRefusedException {
        if (revoked.contains(keyIdHex)) {
            return refuse("signed by key " + keyIdHex + ", which is revoked (" + keysDir.resolve("revoked") + ")");
        }
        Minisign.ReleaseKey k = keys.get(keyIdHex);
        if (k == null) {
            return refuse("signed by key " + keyIdHex + ", which is not in the trust list (" + keysDir
                    + "); add its public key with --trust PUBKEY");
        }
        return k;
    }

    private static Minisign.ReleaseKey refuse(String line) throws UpdateRefusedException {
        throw new UpdateRefusedException(line);
    }

    /**
     * Adds a key as {@code KEYID.pub}.
     *
     * @throws IOException when its id is revoked (a revoked key is never trusted again)
     */
    public static String trust(UpdateLayout layout, Minisign.ReleaseKey key) throws IOException {
        String id = key.keyIdHex();
        if (read(layout).revoked().contains(id)) {
            throw new IOException("key " + id + " is revoked; it cannot be trusted again");
        }
        writeAtomically(layout.keysDir().resolve(id + ".pub"), Minisign.publicKeyFile(key));
        return id;
    }

    /** Adds an id to {@code revoked} (idempotent); its {@code .pub} may stay, it is refused anyway. */
    public static void revoke(UpdateLayout layout, String keyIdText) throws IOException {
        String id = keyId(keyIdText);
        Path file = layout.revokedFile();
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# revoked release key ids, one per line\n";
        if (read(layout).revoked().contains(id)) {
            return;
        }
        writeAtomically(file, (old.isEmpty() || old.endsWith("\n") ? old : old + "\n") + id + "\n");
    }

    /** Written whole beside the target, forced, renamed over it, directory forced. */
    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        UpdateLayout.forceDirectory(file.getParent());
    }
}
