package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogTopic;
import org.hoverla.sim.scenario.DemoFlight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flight log of a simulated demo flight: what it holds, at what rates, and that a seed fixes it. */
class SimFlightLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldLogTheDemoFlightFromBootToDisarmingTheSameWayForTheSameSeed() throws Exception {
        // Given the demo flown twice with seed 7, logging
        Path first = fly(dir.resolve("a"), 7);
        Path second = fly(dir.resolve("b"), 7);

        // Then the two logs are identical byte for byte (file names aside: they carry the wall clock)
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));

        // And the log holds the flight: every topic, at its rate, undamaged, with no dropout
        UlogFile log = UlogReader.read(first);
        assertThat(log.problems()).isEmpty();
        assertThat(log.dropouts()).isEmpty();
        assertThat(log.info()).containsEntry("sys_name", "Hoverla").containsEntry("sys_board", "SITL")
                .containsEntry("sim_seed", "7").containsKey("loop_timing_edges_us");
        assertThat(log.parameters()).containsKeys("SDLOG_MODE", "EST_MAG_DECL", "MPC_XY_VEL_MAX");
        double flightS = log.durationS();
        assertThat(flightS).isBetween(35.0, 70.0);
        assertRate(log, "sensor_combined", 250.0, flightS);
        assertRate(log, "vehicle_attitude", 50.0, flightS);
        assertRate(log, "vehicle_local_position", 50.0, flightS);
        assertRate(log, "vehicle_attitude_groundtruth", 50.0, flightS);
        assertRate(log, "vehicle_local_position_groundtruth", 50.0, flightS);
        assertRate(log, "actuator_outputs", 50.0, flightS);
        assertRate(log, "vehicle_status", 5.0, flightS);
        assertRate(log, "loop_timing", 1.0, flightS);
        for (String topic : List.of("vehicle_air_data", "vehicle_magnetometer", "sensor_gps", "vehicle_global_position",
                "vehicle_attitude_setpoint", "vehicle_rates_setpoint", "trajectory_setpoint", "actuator_motors",
                "battery_status", "vehicle_land_detected", "estimator_status", "estimator_innovations",
                "estimator_innovation_test_ratios", "vehicle_angular_velocity")) {
            assertThat(log.topic(topic, 0)).as(topic).isPresent();
            assertThat(log.topic(topic, 0).get().size()).as(topic).isGreaterThan(10);
        }
        // home is published when set: at least once, with the simulated home
        assertThat(log.column("home_position", 0, "lat")[0]).isCloseTo(new SimConfig().homeLatDeg,
                org.assertj.core.data.Offset.offset(1e-4));
        // from boot (the simulator's SDLOG_MODE default 1): disarmed first, then armed, ending at the disarm
        double[] armed = log.column("vehicle_status", 0, "arming_state");
        assertThat(armed[0]).isEqualTo(1.0);
        assertThat(armed).contains(2.0);
        double[] nav = log.column("vehicle_status", 0, "nav_state");
        assertThat(java.util.Arrays.stream(nav).distinct().boxed().toList()).contains(17.0, 4.0, 18.0);
        // the estimator's innovations were logged as numbers once fusing
        double[] baroInnov = log.column("estimator_innovations", 0, "baro_vpos");
        assertThat(java.util.Arrays.stream(baroInnov).filter(Double::isFinite).count()).isGreaterThan(100);
        // every cycle accounted for in loop_timing's histograms (lockstep: never late)
        UlogTopic timing = log.topic("loop_timing", 0).orElseThrow();
        double cycles = java.util.Arrays.stream(timing.column("cycles")).sum();
        assertThat(cycles).isBetween(flightS * 1000 * 0.9, flightS * 1000 * 1.1);
        assertThat(java.util.Arrays.stream(timing.column("lateness_hist[0]")).sum()).isEqualTo(cycles);
        // the operator messages the ground station saw
        assertThat(log.logMessages()).extracting(UlogFile.LogMessage::text).isNotEmpty();
    }

    private static void assertRate(UlogFile log, String topic, double hz, double flightS) {
        int n = log.topic(topic, 0).orElseThrow(() -> new AssertionError("no " + topic)).size();
        assertThat(n / flightS).as(topic + " rate").isBetween(hz * 0.9, hz * 1.1);
    }

    private static Path fly(Path logDir, long seed) throws Exception {
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        LockstepSim sim = new LockstepSim(config, new FixedTimer());
        sim.startFlightLog(new LogDirectory(logDir));
        DemoFlight demo = new DemoFlight(sim, 10.0, 20.0, 120.0, null);
        while (demo.step()) {
            // lockstep
        }
        sim.closeFlightLog();
        assertThat(demo.phase()).isEqualTo(DemoFlight.Phase.DONE);
        List<LogDirectory.Entry> logs = new LogDirectory(logDir).list();
        assertThat(logs).hasSize(1);
        return logs.get(0).path();
    }

    /** Execution times that do not depend on the machine: the log holds none, but keep the run repeatable. */
    private static final class FixedTimer implements org.hoverla.core.time.Clock {
        private long t;

        @Override
        public long nanoTime() {
            return t += 1000;
        }
    }
}
