package org.hoverla.core.boot.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hoverla install}: puts the vehicle runtime, its systemd unit and its configuration on a
 * companion computer (placeholder until the deployment work lands).
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Installs the vehicle runtime and its systemd unit on this computer.")
public final class InstallCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("install: not built yet");
        return VehicleMain.EXIT_FAILURE;
    }
}
