package org.hoverla.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testdata/fetch}, the repository's own script, run by bash against a two-file manifest,
 * with a stand-in {@code curl} on the PATH that serves files from a local "origin" directory laid
 * out as {@code repository/commit/path} (the machines that run the tests have no network).
 */
class FetchScriptTest {
    // sha256("hello\n") and sha256("world\n")
    private static final String HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
    private static final String WORLD = "e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317";

    @TempDir
    Path tmp;
    private Path script;
    private Path origin;
    private Path bin;
    private String output;

    @BeforeEach
    void layOutARepositoryAndAnOrigin() throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("testdata"));
        script = repo.resolve("testdata/fetch");
        Files.copy(TestData.repositoryRoot().resolve("testdata/fetch"), script, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(repo.resolve("testdata/manifest.tsv"), "# file sha256 origin licence\n"
                + "logs/a.txt\t" + HELLO + "\towner/one@c0ffee:data/a.txt\tMIT\n"
                + "plans/b.txt\t" + WORLD + "\towner/two@beef42:b.txt\tBSD-3-Clause\n");
        origin = tmp.resolve("origin");
        serve("owner/one/c0ffee/data/a.txt", "hello\n");
        serve("owner/two/beef42/b.txt", "world\n");
        // curl -fsSL --retry 2 --connect-timeout 15 -o FILE URL: copy the URL's path from the origin.
        bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path curl = bin.resolve("curl");
        Files.writeString(curl, "#!/usr/bin/env bash\n"
                + "out=; url=\n"
                + "while (( $# )); do case \"$1\" in -o) out=\"$2\"; shift 2;; --retry|--connect-timeout) shift 2;;"
                + " -*) shift;; *) url=\"$1\"; shift;; esac; done\n"
                + "src=\"" + origin + "/${url#https://raw.githubusercontent.com/}\"\n"
                + "[[ -f \"$src\" ]] || { echo \"curl: (22) 404 $url\" >&2; exit 22; }\n"
                + "cp \"$src\" \"$out\"\n");
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void shouldDownloadEveryPinnedFileAndKeepIntactOnesOnTheNextRun() throws Exception {
        // Given an empty place for the data
        Path data = tmp.resolve("shared/data");

        // When fetched twice
        int first = fetch(data.toString());
        String firstOutput = output;
        int second = fetch(data.toString());

        // Then the files are there with their pinned bytes, read-only, and the second run downloads nothing
        assertThat(first).as(firstOutput).isZero();
        assertThat(Files.readString(data.resolve("logs/a.txt"))).isEqualTo("hello\n");
        assertThat(Files.readString(data.resolve("plans/b.txt"))).isEqualTo("world\n");
        assertThat(firstOutput).contains("plans/b.txt: fetched (BSD-3-Clause, owner/two@beef42)")
                .contains("2 files intact in " + data + " (2 fetched, 0 already there)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("logs/a.txt"))))
                .doesNotContain("w");
        assertThat(second).isZero();
        assertThat(output).contains("(0 fetched, 2 already there)");
        assertThat(new TestDataSet(data, script.resolveSibling("manifest.tsv"), true, "").directory("plans"))
                .isDirectory();
    }

    @Test
    void shouldRefuseADownloadThatDoesNotMatchItsPin() throws Exception {
        // Given an origin that now serves other bytes for b.txt
        serve("owner/two/beef42/b.txt", "w0rld\n");
        Path data = tmp.resolve("data");

        // When fetched
        int status = fetch(data.toString());

        // Then it fails naming the file and both hashes, and writes no altered file
        assertThat(status).isEqualTo(1);
        assertThat(output).contains("plans/b.txt: https://raw.githubusercontent.com/owner/two/beef42/b.txt has SHA-256")
                .contains("pinned " + WORLD);
        assertThat(data.resolve("plans/b.txt")).doesNotExist();
        assertThat(data.resolve("plans/b.txt.part")).doesNotExist();
        assertThat(data.resolve("logs/a.txt")).hasContent("hello");
    }

    @Test
    void shouldFailClearlyAndLeaveNoEmptyDirectoryWithoutNetwork() throws Exception {
        // Given an origin that cannot be reached
        Files.walk(origin).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Path data = tmp.resolve("beside/shared/data");

        // When fetched
        int status = fetch(data.toString());

        // Then it says which file it could not download, and leaves nothing the tests would take for a broken set
        assertThat(status).isEqualTo(1);
        assertThat(output).contains("logs/a.txt: cannot download https://raw.githubusercontent.com/owner/one/c0ffee/data/a.txt");
        assertThat(tmp.resolve("beside")).doesNotExist();
    }

    @Test
    void shouldNameEveryMissingOrAlteredFileWhenChecking() throws Exception {
        // Given a data directory with a.txt altered and b.txt missing
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/a.txt"), "jello\n");

        // When checked
        int status = fetch("--check", data.toString());

        // Then both are named and nothing is downloaded
        assertThat(status).isEqualTo(1);
        assertThat(output).contains("logs/a.txt: altered (SHA-256 ").contains("pinned " + HELLO)
                .contains("plans/b.txt: missing from " + data).contains("2 file(s) missing or altered");
        assertThat(data.resolve("plans")).doesNotExist();
        assertThat(fetch("--check", tmp.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(output).contains("no test data at");
    }

    private void serve(String path, String content) throws IOException {
        Path file = origin.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private int fetch(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("HOVERLA_TESTDATA");
        Process p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
