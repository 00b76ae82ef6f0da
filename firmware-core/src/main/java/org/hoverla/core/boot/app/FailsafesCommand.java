package org.hoverla.core.boot.app;

import org.hoverla.core.failsafe.FailsafeTable;
import org.hoverla.core.failsafe.FailsafeTableReport;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.vehicle.FlightParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./hoverla failsafes}: prints the failsafe table as the parameters configure it (the
 * defaults, a parameter file, and {@code --param NAME=VALUE} overrides on top), and any
 * contradiction among them. Exit status: 0 consistent, 2 bad input (missing file, unknown name,
 * refused value, contradictory parameters).
 */
@Command(name = "failsafes", mixinStandardHelpOptions = true,
        description = {"Print the failsafe table: trigger, action, delay, excepted modes, recovery, parameters.",
                "Parameters: the defaults, then --params FILE, then each --param NAME=VALUE."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:table consistent", "2:bad input (missing file, unknown parameter, refused value, contradictory parameters)"})
public final class FailsafesCommand implements Callable<Integer> {
    @Option(names = "--params", paramLabel = "FILE", description = "Hoverla parameter file (as ./hoverla params writes it).")
    Path paramsFile;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Set one parameter (repeatable).")
    List<String> overrides = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        FlightParams params = new FlightParams(new ParamStore());
        if (paramsFile != null) {
            if (!Files.isRegularFile(paramsFile)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such parameter file: " + paramsFile);
            }
            LoadResult r = new ParamFile(paramsFile).load(params.store);
            for (String w : r.warnings()) {
                spec.commandLine().getErr().println("failsafes: warning: " + w);
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + o + ": expected NAME=VALUE");
            }
            String name = o.substring(0, eq).trim();
            Param p = params.store.find(name);
            if (p == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + o + ": unknown parameter " + name);
            }
            double value;
            try {
                value = Double.parseDouble(o.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + o + ": not a number");
            }
            SetResult result = params.store.set(name, value);
            if (result != SetResult.OK) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + o + ": refused ("
                        + result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
            }
        }
        spec.commandLine().getOut().print(FailsafeTableReport.render(params));
        spec.commandLine().getOut().flush();
        FailsafeTable t = new FailsafeTable();
        org.hoverla.core.failsafe.FailsafeParams.fill(params, t);
        return t.contradiction().isEmpty() ? 0 : VehicleMain.EXIT_USAGE;
    }
}
