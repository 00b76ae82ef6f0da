package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatteryStateOfChargeTest {
    private static final double EMPTY = 3.6;
    private static final double FULL = 4.05;

    @Test
    void shouldInterpolateTheCellVoltageBetweenEmptyAndFull() {
        // Given a 3S pack at rest (no current sensor)
        // Then full and above read 1, empty and below 0, half-way 0.5
        assertThat(new BatteryStateOfCharge().update(3 * 4.20, Double.NaN, 0.1, 3, EMPTY, FULL)).isEqualTo(1.0);
        assertThat(new BatteryStateOfCharge().update(3 * 3.30, Double.NaN, 0.1, 3, EMPTY, FULL)).isEqualTo(0.0);
        assertThat(new BatteryStateOfCharge().update(3 * 3.825, Double.NaN, 0.1, 3, EMPTY, FULL))
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldCorrectTheSagUnderLoadOnceALoadStepWasSeen() {
        // Given a 3S pack resting at 3.825 V per cell with 18 mOhm (the simulator's model:
        // terminal = OCV - I R) at 1 A, then hovering at 16 A for 30 s
        double ocv = 3 * 3.825;
        double r = 0.018;
        BatteryStateOfCharge soc = new BatteryStateOfCharge();
        for (int i = 0; i < 50; i++) {
            soc.update(ocv - 1.0 * r, 1.0, 0.02, 3, EMPTY, FULL);
        }
        double last = 0;
        for (int i = 0; i < 1500; i++) {
            last = soc.update(ocv - 16.0 * r, 16.0, 0.02, 3, EMPTY, FULL);
        }
        // Then the resistance is learnt from the step and the charge reads as at rest
        assertThat(soc.resistanceOhm()).isCloseTo(r, within(1e-9));
        assertThat(last).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void shouldReadLowUnderLoadWithoutACurrentSensor() {
        // Given the same hovering pack but no current measurement
        BatteryStateOfCharge soc = new BatteryStateOfCharge();
        double last = 0;
        for (int i = 0; i < 1500; i++) {
            last = soc.update(3 * 3.825 - 16.0 * 0.018, Double.NaN, 0.02, 3, EMPTY, FULL);
        }
        // Then no correction: lower than the truth, never higher
        assertThat(last).isLessThan(0.5).isGreaterThan(0.25);
        assertThat(soc.resistanceOhm()).isNaN();
    }

    @Test
    void shouldFilterSoThrottleDoesNotMakeTheReadingJump() {
        // Given a steady reading of 0.5
        BatteryStateOfCharge soc = new BatteryStateOfCharge();
        soc.update(3 * 3.825, Double.NaN, 0.02, 3, EMPTY, FULL);
        // When the voltage reads full for 0.1 s
        double after = 0;
        for (int i = 0; i < 5; i++) {
            after = soc.update(3 * 4.2, Double.NaN, 0.02, 3, EMPTY, FULL);
        }
        // Then the reading moved by about 0.1 / 2 s of the way (first-order, 2 s)
        assertThat(after).isCloseTo(0.5 + 0.5 * (1 - Math.exp(-0.1 / 2.0)), within(0.005));
    }

    @Test
    void shouldBeUnknownForBadConfigurationOrVoltage() {
        BatteryStateOfCharge soc = new BatteryStateOfCharge();
        assertThat(soc.update(11.4, 5.0, 0.02, 0, EMPTY, FULL)).isNaN();        // no cells
        assertThat(soc.update(11.4, 5.0, 0.02, 3, 4.1, 4.05)).isNaN();          // full not above empty
        assertThat(soc.update(11.4, 5.0, 0.02, 3, Double.NaN, FULL)).isNaN();
        assertThat(soc.update(Double.NaN, 5.0, 0.02, 3, EMPTY, FULL)).isNaN();  // no voltage
        assertThat(soc.update(0.0, 5.0, 0.02, 3, EMPTY, FULL)).isNaN();
        // And a good reading afterwards is taken as it is
        assertThat(soc.update(3 * 3.825, Double.NaN, 0.02, 3, EMPTY, FULL)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldIgnoreImplausibleResistanceSamples() {
        // Given a current step with the voltage rising (a sensor glitch, negative resistance) and
        // one with a 2 V drop for 2 A (1 Ohm, beyond any pack)
        BatteryStateOfCharge soc = new BatteryStateOfCharge();
        soc.update(11.4, 1.0, 0.02, 3, EMPTY, FULL);
        soc.update(11.6, 10.0, 0.02, 3, EMPTY, FULL);
        soc.update(9.6, 12.0, 0.02, 3, EMPTY, FULL);
        // Then no resistance was learnt
        assertThat(soc.resistanceOhm()).isNaN();
    }
}
