package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hoverla.core.calibration.CalibrationKind;
import org.hoverla.core.calibration.CalibrationOutcome;
import org.hoverla.sim.calibration.CalibrationBench;
import org.hoverla.sim.calibration.CalibrationTechnician;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.sensors.SensorErrors;

/**
 * The calibration bench of {@code ./hoverla sim --bench} and {@code --calibrate KIND}: attaches the
 * simulated technician to the simulated vehicle's calibration runner, and runs a calibration
 * headless. Simulator thread.
 */
final class BenchRun {
    /** How long the vehicle boots on the bench before a headless calibration starts (s). */
    static final double BOOT_S = 5.0;

    private BenchRun() {
    }

    /** {@code --technician} names: normal, move, same-side, iron. */
    static CalibrationTechnician.Behaviour behaviour(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> CalibrationTechnician.Behaviour.NORMAL;
            case "move" -> CalibrationTechnician.Behaviour.MOVE_DURING_HOLD;
            case "same-side" -> CalibrationTechnician.Behaviour.SAME_SIDE_TWICE;
            case "iron" -> CalibrationTechnician.Behaviour.IRON_NEAR_MAG;
            default -> throw new IllegalArgumentException(
                    "--technician is normal, move, same-side or iron, not " + name);
        };
    }

    /** {@code --sensor-errors} names: none, demo. */
    static SensorErrors sensorErrors(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> SensorErrors.none();
            case "demo" -> SensorErrors.demo();
            default -> throw new IllegalArgumentException("--sensor-errors is none or demo, not " + name);
        };
    }

    /**
     * Puts the technician at the bench, printing the {@code [cal]} lines unless quiet.
     *
     * @return the bench, or null (with a note) when this build's calibration runner cannot take a listener
     */
    static CalibrationBench attach(LockstepSim sim, CalibrationTechnician.Behaviour behaviour, PrintWriter out,
                                   boolean quiet) {
        CalibrationBench bench;
        try {
            bench = new CalibrationBench(sim, behaviour);
            if (!quiet) {
                bench.listen((severity, text) -> {
                    synchronized (out) {
                        out.printf("[%7.2f s] %s%n", sim.timeS(), text);
                        out.flush();
                    }
                });
            }
        } catch (UnsupportedOperationException e) {
            out.println("Bench: this build has no calibration runner (" + e.getMessage()
                    + "); the vehicle is held on the bench without a technician.");
            return null;
        }
        out.println("Bench: vehicle held level in the calibration fixture, technician " + behaviour.name()
                .toLowerCase(Locale.ROOT).replace('_', ' ') + "; arming releases it.");
        return bench;
    }

    /** Runs {@code kind} headless and prints its outcome; exit status 0 only when it is done. */
    static int calibrate(CalibrationBench bench, CalibrationKind kind, double timeoutS, PrintWriter out) {
        Map<String, Double> expected = bench.sim().config().sensorErrors.any()
                ? bench.sim().config().sensorErrors.expectedParameters() : Map.of();
        bench.stepFor(BOOT_S);
        CalibrationOutcome outcome = bench.run(kind, timeoutS);
        if (outcome == null) {
            out.println("Calibration " + kind.cliName + ": no outcome");
            return HoverlaMain.EXIT_FAILURE;
        }
        out.printf(Locale.ROOT, "Calibration %s: %s%s after %.1f s simulated%n", kind.cliName,
                outcome.result().name().toLowerCase(Locale.ROOT),
                outcome.reason().isEmpty() ? "" : " (" + outcome.reason() + ")", bench.sim().timeS());
        Map<String, Double> written = new TreeMap<>(outcome.written());
        for (Map.Entry<String, Double> e : written.entrySet()) {
            Double known = expected.get(e.getKey());
            if (known == null) {
                out.printf(Locale.ROOT, "  %-16s %12.6f%n", e.getKey(), e.getValue());
            } else {
                out.printf(Locale.ROOT, "  %-16s %12.6f  known error %12.6f  difference %+.6f%n", e.getKey(),
                        e.getValue(), known, e.getValue() - known);
            }
        }
        out.println("Sides presented: " + bench.technician().sidesPresented());
        out.flush();
        return outcome.result() == CalibrationOutcome.Result.DONE ? 0 : HoverlaMain.EXIT_FAILURE;
    }
}
