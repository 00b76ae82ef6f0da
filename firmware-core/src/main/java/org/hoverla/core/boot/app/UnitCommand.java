package org.hoverla.core.boot.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hoverla unit}. */
@Command(name = "unit", mixinStandardHelpOptions = true, description = "Show or export this unit's record (not yet: in progress)")
public final class UnitCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("unit: not yet in Hoverla");
        return VehicleMain.EXIT_FAILURE;
    }
}
