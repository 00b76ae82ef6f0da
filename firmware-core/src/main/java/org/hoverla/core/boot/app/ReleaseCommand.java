package org.hoverla.core.boot.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseContents;
import org.hoverla.core.release.ReleaseException;
import org.hoverla.core.release.ReleaseKeyFiles;
import org.hoverla.core.release.ReleaseManifest;
import org.hoverla.core.release.ReleaseWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla release}: builds a signed, reproducible release bundle of the vehicle artifact
 * from the committed HEAD of the repository (docs/releases.md). The wiring only: git and Maven
 * run as child processes; what goes into the bundle and how it is signed is decided by
 * {@link ReleaseContents} and written by {@link ReleaseWriter}. Exit 0 done, 1 refused or failed
 * (one line), 2 bad command line. Runs on the command's thread; not a vehicle command (it is in
 * the vehicle jar because the launcher routes there).
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = {"Builds the vehicle artifact from the committed HEAD (a fresh git clone, Maven with the commit's time as"
                + " project.build.outputTimestamp) and writes DIR/hoverla-VERSION.tar, .tar.minisig (minisign legacy"
                + " signature), .manifest.json and .cdx.json (CycloneDX SBOM). Refuses uncommitted changes to tracked files.",
            "Verify with: minisign -Vm DIR/hoverla-VERSION.tar -p hoverla.pub"},
        subcommands = {ReleaseCommand.Keygen.class})
public final class ReleaseCommand implements Callable<Integer> {
    /** Environment variable with extra Maven arguments (split on white space), before any --maven-arg. */
    public static final String MVN_ARGS_ENV = "HOVERLA_RELEASE_MVN_ARGS";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", paramLabel = "KEYFILE",
            description = "Required: the release secret key (hoverla.key from 'release keygen'; mode 0600).")
    Path key;

    @Option(names = "--out", paramLabel = "DIR", description = "Required: where the bundle and its companions go (created).")
    Path out;

    @Option(names = "--maven-arg", paramLabel = "ARG",
            description = "An extra Maven argument, e.g. -o or -Dmaven.repo.local=DIR (repeatable; after $" + MVN_ARGS_ENV + ").")
    List<String> mavenArgs = new ArrayList<>();

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The repository to release (default: the one this launcher/jar lives in).")
    Path repo;

    @Option(names = "--mvn", paramLabel = "EXE", defaultValue = "mvn",
            description = "The Maven executable (default: ${DEFAULT-VALUE} on PATH), e.g. a wrapper.")
    String mvnExecutable = "mvn";

    @Option(names = "--keep-build", description = "Keep the temporary clone (its path is printed) instead of deleting it.")
    boolean keepBuild;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (key == null || out == null) {
            // Not picocli-required: that would demand them for 'release keygen' too.
            throw new CommandLine.ParameterException(spec.commandLine(), "give --key KEYFILE and --out DIR (or the keygen subcommand)");
        }
        Minisign.KeyPair k = ReleaseKeyFiles.readSecret(key);
        Path root = repo != null ? repo.toAbsolutePath().normalize() : defaultRepo();
        String dirty = git(root, "status", "--porcelain", "--untracked-files=no");
        if (!dirty.isBlank()) {
            err.println("release: refused: " + root + " has uncommitted changes to tracked files ("
                    + dirty.lines().count() + "); commit or stash them: a release is built from a commit");
            return VehicleMain.EXIT_FAILURE;
        }
        String commit = git(root, "rev-parse", "HEAD").trim();
        Instant commitTime = Instant.ofEpochSecond(Long.parseLong(git(root, "show", "-s", "--format=%ct", "HEAD").trim()));
        Files.createDirectories(out);
        // TMPDIR as the shell tools honour it (the JVM's java.io.tmpdir does not): where the clone is built.
        String tmp = System.getenv("TMPDIR");
        Path work = tmp != null && Files.isDirectory(Path.of(tmp))
                ? Files.createTempDirectory(Path.of(tmp), "hoverla-release-") : Files.createTempDirectory("hoverla-release-");
        try {
            Path src = work.resolve("src");
            run(work, null, "git", "clone", "-q", "--no-checkout", root.toString(), src.toString());
            run(work, null, "git", "-C", src.toString(), "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", commit);
            ReleaseContents.PomInfo pom = ReleaseContents.readPom(src.resolve("pom.xml"));
            Path log = out.toAbsolutePath().resolve(org.hoverla.core.release.ReleaseBundle.baseName(pom.version()) + ".build.log");
            List<String> mvn = mavenCommand(commitTime, System.getenv(MVN_ARGS_ENV), mavenArgs);
            mvn.set(0, mvnExecutable);
            o.println("release: building " + pom.version() + " at " + commit + " (" + commitTime + ") in " + src);
            o.flush();
            int rc = run(src, log, mvn.toArray(String[]::new));
            if (rc != 0) {
                err.println("release: build failed (mvn exit " + rc + "); see " + log);
                return VehicleMain.EXIT_FAILURE;
            }
            if (!Files.isRegularFile(src.resolve(ReleaseContents.SBOM_BUILT))) {
                err.println("release: the build wrote no SBOM (" + ReleaseContents.SBOM_BUILT + "): cyclonedx-maven-plugin skips"
                        + " makeBom when Maven runs offline (-o), so run the release without -o; see " + log);
                return VehicleMain.EXIT_FAILURE;
            }
            ReleaseManifest template = ReleaseContents.template(pom, commit, commitTime);
            ReleaseWriter.Result r = ReleaseWriter.write(out, k, template, ReleaseContents.sources(src));
            for (ReleaseWriter.Written w : r.files()) {
                o.println(w.sha256() + "  " + w.file());
            }
            o.println("signed by release key " + r.keyIdHex() + "; verify: minisign -Vm " + r.files().get(0).file()
                    + " -p hoverla.pub");
            return 0;
        } finally {
            if (keepBuild) {
                o.println("release: build tree kept in " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    /**
     * The Maven command line of a release build: the vehicle module and what it needs, tests
     * skipped (CI runs them), the {@code release} profile (SBOM), the commit's time as every
     * archive entry's time; the environment's and then the option's extra arguments last.
     */
    static List<String> mavenCommand(Instant commitTime, String envArgs, List<String> extra) {
        List<String> c = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-DskipTests", "-Prelease",
                "-Dproject.build.outputTimestamp=" + commitTime, "package", "-pl", "firmware-core", "-am"));
        if (envArgs != null && !envArgs.isBlank()) {
            c.addAll(List.of(envArgs.trim().split("\\s+")));
        }
        c.addAll(extra);
        return c;
    }

    private Path defaultRepo() throws IOException, InterruptedException {
        try {
            Path jar = Path.of(ReleaseCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // .../REPO/firmware-core/target/hoverla-vehicle.jar (or .../target/classes in tests)
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of(git(Path.of("").toAbsolutePath(), "rev-parse", "--show-toplevel").trim());
    }

    /** Runs git and returns its output; a failure is one line naming the command. */
    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("git", "-C", dir.toString()));
        c.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new ReleaseException("git " + String.join(" ", args) + " in " + dir + " failed: "
                    + text.lines().findFirst().orElse("(no output)"));
        }
        return text;
    }

    /**
     * Runs a build step in a normalised environment (UTC, C.UTF-8 locale, umask 022): the
     * bundle must not depend on the build machine's time zone, language or umask.
     * Output goes to {@code log} (replaced) or, when null, is shown only on failure.
     */
    private static int run(Path dir, Path log, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("sh", "-c", "umask 022 && exec \"$@\"", "sh"));
        c.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("TZ", "UTC");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("MAVEN_OPTS", (env.getOrDefault("MAVEN_OPTS", "") + " -Duser.timezone=UTC -Dfile.encoding=UTF-8").trim());
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            return pb.start().waitFor();
        }
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new ReleaseException(String.join(" ", command) + " failed: " + text.lines().findFirst().orElse("(no output)"));
        }
        return rc;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** {@code hoverla release keygen --out DIR}: a new release key pair. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Writes a new Ed25519 release key: DIR/hoverla.key (secret, mode 0600, never printed) and"
                    + " DIR/hoverla.pub (minisign public-key file, 0644). Never overwrites a key.",
                "Not the MAVLink signing keys of 'hoverla keys' (different purpose, different files)."})
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the two files go (created).")
        Path out;

        @Override
        public Integer call() throws IOException {
            Minisign.KeyPair k = Minisign.generate(new SecureRandom());
            ReleaseKeyFiles.write(out, k);
            PrintWriter o = spec.commandLine().getOut();
            o.println("release key " + k.publicPart().keyIdHex());
            o.println("secret key: " + out.resolve(ReleaseKeyFiles.SECRET) + " (mode 0600; keep it off the vehicles)");
            o.println("public key: " + out.resolve(ReleaseKeyFiles.PUBLIC) + " (give to vehicles and to minisign -p)");
            return 0;
        }
    }
}
