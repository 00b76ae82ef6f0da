package org.hoverla.core.boot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.BoardFileException;
import org.hoverla.core.boot.VehicleBoot;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.selftest.SelfTest;
import org.hoverla.core.selftest.SelfTestCheck;
import org.hoverla.core.selftest.SelfTestReport;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.unit.UnitRecords;
import org.hoverla.core.vehicle.FlightParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoverla selftest --board FILE}: the production self-test of one unit ({@link SelfTest}),
 * one line per check, a final PASS or FAIL, and with {@code --json} one entry appended to the
 * unit record. The vehicle stays disarmed; the outputs carry only the disarmed pulse.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Production self-test of a unit: chip ids, chip self-tests, noise and bias at rest, "
                + "calibration, outputs (disarmed, props off) and flight-loop timing.",
                "FILE is a board file or a shipped profile (bench-fake, bench-fake-faulty, pilotpi, diy-i2c, ...)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every check passed", "1:a check failed, or the unit record could not be written",
                "2:bad command line (or a board that cannot be tested)"})
public final class SelftestCommand implements Callable<Integer> {
    @Option(names = "--board", required = true, paramLabel = "FILE|PROFILE", description = "The board file or shipped profile.")
    String board;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Append this run (identity, parameters, every check) to the unit record FILE.")
    Path json;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The unit's state: parameters (calibration) and UID (default: $HOVERLA_STATE_DIR, else ~/.hoverla/vehicle).")
    Path stateDir;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who signs the record off.")
    String operator = "";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BoardConfig config;
        try {
            config = BoardFile.load(board);
        } catch (BoardFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (config.buses() == BoardConfig.Buses.SIMULATION || config.buses() == BoardConfig.Buses.SIMULATOR_API) {
            throw new CommandLine.ParameterException(spec.commandLine(), board + ": a board with buses: "
                    + config.buses().key() + " has no devices of its own to test (use a board with buses: linux or fake)");
        }
        Path state = stateDir != null ? stateDir : RunCommand.defaultStateDir();
        Files.createDirectories(state);
        long uid = VehicleBoot.unitUid(state);
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        Path paramPath = state.resolve("params.txt");
        if (Files.exists(paramPath)) {
            LoadResult loaded = new ParamFile(paramPath).load(store);
            for (String warning : loaded.warnings()) {
                err.println("selftest: parameters: " + warning);
            }
        }
        SelfTest.Outcome outcome = SelfTest.run(SelfTest.Options.forBoard(config, uid, params, line -> {
            out.println(line);
            out.flush();
        }));
        SelfTestReport report = outcome.report();
        for (String line : format(report.checks())) {
            out.println(line);
        }
        long failed = report.checks().stream().filter(c -> !c.passed()).count();
        out.println(report.passed() ? "PASS: all " + report.checks().size() + " checks passed"
                : "FAIL: " + failed + " of " + report.checks().size() + " checks failed");
        out.flush();
        if (json != null) {
            UnitIdentity identity = new UnitIdentity(uid, config.name(), board, "", outcome.chips());
            try {
                UnitRecords.append(json, UnitRecords.entry("selftest", identity, store, operator == null ? "" : operator,
                        payload(report)));
                out.println("Unit record: entry appended to " + json);
            } catch (IOException | RuntimeException e) {
                err.println("selftest: unit record " + json + " not written: " + e.getMessage());
                return VehicleMain.EXIT_FAILURE;
            }
        }
        return report.passed() ? 0 : VehicleMain.EXIT_FAILURE;
    }

    /** The report as the unit record's payload: board, start time, passed, and every check with all its fields. */
    public static ObjectNode payload(SelfTestReport report) {
        ObjectNode node = new ObjectMapper().valueToTree(report);
        node.put("passed", report.passed());
        return node;
    }

    /** One aligned line per check: PASS/FAIL, device, check, figure, limit, reason. */
    static List<String> format(List<SelfTestCheck> checks) {
        int device = 6;
        int check = 5;
        int figure = 6;
        for (SelfTestCheck c : checks) {
            device = Math.max(device, c.device().length());
            check = Math.max(check, c.check().length());
            figure = Math.min(60, Math.max(figure, c.figure().length()));
        }
        String pattern = "%-4s  %-" + device + "s  %-" + check + "s  %-" + figure + "s  %s";
        List<String> lines = new java.util.ArrayList<>();
        for (SelfTestCheck c : checks) {
            String limit = c.limit().isEmpty() ? "" : "limit " + c.limit();
            String line = String.format(java.util.Locale.ROOT, pattern, c.passed() ? "PASS" : "FAIL", c.device(),
                    c.check(), c.figure(), limit).stripTrailing();
            lines.add(c.passed() ? line : line + "  -- " + c.reason());
        }
        return lines;
    }
}
