package org.hoverla.core.boot.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hoverla selftest}. */
@Command(name = "selftest", mixinStandardHelpOptions = true, description = "Production self-test of a board (not yet: in progress)")
public final class SelftestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("selftest: not yet in Hoverla");
        return VehicleMain.EXIT_FAILURE;
    }
}
