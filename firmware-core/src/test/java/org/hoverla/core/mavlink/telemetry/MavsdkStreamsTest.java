package org.hoverla.core.mavlink.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.ActuatorOutputStatus;
import io.dronefleet.mavlink.common.GpsGlobalOrigin;
import io.dronefleet.mavlink.common.HighresImu;
import io.dronefleet.mavlink.common.MavEstimatorType;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavSysStatusSensor;
import io.dronefleet.mavlink.common.Odometry;
import io.dronefleet.mavlink.common.RcChannels;
import io.dronefleet.mavlink.common.ScaledImu;
import io.dronefleet.mavlink.common.ScaledPressure;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.SystemTime;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

/**
 * The streams MAVSDK's telemetry plugin subscribes to (units, frames, covariance layout), the
 * refusal of streams the vehicle cannot serve, and SYS_STATUS health that says only what the
 * vehicle knows.
 */
class MavsdkStreamsTest {
    private static final long MS = 1_000_000L;
    private static final double G = 9.80665;

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 99L);
    private final TelemetryService service = new TelemetryService(bus, identity, out,
            new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST), null, 0L);
    private final TestLink udp = new TestLink(0, "udp");
    private final TestLink tcp = new TestLink(1, "tcp");

    private void publishImu() {
        VehicleImu imu = new VehicleImu();
        imu.timestampSampleNs = 1_234 * MS;
        imu.dtS = 0.004;
        imu.deltaVelocityFrdMps.set(0.5 * G * 0.004, 0.0, -G * 0.004);
        imu.deltaAngleFrdRad.set(0.1 * 0.004, -0.2 * 0.004, 0.3 * 0.004);
        bus.vehicleImu.advertise().publish(imu);
    }

    private void publishMag() {
        MagSample m = new MagSample();
        m.fieldXGauss = 0.21;
        m.fieldYGauss = -0.05;
        m.fieldZGauss = 0.43;
        bus.sensorMag.advertise().publish(m);
    }

    private void publishBaro(double pa, double tempC) {
        BaroSample b = new BaroSample();
        b.timestampSampleNs = 1_000 * MS;
        b.pressurePa = pa;
        b.temperatureC = tempC;
        bus.sensorBaro.advertise().publish(b);
    }

    @Test
    void shouldSendScaledImuInMilliGMilliradiansAndMilligaussFromTheImuInterval() {
        // Given an IMU interval reading 0.5 g forward, 1 g up (specific force, FRD), rates 0.1/-0.2/0.3 rad/s
        publishImu();
        publishMag();

        // When SCALED_IMU is requested
        assertThat(service.requestMessage(udp, TelemetryService.SCALED_IMU)).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);

        // Then it carries the interval's averages in MAVLink's units, FRD
        ScaledImu m = out.payloads(ScaledImu.class).get(0);
        assertThat(m.timeBootMs()).isEqualTo(1_234L);
        assertThat(m.xacc()).isEqualTo(500);
        assertThat(m.yacc()).isZero();
        assertThat(m.zacc()).isEqualTo(-1000);
        assertThat(m.xgyro()).isEqualTo(100);
        assertThat(m.ygyro()).isEqualTo(-200);
        assertThat(m.zgyro()).isEqualTo(300);
        assertThat(m.xmag()).isEqualTo(210);
        assertThat(m.ymag()).isEqualTo(-50);
        assertThat(m.zmag()).isEqualTo(430);
        assertThat(m.temperature()).as("0 = the IMU provides no temperature").isZero();
    }

    @Test
    void shouldSendHighresImuInSiUnitsAndFlagOnlyTheFieldsItHas() {
        // Given IMU data only
        publishImu();

        // When HIGHRES_IMU is requested
        service.requestMessage(udp, TelemetryService.HIGHRES_IMU);

        // Then accelerometer and gyro are in m/s^2 and rad/s, and only they are flagged
        HighresImu m = out.payloads(HighresImu.class).get(0);
        assertThat((double) m.xacc()).isCloseTo(0.5 * G, within(1e-4));
        assertThat((double) m.zacc()).isCloseTo(-G, within(1e-4));
        assertThat((double) m.ygyro()).isCloseTo(-0.2, within(1e-6));
        assertThat(m.timeUsec().longValue()).isEqualTo(1_234_000L);
        assertThat(m.fieldsUpdated().value()).isEqualTo(0x3F);

        // When the magnetometer and barometer have readings too
        publishMag();
        publishBaro(101_325.0, 21.5);
        out.clear();
        service.requestMessage(udp, TelemetryService.HIGHRES_IMU);

        // Then mag (gauss), pressure (hPa), pressure altitude (m) and temperature are flagged;
        // differential pressure (no sensor) is not
        m = out.payloads(HighresImu.class).get(0);
        assertThat((double) m.xmag()).isCloseTo(0.21, within(1e-6));
        assertThat((double) m.absPressure()).isCloseTo(1013.25, within(1e-3));
        assertThat((double) m.pressureAlt()).isCloseTo(0.0, within(0.5));
        assertThat((double) m.temperature()).isCloseTo(21.5, within(1e-5));
        assertThat(m.fieldsUpdated().value()).isEqualTo(0x3F | 0x1C0 | 0x200 | 0x800 | 0x1000);
    }

    @Test
    void shouldSendScaledPressureInHectopascalsAndCentidegrees() {
        // Given a barometer reading 950 hPa at 20.5 degC
        publishBaro(95_000.0, 20.5);

        // When SCALED_PRESSURE is requested
        service.requestMessage(udp, TelemetryService.SCALED_PRESSURE);

        // Then
        ScaledPressure m = out.payloads(ScaledPressure.class).get(0);
        assertThat((double) m.pressAbs()).isCloseTo(950.0, within(1e-3));
        assertThat(m.pressDiff()).isZero();
        assertThat(m.temperature()).isEqualTo(2050);
        assertThat(m.timeBootMs()).isEqualTo(1_000L);
        // And a true 0 degC is 1 (0 would mean "no temperature")
        assertThat(SensorStreams.centiDegrees(0.0)).isEqualTo(1);
    }

    @Test
    void shouldAnswerFailedForSensorMessagesBeforeTheSensorDelivered() {
        // Given no sensor has published yet
        // When / Then: the data does not exist yet
        assertThat(service.requestMessage(udp, TelemetryService.SCALED_IMU)).isEqualTo(TelemetryService.MAV_RESULT_FAILED);
        assertThat(service.requestMessage(udp, TelemetryService.SCALED_PRESSURE)).isEqualTo(TelemetryService.MAV_RESULT_FAILED);
        assertThat(service.requestMessage(udp, TelemetryService.ODOMETRY)).isEqualTo(TelemetryService.MAV_RESULT_FAILED);
        assertThat(service.requestMessage(udp, TelemetryService.GPS_GLOBAL_ORIGIN)).isEqualTo(TelemetryService.MAV_RESULT_FAILED);
    }

    private VehicleLocalPosition localPosition(boolean withCovariance) {
        VehicleLocalPosition p = new VehicleLocalPosition();
        p.timestampSampleNs = 3_000 * MS;
        p.xyValid = p.zValid = p.vxyValid = p.vzValid = true;
        p.posNedM.set(1.0, 2.0, -3.0);
        p.velNedMps.set(0.4, -0.5, -0.6);
        p.refValid = true;
        p.refLatDeg = 50.4017;
        p.refLonDeg = 30.4495;
        p.refAltM = 178.25;
        if (withCovariance) {
            p.posVarNedM2.set(0.25, 0.36, 0.49);
            p.velVarNedM2ps2.set(0.01, 0.02, 0.03);
        }
        return p;
    }

    @Test
    void shouldSendOdometryInLocalNedWithTheEkfVariancesOnTheDiagonal() {
        // Given an EKF position with variances, an attitude with its error variances, body rates
        Publication<VehicleLocalPosition> posPub = bus.localPosition.advertise();
        posPub.publish(localPosition(true));
        VehicleAttitude a = new VehicleAttitude();
        a.q.setEuler(0.1, -0.2, 1.0);
        a.errorVarFrdRad2.set(1e-4, 2e-4, 3e-4);
        bus.attitude.advertise().publish(a);
        VehicleAngularVelocity w = new VehicleAngularVelocity();
        w.rateFrdRadps.set(0.01, 0.02, 0.03);
        bus.angularVelocity.advertise().publish(w);

        // When ODOMETRY is requested
        assertThat(service.requestMessage(udp, TelemetryService.ODOMETRY)).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);

        // Then pose and velocity are local NED (as PX4's EKF2 odometry), rates body FRD
        Odometry m = out.payloads(Odometry.class).get(0);
        assertThat(m.frameId().entry()).isEqualTo(MavFrame.MAV_FRAME_LOCAL_NED);
        assertThat(m.childFrameId().entry()).isEqualTo(MavFrame.MAV_FRAME_LOCAL_NED);
        assertThat(m.estimatorType().entry()).isEqualTo(MavEstimatorType.MAV_ESTIMATOR_TYPE_AUTOPILOT);
        assertThat(List.of(m.x(), m.y(), m.z())).containsExactly(1f, 2f, -3f);
        assertThat(List.of(m.vx(), m.vy(), m.vz())).containsExactly(0.4f, -0.5f, -0.6f);
        assertThat(m.q()).containsExactly((float) a.q.w, (float) a.q.x, (float) a.q.y, (float) a.q.z);
        assertThat(m.yawspeed()).isEqualTo(0.03f);
        assertThat(m.timeUsec().longValue()).isEqualTo(3_000_000L);
        // And the covariances are 21-element row-major upper triangles: the diagonal at 0, 6, 11,
        // 15, 18, 20; everything the EKF does not report is NaN
        List<Float> pose = m.poseCovariance();
        assertThat(pose).hasSize(21);
        assertThat(pose.get(0)).isEqualTo(0.25f);
        assertThat(pose.get(6)).isEqualTo(0.36f);
        assertThat(pose.get(11)).isEqualTo(0.49f);
        assertThat(pose.get(15)).isEqualTo(1e-4f);
        assertThat(pose.get(18)).isEqualTo(2e-4f);
        assertThat(pose.get(20)).isEqualTo(3e-4f);
        assertThat(pose.get(1)).isNaN();
        assertThat(pose.get(5)).isNaN();
        List<Float> twist = m.velocityCovariance();
        assertThat(twist).hasSize(21);
        assertThat(List.of(twist.get(0), twist.get(6), twist.get(11))).containsExactly(0.01f, 0.02f, 0.03f);
        assertThat(twist.get(15)).as("rate variance: not estimated").isNaN();
    }

    @Test
    void shouldMarkTheWholeCovarianceUnknownWithoutAnEkf() {
        // Given the complementary filter's position: no covariance
        bus.localPosition.advertise().publish(localPosition(false));
        bus.attitude.advertise().publish(new VehicleAttitude());

        // When ODOMETRY is requested
        service.requestMessage(udp, TelemetryService.ODOMETRY);

        // Then element 0 is NaN: "unknown" as the message defines it
        Odometry m = out.payloads(Odometry.class).get(0);
        assertThat(m.poseCovariance().get(0)).isNaN();
        assertThat(m.velocityCovariance().get(0)).isNaN();
    }

    @Test
    void shouldSendActuatorOutputStatusAsPulsesWithTheActiveCount() {
        // Given four motors at 0.5 and one at 0
        ActuatorOutputs o = new ActuatorOutputs();
        o.count = 4;
        o.commandNorm[0] = o.commandNorm[1] = o.commandNorm[2] = 0.5;
        bus.actuatorOutputs.advertise().publish(o);

        // When ACTUATOR_OUTPUT_STATUS is requested
        service.requestMessage(udp, TelemetryService.ACTUATOR_OUTPUT_STATUS);

        // Then
        ActuatorOutputStatus m = out.payloads(ActuatorOutputStatus.class).get(0);
        assertThat(m.active()).isEqualTo(4L);
        assertThat(m.actuator()).hasSize(32);
        assertThat(m.actuator().subList(0, 5)).containsExactly(1500f, 1500f, 1500f, 1000f, 0f);
    }

    @Test
    void shouldAnswerGpsGlobalOriginAndSendItWhenTheOriginIsSetOrMoves() {
        // Given links and an estimator whose origin is set
        service.addLink(udp);
        service.addLink(tcp);
        Publication<VehicleLocalPosition> posPub = bus.localPosition.advertise();
        VehicleLocalPosition p = localPosition(true);
        posPub.publish(p);

        // When the telemetry ticks twice
        service.tick(10 * MS);
        service.tick(20 * MS);

        // Then the origin went once to every link, in degE7 and mm AMSL
        assertThat(out.payloads(GpsGlobalOrigin.class, udp)).hasSize(1);
        assertThat(out.payloads(GpsGlobalOrigin.class, tcp)).hasSize(1);
        GpsGlobalOrigin o = out.payloads(GpsGlobalOrigin.class, udp).get(0);
        assertThat(o.latitude()).isEqualTo(504_017_000);
        assertThat(o.longitude()).isEqualTo(304_495_000);
        assertThat(o.altitude()).isEqualTo(178_250);

        // When the origin moves (an EKF reset)
        p.refLatDeg = 50.5;
        posPub.publish(p);
        service.tick(30 * MS);
        // Then it is sent again
        assertThat(out.payloads(GpsGlobalOrigin.class, udp)).hasSize(2);

        // And REQUEST_MESSAGE answers it at any time
        out.clear();
        assertThat(service.requestMessage(udp, TelemetryService.GPS_GLOBAL_ORIGIN)).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        assertThat(out.payloads(GpsGlobalOrigin.class, udp).get(0).latitude()).isEqualTo(505_000_000);
    }

    @Test
    void shouldSendSystemTimeOnTheVehicleClockWithUnknownUtc() {
        // Given SYSTEM_TIME asked at 2 Hz
        service.addLink(udp);
        assertThat(service.setMessageInterval(udp, TelemetryService.SYSTEM_TIME, 500_000L))
                .isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);

        // When the telemetry ticks at 5 s after boot
        service.tick(5_000 * MS);

        // Then
        SystemTime m = out.payloads(SystemTime.class, udp).get(0);
        assertThat(m.timeBootMs()).isEqualTo(5_000L);
        assertThat(m.timeUnixUsec().longValue()).as("no UTC source: 0").isZero();
    }

    @Test
    void shouldStreamMavsdkMessagesOnlyOnceRequestedAndAtTheRequestedRate() {
        // Given IMU data and a link with default streams
        publishImu();
        service.addLink(udp);
        service.tick(0L);
        // Then HIGHRES_IMU is not among the defaults
        assertThat(out.payloads(HighresImu.class, udp)).isEmpty();
        assertThat(service.messageIntervalUs(udp, TelemetryService.HIGHRES_IMU)).isEqualTo(-1L);

        // When MAVSDK asks for it at 100 Hz and the telemetry ticks at 100 Hz for 1 s
        assertThat(service.setMessageInterval(udp, TelemetryService.HIGHRES_IMU, 10_000L))
                .isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        for (int i = 1; i <= 100; i++) {
            service.tick(i * 10 * MS);
        }

        // Then it arrives at that rate
        assertThat(out.payloads(HighresImu.class, udp)).hasSize(100);
        assertThat(service.messageIntervalUs(udp, TelemetryService.HIGHRES_IMU)).isEqualTo(10_000L);
    }

    @Test
    void shouldRefuseRawImuAsUnsupported() {
        // Given / When MAVSDK's set_rate_raw_imu
        // Then: no raw ADC counts exist on this vehicle
        assertThat(service.setMessageInterval(udp, TelemetryService.RAW_IMU, 10_000L))
                .isEqualTo(TelemetryService.MAV_RESULT_UNSUPPORTED);
        assertThat(service.requestMessage(udp, TelemetryService.RAW_IMU)).isEqualTo(TelemetryService.MAV_RESULT_UNSUPPORTED);
    }

    @Test
    void shouldRefuseRcChannelsWhileNoRcInputExistsAndAcceptItOnceItDoes() {
        // Given no RC receiver has delivered a frame
        service.addLink(udp);

        // When MAVSDK asks for RC_CHANNELS
        int result = service.setMessageInterval(udp, TelemetryService.RC_CHANNELS, 200_000L);

        // Then it is refused (not accepted and left silent), with the reason on that link
        assertThat(result).isEqualTo(TelemetryService.MAV_RESULT_FAILED);
        assertThat(out.payloads(Statustext.class, udp)).extracting(Statustext::text)
                .containsExactly(TelemetryService.NO_RC_INPUT);
        // And its interval reads "not available"
        assertThat(service.messageIntervalUs(udp, TelemetryService.RC_CHANNELS)).isZero();
        // And stopping it is still fine
        assertThat(service.setMessageInterval(udp, TelemetryService.RC_CHANNELS, -1L))
                .isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);

        // When a receiver delivers
        RcInputSample rc = new RcInputSample();
        rc.channelCount = 8;
        bus.rcInput.advertise().publish(rc);

        // Then the request is accepted and the stream is sent
        assertThat(service.setMessageInterval(udp, TelemetryService.RC_CHANNELS, 200_000L))
                .isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        service.tick(0L);
        assertThat(out.payloads(RcChannels.class, udp)).hasSize(1);
    }

    private static boolean healthy(SysStatus s, MavSysStatusSensor sensor) {
        return (s.onboardControlSensorsHealth().value() & EnumValue.of(sensor).value()) != 0;
    }

    @Test
    void shouldNotReportPrearmHealthyBeforeTheCommanderHasCheckedAnything() {
        // Given no vehicle_status yet (the MAVLink thread runs before the first commander cycle)
        // When / Then
        assertThat(healthy(service.buildSysStatus(), MavSysStatusSensor.MAV_SYS_STATUS_PREARM_CHECK)).isFalse();

        // Given a vehicle_status whose checks have not run (empty failure text by default)
        Publication<VehicleStatus> statusPub = bus.vehicleStatus.advertise();
        VehicleStatus status = new VehicleStatus();
        status.armingState = ArmingState.STANDBY;
        statusPub.publish(status);
        // Then still not healthy
        assertThat(healthy(service.buildSysStatus(), MavSysStatusSensor.MAV_SYS_STATUS_PREARM_CHECK)).isFalse();

        // Given the checks ran and one failed
        status.preArmChecked = true;
        status.preArmFailure = "Preflight Fail: no GNSS";
        statusPub.publish(status);
        assertThat(healthy(service.buildSysStatus(), MavSysStatusSensor.MAV_SYS_STATUS_PREARM_CHECK)).isFalse();

        // Given the checks ran and passed
        status.preArmFailure = "";
        statusPub.publish(status);
        // Then healthy
        assertThat(healthy(service.buildSysStatus(), MavSysStatusSensor.MAV_SYS_STATUS_PREARM_CHECK)).isTrue();
    }

    @Test
    void shouldReportGpsHealthyOnlyWithAFixTheEstimatorAccepts() {
        // Given a receiver delivering but the quality checks not yet passed
        Publication<EstimatorStatus> estPub = bus.estimatorStatus.advertise();
        EstimatorStatus e = new EstimatorStatus();
        e.gnssHealthy = true;
        e.gnssChecksPassed = false;
        estPub.publish(e);
        // Then GPS is present but not healthy
        SysStatus s = service.buildSysStatus();
        assertThat(healthy(s, MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS)).isFalse();
        assertThat(s.onboardControlSensorsPresent().value() & EnumValue.of(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS).value())
                .isNotZero();

        // Given the checks passed
        e.gnssChecksPassed = true;
        estPub.publish(e);
        assertThat(healthy(service.buildSysStatus(), MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS)).isTrue();

        // Given the integrity monitor suspects it
        e.gnssSuspect = true;
        estPub.publish(e);
        assertThat(healthy(service.buildSysStatus(), MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS)).isFalse();
    }
}
