package org.hoverla.core.boot.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.hoverla.core.boot.NativeCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla natives}: loads the native libraries the vehicle artifact carries (Netty epoll,
 * jSerialComm, JNA, Pi4J linuxfs and gpiod) on this machine and prints one line each, as
 * {@code run} does at boot. With {@code --require} a library that should load here and does not
 * makes the exit status 1: CI runs it under each target JVM so that a missing or wrong native
 * fails the build, not the first drone.
 */
@Command(name = "natives", mixinStandardHelpOptions = true,
        description = {"Load the vehicle's native libraries on this machine and say which loaded.",
                "Pi4J ships its libraries for armhf and aarch64 only: elsewhere they are reported as not shipped, "
                        + "which is not a failure."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every library expected here loaded (or --require not given)",
                "1:--require given and a library is missing"})
public final class NativesCommand implements Callable<Integer> {

    @Option(names = "--require", description = "Exit 1 when a library expected on this platform did not load.")
    boolean require;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = NativeCheck.report(out::println);
        out.flush();
        if (!ok && require) {
            spec.commandLine().getErr().println("natives: a native library is missing on "
                    + new NativeCheck().platform() + " (see the MISSING line above)");
            return VehicleMain.EXIT_FAILURE;
        }
        return 0;
    }
}
