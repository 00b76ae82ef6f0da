package org.hoverla.sim.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./hoverla}. Usage errors (unknown options, malformed numbers,
 * impossible values) print one line naming the problem and exit with status 2; failures at run
 * time print one line and exit with status 1; no stack traces reach the user.
 */
@Command(name = "hoverla", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Hoverla flight stack: simulator and tools.",
        subcommands = {SimCommand.class, org.hoverla.core.boot.app.RunCommand.class, org.hoverla.core.boot.app.CalibrateCommand.class, org.hoverla.core.boot.app.SelftestCommand.class, org.hoverla.core.boot.app.UnitCommand.class, org.hoverla.core.boot.app.StatusCommand.class, org.hoverla.core.boot.app.InstallCommand.class, BenchCommand.class, MavlinkBenchCommand.class, SweepCommand.class, ParamsCommand.class, PlanCommand.class, ReplayCommand.class, ReportCommand.class, GnssCommand.class, CampaignCommand.class, org.hoverla.core.boot.app.LogCommand.class, org.hoverla.core.boot.app.FailsafesCommand.class, org.hoverla.core.boot.app.KeysCommand.class},
        // release, update and version run only from the vehicle artifact (the launcher sends them there): each
        // subcommand here is a picocli model every simulator start builds, inside the 32 MB boot budget (EpsilonDemoTest).
        footer = {"", "Also, from the vehicle artifact: release (signed reproducible releases), update (install one A/B,"
                + " with rollback), version (what runs here).", "Run './hoverla COMMAND --help' for the options of a command."})
public final class HoverlaMain implements Runnable {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit status (used by tests, which must not exit the JVM). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HoverlaMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandName();
            ex.getCommandLine().getErr().println(name + ": " + firstLine(ex.getMessage()));
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": error: " + firstLine(String.valueOf(ex.getMessage())));
            return EXIT_FAILURE;
        });
        return cl.execute(args);
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
