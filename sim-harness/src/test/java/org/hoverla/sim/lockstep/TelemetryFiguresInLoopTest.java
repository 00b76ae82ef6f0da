package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.hal.GnssSample;
import org.hoverla.sim.physics.Airframe;
import org.junit.jupiter.api.Test;

/**
 * The figures behind QGC's battery, GNSS and vibration widgets, in the lockstep SITL: the state
 * of charge through takeoff and hover (sag corrected with the learnt resistance), the receiver's
 * DOP, and a quiet IMU's vibration.
 */
class TelemetryFiguresInLoopTest {

    /** What the estimator should read at the pack's true charge: its rest voltage, linearly mapped. */
    private static double expectedCharge(Airframe af, double trueSoc, double emptyCellV, double fullCellV) {
        double cellV = af.openCircuitVoltageV(trueSoc) / af.batteryCells();
        return Math.max(0.0, Math.min(1.0, (cellV - emptyCellV) / (fullCellV - emptyCellV)));
    }

    @Test
    void shouldReportChargeDopAndVibrationThroughAHover() {
        // Given the default SITL with a 70 % charged pack
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.battery().reset(0.7);
        Subscription<BatteryStatus> batterySub = d.sim.stack().bus().batteryStatus.subscribe();
        Subscription<VehicleImu> imuSub = d.sim.stack().bus().vehicleImu.subscribe();
        Subscription<GnssSample> gnssSub = d.sim.stack().bus().gnssRaw.subscribe();
        BatteryStatus battery = new BatteryStatus();
        VehicleImu imu = new VehicleImu();
        GnssSample gnss = new GnssSample();
        double empty = d.sim.stack().params().batteryEmptyCellV.get();
        double full = d.sim.stack().params().batteryFullCellV.get();

        // When it takes off to 10 m and hovers 30 s
        d.takeOff(10.0);
        d.steps(30_000);

        // Then the charge reads what the pack's rest voltage says (within 3 %), though the
        // terminal voltage sags by ~0.1 V per cell at hover current
        batterySub.update(battery);
        double expected = expectedCharge(d.sim.airframe(), d.sim.battery().remainingFraction(), empty, full);
        assertThat(battery.currentA).isGreaterThan(10.0);
        assertThat(battery.remainingFraction).isCloseTo(expected, within(0.03));
        double uncorrected = (battery.voltageV / d.sim.airframe().batteryCells() - empty) / (full - empty);
        assertThat(expected - uncorrected).as("sag the correction removes").isGreaterThan(0.1);
        // And the receiver's DOP is there for GPS_RAW_INT
        gnssSub.update(gnss);
        assertThat(gnss.hdop).isEqualTo(0.9);
        assertThat(gnss.vdop).isEqualTo(1.3);
        // And the IMU, noisy but not vibrating, reads far under QGC's 30 m/s^2 caution line
        imuSub.update(imu);
        assertThat(imu.accelVibrationFrdMps2.x).isBetween(0.0, 3.0);
        assertThat(imu.accelVibrationFrdMps2.z).isBetween(0.0, 3.0);
        assertThat(imu.accelClippingX + imu.accelClippingY + imu.accelClippingZ).isZero();
    }
}
