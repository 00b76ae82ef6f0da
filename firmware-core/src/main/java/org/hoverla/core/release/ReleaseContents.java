package org.hoverla.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.hoverla.core.param.persist.ParamSchema;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What {@code hoverla release} puts in a bundle and signs, decided from plain inputs (no process,
 * no clock, no git): the bundle's files and their modes, the manifest's fixed fields, the
 * signature's trusted and untrusted comments, the version and minimum-from version read from the
 * root {@code pom.xml}, and a check of the CycloneDX SBOM the build wrote. Called from the
 * command's thread only; every method is a pure function of its arguments (and of the files it
 * is told to read).
 */
public final class ReleaseContents {
    /** Path of the launcher inside a source tree (the bundle's {@code bin/hoverla}). */
    public static final String LAUNCHER_SOURCE = "firmware-core/src/main/resources/org/hoverla/core/boot/install/hoverla";
    /** Path of the JVM options inside a source tree (the bundle's {@code jvm.options}). */
    public static final String JVM_OPTIONS_SOURCE = "firmware-core/src/main/resources/org/hoverla/core/boot/install/jvm.options";
    /** The vehicle artifact inside a built source tree. */
    public static final String VEHICLE_JAR_BUILT = "firmware-core/target/hoverla-vehicle.jar";
    /** The SBOM the {@code release} profile writes inside a built source tree. */
    public static final String SBOM_BUILT = "firmware-core/target/hoverla-vehicle.cdx.json";
    /** The pom property holding the oldest version a bundle may update from. */
    public static final String MIN_FROM_PROPERTY = "hoverla.release.minFrom";
    /** {@value}: what a pom without {@link #MIN_FROM_PROPERTY} gives. */
    public static final String DEFAULT_MIN_FROM = "0.1.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseContents() {
    }

    /** The version and minimum-from version a source tree releases. */
    public record PomInfo(String version, String minFromVersion) {
    }

    /** What the SBOM says, for the command's summary line. */
    public record SbomSummary(String specVersion, String serialNumber, String subject, List<String> componentPurls) {
    }

    /** The bundle's four files (besides the manifest), from a built source tree, with their modes. */
    public static List<ReleaseBundle.Source> sources(Path tree) {
        return sources(tree.resolve(LAUNCHER_SOURCE), tree.resolve(VEHICLE_JAR_BUILT), tree.resolve(JVM_OPTIONS_SOURCE),
                tree.resolve(SBOM_BUILT));
    }

    /** The bundle's files as COMMON21 fixes them: bin/hoverla 0755, the rest 0644. */
    public static List<ReleaseBundle.Source> sources(Path launcher, Path vehicleJar, Path jvmOptions, Path sbom) {
        return List.of(
                new ReleaseBundle.Source("bin/hoverla", 0755, launcher),
                new ReleaseBundle.Source("lib/hoverla-vehicle.jar", 0644, vehicleJar),
                new ReleaseBundle.Source("jvm.options", 0644, jvmOptions),
                new ReleaseBundle.Source(ReleaseBundle.SBOM, 0644, sbom));
    }

    /** The manifest's fixed fields (its file list is filled in by {@link ReleaseBundle#write}). */
    public static ReleaseManifest template(PomInfo pom, String commit, Instant commitTime) {
        return new ReleaseManifest(pom.version(), commit, commitTime, pom.minFromVersion(), ParamSchema.CURRENT, List.of());
    }

    /** {@code hoverla VERSION commit COMMIT built BUILD_TIME param_schema N} (COMMON21). */
    public static String trustedComment(ReleaseManifest m) {
        return "hoverla " + m.version() + " commit " + m.commit() + " built " + m.buildTime() + " param_schema " + m.paramSchema();
    }

    /** The signature's first line (not signed; minisign prints it). */
    public static String untrustedComment(String keyIdHex) {
        return "signature from hoverla release key " + keyIdHex;
    }

    /**
     * Reads the project version and {@value #MIN_FROM_PROPERTY} of a root pom. The version must
     * be literal (no {@code ${...}}): a release names exactly what it is.
     *
     * @throws ReleaseException when the pom has no usable version
     */
    public static PomInfo readPom(Path pom) throws IOException {
        Document doc;
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            doc = f.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new ReleaseException(pom + ": not a readable pom (" + e.getMessage() + ")");
        }
        Element project = doc.getDocumentElement();
        String version = childText(project, "version");
        if (version == null) {
            throw new ReleaseException(pom + ": no <version> in the project");
        }
        Element props = child(project, "properties");
        String minFrom = props == null ? null : childText(props, MIN_FROM_PROPERTY);
        ReleaseVersion.parse(version);
        String mf = minFrom == null ? DEFAULT_MIN_FROM : minFrom;
        ReleaseVersion.parse(mf);
        return new PomInfo(version, mf);
    }

    /**
     * Checks the CycloneDX JSON the build wrote and summarises it. Refused: not CycloneDX, no
     * subject component, no components, a {@code metadata.timestamp} (the build clock: two builds
     * would differ), or a test-scoped component (the vehicle jar has none).
     */
    public static SbomSummary readSbom(byte[] json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new ReleaseException("SBOM is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (o == null || !"CycloneDX".equals(o.path("bomFormat").asText())) {
            throw new ReleaseException("SBOM is not a CycloneDX JSON document (bomFormat)");
        }
        JsonNode meta = o.path("metadata");
        if (meta.has("timestamp")) {
            throw new ReleaseException("SBOM carries a build timestamp (" + meta.get("timestamp").asText()
                    + "): not reproducible; is project.build.outputTimestamp set?");
        }
        String subject = meta.path("component").path("purl").asText("");
        if (subject.isEmpty()) {
            throw new ReleaseException("SBOM names no subject component (metadata.component.purl)");
        }
        JsonNode comps = o.path("components");
        if (!comps.isArray() || comps.isEmpty()) {
            throw new ReleaseException("SBOM lists no components");
        }
        List<String> purls = new ArrayList<>();
        for (JsonNode c : comps) {
            String purl = c.path("purl").asText("");
            if (purl.isEmpty()) {
                throw new ReleaseException("SBOM component without purl: " + c.path("name").asText("?"));
            }
            if (purl.contains("test-support") || "test".equals(c.path("scope").asText())) {
                throw new ReleaseException("SBOM lists a test component: " + purl);
            }
            purls.add(purl);
        }
        return new SbomSummary(o.path("specVersion").asText(""), o.path("serialNumber").asText(""), subject, List.copyOf(purls));
    }

    private static Element child(Element parent, String name) {
        NodeList l = parent.getChildNodes();
        for (int i = 0; i < l.getLength(); i++) {
            Node n = l.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
