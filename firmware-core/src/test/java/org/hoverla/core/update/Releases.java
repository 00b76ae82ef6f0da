package org.hoverla.core.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseBundle;
import org.hoverla.core.release.ReleaseManifest;
import org.hoverla.core.unit.UnitRecords;

/** Test fixture: small signed bundles (0.1.0, 0.2.0, ...) built with the seam's own writer and signer. */
final class Releases {
    static final Instant BUILT = Instant.parse("2026-12-01T10:00:00Z");
    final Path work;

    Releases(Path work) {
        this.work = work;
    }

    /** A release key from a fixed seed (SHA1PRNG seeded before first use is deterministic). */
    static Minisign.KeyPair key(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return Minisign.generate(r);
    }

    /** {@code hoverla-VERSION.tar} and its {@code .minisig} signed by {@code key}. */
    Path bundle(String version, String minFrom, Minisign.KeyPair key) throws IOException {
        Path src = work.resolve("src-" + version);
        Files.createDirectories(src);
        Files.writeString(src.resolve("hoverla"), "#!/bin/bash\necho hoverla " + version + "\n");
        Files.write(src.resolve("jar"), ("jar of " + version + "\n").repeat(3000).getBytes(StandardCharsets.UTF_8));
        Files.writeString(src.resolve("jvm.options"), "-XX:+UseSerialGC\n");
        Files.writeString(src.resolve("sbom"), "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1}\n");
        Path tar = work.resolve(ReleaseBundle.baseName(version) + ".tar");
        ReleaseBundle.write(tar, new ReleaseManifest(version, "0123456789abcdef0123456789abcdef01234567", BUILT, minFrom, 2,
                List.of()), List.of(new ReleaseBundle.Source("bin/hoverla", 0755, src.resolve("hoverla")),
                new ReleaseBundle.Source("lib/hoverla-vehicle.jar", 0644, src.resolve("jar")),
                new ReleaseBundle.Source("jvm.options", 0644, src.resolve("jvm.options")),
                new ReleaseBundle.Source(ReleaseBundle.SBOM, 0644, src.resolve("sbom"))));
        sign(tar, key, version);
        return tar;
    }

    Path bundle(String version, Minisign.KeyPair key) throws IOException {
        return bundle(version, "0.1.0", key);
    }

    static Path sign(Path tar, Minisign.KeyPair key, String version) throws IOException {
        Path sig = signatureOf(tar);
        Files.writeString(sig, Minisign.sign(key, Files.readAllBytes(tar), "signature from hoverla release",
                "hoverla " + version + " commit 0123456789abcdef0123456789abcdef01234567 built " + BUILT + " param_schema 2"));
        return sig;
    }

    static Path signatureOf(Path tar) {
        return tar.resolveSibling(tar.getFileName() + ".minisig");
    }

    /** Every file of the version's manifest present with its SHA-256, plus the signature: a bootable version. */
    static boolean complete(UpdateLayout layout, String version) throws IOException {
        Path dir = layout.versionDir(version);
        if (!Files.isRegularFile(dir.resolve(ReleaseBundle.MANIFEST)) || !Files.isRegularFile(dir.resolve(UpdateInstaller.SIGNATURE))) {
            return false;
        }
        ReleaseManifest m = ReleaseManifest.parse(Files.readAllBytes(dir.resolve(ReleaseBundle.MANIFEST)));
        for (ReleaseManifest.FileEntry f : m.files()) {
            Path p = dir.resolve(f.path());
            if (!Files.isRegularFile(p) || !ReleaseBundle.sha256(p).equals(f.sha256())) {
                return false;
            }
        }
        return m.version().equals(version);
    }

    /** Every path under opt/hoverla with its SHA-256 (files) or link target: "untouched" compares these. */
    static Map<String, String> tree(UpdateLayout layout) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(layout.installDir())) {
            return out;
        }
        try (Stream<Path> s = Files.walk(layout.installDir())) {
            for (Path p : s.toList()) {
                String rel = layout.installDir().relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, ReleaseBundle.sha256(p));
                } else {
                    out.put(rel, "dir");
                }
            }
        }
        return out;
    }

    /** The payloads of the unit record's "update" entries, oldest first. */
    static List<JsonNode> journal(UpdateLayout layout) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path f = UnitRecords.defaultFile(layout.stateDir());
        if (!Files.exists(f)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(f)) {
            JsonNode e = json.readTree(line);
            if ("update".equals(e.path("event").asText())) {
                out.add(e.get("payload"));
            }
        }
        return out;
    }
}
