package org.hoverla.core.boot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hoverla.core.update.RunningRelease;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla version}: what runs on this unit ({@link RunningRelease}): version, git commit,
 * the release key that signed the installed release (or "unsigned development build"), the
 * install root and whether this version is committed or on trial, and the parameter schema.
 * {@code --json} prints the same as one object. Exit 0; 2 for a bad command line. Reads two small
 * files; no vehicle needs to run.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = {"Print what runs here: version, git commit, the signer's release key id (or 'unsigned"
                + " development build'), the A/B install root and whether this version is committed or on trial,"
                + " and the parameter schema (docs/parameter-schema.md)."})
public final class VersionCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** Tests: inspect this jar instead of the running one. */
    @Option(names = "--jar", paramLabel = "JAR", hidden = true)
    Path jar;

    @Override
    public Integer call() throws Exception {
        RunningRelease r = jar == null ? RunningRelease.current()
                : RunningRelease.inspect(jar, org.hoverla.core.mavlink.telemetry.VehicleIdentity.manifestVersion(),
                        org.hoverla.core.BuildInfo.gitCommit());
        if (json) {
            spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(r.toJson()));
        } else {
            for (String line : r.lines()) {
                spec.commandLine().getOut().println(line);
            }
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
