package org.hoverla.core.boot.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hoverla calibrate}. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, description = "Calibrate a sensor or the ESCs on this vehicle (not yet: in progress)")
public final class CalibrateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("calibrate: not yet in Hoverla");
        return VehicleMain.EXIT_FAILURE;
    }
}
