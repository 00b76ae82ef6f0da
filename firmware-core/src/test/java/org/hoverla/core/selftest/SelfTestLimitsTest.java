package org.hoverla.core.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The at-rest limits follow from the datasheet figures the table cites. */
class SelfTestLimitsTest {
    @Test
    void shouldSetImuNoiseLimitsAtThreeTimesTheDensityOverTheDriversBandwidth() {
        // ICM-42688-P: 0.0028 °/s/√Hz and 70 µg/√Hz over 250 Hz
        SelfTestLimits.ChipLimits icm = SelfTestLimits.of("icm42688p");
        assertThat(icm.gyroNoiseDps()).isCloseTo(3 * 0.0028 * Math.sqrt(250), within(1e-9));
        assertThat(icm.accelNoiseMps2()).isCloseTo(3 * 70e-6 * Math.sqrt(250) * 9.80665, within(1e-9));
        // MPU-6050: 0.005 °/s/√Hz over 98 Hz; zero-rate tolerance ±20 °/s; zero-g ±80 mg
        SelfTestLimits.ChipLimits mpu = SelfTestLimits.of("mpu6050");
        assertThat(mpu.gyroNoiseDps()).isCloseTo(0.1485, within(1e-4));
        assertThat(mpu.gyroBiasDps()).isEqualTo(20);
        assertThat(mpu.accelBiasMps2()).isCloseTo(0.7845, within(1e-4));
        assertThat(icm.source()).contains("DS-000347");
    }

    @Test
    void shouldSetMagAndBaroNoiseLimitsFromTheDatasheetsRmsFigures() {
        assertThat(SelfTestLimits.of("ist8310").magNoiseGauss()).isCloseTo(0.009, within(1e-12));
        assertThat(SelfTestLimits.of("qmc5883l").magNoiseGauss()).isCloseTo(0.006, within(1e-12));
        assertThat(SelfTestLimits.of("ms5611").baroNoisePa()).isCloseTo(8.1, within(1e-9));
        assertThat(SelfTestLimits.of("ms5611").gyroNoiseDps()).isNaN();
        // And chips without at-rest checks have no entry
        assertThat(SelfTestLimits.of("ina226")).isNull();
    }
}
