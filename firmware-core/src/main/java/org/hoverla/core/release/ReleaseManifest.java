package org.hoverla.core.release;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a release bundle holds ({@code manifest.json}, the bundle's first entry and a copy beside
 * it): version, git commit, build time (the commit's time, so two builds of one commit agree),
 * the oldest version it may update from, the parameter-schema version it reads and writes, and
 * every other file of the bundle with its size, mode and SHA-256.
 *
 * <p>{@link #toJson()} is deterministic (fixed field order, two-space indent, LF, final newline):
 * the manifest is part of a reproducible bundle.
 */
public record ReleaseManifest(String version, String commit, Instant buildTime, String minFromVersion,
                              int paramSchema, List<FileEntry> files) {
    /** The manifest's own format tag. */
    public static final String FORMAT = "hoverla-release/1";
    /** Largest manifest a reader accepts. */
    public static final int MAX_BYTES = 1 << 20;
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|unknown");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One file of the bundle, relative to the bundle's top directory. {@code mode} is octal, e.g. 0755. */
    public record FileEntry(String path, int mode, long size, String sha256) {
        public FileEntry {
            if (path == null || !SAFE_PATH.matcher(path).matches() || path.length() > 200) {
                throw new ReleaseException("unsafe or malformed path in release manifest: '" + path + "'");
            }
            if (mode != 0644 && mode != 0755) {
                throw new ReleaseException("file mode of " + path + " must be 0644 or 0755, not 0" + Integer.toOctalString(mode));
            }
            if (size < 0) {
                throw new ReleaseException("negative size for " + path);
            }
            if (sha256 == null || !HEX64.matcher(sha256).matches()) {
                throw new ReleaseException("malformed SHA-256 for " + path);
            }
        }
    }

    public ReleaseManifest {
        ReleaseVersion.parse(version);
        ReleaseVersion.parse(minFromVersion);
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new ReleaseException("release manifest commit must be 40 lowercase hex digits or 'unknown'");
        }
        if (buildTime == null) {
            throw new ReleaseException("release manifest has no build time");
        }
        if (paramSchema < 1) {
            throw new ReleaseException("release manifest parameter schema must be >= 1");
        }
        files = List.copyOf(files);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (FileEntry f : files) {
            if (!seen.add(f.path()) || f.path().equals(ReleaseBundle.MANIFEST)) {
                throw new ReleaseException("release manifest lists " + f.path() + " twice (or lists itself)");
            }
        }
    }

    public ReleaseVersion releaseVersion() {
        return ReleaseVersion.parse(version);
    }

    public FileEntry file(String path) {
        for (FileEntry f : files) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        return null;
    }

    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", version);
        o.put("commit", commit);
        o.put("build_time", buildTime.toString());
        o.put("min_from_version", minFromVersion);
        o.put("param_schema", paramSchema);
        ArrayNode a = o.putArray("files");
        for (FileEntry f : files) {
            ObjectNode e = a.addObject();
            e.put("path", f.path());
            e.put("mode", String.format("%04o", f.mode()));
            e.put("size", f.size());
            e.put("sha256", f.sha256());
        }
        try {
            String s = JSON.writeValueAsString(o).replace("\r\n", "\n") + "\n";
            return s.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws ReleaseException naming the field that is missing or wrong */
    public static ReleaseManifest parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new ReleaseException("release manifest larger than " + MAX_BYTES + " bytes");
        }
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new ReleaseException("release manifest is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (o == null || !o.isObject()) {
            throw new ReleaseException("release manifest is not a JSON object");
        }
        if (!FORMAT.equals(text(o, "format"))) {
            throw new ReleaseException("release manifest format is '" + text(o, "format") + "', this version reads " + FORMAT);
        }
        Instant built;
        try {
            built = Instant.parse(text(o, "build_time"));
        } catch (DateTimeParseException e) {
            throw new ReleaseException("release manifest build_time is not an ISO-8601 instant");
        }
        JsonNode schema = o.get("param_schema");
        if (schema == null || !schema.canConvertToInt()) {
            throw new ReleaseException("release manifest has no param_schema");
        }
        JsonNode arr = o.get("files");
        if (arr == null || !arr.isArray()) {
            throw new ReleaseException("release manifest has no files list");
        }
        java.util.ArrayList<FileEntry> files = new java.util.ArrayList<>();
        for (JsonNode f : arr) {
            String mode = text(f, "mode");
            if (!mode.matches("0?[0-7]{3}")) {
                throw new ReleaseException("release manifest: bad mode '" + mode + "'");
            }
            JsonNode size = f.get("size");
            if (size == null || !size.canConvertToLong()) {
                throw new ReleaseException("release manifest: file without size");
            }
            files.add(new FileEntry(text(f, "path"), Integer.parseInt(mode, 8), size.asLong(), text(f, "sha256")));
        }
        return new ReleaseManifest(text(o, "version"), text(o, "commit"), built, text(o, "min_from_version"),
                schema.asInt(), files);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new ReleaseException("release manifest has no '" + field + "'");
        }
        return v.asText();
    }
}
