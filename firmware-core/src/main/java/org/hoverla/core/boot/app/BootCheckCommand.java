package org.hoverla.core.boot.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.hoverla.core.update.BootCheck;
import org.hoverla.core.update.UpdateLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla boot-check --count-start}: the package's launcher runs it from the package's own
 * jar before handing {@code run} over to {@code current}, so the start of a version on trial is
 * counted (and a crash loop rolled back) by code the update did not bring. Exit 0: start
 * {@code current} (the release's {@code run} then does the self-test and health window without
 * counting again); 3: rolled back, systemd starts the version rolled back to. Not for people.
 */
@Command(name = "boot-check", hidden = true, mixinStandardHelpOptions = true,
        description = "Counts the start of a version on trial before the launcher hands over to it (docs/boot-check.md).")
public final class BootCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--count-start", required = true, description = "Count this start of the version on trial.")
    boolean countStart;

    @Option(names = "--root", paramLabel = "DIR", description = "The install root (default: ${DEFAULT-VALUE}).")
    Path root = Path.of("/");

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        UpdateLayout layout = new UpdateLayout(root);
        BootCheck check = new BootCheck(layout, layout.currentVersion(), layout.paramsFile(), System::nanoTime,
                Instant::now, () -> {
                    throw new IllegalStateException("the self-test runs in the release's own run");
                }, () -> null, line -> {
                    out.println(line);
                    out.flush();
                });
        return check.countStart().exit() ? BootCheck.EXIT_ROLLED_BACK : 0;
    }
}
