package org.hoverla.core.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PwmMappingTest {
    private final PwmMapping mapping = new PwmMapping(2);

    @Test
    void shouldMapCommandsLinearlyBetweenMinimumAndMaximum() {
        // Given channel 1 calibrated 1100..1900, disarmed 900
        mapping.set(1, 1100, 1900, 900);

        // When/Then: 0 → min, 1 → max, linear between; out of range and NaN clamped (NaN → min)
        assertThat(mapping.armedUs(1, 0.0)).isEqualTo(1100);
        assertThat(mapping.armedUs(1, 0.25)).isEqualTo(1300);
        assertThat(mapping.armedUs(1, 1.0)).isEqualTo(1900);
        assertThat(mapping.armedUs(1, 1.5)).isEqualTo(1900);
        assertThat(mapping.armedUs(1, -0.2)).isEqualTo(1100);
        assertThat(mapping.armedUs(1, Double.NaN)).isEqualTo(1100);
        assertThat(mapping.disarmedUs(1)).isEqualTo(900);
        // and the untouched channel keeps PX4's defaults
        assertThat(mapping.armedUs(0, 0.5)).isEqualTo(1500);
        assertThat(mapping.disarmedUs(0)).isEqualTo(1000);
    }

    @Test
    void shouldRampFromTheDisarmedPulseDuringSpoolUp() {
        // Given disarmed 900, min 1100, max 1900 and a command of 0.5 (1500 µs)
        mapping.set(0, 1100, 1900, 900);

        // When/Then: progress 0 → disarmed, 0.5 → halfway, 1 and beyond → the mapped pulse
        assertThat(mapping.spoolUpUs(0, 0.5, 0.0)).isEqualTo(900);
        assertThat(mapping.spoolUpUs(0, 0.5, 0.5)).isEqualTo(1200);
        assertThat(mapping.spoolUpUs(0, 0.5, 1.0)).isEqualTo(1500);
        assertThat(mapping.spoolUpUs(0, 0.5, 7.0)).isEqualTo(1500);
        assertThat(mapping.spoolUpUs(0, 0.5, Double.NaN)).isEqualTo(900);
    }

    @Test
    void shouldComputeSpoolUpProgressFromTheTimeSinceArming() {
        assertThat(PwmMapping.spoolUpProgress(0L, 1.0)).isZero();
        assertThat(PwmMapping.spoolUpProgress(250_000_000L, 1.0)).isCloseTo(0.25, within(1e-12));
        assertThat(PwmMapping.spoolUpProgress(2_000_000_000L, 1.0)).isEqualTo(1.0);
        assertThat(PwmMapping.spoolUpProgress(-5L, 1.0)).isZero();
        // no spool-up configured: immediately done
        assertThat(PwmMapping.spoolUpProgress(0L, 0.0)).isEqualTo(1.0);
        assertThat(PwmMapping.spoolUpProgress(0L, Double.NaN)).isEqualTo(1.0);
    }

    @Test
    void shouldTurnATestPulseIntoACommandInsideTheCalibratedRange() {
        mapping.set(0, 1100, 1900, 900);
        assertThat(mapping.commandForUs(0, 1500)).isCloseTo(0.5, within(1e-12));
        assertThat(mapping.commandForUs(0, 800)).isZero();
        assertThat(mapping.commandForUs(0, 2500)).isEqualTo(1.0);
        assertThat(mapping.commandForUs(0, Double.NaN)).isZero();
    }

    @Test
    void shouldRefuseAMinimumNotBelowTheMaximum() {
        assertThatThrownBy(() -> mapping.set(0, 1500, 1500, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel 1");
    }
}
