package org.hoverla.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class TestDataSetTest {
    // sha256("hello\n") and sha256("world\n")
    private static final String HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
    private static final String WORLD = "e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317";
    private static final String ADVICE = "set HOVERLA_TESTDATA";

    @TempDir
    Path tmp;
    private Path manifest;
    private Path data;

    @BeforeEach
    void writeManifestAndData() throws Exception {
        manifest = tmp.resolve("manifest.tsv");
        Files.writeString(manifest, "# file sha256 origin licence\n"
                + "logs/a.txt\t" + HELLO + "\towner/repo@abc:a.txt\tMIT\n"
                + "logs/b.txt\t" + WORLD + "\towner/repo@abc:b.txt\tMIT\n"
                + "plans/c.txt\t" + HELLO + "\towner/repo@abc:c.txt\tMIT\n");
        data = tmp.resolve("data");
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/a.txt"), "hello\n");
        Files.writeString(data.resolve("logs/b.txt"), "world\n");
    }

    @Test
    void shouldHandOutAnIntactFile() {
        // Given a set whose file matches its pinned hash
        TestDataSet set = new TestDataSet(data, manifest, false, ADVICE);

        // When asked for it / Then its path comes back
        assertThat(set.file("logs/a.txt")).isEqualTo(data.resolve("logs/a.txt").toAbsolutePath());
        assertThat(set.directory("logs")).isEqualTo(data.resolve("logs").toAbsolutePath());
        assertThat(set.files()).containsExactly("logs/a.txt", "logs/b.txt", "plans/c.txt");
    }

    @Test
    void shouldSkipTheTestWhenTheWholeSetIsAbsent() {
        // Given no data directory and no requirement
        TestDataSet set = new TestDataSet(tmp.resolve("nowhere"), manifest, false, ADVICE);

        // Then asking aborts the test (JUnit reports it skipped), saying where it looked and what to do
        assertThat(set.isPresent()).isFalse();
        assertThatThrownBy(() -> set.file("logs/a.txt")).isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith(TestDataSet.SKIP_PREFIX)
                .hasMessageContaining("logs/a.txt").hasMessageContaining("nowhere").hasMessageContaining(ADVICE);
    }

    @Test
    void shouldFailInsteadOfSkippingWhenTheSetIsRequired() {
        // Given no data directory where CI requires one
        TestDataSet set = new TestDataSet(tmp.resolve("nowhere"), manifest, true, ADVICE);

        // Then the test fails, naming the requirement
        assertThatThrownBy(() -> set.file("logs/a.txt")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HOVERLA_TESTDATA_REQUIRED");
    }

    @Test
    void shouldFailNamingAFileMissingFromAPresentSet() {
        // Given a data directory without plans/c.txt
        TestDataSet set = new TestDataSet(data, manifest, false, ADVICE);

        // Then the file and the directory are named, and the directory check fails the same way
        assertThatThrownBy(() -> set.file("plans/c.txt")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plans/c.txt is missing from " + data.toAbsolutePath()).hasMessageContaining(ADVICE);
    }

    @Test
    void shouldFailNamingAnAlteredFile() throws Exception {
        // Given a file whose bytes differ from the pinned version
        Files.write(data.resolve("logs/b.txt"), "w0rld\n".getBytes(StandardCharsets.UTF_8));
        TestDataSet set = new TestDataSet(data, manifest, false, ADVICE);

        // Then both hashes are named, and the intact sibling is still handed out
        assertThatThrownBy(() -> set.file("logs/b.txt")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("logs/b.txt").hasMessageContaining("expected " + WORLD)
                .hasMessageContaining("does not match its pinned SHA-256");
        assertThatThrownBy(() -> set.directory("logs")).hasMessageContaining("logs/b.txt");
        assertThat(set.file("logs/a.txt")).exists();
    }

    @Test
    void shouldRefuseAFileTheManifestDoesNotList() {
        TestDataSet set = new TestDataSet(data, manifest, false, ADVICE);

        assertThatThrownBy(() -> set.file("logs/unlisted.txt")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not listed in the manifest");
    }

    @Test
    void shouldNameTheBadLineOfABrokenManifest() throws Exception {
        Files.writeString(manifest, "logs/a.txt\tnot-a-hash\torigin\tMIT\n");

        assertThatThrownBy(() -> new TestDataSet(data, manifest, false, ADVICE))
                .hasMessageContaining("line 1");
    }

    @Test
    void shouldPinEveryFileOfTheRepositorysManifest() {
        // Given the repository's own manifest, Then each line parses and names a file once
        TestDataSet set = new TestDataSet(tmp, TestData.repositoryRoot().resolve("testdata/manifest.tsv"), false, ADVICE);
        assertThat(set.files()).contains("ulog/test.ulg", "missions/qgroundcontrol_sample.plan",
                "params/TradHeli_Copter36_Setup-QGC.params", "gnss/ublox-neo-m8n.log").doesNotHaveDuplicates();
    }

    @Test
    void shouldSayHowManyWereSkippedAndHowToGetTheData() {
        assertThat(TestDataSkipReport.line(12, "mission", Path.of("/w/shared/data"), ADVICE))
                .isEqualTo("[test data] 12 tests skipped in mission: no real test data at /w/shared/data; " + ADVICE);
        assertThat(TestDataSkipReport.line(1, "hal", Path.of("/d"), ADVICE)).startsWith("[test data] 1 test skipped");
    }
}
