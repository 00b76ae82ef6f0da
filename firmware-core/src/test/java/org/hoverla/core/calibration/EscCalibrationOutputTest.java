package org.hoverla.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.hoverla.core.boot.PwmMotorOutputs;
import org.hoverla.core.msg.PwmPulses;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.vehicle.PwmParams;
import org.junit.jupiter.api.Test;

/** ESC calibration's pulses on the PWM outputs, and the all-or-nothing parameter store. */
class EscCalibrationOutputTest {

    @Test
    void shouldPutEveryChannelAtItsMaximumThenMinimumPulseWhileDisarmed() {
        // Given PWM outputs with PX4's ranges, channel 2 narrowed
        ParamStore store = new ParamStore();
        PwmParams params = new PwmParams(store);
        params.maxUs[1].set(1900);
        params.minUs[1].set(1100);
        PwmMotorOutputs outputs = new PwmMotorOutputs(4, params, () -> 0L);
        org.hoverla.core.bus.Subscription<PwmPulses> sub = outputs.subscribe();
        PwmPulses seen = new PwmPulses();
        // When ESC calibration asks for the maximum, then the minimum
        outputs.writeCalibration(new double[] {1, 1, 1, 1});
        sub.copy(seen);
        // Then every channel sits at its PWM_MAIN_MAXn, then PWM_MAIN_MINn, never flagged armed
        assertThat(new int[] {seen.pulsesUs[0], seen.pulsesUs[1], seen.pulsesUs[2], seen.pulsesUs[3]})
                .containsExactly(2000, 1900, 2000, 2000);
        assertThat(seen.armed).isFalse();
        outputs.writeCalibration(new double[] {0, 0, 0, 0});
        sub.copy(seen);
        assertThat(new int[] {seen.pulsesUs[0], seen.pulsesUs[1], seen.pulsesUs[2], seen.pulsesUs[3]})
                .containsExactly(1000, 1100, 1000, 1000);
    }

    @Test
    void shouldWriteAllValuesOrNoneAndSaveOnce() {
        // Given the calibration parameters
        ParamStore store = new ParamStore();
        new org.hoverla.core.sensors.CalibrationParamSet(store);
        int[] saves = {0};
        ParamPersistence counting = new ParamPersistence() {
            @Override
            public void save(ParamStore s) throws IOException {
                saves[0]++;
            }

            @Override
            public LoadResult load(ParamStore s) {
                return new LoadResult(LoadResult.Source.DEFAULTS, 0, java.util.List.of());
            }
        };
        ParamCalibrationStore cal = new ParamCalibrationStore(store, counting);
        // When a set with one refused value is written
        java.util.Map<String, Double> bad = new java.util.LinkedHashMap<>();
        bad.put("CAL_GYRO0_XOFF", 0.01);
        bad.put("CAL_GYRO0_YOFF", Double.NaN);
        try {
            cal.write(bad);
        } catch (IllegalArgumentException | IOException e) {
            assertThat(e).hasMessageContaining("CAL_GYRO0_YOFF");
        }
        // Then nothing changed and nothing was saved
        assertThat(store.find("CAL_GYRO0_XOFF").doubleValue()).isZero();
        assertThat(saves[0]).isZero();
        // When a good set is written, then all of it, one save
        try {
            cal.write(Map.of("CAL_GYRO0_ID", 42.0, "CAL_GYRO0_XOFF", 0.01, "CAL_GYRO0_DATE", 20261205.0));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(store.find("CAL_GYRO0_XOFF").doubleValue()).isEqualTo(0.01);
        assertThat(store.find("CAL_GYRO0_DATE").doubleValue()).isEqualTo(20261205.0);
        assertThat(saves[0]).isEqualTo(1);
        assertThat(store.find("CAL_GYRO0_ID").doubleValue()).isEqualTo(42.0);
        assertThat(cal.writable("CAL_GYRO0_ID")).isTrue();
        assertThat(cal.read("NO_SUCH")).isNaN();
    }
}
