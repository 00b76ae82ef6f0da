package org.hoverla.core.failsafe;

import org.hoverla.core.msg.EstimatorStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreArmChecksTest {
    private final EstimatorStatus e = new EstimatorStatus();

    @BeforeEach
    void ready() {
        e.imuHealthy = true;
        e.baroHealthy = true;
        e.magHealthy = true;
        e.attitudeValid = true;
        e.gnssHealthy = true;
        e.gnssChecksPassed = true;
        e.gnssReceiverSpoofing = false;
        e.gnssSuspect = false;
        e.zValid = true;
        e.positionValid = true;
        e.deadReckoning = false;
        e.gnssPosTestRatio = Double.NaN;
        e.gnssVelTestRatio = Double.NaN;
        e.heightTestRatio = Double.NaN;
        e.magTestRatio = Double.NaN;
    }

    private String check() {
        return PreArmChecks.failure("", e, 0.01, 0.17, false, false, "");
    }

    @Test
    void shouldPassAReadyVehicle() {
        assertThat(check()).isEmpty();
    }

    @Test
    void shouldNameEachFailingCheck() {
        e.imuHealthy = false;
        assertThat(check()).isEqualTo(PreArmChecks.IMU);
        ready();
        e.baroHealthy = false;
        assertThat(check()).isEqualTo(PreArmChecks.BARO);
        ready();
        e.magHealthy = false;
        assertThat(check()).isEqualTo(PreArmChecks.MAG);
        ready();
        e.attitudeValid = false;
        assertThat(check()).isEqualTo(PreArmChecks.ATTITUDE);
        ready();
        e.gnssHealthy = false;
        assertThat(check()).isEqualTo(PreArmChecks.GNSS);
        ready();
        e.gnssChecksPassed = false;
        assertThat(check()).isEqualTo(PreArmChecks.GNSS_CHECKS);
        ready();
        e.gnssReceiverSpoofing = true;
        e.gnssSuspect = true;
        assertThat(check()).isEqualTo(PreArmChecks.GNSS_SPOOFED);
        ready();
        e.gnssSuspect = true;
        assertThat(check()).isEqualTo(PreArmChecks.GNSS_SUSPECT);
        ready();
        e.zValid = false;
        assertThat(check()).isEqualTo(PreArmChecks.ALTITUDE);
        ready();
        e.positionValid = false;
        assertThat(check()).isEqualTo(PreArmChecks.POSITION);
        ready();
        e.deadReckoning = true;
        assertThat(check()).isEqualTo(PreArmChecks.DEAD_RECKONING);
        ready();
        e.magTestRatio = 1.5;
        assertThat(check()).isEqualTo(PreArmChecks.INNOVATION);
        ready();
        assertThat(PreArmChecks.failure("", e, 0.3, 0.17, false, false, "")).isEqualTo(PreArmChecks.TILT);
        assertThat(PreArmChecks.failure("", e, Double.NaN, 0.17, false, false, "")).isEqualTo(PreArmChecks.TILT);
        assertThat(PreArmChecks.failure("", e, 0.0, 0.17, true, false, "")).isEqualTo(PreArmChecks.BATTERY);
        assertThat(PreArmChecks.failure("", e, 0.0, 0.17, false, true, "")).isEqualTo(PreArmChecks.FENCE);
        assertThat(PreArmChecks.failure("", e, 0.0, 0.17, false, false, "Pre-arm: loop")).isEqualTo("Pre-arm: loop");
    }

    @Test
    void shouldLetTheCalibrationSpeakFirstAndTheLoopTimingLast() {
        e.imuHealthy = false;
        assertThat(PreArmChecks.failure("Pre-arm: calibrate", e, 1.0, 0.17, true, true, "Pre-arm: loop"))
                .isEqualTo("Pre-arm: calibrate");
        ready();
        assertThat(PreArmChecks.failure("", e, 0.0, 0.17, false, true, "Pre-arm: loop")).isEqualTo(PreArmChecks.FENCE);
    }
}
