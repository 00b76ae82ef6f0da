package org.hoverla.core.mavlink.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.MavSysStatusSensor;
import io.dronefleet.mavlink.common.SysStatus;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

/** SYS_STATUS sensor bits from the estimator's flags and the sensor frontends' status topics. */
class SysStatusSensorHealthTest {
    private final FlightBus bus = new FlightBus();
    private final Publication<EstimatorStatus> estPub = bus.estimatorStatus.advertise();
    private final Publication<SensorsStatus> imuPub = bus.sensorsStatusImu.advertise();
    private final Publication<SensorsStatus> baroPub = bus.sensorsStatusBaro.advertise();
    private final Publication<SensorsStatus> magPub = bus.sensorsStatusMag.advertise();
    private final VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 99L);
    private final TelemetryService service = new TelemetryService(bus, identity, new RecordingOutput(),
            new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST), dst -> false, 0L);

    private static SensorsStatus role(int instances, boolean healthy) {
        SensorsStatus s = new SensorsStatus();
        s.instanceCount = instances;
        s.selected = instances > 0 ? 0 : -1;
        s.healthy = healthy;
        return s;
    }

    @Test
    void shouldShowAFailedBarometerWithoutAlternativeAsUnhealthyAndAMissingMagnetometerAsAbsent() {
        // Given an estimator that still holds every sensor healthy (its timeouts have not run out)
        EstimatorStatus e = new EstimatorStatus();
        e.imuHealthy = true;
        e.baroHealthy = true;
        e.magHealthy = true;
        e.attitudeValid = true;
        estPub.publish(e);
        // and frontends saying: IMUs healthy, the selected barometer failed with no healthy
        // alternative, no magnetometer on this vehicle
        imuPub.publish(role(2, true));
        baroPub.publish(role(2, false));
        magPub.publish(role(0, false));
        // When SYS_STATUS is built
        SysStatus s = service.buildSysStatus();
        // Then gyro and accel are healthy, the barometer is present but unhealthy, the magnetometer absent
        assertThat(s.onboardControlSensorsHealth().flagsEnabled(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_GYRO,
                MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_ACCEL)).isTrue();
        assertThat(s.onboardControlSensorsPresent().flagsEnabled(
                MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE)).isTrue();
        assertThat(s.onboardControlSensorsHealth().flagsEnabled(
                MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE)).isFalse();
        assertThat(s.onboardControlSensorsPresent().flagsEnabled(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_MAG))
                .isFalse();
        assertThat(s.onboardControlSensorsHealth().flagsEnabled(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_MAG))
                .isFalse();

        // When the barometer frontend fails over to a healthy second barometer
        baroPub.publish(role(2, true));
        // Then the bit is healthy again
        assertThat(service.buildSysStatus().onboardControlSensorsHealth().flagsEnabled(
                MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE)).isTrue();
    }
}
