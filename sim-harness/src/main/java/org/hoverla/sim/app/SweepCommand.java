package org.hoverla.sim.app;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.lockstep.SimConfig;
import org.hoverla.sim.scenario.DemoFlight;
import org.hoverla.sim.scenario.FlightMetrics;

/**
 * {@code ./hoverla sweep}: flies the demo once per seed and prints the distribution of the
 * truth and estimator figures, so a change is judged on many noise realisations rather than
 * on the one a test pins.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Fly the demo flight for seeds 1..N and print per-seed figures with median, 90th percentile "
                + "and maximum, and how many seeds break the closed-loop bounds (hover RMS 0.5 m, landing 1 m, "
                + "overshoot 1 m)."})
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--seeds", paramLabel = "N", description = "Seeds 1..N, N in 1..1000 (default: ${DEFAULT-VALUE}).")
    int seeds = 20;

    @Option(names = "--wind", paramLabel = "SPEED,DIR", converter = SimOptions.WindConverter.class,
            description = "Wind as for 'sim' (default: 5,270).")
    SimOptions.Wind wind = new SimOptions.Wind(5.0, 270.0);

    @Option(names = "--gnss-drift", paramLabel = "METRES",
            description = "Slow GNSS error sigma as for 'sim', 0..10 m (default: 0.3).")
    double gnssDriftM = SimConfig.DEFAULT_GNSS_DRIFT_M;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Set a flight parameter for every flight (repeatable), e.g. --param EST_TYPE=0.")
    java.util.List<String> params = new java.util.ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (seeds < 1 || seeds > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be 1..1000, not " + seeds);
        }
        if (!(gnssDriftM >= 0.0 && gnssDriftM <= 10.0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gnss-drift must be 0..10 m");
        }
        PrintWriter out = spec.commandLine().getOut();
        String[] names = {"hover_rms_m", "hover_track_m", "landing_m", "landing_net_m", "overshoot_m", "roll_rms_deg",
            "pitch_rms_deg", "yaw_rms_deg", "pos_h_rms_m", "vel_rms_mps"};
        double[][] v = new double[names.length][seeds];
        int failedFlights = 0;
        int outOfBounds = 0;
        out.printf("Demo sweep: seeds 1..%d, wind %.1f m/s from %.0f deg, GNSS drift %.2f m, parameters %s%n", seeds,
                wind.speedMps(), wind.fromDeg(), gnssDriftM, params.isEmpty() ? "default" : String.join(" ", params));
        out.printf("%5s %-6s", "seed", "result");
        for (String n : names) {
            out.printf(" %13s", n);
        }
        out.println();
        for (int s = 1; s <= seeds; s++) {
            SimConfig c = new SimConfig();
            c.seed = s;
            c.windSpeedMps = wind.speedMps();
            c.windFromDeg = wind.fromDeg();
            c.setGnssDrift(gnssDriftM);
            LockstepSim sim = new LockstepSim(c);
            SimOptions.applyParams(sim.params(), params, spec.commandLine());
            DemoFlight flight = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
            while (flight.step()) {
                // flying
            }
            FlightMetrics m = flight.metrics();
            double[] row = {m.hoverPosRmsM(), m.hoverTrackRmsM(), flight.landingErrorM(),
                    flight.landingErrorNetOfGnssDriftM(), m.maxAltOvershootM(),
                    m.rollErrRmsDeg(), m.pitchErrRmsDeg(), m.yawErrRmsDeg(), m.posErrRmsM(), m.velErrRmsMps()};
            boolean ok = flight.phase() == DemoFlight.Phase.DONE;
            failedFlights += ok ? 0 : 1;
            if (!ok || !(row[0] < 0.5 && row[2] < 1.0 && row[4] < 1.0)) {
                outOfBounds++;
            }
            out.printf("%5d %-6s", s, ok ? "ok" : "FAILED");
            for (int i = 0; i < names.length; i++) {
                v[i][s - 1] = row[i];
                out.printf(" %13.3f", row[i]);
            }
            out.println();
            out.flush();
        }
        for (String label : new String[] {"median", "p90", "max"}) {
            out.printf("%-12s", label);
            for (double[] column : v) {
                double[] sorted = column.clone();
                Arrays.sort(sorted);
                int idx = label.equals("median") ? sorted.length / 2
                        : label.equals("p90") ? (int) Math.ceil(0.9 * sorted.length) - 1 : sorted.length - 1;
                out.printf(" %13.3f", sorted[idx]);
            }
            out.println();
        }
        out.printf("Flights failed: %d of %d; outside the closed-loop bounds: %d of %d%n", failedFlights, seeds,
                outOfBounds, seeds);
        return failedFlights == 0 ? 0 : HoverlaMain.EXIT_FAILURE;
    }
}
