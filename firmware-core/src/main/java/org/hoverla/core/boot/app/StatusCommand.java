package org.hoverla.core.boot.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hoverla status}: connects to a running vehicle over MAVLink and prints its state and
 * its loop timing health (placeholder until the timing-health work lands).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints a running vehicle's state and loop timing health, read over MAVLink.")
public final class StatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("status: not built yet");
        return VehicleMain.EXIT_FAILURE;
    }
}
