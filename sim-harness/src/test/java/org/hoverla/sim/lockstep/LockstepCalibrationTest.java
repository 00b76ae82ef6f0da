package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.calibration.CalibrationKind;
import org.hoverla.core.calibration.CalibrationOutcome;
import org.hoverla.core.time.SystemClock;
import org.junit.jupiter.api.Test;

/** The vehicle's calibration runner stepped by the lockstep simulator after each flight cycle. */
class LockstepCalibrationTest {

    private static double[] gyroCalibration(List<String> lines) {
        LockstepSim sim = new LockstepSim(new SimConfig(), SystemClock.INSTANCE);
        sim.runtime().calibration().addNarration((severity, text) -> lines.add(text));
        for (int i = 0; i < 500; i++) {
            sim.step(); // the sensors settle on the ground
        }
        sim.runtime().calibration().start(CalibrationKind.GYRO, sim.nowNs());
        assertThat(sim.stack().bus().sensorCalibrating).isTrue();
        for (int i = 0; i < 5000 && sim.runtime().calibration().running(); i++) {
            sim.step();
        }
        CalibrationOutcome outcome = sim.runtime().calibration().lastOutcome();
        assertThat(outcome.result()).as(outcome.reason()).isEqualTo(CalibrationOutcome.Result.DONE);
        assertThat(sim.stack().bus().sensorCalibrating).isFalse();
        return new double[] {sim.params().find("CAL_GYRO0_XOFF").doubleValue(),
            sim.params().find("CAL_GYRO0_YOFF").doubleValue(), sim.params().find("CAL_GYRO0_ZOFF").doubleValue()};
    }

    @Test
    void shouldRunAGyroCalibrationOnTheSimThreadAndRepeatItExactly() {
        // Given a simulated vehicle at rest on the ground, twice with the same seed
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        // When a gyro calibration runs in lockstep
        double[] a = gyroCalibration(first);
        double[] b = gyroCalibration(second);
        // Then it completes into the simulated IMU's slot, and both runs are identical
        assertThat(first.get(0)).isEqualTo("[cal] calibration started: 2 gyro");
        assertThat(first.get(first.size() - 1)).isEqualTo("[cal] calibration done: gyro");
        assertThat(second).isEqualTo(first);
        assertThat(b).isEqualTo(a);
        for (double v : a) {
            assertThat(Math.abs(v)).isLessThan(0.1);
        }
    }
}
