package org.hoverla.testdata;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public real-data set (GNSS captures, PX4 flight logs, plan and parameter files) that tests
 * read in place, never copied into the repository.
 *
 * <p>One setting finds it: the environment variable {@code HOVERLA_TESTDATA} (a directory; a
 * relative path is taken from the repository root), defaulting to {@code ../shared/data} beside
 * the repository. Without it the tests that need it are skipped and the build prints one line per
 * module saying how many ({@link TestDataSkipReport}); with {@code HOVERLA_TESTDATA_REQUIRED=1}
 * (CI) they fail instead. {@code testdata/fetch} downloads the set from its public origins at the
 * commits {@code testdata/manifest.tsv} pins.
 *
 * <pre>{@code Path log = TestData.file("ulog/test.ulg");   // verified, or the test is skipped}</pre>
 */
public final class TestData {
    /** The environment variable that points at the data set. */
    public static final String SETTING = "HOVERLA_TESTDATA";
    /** The environment variable that makes an absent data set fail the tests (set by CI). */
    public static final String REQUIRED_SETTING = "HOVERLA_TESTDATA_REQUIRED";

    private static TestDataSet set;

    private TestData() {
    }

    /** The verified path of one file, e.g. {@code TestData.file("missions/qgroundcontrol_sample.plan")}. */
    public static Path file(String file) {
        return set().file(file);
    }

    /** A directory of the set ({@code "missions"}) after all its manifest files were verified. */
    public static Path directory(String subdirectory) {
        return set().directory(subdirectory);
    }

    /** The data set this JVM uses. */
    public static synchronized TestDataSet set() {
        if (set == null) {
            set = create();
        }
        return set;
    }

    /** The advice every skip or failure message carries. */
    static String howToGet(Path repositoryRoot) {
        return "point " + SETTING + " at a copy of the data set, or download it with "
                + repositoryRoot.resolve("testdata/fetch") + " (see testdata/manifest.tsv)";
    }

    /** The repository root: Maven passes it to the tests; otherwise the nearest directory with the manifest. */
    static Path repositoryRoot() {
        String fromBuild = System.getProperty("hoverla.root");
        if (fromBuild != null && !fromBuild.isBlank()) {
            return Path.of(fromBuild).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("testdata/manifest.tsv"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no testdata/manifest.tsv above "
                + Path.of("").toAbsolutePath() + "); run the tests from the repository");
    }

    private static TestDataSet create() {
        Path root = repositoryRoot();
        String setting = System.getenv(SETTING);
        Path directory = setting == null || setting.isBlank()
                ? root.resolveSibling("shared").resolve("data")
                : root.resolve(setting);
        if (setting != null && !setting.isBlank() && !Files.isDirectory(directory)) {
            throw new IllegalStateException(SETTING + "=" + setting + " is not a directory (" + directory + ")");
        }
        String required = System.getenv(REQUIRED_SETTING);
        boolean isRequired = required != null && !required.isBlank() && !required.equals("0");
        return new TestDataSet(directory, root.resolve("testdata/manifest.tsv"), isRequired, howToGet(root));
    }
}
