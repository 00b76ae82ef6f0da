package org.hoverla.core.mavlink.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.AttitudeTarget;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MessageInterval;
import io.dronefleet.mavlink.common.NavControllerOutput;
import io.dronefleet.mavlink.common.PositionTargetLocalNed;
import io.dronefleet.mavlink.common.PositionTargetTypemask;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.Vibration;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleRatesSetpoint;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;

/**
 * The streams and answers QGroundControl uses with PX4 (issue 10): the Tuning page's
 * SET_MESSAGE_INTERVAL for ATTITUDE_TARGET, POSITION_TARGET_LOCAL_NED and NAV_CONTROLLER_OUTPUT
 * ({@code MAVLinkStreamConfig.cc}), GET_MESSAGE_INTERVAL and REQUEST_MESSAGE(244), VIBRATION,
 * battery remaining and HDOP/VDOP.
 */
class QgcStreamsTest {
    private static final long MS = 1_000_000L;

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 99L);
    private final GnssSample gnss = new GnssSample();
    private final TelemetryService service = new TelemetryService(bus, identity, out,
            new AutopilotVersionService(identity, 0L), dst -> {
                dst.copyFrom(gnss);
                return true;
            }, 0L);
    private final TestLink udp = new TestLink(0, "udp");

    private void publishSetpoints() {
        VehicleAttitudeSetpoint a = new VehicleAttitudeSetpoint();
        a.timestampNs = 1_500 * MS;
        a.qSp.setEuler(Math.toRadians(10.0), Math.toRadians(-5.0), Math.toRadians(90.0));
        a.thrustNorm = 0.46;
        bus.attitudeSetpoint.advertise().publish(a);
        VehicleRatesSetpoint r = new VehicleRatesSetpoint();
        r.rateSpFrdRadps.set(0.1, -0.2, 0.3);
        bus.ratesSetpoint.advertise().publish(r);
        TrajectorySetpoint t = new TrajectorySetpoint();
        t.posNedM.set(30.0, 40.0, -10.0);
        t.yawRad = Math.PI / 2;
        bus.trajectorySetpoint.advertise().publish(t);
        VehicleLocalPosition p = new VehicleLocalPosition();
        p.posNedM.set(0.0, 0.0, -8.0);
        p.xyValid = true;
        p.zValid = true;
        bus.localPosition.advertise().publish(p);
    }

    private int intervalCommand(double messageId) {
        return service.sendMessageInterval(udp, messageId);
    }

    private MessageInterval lastInterval() {
        var all = out.payloads(MessageInterval.class, udp);
        return all.get(all.size() - 1);
    }

    @Test
    void shouldAnswerGetMessageIntervalAsMavlinkIoDefinesIt() {
        // Given a link with default streams, ATTITUDE_TARGET switched off on it
        service.addLink(udp);
        assertThat(service.setMessageInterval(udp, TelemetryService.ATTITUDE_TARGET, -1)).isZero();

        // When / Then: a streamed message reports its interval
        assertThat(intervalCommand(TelemetryService.ATTITUDE)).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        assertThat(lastInterval().messageId()).isEqualTo(TelemetryService.ATTITUDE);
        assertThat(lastInterval().intervalUs()).isEqualTo(50_000);
        // a disabled stream -1
        intervalCommand(TelemetryService.ATTITUDE_TARGET);
        assertThat(lastInterval().intervalUs()).isEqualTo(-1);
        // a message Hoverla does not stream, or no dialect defines, 0 ("not available")
        intervalCommand(TelemetryService.AUTOPILOT_VERSION);
        assertThat(lastInterval().intervalUs()).isZero();
        intervalCommand(60_000);
        assertThat(lastInterval().messageId()).isEqualTo(60_000);
        assertThat(lastInterval().intervalUs()).isZero();
        // HEARTBEAT its 1 Hz
        intervalCommand(0);
        assertThat(lastInterval().intervalUs()).isEqualTo(1_000_000);
    }

    @Test
    void shouldDenyAMessageIdThatIsNotAUint16WithoutSendingAnything() {
        service.addLink(udp);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1.0, 30.5, 65_536.0, 1e12}) {
            // When
            int result = intervalCommand(bad);
            // Then
            assertThat(result).as("id %s", bad).isEqualTo(TelemetryService.MAV_RESULT_DENIED);
        }
        assertThat(out.payloads(MessageInterval.class)).isEmpty();
    }

    @Test
    void shouldAnswerRequestMessage244LikeGetMessageInterval() {
        // Given
        service.addLink(udp);
        // When REQUEST_MESSAGE(244) with param2 = VFR_HUD, then with param2 NaN
        int ok = service.requestMessage(udp, TelemetryService.MESSAGE_INTERVAL, TelemetryService.VFR_HUD);
        int bad = service.requestMessage(udp, TelemetryService.MESSAGE_INTERVAL, Float.NaN);
        // Then
        assertThat(ok).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        assertThat(bad).isEqualTo(TelemetryService.MAV_RESULT_DENIED);
        assertThat(out.payloads(MessageInterval.class)).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(TelemetryService.VFR_HUD);
            assertThat(m.intervalUs()).isEqualTo(250_000);
        });
    }

    @Test
    void shouldFollowTheTuningPagesIntervalsAndRestoreTheDefaults() {
        // Given setpoints and a link
        publishSetpoints();
        service.addLink(udp);
        // When QGC's Tuning page asks 100 Hz for ATTITUDE_TARGET, POSITION_TARGET_LOCAL_NED and
        // NAV_CONTROLLER_OUTPUT (capped by the 50 Hz tick) for 2 s
        for (int id : new int[] {TelemetryService.ATTITUDE_TARGET, TelemetryService.POSITION_TARGET_LOCAL_NED,
            TelemetryService.NAV_CONTROLLER_OUTPUT}) {
            assertThat(service.setMessageInterval(udp, id, 10_000)).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        }
        for (long t = 0; t < 2_000 * MS; t += 20 * MS) {
            service.tick(t);
        }
        // Then each came every tick
        assertThat(out.payloads(AttitudeTarget.class)).hasSize(100);
        assertThat(out.payloads(PositionTargetLocalNed.class)).hasSize(100);
        assertThat(out.payloads(NavControllerOutput.class)).hasSize(100);

        // When it restores the defaults (interval 0) for 10 s more
        for (int id : new int[] {TelemetryService.ATTITUDE_TARGET, TelemetryService.POSITION_TARGET_LOCAL_NED,
            TelemetryService.NAV_CONTROLLER_OUTPUT}) {
            service.setMessageInterval(udp, id, 0);
        }
        out.clear();
        for (long t = 2_000 * MS; t < 12_000 * MS; t += 20 * MS) {
            service.tick(t);
        }
        // Then PX4's GCS-link rates: 2, 1.5 and 1 Hz
        assertThat(out.payloads(AttitudeTarget.class).size()).isCloseTo(20, within(1));
        assertThat(out.payloads(PositionTargetLocalNed.class).size()).isCloseTo(15, within(1));
        assertThat(out.payloads(NavControllerOutput.class).size()).isCloseTo(10, within(1));
        assertThat(TelemetryService.defaultIntervalUs(TelemetryService.VIBRATION)).isEqualTo(10_000_000L);
    }

    @Test
    void shouldReportTheSetpointsInMavlinkUnits() {
        // Given an attitude setpoint 10 deg roll, -5 deg pitch, heading east, 46 % thrust, a
        // position setpoint 30 m N 40 m E 10 m up with a heading and no velocity, the vehicle at 8 m
        publishSetpoints();
        // When
        AttitudeTarget a = (AttitudeTarget) service.build(TelemetryService.ATTITUDE_TARGET);
        PositionTargetLocalNed p = (PositionTargetLocalNed) service.build(TelemetryService.POSITION_TARGET_LOCAL_NED);
        NavControllerOutput n = (NavControllerOutput) service.build(TelemetryService.NAV_CONTROLLER_OUTPUT);
        // Then
        assertThat(a.timeBootMs()).isEqualTo(1_500L);
        assertThat(a.thrust()).isCloseTo(0.46f, within(1e-6f));
        assertThat(a.bodyYawRate()).isCloseTo(0.3f, within(1e-6f));
        assertThat(a.q().get(0) * a.q().get(0) + a.q().get(3) * a.q().get(3)).isGreaterThan(0.9f);
        assertThat(p.coordinateFrame().entry()).isEqualTo(MavFrame.MAV_FRAME_LOCAL_NED);
        assertThat(p.x()).isEqualTo(30f);
        assertThat(p.z()).isEqualTo(-10f);
        assertThat(p.typeMask().flagsEnabled(PositionTargetTypemask.POSITION_TARGET_TYPEMASK_VX_IGNORE,
                PositionTargetTypemask.POSITION_TARGET_TYPEMASK_AZ_IGNORE,
                PositionTargetTypemask.POSITION_TARGET_TYPEMASK_YAW_RATE_IGNORE)).isTrue();
        assertThat(p.typeMask().flagsEnabled(PositionTargetTypemask.POSITION_TARGET_TYPEMASK_X_IGNORE)).isFalse();
        assertThat(p.typeMask().flagsEnabled(PositionTargetTypemask.POSITION_TARGET_TYPEMASK_YAW_IGNORE)).isFalse();
        assertThat(n.navRoll()).isCloseTo(10f, within(0.01f));
        assertThat(n.navPitch()).isCloseTo(-5f, within(0.01f));
        assertThat(n.navBearing()).isEqualTo(90);
        assertThat(n.targetBearing()).isEqualTo(53); // atan2(40, 30)
        assertThat(n.wpDist()).isEqualTo(50);
        assertThat(n.altError()).isCloseTo(-2f, within(1e-6f)); // 8 m now, 10 m wanted: PX4's alt - alt_sp
    }

    @Test
    void shouldSendNoSetpointMessagesBeforeTheControllersPublish() {
        assertThat(service.build(TelemetryService.ATTITUDE_TARGET)).isNull();
        assertThat(service.build(TelemetryService.POSITION_TARGET_LOCAL_NED)).isNull();
        assertThat(service.build(TelemetryService.NAV_CONTROLLER_OUTPUT)).isNull();
        assertThat(service.build(TelemetryService.VIBRATION)).isNull();
    }

    @Test
    void shouldReportVibrationPerAxisAndTheClipCount() {
        // Given the IMU task's vibration figures
        VehicleImu imu = new VehicleImu();
        imu.timestampNs = 3_000 * MS;
        imu.accelVibrationFrdMps2.set(1.5, 2.5, 35.0);
        imu.accelClippingX = 1;
        imu.accelClippingZ = 4;
        bus.vehicleImu.advertise().publish(imu);
        // When
        Vibration v = (Vibration) service.build(TelemetryService.VIBRATION);
        // Then
        assertThat(v.vibrationX()).isEqualTo(1.5f);
        assertThat(v.vibrationZ()).isEqualTo(35f);
        assertThat(v.clipping0()).isEqualTo(5L);
        assertThat(v.clipping1()).isZero();
        assertThat(v.timeUsec().longValue()).isEqualTo(3_000_000L);
    }

    @Test
    void shouldSendBatteryRemainingAndMinusOneWhenUnknown() {
        // Given a connected pack at 73.6 %
        org.hoverla.core.msg.BatteryStatus b = new org.hoverla.core.msg.BatteryStatus();
        b.connected = true;
        b.voltageV = 11.4;
        b.remainingFraction = 0.736;
        var pub = bus.batteryStatus.advertise();
        pub.publish(b);
        // Then both messages carry 74
        assertThat(((SysStatus) service.build(TelemetryService.SYS_STATUS)).batteryRemaining()).isEqualTo(74);
        assertThat(((BatteryStatus) service.build(TelemetryService.BATTERY_STATUS)).batteryRemaining()).isEqualTo(74);
        // When the estimate is unknown
        b.remainingFraction = Double.NaN;
        pub.publish(b);
        // Then -1, as the message defines
        assertThat(((SysStatus) service.build(TelemetryService.SYS_STATUS)).batteryRemaining()).isEqualTo(-1);
        assertThat(((BatteryStatus) service.build(TelemetryService.BATTERY_STATUS)).batteryRemaining()).isEqualTo(-1);
        assertThat(TelemetryService.batteryRemainingPct(1.7)).isEqualTo(100);
        assertThat(TelemetryService.batteryRemainingPct(-0.2)).isZero();
    }

    @Test
    void shouldSendTheReceiversDopAsEphEpvAndItsAccuracySeparately() {
        // Given a fix with HDOP 0.9, VDOP 1.3 and 1.65 m / 2.57 m accuracy
        gnss.fixType = 3;
        gnss.latDeg = 50.4;
        gnss.lonDeg = 30.5;
        gnss.satellitesUsed = 14;
        gnss.hdop = 0.9;
        gnss.vdop = 1.3;
        gnss.ephM = 1.65;
        gnss.epvM = 2.57;
        // When
        GpsRawInt g = (GpsRawInt) service.build(TelemetryService.GPS_RAW_INT);
        // Then eph/epv = DOP x 100 (QGC shows eph / 100 as HDOP), h_acc/v_acc in mm
        assertThat(g.eph()).isEqualTo(90);
        assertThat(g.epv()).isEqualTo(130);
        assertThat(g.hAcc()).isEqualTo(1650L);
        assertThat(g.vAcc()).isEqualTo(2570L);
        // When the receiver reports no DOP (no fix): UINT16_MAX, "unknown"
        gnss.hdop = Double.NaN;
        gnss.vdop = -1.0;
        g = (GpsRawInt) service.build(TelemetryService.GPS_RAW_INT);
        assertThat(g.eph()).isEqualTo(65535);
        assertThat(g.epv()).isEqualTo(65535);
        assertThat(TelemetryService.dopTimes100(1e9)).isEqualTo(65534);
    }
}
