package org.hoverla.core.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.DeviceConfig;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.selftest.SelfTest;
import org.hoverla.core.selftest.SelfTestReport;
import org.hoverla.core.vehicle.FlightParams;

/**
 * The production self-test ({@link SelfTest}, as {@code ./hoverla selftest} runs it) cut to what a
 * boot check may run unattended: every sensor's chip id, probe, own self-test, noise, bias and data
 * health at rest, and the calibration's presence, with the unit's parameter file. Left out:
 * <ul>
 *   <li>the PWM outputs (no motors: the boot check drives nothing; the outputs are the vehicle's
 *       once it boots, and they then carry the disarmed pulse);</li>
 *   <li>the self-test's own flight-loop timing run (a second loop beside the vehicle's): the health
 *       window judges the vehicle's real flight loop against the same arming limits instead.</li>
 * </ul>
 * Boot thread, before the vehicle opens the same buses.
 */
public final class BootSelfTest {
    private BootSelfTest() {
    }

    /**
     * @param board      the board file the vehicle boots
     * @param buses      its buses (LinuxBuses, or FakeBuses with the board's faults)
     * @param clock      the at-rest window's time base (the buses' sleeper waits on it)
     * @param liveParams the parameter file the vehicle loads (calibration), or null
     * @param progress   one line per phase
     */
    public static SelfTestReport run(BoardConfig board, SelfTest.BusesFactory buses, LongSupplier clock, Path liveParams,
                                     Consumer<String> progress) throws IOException {
        FlightParams params = new FlightParams(new ParamStore());
        if (liveParams != null && Files.exists(liveParams)) {
            LoadResult loaded = new ParamFile(liveParams).load(params.store);
            for (String warning : loaded.warnings()) {
                progress.accept("selftest: parameters: " + warning);
            }
        }
        SelfTest.Options options = new SelfTest.Options(withoutOutputs(board), buses, buses, clock, params,
                SelfTest.SAMPLE_WINDOW_NS, 0, progress);
        return SelfTest.run(options).report();
    }

    /** The board without its PWM device: the boot check drives no outputs. */
    static BoardConfig withoutOutputs(BoardConfig b) {
        return new BoardConfig(b.name(), b.description(), b.source(), b.buses(), b.simulatorHost(), b.simulatorPort(),
                b.devices().stream().filter(d -> d.role() != DeviceConfig.Role.PWM).toList(), b.mavlink());
    }
}
