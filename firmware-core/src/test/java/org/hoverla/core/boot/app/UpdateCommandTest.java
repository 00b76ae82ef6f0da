package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseBundle;
import org.hoverla.core.release.ReleaseManifest;
import org.hoverla.core.update.UpdateLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoverla update}: install, refusal line and exit codes, --status, --trust, --revoke. */
class UpdateCommandTest {
    @TempDir
    Path tmp;
    private Path root;
    private Minisign.KeyPair key;
    private Path pub;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(7);
        key = Minisign.generate(r);
        pub = tmp.resolve("hoverla.pub");
        Files.writeString(pub, Minisign.publicKeyFile(key.publicPart()));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "update";
        System.arraycopy(args, 0, all, 1, args.length);
        return VehicleMain.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path bundle(String version) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + version));
        Files.writeString(src.resolve("f"), "hoverla " + version + "\n");
        Path tar = tmp.resolve(ReleaseBundle.baseName(version) + ".tar");
        ReleaseBundle.write(tar, new ReleaseManifest(version, "unknown", Instant.parse("2026-12-01T10:00:00Z"), "0.1.0", 2,
                List.of()), List.of(new ReleaseBundle.Source("bin/hoverla", 0755, src.resolve("f")),
                new ReleaseBundle.Source("lib/hoverla-vehicle.jar", 0644, src.resolve("f")),
                new ReleaseBundle.Source("jvm.options", 0644, src.resolve("f")),
                new ReleaseBundle.Source(ReleaseBundle.SBOM, 0644, src.resolve("f"))));
        Files.writeString(tar.resolveSibling(tar.getFileName() + ".minisig"), Minisign.sign(key, Files.readAllBytes(tar),
                "signature from hoverla release", "hoverla " + version + " commit unknown built 2026-12-01T10:00:00Z param_schema 2"));
        return tar;
    }

    @Test
    void shouldInstallWithTrustAndSayWhatItDid() throws Exception {
        // Given an empty root and a signed 0.2.0
        Path b = bundle("0.2.0");
        // When updating with --trust
        int code = run("--root", root.toString(), "--trust", pub.toString(), b.toString());
        // Then it trusts the key, installs and says so in one line each
        String id = key.publicPart().keyIdHex();
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines().toList()).containsExactly(
                "trusted key " + id + " (" + new UpdateLayout(root).keysDir().resolve(id + ".pub") + ")",
                "installed 0.2.0 over (none), signed by key " + id + "; next start runs the boot check");
        // When a newer one follows (no --trust needed now), Then it names the version it replaced
        assertThat(run("--root", root.toString(), bundle("0.3.0").toString())).isZero();
        assertThat(out.toString()).isEqualTo("installed 0.3.0 over 0.2.0, signed by key " + id
                + "; next start runs the boot check\n");
    }

    @Test
    void shouldPrintTheRefusalLineAndExitOne() throws Exception {
        // Given 0.3.0 installed and running
        run("--root", root.toString(), "--trust", pub.toString(), bundle("0.3.0").toString());
        // When installing 0.2.0 without --allow-downgrade
        Path old = bundle("0.2.0");
        int code = run("--root", root.toString(), old.toString());
        // Then exit 1 and the one line with its prefix and the running version
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("update refused: 0.2.0 is older than the running 0.3.0; pass --allow-downgrade to"
                + " install it anyway; running version 0.3.0 untouched\n");
        assertThat(out.toString()).isEmpty();
        // And with --allow-downgrade and an explicit --signature it installs
        assertThat(run("--root", root.toString(), "--allow-downgrade", "--signature", old + ".minisig", old.toString())).isZero();
        assertThat(new UpdateLayout(root).currentVersion()).isEqualTo("0.2.0");
    }

    @Test
    void shouldPrintTheStatusAsJson() throws Exception {
        // Given 0.2.0 then a refused 0.1.0
        run("--root", root.toString(), "--trust", pub.toString(), bundle("0.2.0").toString());
        run("--root", root.toString(), bundle("0.1.0").toString());
        // When asking for the status
        assertThat(run("--root", root.toString(), "--status")).isZero();
        // Then it is the state as JSON, the refusal its last event
        JsonNode s = new ObjectMapper().readTree(out.toString());
        assertThat(s.get("current").asText()).isEqualTo("0.2.0");
        assertThat(s.get("previous").isNull()).isTrue();
        assertThat(s.get("committed").asBoolean()).isFalse();
        assertThat(s.get("last_good").isNull()).isTrue();
        assertThat(s.get("trial_boots").asInt()).isZero();
        assertThat(s.at("/last_event/kind").asText()).isEqualTo("refusal");
        assertThat(s.at("/last_event/to").asText()).isEqualTo("0.1.0");
        assertThat(s.at("/last_event/key_id").asText()).isEqualTo(key.publicPart().keyIdHex());
        assertThat(s.at("/last_event/reason").asText()).isEqualTo("0.1.0 is older than the running 0.2.0; pass"
                + " --allow-downgrade to install it anyway");
        // And an empty root's status is the empty state
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("--root", empty.toString(), "--status")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("current").isNull()).isTrue();
    }

    @Test
    void shouldRevokeAKeySoItsBundlesAreRefused() throws Exception {
        // Given 0.2.0 installed by a trusted key
        run("--root", root.toString(), "--trust", pub.toString(), bundle("0.2.0").toString());
        String id = key.publicPart().keyIdHex();
        // When revoking it
        assertThat(run("--root", root.toString(), "--revoke", id)).isZero();
        assertThat(out.toString()).isEqualTo("revoked key " + id + ": bundles it signed are refused from now on\n");
        // Then its next bundle is refused, and trusting it again too
        assertThat(run("--root", root.toString(), bundle("0.3.0").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("update refused: signed by key " + id + ", which is revoked (")
                .endsWith("; running version 0.2.0 untouched\n");
        assertThat(run("--root", root.toString(), "--trust", pub.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("update refused: cannot trust " + pub + ": key " + id
                + " is revoked; it cannot be trusted again; running version 0.2.0 untouched\n");
    }

    @Test
    void shouldExitTwoOnABadCommandLine() {
        // Given nothing to do, two modes at once, a bad key id: exit 2 with one line
        assertThat(run("--root", root.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("update: give a BUNDLE");
        assertThat(run("--root", root.toString(), "--status", "--revoke", "0123456789ABCDEF")).isEqualTo(2);
        assertThat(run("--root", root.toString(), "--revoke", "xyz")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("update: not a release key id: 'xyz' (16 hex digits, as minisign shows it)\n");
        assertThat(run("--root", tmp.resolve("nope").toString(), "--status")).isEqualTo(2);
    }
}
