package org.hoverla.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * One real test-data set: a directory that may hold the files of a pinned manifest, each checked
 * against its SHA-256 before a test reads it.
 *
 * <p>Three outcomes for a test that asks for a file: the path (present and intact); the test is
 * aborted, so JUnit reports it skipped, when no data directory exists and the data is not
 * required; or an {@link IllegalStateException} naming the file when the directory exists but the
 * file is missing or altered, or when the data is required and absent. A broken data set must
 * fail loudly: only a wholly absent one may skip, and CI makes even that fail.
 *
 * <p>Thread-safe; hashes are computed once per file per JVM.
 */
public final class TestDataSet {
    /** Start of every skip message; {@link TestDataSkipReport} counts the tests aborted with it. */
    public static final String SKIP_PREFIX = "needs the real test data";

    private final Path directory;
    private final boolean directoryExists;
    private final boolean required;
    private final String howToGet;
    private final Map<String, String> sha256ByFile;
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    /**
     * @param directory where the data set should be
     * @param manifest the pinned list (tab-separated: file, sha256, origin, licence; {@code #} comments)
     * @param required whether an absent data set fails the test instead of skipping it
     * @param howToGet the advice printed with every message (how to set or fetch the data)
     */
    public TestDataSet(Path directory, Path manifest, boolean required, String howToGet) {
        this.directory = directory.toAbsolutePath().normalize();
        this.directoryExists = Files.isDirectory(this.directory);
        this.required = required;
        this.howToGet = howToGet;
        this.sha256ByFile = readManifest(manifest);
    }

    /** The data directory this set looks in, whether it exists or not. */
    public Path directory() {
        return directory;
    }

    /** Whether the data directory exists (its files are checked one by one when asked for). */
    public boolean isPresent() {
        return directoryExists;
    }

    /** Every file the manifest lists, as relative paths ({@code ulog/test.ulg}), in manifest order. */
    public List<String> files() {
        return List.copyOf(sha256ByFile.keySet());
    }

    /**
     * The verified path of one file of the set.
     *
     * @param file the file's path inside the set, as the manifest names it ({@code missions/x.plan})
     * @throws org.opentest4j.TestAbortedException (the test is skipped) when the set is absent and
     *         not required
     * @throws IllegalStateException when the file is missing or altered, the set is required and
     *         absent, or the manifest does not list the file
     */
    public Path file(String file) {
        String expected = sha256ByFile.get(file);
        if (expected == null) {
            throw new IllegalStateException("test data file " + file + " is not listed in the manifest; "
                    + "add it with its origin and SHA-256 before a test reads it");
        }
        requirePresent(file);
        Path path = directory.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test data file " + file + " is missing from " + directory + "; " + howToGet);
        }
        verified.computeIfAbsent(file, f -> {
            String actual = sha256(path);
            if (!actual.equals(expected)) {
                throw new IllegalStateException("test data file " + file + " in " + directory
                        + " does not match its pinned SHA-256 (expected " + expected + ", found " + actual
                        + "): it was altered or is another version; " + howToGet);
            }
            return Boolean.TRUE;
        });
        return path;
    }

    /**
     * A directory of the set, after every file the manifest lists under it has been verified:
     * for tests that walk all files of a kind.
     */
    public Path directory(String subdirectory) {
        String prefix = subdirectory.endsWith("/") ? subdirectory : subdirectory + "/";
        List<String> under = new ArrayList<>();
        for (String f : sha256ByFile.keySet()) {
            if (f.startsWith(prefix)) {
                under.add(f);
            }
        }
        if (under.isEmpty()) {
            throw new IllegalStateException("the manifest lists no test data under " + prefix);
        }
        requirePresent(subdirectory);
        for (String f : under) {
            file(f);
        }
        return directory.resolve(subdirectory);
    }

    private void requirePresent(String what) {
        if (directoryExists) {
            return;
        }
        String message = SKIP_PREFIX + " (" + what + "), which is not at " + directory + "; " + howToGet;
        if (required) {
            throw new IllegalStateException(message + " (the data is required here: HOVERLA_TESTDATA_REQUIRED is set)");
        }
        Assumptions.abort(message);
    }

    private static Map<String, String> readManifest(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test-data manifest " + manifest, e);
        }
        Map<String, String> byFile = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 4 || !cols[1].matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(manifest + " line " + (i + 1)
                        + ": expected file, sha256, origin and licence separated by tabs");
            }
            byFile.put(cols[0], cols[1]);
        }
        return byFile;
    }

    private static String sha256(Path path) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test data file " + path, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
