package org.hoverla.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.hoverla.core.param.persist.ParamSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseContentsTest {
    static final String SBOM = """
            {"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:06f0318f-ceab-35f5-96f3-e147ca99c92d","version":1,
             "metadata":{"component":{"type":"application","name":"firmware-core",
               "purl":"pkg:maven/org.hoverla/firmware-core@0.2.0?type=jar"}},
             "components":[{"type":"library","name":"picocli","purl":"pkg:maven/info.picocli/picocli@4.7.7?type=jar","scope":"required"},
               {"type":"library","name":"hal","purl":"pkg:maven/org.hoverla/hal@0.2.0?type=jar","scope":"required"}]}
            """;

    @Test
    void shouldListTheFourBundleFilesWithTheirModes(@TempDir Path tree) {
        // Given a built source tree
        // When the bundle's sources are listed
        List<ReleaseBundle.Source> s = ReleaseContents.sources(tree);
        // Then they are the four files COMMON21 fixes, only the launcher executable
        assertThat(s).extracting(ReleaseBundle.Source::path)
                .containsExactlyInAnyOrder("bin/hoverla", "lib/hoverla-vehicle.jar", "jvm.options", "sbom.cdx.json");
        assertThat(s).filteredOn(x -> x.mode() == 0755).extracting(ReleaseBundle.Source::path).containsExactly("bin/hoverla");
        assertThat(s).filteredOn(x -> x.path().equals("bin/hoverla")).extracting(ReleaseBundle.Source::file)
                .containsExactly(tree.resolve("firmware-core/src/main/resources/org/hoverla/core/boot/install/hoverla"));
        assertThat(s).filteredOn(x -> x.path().equals("lib/hoverla-vehicle.jar")).extracting(ReleaseBundle.Source::file)
                .containsExactly(tree.resolve("firmware-core/target/hoverla-vehicle.jar"));
    }

    @Test
    void shouldFormTheTrustedCommentAndTemplateFromPomCommitAndTime() {
        // Given a pom's version, a commit and its time
        ReleaseContents.PomInfo pom = new ReleaseContents.PomInfo("0.2.0", "0.1.0");
        // When the manifest template and trusted comment are made
        ReleaseManifest m = ReleaseContents.template(pom, "0123456789abcdef0123456789abcdef01234567",
                Instant.parse("2026-12-05T10:00:00Z"));
        // Then the build time is the commit time and the schema today's
        assertThat(m.paramSchema()).isEqualTo(ParamSchema.CURRENT);
        assertThat(m.minFromVersion()).isEqualTo("0.1.0");
        assertThat(ReleaseContents.trustedComment(m)).isEqualTo("hoverla 0.2.0 commit 0123456789abcdef0123456789abcdef01234567"
                + " built 2026-12-05T10:00:00Z param_schema " + ParamSchema.CURRENT);
        assertThat(ReleaseContents.untrustedComment("622B9690159DE570")).isEqualTo("signature from hoverla release key 622B9690159DE570");
    }

    @Test
    void shouldReadVersionAndMinFromOfAPom(@TempDir Path dir) throws Exception {
        // Given a pom with the property, and one without
        Path with = dir.resolve("a.xml");
        Files.writeString(with, "<project><version>0.3.0-rc1</version><properties><hoverla.release.minFrom>0.2.0"
                + "</hoverla.release.minFrom></properties><dependencies><dependency><version>9.9.9</version></dependency>"
                + "</dependencies></project>");
        Path without = dir.resolve("b.xml");
        Files.writeString(without, "<project><parent><version>7.0.0</version></parent><version>0.3.0</version></project>");
        // When / Then the project's own version is read, and min-from defaults to 0.1.0
        assertThat(ReleaseContents.readPom(with)).isEqualTo(new ReleaseContents.PomInfo("0.3.0-rc1", "0.2.0"));
        assertThat(ReleaseContents.readPom(without)).isEqualTo(new ReleaseContents.PomInfo("0.3.0", "0.1.0"));
    }

    @Test
    void shouldRefuseAPomWithoutALiteralVersion(@TempDir Path dir) throws Exception {
        // Given a CI-friendly ${revision} version
        Path pom = dir.resolve("pom.xml");
        Files.writeString(pom, "<project><version>${revision}</version></project>");
        // When / Then it is refused: a release names exactly what it is
        assertThatThrownBy(() -> ReleaseContents.readPom(pom)).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("not a release version");
    }

    @Test
    void shouldReadTheRepositorysOwnPom() throws Exception {
        // Given this repository's root pom
        Path pom = Path.of(System.getProperty("hoverla.root", "..")).resolve("pom.xml");
        // When it is read
        ReleaseContents.PomInfo info = ReleaseContents.readPom(pom);
        // Then version and min-from are usable release versions
        assertThat(ReleaseVersion.parse(info.version())).isNotNull();
        assertThat(info.minFromVersion()).isEqualTo("0.1.0");
    }

    @Test
    void shouldSummariseACycloneDxSbom() {
        // Given the shape the cyclonedx-maven-plugin writes in reproducible mode
        // When it is read
        ReleaseContents.SbomSummary s = ReleaseContents.readSbom(SBOM.getBytes(StandardCharsets.UTF_8));
        // Then subject and components come out
        assertThat(s.specVersion()).isEqualTo("1.6");
        assertThat(s.subject()).isEqualTo("pkg:maven/org.hoverla/firmware-core@0.2.0?type=jar");
        assertThat(s.componentPurls()).hasSize(2).contains("pkg:maven/info.picocli/picocli@4.7.7?type=jar");
    }

    @Test
    void shouldRefuseAnSbomThatIsNotReproducibleOrNotTheVehicles() {
        // Given an SBOM with the build clock, one with a test component, and a document that is not CycloneDX
        String timed = SBOM.replace("\"metadata\":{", "\"metadata\":{\"timestamp\":\"2026-12-05T15:00:00Z\",");
        String test = SBOM.replace("pkg:maven/org.hoverla/hal@0.2.0", "pkg:maven/org.hoverla/test-support@0.2.0");
        String spdx = "{\"spdxVersion\":\"SPDX-2.3\"}";
        // When / Then each is refused with its reason
        assertThatThrownBy(() -> ReleaseContents.readSbom(timed.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> ReleaseContents.readSbom(test.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("test component");
        assertThatThrownBy(() -> ReleaseContents.readSbom(spdx.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not a CycloneDX");
    }
}
