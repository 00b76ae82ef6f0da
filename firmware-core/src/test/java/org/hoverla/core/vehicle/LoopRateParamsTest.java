package org.hoverla.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.junit.jupiter.api.Test;

class LoopRateParamsTest {

    @Test
    void shouldResolveToTheDefaultsOf1000And250And50Hz() {
        // Given a fresh store
        LoopRateParams p = new LoopRateParams(new ParamStore());

        // When resolved at boot
        LoopRateParams.Rates r = p.resolve();

        // Then the documented defaults run, without a note
        assertThat(r.baseHz()).isEqualTo(1000);
        assertThat(r.estimatorHz()).isEqualTo(250);
        assertThat(r.positionHz()).isEqualTo(50);
        assertThat(r.basePeriodNs()).isEqualTo(1_000_000L);
        assertThat(r.note()).isEmpty();
    }

    @Test
    void shouldRefuseAValueOutsideTheAllowedRates() {
        // Given the loop rates
        ParamStore store = new ParamStore();
        LoopRateParams p = new LoopRateParams(store);

        // When a ground station writes a rate that is not one of the allowed values
        SetResult below = store.set("IMU_GYRO_RATEMAX", 250);
        SetResult between = store.set("IMU_GYRO_RATEMAX", 600);

        // Then both are refused and the value is unchanged
        assertThat(below).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(between).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(p.baseHz.get()).isEqualTo(1000);
    }

    @Test
    void shouldUndoAWriteThatBreaksTheDivisionAndKeepTheLastGoodValue() {
        // Given a booted vehicle's loop rates (1000 / 250 / 50)
        ParamStore store = new ParamStore();
        LoopRateParams p = new LoopRateParams(store);
        p.resolve();

        // When the base rate is set to 400 Hz while the integration rate is 250 Hz
        store.set("IMU_GYRO_RATEMAX", 400);

        // Then the write is undone and the refusal says why and what to do
        assertThat(p.baseHz.get()).isEqualTo(1000);
        assertThat(p.lastRefusal()).contains("IMU_INTEG_RATE 250 Hz does not divide IMU_GYRO_RATEMAX 400 Hz")
                .contains("kept 1000/250/50 Hz");

        // And when the slower rate is changed first, both writes are kept
        store.set("IMU_INTEG_RATE", 200);
        store.set("IMU_GYRO_RATEMAX", 400);
        assertThat(p.integrationHz.get()).isEqualTo(200);
        assertThat(p.baseHz.get()).isEqualTo(400);
    }

    @Test
    void shouldRefuseAPositionRateThatDoesNotDivideTheEstimatorRate() {
        // Given 1000 / 250 Hz
        ParamStore store = new ParamStore();
        LoopRateParams p = new LoopRateParams(store);
        p.resolve();

        // When the position rate is set to 100 Hz (250 / 100 is not whole)
        store.set("MPC_LOOP_RATE", 100);

        // Then it stays 50 Hz
        assertThat(p.positionHz.get()).isEqualTo(50);
        assertThat(p.lastRefusal()).contains("MPC_LOOP_RATE 100 Hz does not divide IMU_INTEG_RATE 250 Hz");
    }

    @Test
    void shouldFallBackToTheDefaultsAtBootWhenTheFileHoldsABadCombination() {
        // Given a parameter file that set 800 Hz with 250 Hz integration (loaded before resolve)
        ParamStore store = new ParamStore();
        LoopRateParams p = new LoopRateParams(store);
        store.set("IMU_GYRO_RATEMAX", 800);

        // When resolved at boot
        LoopRateParams.Rates r = p.resolve();

        // Then the defaults run and the parameters show them
        assertThat(r.baseHz()).isEqualTo(1000);
        assertThat(r.note()).contains("IMU_INTEG_RATE 250 Hz does not divide IMU_GYRO_RATEMAX 800 Hz");
        assertThat(p.baseHz.get()).isEqualTo(1000);
    }
}
