package org.hoverla.core.boot.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the vehicle artifact ({@code hoverla-vehicle.jar}, what a companion computer
 * runs): the commands that live with the boot code. Usage errors print one line and exit 2, run
 * time failures print one line and exit 1, as the developer CLI does.
 */
@Command(name = "hoverla", mixinStandardHelpOptions = true, versionProvider = VehicleVersion.class,
        description = "Hoverla vehicle runtime: boots a vehicle from a board file.",
        subcommands = {RunCommand.class, CalibrateCommand.class, SelftestCommand.class, UnitCommand.class,
                StatusCommand.class, InstallCommand.class, NativesCommand.class, LogCommand.class,
                FailsafesCommand.class, KeysCommand.class, ReleaseCommand.class, UpdateCommand.class, VersionCommand.class,
                BootCheckCommand.class},
        footer = {"", "Run 'hoverla COMMAND --help' for the options of a command."})
public final class VehicleMain implements Runnable {
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

    /** Runs the command line and returns the exit status (tests call this; it never exits the JVM). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new VehicleMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getCommandLine().getCommandName() + ": " + firstLine(ex.getMessage()));
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
