package org.hoverla.sim.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hoverla.sim.scenario.ScenarioRunner;

/**
 * Flies the runs of one shard of a campaign, one after the other in index order, in this
 * process. Each run is an independent lockstep flight ({@link ScenarioRunner#run}) with its own
 * simulated vehicle, so runs share no state and a run's line does not depend on which runs came
 * before it. A run that throws becomes a failed run; the campaign goes on.
 *
 * <p>Called from the command's thread; no flight-thread code.
 */
public final class CampaignRunner {
    /** Flies one run; {@link ScenarioRunner#run} in production, a stand-in in tests. */
    @FunctionalInterface
    public interface Flight {
        ScenarioRunner.Result fly(ScenarioRunner.Request request);
    }

    /** The real thing: one deterministic lockstep flight. */
    public static final Flight LOCKSTEP = ScenarioRunner::run;

    private CampaignRunner() {
    }

    /**
     * Runs every run of {@code shard}.
     *
     * @param sink receives each run's JSON line as soon as the run ends (e.g. to write and flush it)
     * @return the lines, in index order
     */
    public static List<String> run(CampaignSpec spec, Shard shard, Flight flight, Consumer<String> sink) {
        List<String> lines = new ArrayList<>();
        for (long i = shard.index(); i < spec.size(); i += shard.count()) {
            CampaignSpec.Run run = spec.run(i);
            String line;
            try {
                ScenarioRunner.Result result = flight.fly(new ScenarioRunner.Request(run.scenario().file(), run.seed(),
                        run.wind().speedMps(), run.wind().fromDeg(), run.paramSet().params()));
                line = result == null ? RunLine.ofException(spec, run, new IllegalStateException("no result"))
                        : RunLine.of(spec, run, result);
            } catch (StackOverflowError | RuntimeException | LinkageError | AssertionError e) {
                // One broken run must not end the campaign; an OutOfMemoryError or an internal VM error
                // still does, as no later run could be trusted after it.
                line = RunLine.ofException(spec, run, e);
            }
            lines.add(line);
            sink.accept(line);
        }
        return lines;
    }
}
