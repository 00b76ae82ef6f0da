package org.hoverla.core.boot.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.BoardFileException;
import org.hoverla.core.boot.BootException;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.boot.VehicleBoot;
import org.hoverla.core.calibration.CalibrationKind;
import org.hoverla.core.calibration.CalibrationOutcome;
import org.hoverla.core.calibration.CalibrationRunner;
import org.hoverla.core.param.persist.ParamFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoverla calibrate KIND --board FILE}: boots the board's devices as {@code run} does (no
 * MAVLink), runs one calibration with the same procedure and {@code [cal]} lines a ground station
 * gets, prints them for the technician, and writes the parameter file once, on success. A second
 * vehicle process on the same board (a running {@code ./hoverla run}) would fight over the buses:
 * stop it first, or calibrate from QGroundControl instead.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate a sensor or the ESCs of this vehicle, as QGroundControl's Sensors/Power pages do.",
                "KIND: gyro (at rest), accel (six sides), mag (six sides, rotating), level (on its gear),",
                "baro (needs a GNSS fix), esc (props off, flight battery disconnected at start)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:calibration done and written to the parameter file",
                "1:calibration failed, cancelled or refused (reason printed); the vehicle could not boot",
                "2:bad command line"})
public final class CalibrateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "gyro, accel, mag, level, baro or esc")
    String kind;

    @Option(names = "--board", required = true, paramLabel = "FILE|PROFILE", description = "The board file or shipped profile.")
    String board;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The vehicle's state directory (default: $HOVERLA_STATE_DIR, else ~/.hoverla/vehicle).")
    Path stateDir;

    @Option(names = "--params", paramLabel = "FILE", description = "Parameter file to update (default: STATE_DIR/params.txt).")
    Path paramsFile;

    @Option(names = "--props-off", description = "ESC only: confirm the propellers are removed (else asked on the console).")
    boolean propsOff;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: 600).")
    double timeoutS = 600;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CalibrationKind k;
        try {
            k = CalibrationKind.fromCliName(kind);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BoardConfig config;
        try {
            config = BoardFile.load(board);
        } catch (BoardFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path state = stateDir != null ? stateDir : RunCommand.defaultStateDir();
        Files.createDirectories(state);
        ParamFile paramFile = new ParamFile(paramsFile != null ? paramsFile : state.resolve("params.txt"));
        boolean confirmed = propsOff;
        if (k == CalibrationKind.ESC && !confirmed) {
            confirmed = askPropsOff(out);
        }
        VehicleBoot.Options options = new VehicleBoot.Options(config, paramFile, s -> { }, List.of(),
                VehicleBoot.unitUid(state), state, line -> {
                    out.println(line);
                    out.flush();
                }, () -> 0);
        Vehicle vehicle;
        try {
            vehicle = VehicleBoot.bootAndStart(options);
        } catch (BootException e) {
            err.println("calibrate: " + e.getMessage());
            return VehicleMain.EXIT_FAILURE;
        }
        CalibrationRunner runner = vehicle.calibration();
        runner.addNarration((severity, text) -> {
            out.println(text);
            out.flush();
        });
        Thread interrupt = new Thread(() -> runner.cancel(vehicle.clock().nanoTime()), "calibrate-cancel");
        Runtime.getRuntime().addShutdownHook(interrupt);
        try {
            CalibrationRunner.Start started = runner.request(k, vehicle.clock().nanoTime(), confirmed);
            if (started == CalibrationRunner.Start.STARTED) {
                long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
                while (runner.running() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                if (runner.running()) {
                    runner.cancel(vehicle.clock().nanoTime());
                }
            }
        } finally {
            VehicleBoot.stop(vehicle, options);
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException e) {
                // shutting down: the hook has run
            }
        }
        CalibrationOutcome outcome = runner.lastOutcome();
        if (outcome != null && outcome.result() == CalibrationOutcome.Result.DONE) {
            out.println(k.cliName + " calibration done" + (outcome.written().isEmpty() ? ""
                    : ": " + outcome.written().size() + " parameters written to " + paramFile.path()));
            out.flush();
            return 0;
        }
        String reason = outcome == null ? "not started" : outcome.reason();
        err.println("calibrate: " + k.cliName + " " + (outcome == null ? "failed"
                : outcome.result().name().toLowerCase(Locale.ROOT)) + ": " + reason + "; parameter file unchanged");
        err.flush();
        return VehicleMain.EXIT_FAILURE;
    }

    /** QGroundControl's ESC page warning, answered on the console. */
    private static boolean askPropsOff(PrintWriter out) throws IOException {
        out.println("WARNING: Propellers must be removed from the vehicle before ESC calibration.");
        out.println("Disconnect the flight battery now. Type 'props off' and Enter to continue:");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line != null && line.trim().equalsIgnoreCase("props off");
    }
}
