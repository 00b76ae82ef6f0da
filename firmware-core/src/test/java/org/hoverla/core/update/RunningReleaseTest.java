package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.hoverla.core.boot.app.VehicleMain;
import org.hoverla.core.param.persist.ParamSchema;
import org.hoverla.core.release.Minisign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What runs on a unit: the signer's key id from the installed version's {@code release.minisig},
 * the A/B install root and its committed or trial state, in a scratch root; and
 * {@code ./hoverla version} printing it.
 */
class RunningReleaseTest {

    @TempDir
    Path root;

    private static Minisign.KeyPair key() throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(21L);
        return Minisign.generate(r);
    }

    /** Installs version {@code v} as the installer leaves it: the jar, and the verified signature beside lib/. */
    private Path install(String v, Minisign.KeyPair key) throws Exception {
        UpdateLayout layout = new UpdateLayout(root);
        Path jar = layout.versionDir(v).resolve("lib").resolve(RunningRelease.JAR_NAME);
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        if (key != null) {
            Files.writeString(layout.versionDir(v).resolve(RunningRelease.SIGNATURE_FILE),
                    Minisign.sign(key, ("hoverla-" + v + ".tar").getBytes(StandardCharsets.UTF_8), "signature from hoverla",
                            "hoverla " + v + " commit 6693d5fe930dc1e40ab9a081381f5eea8ba560d2 built 2026-12-01T10:00:00Z"
                                    + " param_schema 2"));
        }
        return jar;
    }

    @Test
    void shouldNameTheSignerAndACommittedInstallWhenStartedThroughCurrent() throws Exception {
        // Given 1.2.0 installed, signed, current and committed
        Minisign.KeyPair key = key();
        install("1.2.0", key);
        UpdateLayout layout = new UpdateLayout(root);
        layout.switchCurrent("1.2.0");
        new UpdateState("1.2.0", "1.1.0", true, "1.2.0", 0, null).write(layout.stateFile());

        // When the jar is inspected through the current link (as the launcher starts it)
        RunningRelease r = RunningRelease.inspect(layout.currentLink().resolve("lib").resolve(RunningRelease.JAR_NAME),
                "1.2.0", "6693d5fe930dc1e40ab9a081381f5eea8ba560d2");

        // Then the signer's key id is minisign's, and the install is committed under the root
        assertThat(r.signed()).isTrue();
        assertThat(r.signerKeyId()).isEqualTo(key.publicPart().keyIdHex()).matches("[0-9A-F]{16}");
        assertThat(r.trustedComment()).startsWith("hoverla 1.2.0 commit 6693d5fe");
        assertThat(r.installRoot()).isEqualTo(root.toRealPath());
        assertThat(r.installedVersion()).isEqualTo("1.2.0");
        assertThat(r.installState()).isEqualTo(RunningRelease.COMMITTED);
        assertThat(r.paramSchema()).isEqualTo(ParamSchema.CURRENT);
        assertThat(r.lines()).containsExactly(
                "Hoverla 1.2.0 commit 6693d5fe930dc1e40ab9a081381f5eea8ba560d2",
                "signed by release key " + key.publicPart().keyIdHex() + " (" + r.trustedComment() + ")",
                "install root " + root.toRealPath() + ", version 1.2.0: committed",
                "parameter schema " + ParamSchema.CURRENT);
    }

    @Test
    void shouldSayTrialWhileTheNewVersionIsNotCommittedAndNotCurrentForAnotherVersion() throws Exception {
        // Given 1.2.0 committed earlier and 1.3.0 just installed, on its second trial boot
        Minisign.KeyPair key = key();
        Path old = install("1.2.0", key);
        Path jar = install("1.3.0", key);
        UpdateLayout layout = new UpdateLayout(root);
        layout.switchCurrent("1.3.0");
        new UpdateState("1.3.0", "1.2.0", false, "1.2.0", 2, null).write(layout.stateFile());

        // When each jar is inspected, Then 1.3.0 is on trial and 1.2.0 is not the current version
        RunningRelease trial = RunningRelease.inspect(jar, "1.3.0", "");
        assertThat(trial.installState()).isEqualTo(RunningRelease.TRIAL);
        assertThat(trial.trialBoots()).isEqualTo(2);
        assertThat(trial.lines()).contains("install root " + root.toRealPath() + ", version 1.3.0: trial (trial boots 2)");
        assertThat(RunningRelease.inspect(old, "1.2.0", "").installState()).isEqualTo(RunningRelease.NOT_CURRENT);
    }

    @Test
    void shouldCallAJarWithoutSignatureOrInstallAnUnsignedDevelopmentBuild() throws Exception {
        // Given a jar in a build tree (no release.minisig, no A/B layout) and one with a damaged signature
        Path jar = root.resolve("firmware-core/target/hoverla-vehicle.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {1});
        Path damaged = install("2.0.0", null);
        Files.writeString(damaged.getParent().getParent().resolve(RunningRelease.SIGNATURE_FILE), "not a signature\n");

        // When inspected
        RunningRelease dev = RunningRelease.inspect(jar, null, "");
        RunningRelease bad = RunningRelease.inspect(damaged, "2.0.0", "");

        // Then neither names a signer; the damaged one says why; only the second is an install
        assertThat(dev.signed()).isFalse();
        assertThat(dev.installRoot()).isNull();
        assertThat(dev.lines()).containsExactly("Hoverla (development build) (commit unknown)",
                "unsigned development build", "not an A/B install (" + jar.toRealPath() + ")",
                "parameter schema " + ParamSchema.CURRENT);
        assertThat(bad.signed()).isFalse();
        assertThat(bad.signatureProblem()).contains("not a minisign signature file");
        assertThat(bad.installState()).isEqualTo(RunningRelease.UNKNOWN);
        // And run from classes (tests, the SITL) there is no jar at all: unsigned
        assertThat(RunningRelease.inspect(null, null, "").signed()).isFalse();
        assertThat(RunningRelease.signerOfThisBuild()).isNull();
    }

    @Test
    void shouldPrintTheSameFactsAsJsonFromTheVersionCommand() throws Exception {
        // Given a signed install on trial
        Minisign.KeyPair key = key();
        Path jar = install("1.3.0", key);
        UpdateLayout layout = new UpdateLayout(root);
        layout.switchCurrent("1.3.0");
        new UpdateState("1.3.0", "1.2.0", false, "1.2.0", 1, null).write(layout.stateFile());

        // When './hoverla version --json' inspects it
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = VehicleMain.execute(new String[] {"version", "--json", "--jar", jar.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));

        // Then one object carries the signer, the install, its state and the schema
        assertThat(status).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.path("signed").asBoolean()).isTrue();
        assertThat(j.path("signer_key_id").asText()).isEqualTo(key.publicPart().keyIdHex());
        assertThat(j.path("install_root").asText()).isEqualTo(root.toRealPath().toString());
        assertThat(j.path("installed_version").asText()).isEqualTo("1.3.0");
        assertThat(j.path("install_state").asText()).isEqualTo("trial");
        assertThat(j.path("trial_boots").asInt()).isEqualTo(1);
        assertThat(j.path("param_schema").asInt()).isEqualTo(ParamSchema.CURRENT);

        // And the plain form and --version say the same of this (unsigned, test) build
        out.getBuffer().setLength(0);
        assertThat(VehicleMain.execute(new String[] {"version"}, new PrintWriter(out, true), new PrintWriter(err, true)))
                .isZero();
        assertThat(out.toString()).contains("unsigned development build", "parameter schema " + ParamSchema.CURRENT);
        out.getBuffer().setLength(0);
        VehicleMain.execute(new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(out.toString()).startsWith("Hoverla vehicle ").contains(", unsigned development build");
    }
}
