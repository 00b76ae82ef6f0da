package org.hoverla.core.mavlink.telemetry;

import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.Altitude;
import io.dronefleet.mavlink.common.Attitude;
import io.dronefleet.mavlink.common.AttitudeQuaternion;
import io.dronefleet.mavlink.common.AutopilotVersion;
import io.dronefleet.mavlink.common.BatteryStatus;
import io.dronefleet.mavlink.common.ExtendedSysState;
import io.dronefleet.mavlink.common.GlobalPositionInt;
import io.dronefleet.mavlink.common.GpsRawInt;
import io.dronefleet.mavlink.common.HomePosition;
import io.dronefleet.mavlink.common.LocalPositionNed;
import io.dronefleet.mavlink.common.MavLandedState;
import io.dronefleet.mavlink.common.MavSysStatusSensor;
import io.dronefleet.mavlink.common.RequestDataStream;
import io.dronefleet.mavlink.common.ServoOutputRaw;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.common.SysStatus;
import io.dronefleet.mavlink.common.VfrHud;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.mavlink.dialect.AvailableModes;
import org.hoverla.core.mavlink.dialect.CurrentMode;
import org.hoverla.core.mavlink.dialect.StandardModes;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelemetryServiceTest {
    private static final long MS = 1_000_000L;
    private static final double LAT = 50.4;
    private static final double LON = 30.5;
    private static final double REF_ALT = 180.0;

    private final FlightBus bus = new FlightBus();
    private final Publication<VehicleStatus> statusPub = bus.vehicleStatus.advertise();
    private final Publication<EstimatorStatus> estPub = bus.estimatorStatus.advertise();
    private final Publication<org.hoverla.core.msg.BatteryStatus> batPub = bus.batteryStatus.advertise();
    private final Publication<VehicleAttitude> attPub = bus.attitude.advertise();
    private final Publication<VehicleAngularVelocity> ratePub = bus.angularVelocity.advertise();
    private final Publication<VehicleLocalPosition> posPub = bus.localPosition.advertise();
    private final Publication<org.hoverla.core.msg.HomePosition> homePub = bus.homePosition.advertise();
    private final Publication<VehicleLandDetected> landPub = bus.landDetected.advertise();
    private final Publication<ActuatorOutputs> outPub = bus.actuatorOutputs.advertise();
    private final RecordingOutput out = new RecordingOutput();
    private final VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 99L);
    private final GnssSample gnss = new GnssSample();
    private final TelemetryService service = new TelemetryService(bus, identity, out,
            new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST),
            dst -> {
                dst.copyFrom(gnss);
                return true;
            }, 0L);
    private final TestLink udp = new TestLink(0, "udp");
    private final TestLink tcp = new TestLink(1, "tcp");
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLocalPosition pos = new VehicleLocalPosition();

    @BeforeEach
    void publishAll() {
        status.armingState = ArmingState.STANDBY;
        status.mode = FlightMode.HOLD;
        statusPub.publish(status);
        EstimatorStatus e = new EstimatorStatus();
        e.imuHealthy = true;
        e.baroHealthy = true;
        e.magHealthy = true;
        e.gnssHealthy = false;
        e.attitudeValid = true;
        estPub.publish(e);
        org.hoverla.core.msg.BatteryStatus b = new org.hoverla.core.msg.BatteryStatus();
        b.connected = true;
        b.voltageV = 12.345;
        b.currentA = 15.678;
        batPub.publish(b);
        VehicleAttitude a = new VehicleAttitude();
        a.timestampNs = 2_500 * MS;
        a.q.setEuler(0.1, -0.2, 1.0);
        attPub.publish(a);
        VehicleAngularVelocity w = new VehicleAngularVelocity();
        w.rateFrdRadps.set(0.01, 0.02, 0.03);
        ratePub.publish(w);
        pos.refValid = true;
        pos.refLatDeg = LAT;
        pos.refLonDeg = LON;
        pos.refAltM = REF_ALT;
        pos.xyValid = true;
        pos.zValid = true;
        pos.vxyValid = true;
        pos.vzValid = true;
        posPub.publish(pos);
        org.hoverla.core.msg.HomePosition h = new org.hoverla.core.msg.HomePosition();
        h.valid = true;
        h.latDeg = LAT;
        h.lonDeg = LON;
        h.altAmslM = REF_ALT;
        h.posNedM.set(0, 0, 0);
        homePub.publish(h);
        landPub.publish(new VehicleLandDetected());
        ActuatorOutputs o = new ActuatorOutputs();
        o.count = 4;
        o.commandNorm[0] = 0.0;
        o.commandNorm[1] = 0.5;
        o.commandNorm[2] = 1.0;
        o.commandNorm[3] = 0.25;
        outPub.publish(o);
        gnss.fixType = 3;
        gnss.latDeg = LAT;
        gnss.lonDeg = LON;
        gnss.altMslM = REF_ALT;
        gnss.satellitesUsed = 12;
        gnss.ephM = 0.8;
        gnss.velNMps = 1.0;
    }

    private void runTicks(long fromNs, long toNs) {
        for (long t = fromNs; t < toNs; t += 20 * MS) {
            service.tick(t);
        }
    }

    private static final Map<Class<?>, Double> DEFAULT_HZ = Map.ofEntries(
            Map.entry(SysStatus.class, 1.0), Map.entry(ExtendedSysState.class, 1.0),
            Map.entry(CurrentMode.class, 1.0), Map.entry(Attitude.class, 20.0),
            Map.entry(AttitudeQuaternion.class, 10.0), Map.entry(GlobalPositionInt.class, 5.0),
            Map.entry(LocalPositionNed.class, 1.0), Map.entry(GpsRawInt.class, 1.0),
            Map.entry(VfrHud.class, 4.0), Map.entry(Altitude.class, 1.0),
            Map.entry(BatteryStatus.class, 0.5), Map.entry(HomePosition.class, 0.5),
            Map.entry(ServoOutputRaw.class, 1.0),
            Map.entry(io.dronefleet.mavlink.common.EstimatorStatus.class, 1.0));

    @Test
    void shouldStreamDefaultRatesOverTenSeconds() {
        // Given one link
        service.addLink(udp);
        // When ticking at 50 Hz for 10 s
        runTicks(0, 10_000 * MS);
        // Then each message arrives at its default rate (±1)
        Map<Class<?>, Integer> counts = new HashMap<>();
        out.sent().forEach(s -> counts.merge(s.payload().getClass(), 1, Integer::sum));
        DEFAULT_HZ.forEach((type, hz) -> assertThat(counts.getOrDefault(type, 0)).as(type.getSimpleName())
                .isCloseTo((int) Math.round(hz * 10), within(1)));
        assertThat(out.sent()).allSatisfy(s -> assertThat(s.target()).isSameAs(udp));
    }

    @Test
    void shouldSkipMessagesWithoutData() {
        // Given a fresh bus with only the vehicle status
        FlightBus empty = new FlightBus();
        empty.vehicleStatus.advertise().publish(status);
        RecordingOutput rec = new RecordingOutput();
        TelemetryService s = new TelemetryService(empty, identity, rec,
                new AutopilotVersionService(identity, 0), null, 0L);
        s.addLink(udp);
        // When
        s.tick(0);
        // Then only what needs no sensor data goes out
        assertThat(rec.sent()).extracting(x -> x.payload().getClass().getSimpleName())
                .containsExactlyInAnyOrder("SysStatus", "ExtendedSysState", "CurrentMode");
    }

    @Test
    void shouldConvertPositionToMavlinkUnits() {
        // Given 100 m north of the reference at 50.4 N, 20 m up, moving and heading west
        pos.posNedM.set(100.0, 0.0, -20.0);
        pos.velNedMps.set(1.234, -0.5, -2.0);
        pos.headingRad = -Math.PI / 2;
        posPub.publish(pos);
        service.addLink(udp);
        // When
        service.tick(0);
        // Then
        GlobalPositionInt g = out.payloads(GlobalPositionInt.class).get(0);
        long expectedLat = Math.round((LAT + Math.toDegrees(100.0 / GeoRef.EARTH_RADIUS_M)) * 1e7);
        assertThat(expectedLat).isEqualTo(504_008_993L);
        assertThat(g.lat()).isEqualTo((int) expectedLat);
        assertThat(g.lon()).isEqualTo(305_000_000);
        assertThat(g.alt()).isEqualTo(200_000);
        assertThat(g.relativeAlt()).isEqualTo(20_000);
        assertThat(g.vx()).isEqualTo(123);
        assertThat(g.vy()).isEqualTo(-50);
        assertThat(g.vz()).isEqualTo(-200);
        assertThat(g.hdg()).isEqualTo(27_000);
        VfrHud hud = out.payloads(VfrHud.class).get(0);
        assertThat(hud.heading()).isEqualTo(270);
        assertThat(hud.alt()).isEqualTo(200f);
        assertThat(hud.climb()).isEqualTo(2f);
        Altitude alt = out.payloads(Altitude.class).get(0);
        assertThat(alt.altitudeRelative()).isEqualTo(20f);
        assertThat(alt.altitudeAmsl()).isEqualTo(200f);
        LocalPositionNed l = out.payloads(LocalPositionNed.class).get(0);
        assertThat(l.x()).isEqualTo(100f);
        assertThat(l.z()).isEqualTo(-20f);
    }

    @Test
    void shouldConvertAttitudeBatteryServosAndGnss() {
        // Given the topics of publishAll()
        service.addLink(udp);
        // When
        service.tick(0);
        // Then
        Attitude a = out.payloads(Attitude.class).get(0);
        assertThat((double) a.roll()).isCloseTo(0.1, within(1e-6));
        assertThat((double) a.pitch()).isCloseTo(-0.2, within(1e-6));
        assertThat((double) a.yaw()).isCloseTo(1.0, within(1e-6));
        assertThat(a.yawspeed()).isEqualTo(0.03f);
        assertThat(a.timeBootMs()).isEqualTo(2500L);
        AttitudeQuaternion q = out.payloads(AttitudeQuaternion.class).get(0);
        assertThat((double) (q.q1() * q.q1() + q.q2() * q.q2() + q.q3() * q.q3() + q.q4() * q.q4())).isCloseTo(1.0, within(1e-6));
        SysStatus s = out.payloads(SysStatus.class).get(0);
        assertThat(s.voltageBattery()).isEqualTo(12_345);
        assertThat(s.currentBattery()).isEqualTo(1_568);
        assertThat(s.onboardControlSensorsHealth().flagsEnabled(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_3D_GYRO,
                MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE, MavSysStatusSensor.MAV_SYS_STATUS_AHRS)).isTrue();
        assertThat(s.onboardControlSensorsHealth().flagsEnabled(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS)).isFalse();
        assertThat(s.onboardControlSensorsPresent().flagsEnabled(MavSysStatusSensor.MAV_SYS_STATUS_SENSOR_GPS)).isTrue();
        BatteryStatus b = out.payloads(BatteryStatus.class).get(0);
        assertThat(b.voltages().get(0)).isEqualTo(12_345);
        assertThat(b.currentBattery()).isEqualTo(1_568);
        ServoOutputRaw servo = out.payloads(ServoOutputRaw.class).get(0);
        assertThat(List.of(servo.servo1Raw(), servo.servo2Raw(), servo.servo3Raw(), servo.servo4Raw(), servo.servo5Raw()))
                .containsExactly(1000, 1500, 2000, 1250, 0);
        GpsRawInt g = out.payloads(GpsRawInt.class).get(0);
        assertThat(g.lat()).isEqualTo(504_000_000);
        assertThat(g.alt()).isEqualTo(180_000);
        assertThat(g.hAcc()).isEqualTo(800L);
        assertThat(g.vel()).isEqualTo(100);
        assertThat(g.cog()).isEqualTo(0);
        assertThat(g.satellitesVisible()).isEqualTo(12);
        assertThat(out.payloads(ExtendedSysState.class).get(0).landedState().entry())
                .isEqualTo(MavLandedState.MAV_LANDED_STATE_ON_GROUND);
    }

    @Test
    void shouldReportEstimatorFlagsTestRatiosAndAccuracy() {
        // Given an EKF dead reckoning: attitude and height valid, horizontal still valid, the last
        // GNSS position rejected (ratio 2.5), velocity fine, the mag not measured
        EstimatorStatus e = new EstimatorStatus();
        e.timestampNs = 3_000 * MS;
        e.attitudeValid = true;
        e.xyValid = true;
        e.vxyValid = true;
        e.zValid = true;
        e.vzValid = true;
        e.deadReckoning = true;
        e.gnssPosTestRatio = 2.5;
        e.gnssVelTestRatio = 0.25;
        e.heightTestRatio = 0.1;
        e.magTestRatio = Double.NaN;
        estPub.publish(e);
        pos.ephM = 4.2;
        pos.epvM = 0.7;
        posPub.publish(pos);
        service.addLink(udp);
        // When
        service.tick(0);
        // Then ESTIMATOR_STATUS carries them in MAVLink's form
        io.dronefleet.mavlink.common.EstimatorStatus m =
                out.payloads(io.dronefleet.mavlink.common.EstimatorStatus.class).get(0);
        assertThat(m.timeUsec().longValue()).isEqualTo(3_000_000L);
        assertThat(m.flags().flagsEnabled(io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_ATTITUDE,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_VELOCITY_HORIZ,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_VELOCITY_VERT,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_POS_HORIZ_REL,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_POS_HORIZ_ABS,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_POS_VERT_ABS,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_GPS_GLITCH)).isTrue();
        assertThat(m.flags().flagsEnabled(io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_CONST_POS_MODE))
                .isFalse();
        assertThat(m.posHorizRatio()).isEqualTo(2.5f);
        assertThat(m.velRatio()).isEqualTo(0.25f);
        assertThat(m.posVertRatio()).isEqualTo(0.1f);
        assertThat(m.magRatio()).isZero();
        assertThat(m.posHorizAccuracy()).isEqualTo(4.2f);
        assertThat(m.posVertAccuracy()).isEqualTo(0.7f);

        // When the horizontal position is lost and dead reckoning has ended
        e.xyValid = false;
        e.vxyValid = false;
        e.deadReckoning = false;
        e.gnssPosTestRatio = Double.NaN;
        estPub.publish(e);
        service.tick(1_000 * MS);
        // Then only attitude and vertical remain, in constant-position mode
        m = out.payloads(io.dronefleet.mavlink.common.EstimatorStatus.class).get(1);
        assertThat(m.flags().flagsEnabled(io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_POS_HORIZ_REL))
                .isFalse();
        assertThat(m.flags().flagsEnabled(io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_GPS_GLITCH))
                .isFalse();
        assertThat(m.flags().flagsEnabled(io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_CONST_POS_MODE,
                io.dronefleet.mavlink.common.EstimatorStatusFlags.ESTIMATOR_ATTITUDE)).isTrue();
        assertThat(m.posHorizRatio()).isZero();
    }

    /** A link opened with {@code ?profile=onboard}, as the SITL's API link on UDP 14540. */
    private record OnboardLink(int id, String name) implements org.hoverla.core.mavlink.MavlinkLink {
        @Override
        public org.hoverla.core.mavlink.StreamProfile streamProfile() {
            return org.hoverla.core.mavlink.StreamProfile.ONBOARD;
        }
    }

    @Test
    void shouldStreamPx4OnboardRatesOnAnOnboardLinkAndGroundStationRatesBesideIt() {
        // Given a ground-station link and an onboard (API) link
        OnboardLink api = new OnboardLink(2, "udp:127.0.0.1:14540?profile=onboard");
        service.addLink(udp);
        service.addLink(api);

        // When 10 s of ticks run
        runTicks(0, 10_000 * MS);

        // Then the API link gets PX4's onboard rates (ATTITUDE capped at the 50 Hz tick), the other
        // link keeps the ground station's
        assertThat(out.payloads(Attitude.class, api)).hasSizeBetween(499, 501);
        assertThat(out.payloads(GlobalPositionInt.class, api)).hasSizeBetween(499, 501);
        assertThat(out.payloads(LocalPositionNed.class, api)).hasSizeBetween(299, 301);
        assertThat(out.payloads(SysStatus.class, api)).hasSizeBetween(49, 51);
        assertThat(out.payloads(HomePosition.class, api)).hasSizeBetween(4, 6);
        assertThat(out.payloads(Attitude.class, udp)).hasSizeBetween(199, 201);
        assertThat(out.payloads(GlobalPositionInt.class, udp)).hasSizeBetween(49, 51);
        assertThat(out.payloads(SysStatus.class, udp)).hasSizeBetween(9, 11);

        // When a client changes a rate on the API link and then asks for the default back (interval 0)
        assertThat(service.setMessageInterval(api, TelemetryService.GLOBAL_POSITION_INT, 1_000_000L)).isZero();
        assertThat(service.messageIntervalUs(api, TelemetryService.GLOBAL_POSITION_INT)).isEqualTo(1_000_000L);
        assertThat(service.setMessageInterval(api, TelemetryService.GLOBAL_POSITION_INT, 0L)).isZero();

        // Then the default is the link's profile rate, 50 Hz, not the ground station's 5 Hz
        assertThat(service.messageIntervalUs(api, TelemetryService.GLOBAL_POSITION_INT)).isEqualTo(20_000L);
        assertThat(TelemetryService.defaultIntervalUs(org.hoverla.core.mavlink.StreamProfile.ONBOARD,
                TelemetryService.GLOBAL_POSITION_INT)).isEqualTo(20_000L);
        assertThat(TelemetryService.defaultIntervalUs(TelemetryService.GLOBAL_POSITION_INT)).isEqualTo(200_000L);
    }

    @Test
    void shouldChangeIntervalOnOneLinkOnly() {
        // Given two links
        service.addLink(udp);
        service.addLink(tcp);
        // When ATTITUDE goes to 50 Hz on udp and SYS_STATUS is disabled there
        assertThat(service.setMessageInterval(udp, TelemetryService.ATTITUDE, 20_000L)).isEqualTo(0);
        assertThat(service.setMessageInterval(udp, TelemetryService.SYS_STATUS, -1L)).isEqualTo(0);
        runTicks(0, 10_000 * MS);
        // Then
        assertThat(out.payloads(Attitude.class, udp)).hasSizeBetween(499, 501);
        assertThat(out.payloads(Attitude.class, tcp)).hasSizeBetween(199, 201);
        assertThat(out.payloads(SysStatus.class, udp)).isEmpty();
        assertThat(out.payloads(SysStatus.class, tcp)).hasSizeBetween(9, 11);
        assertThat(service.messageIntervalUs(udp, TelemetryService.ATTITUDE)).isEqualTo(20_000L);
        assertThat(service.messageIntervalUs(udp, TelemetryService.SYS_STATUS)).isEqualTo(-1L);
        assertThat(service.messageIntervalUs(tcp, TelemetryService.ATTITUDE)).isEqualTo(50_000L);
    }

    @Test
    void shouldRestoreDefaultAndRefuseUnknownIds() {
        // Given a disabled stream
        service.addLink(udp);
        service.setMessageInterval(udp, TelemetryService.ATTITUDE, -1L);
        runTicks(0, 1_000 * MS);
        assertThat(out.payloads(Attitude.class)).isEmpty();
        // When restored to the default (0)
        assertThat(service.setMessageInterval(udp, TelemetryService.ATTITUDE, 0L)).isEqualTo(0);
        runTicks(1_000 * MS, 2_000 * MS);
        // Then it streams at 20 Hz again, and unknown ids or bad intervals are refused
        assertThat(out.payloads(Attitude.class)).hasSizeBetween(19, 21);
        assertThat(service.setMessageInterval(udp, 12345, 100_000L)).isEqualTo(TelemetryService.MAV_RESULT_UNSUPPORTED);
        assertThat(service.setMessageInterval(udp, 0, 100_000L)).isEqualTo(TelemetryService.MAV_RESULT_UNSUPPORTED);
        assertThat(service.setMessageInterval(udp, TelemetryService.ATTITUDE, -5L)).isEqualTo(TelemetryService.MAV_RESULT_DENIED);
    }

    @Test
    void shouldSendRequestedMessagesOnce() {
        // Given no streaming tick yet
        // When
        int version = service.requestMessage(tcp, TelemetryService.AUTOPILOT_VERSION);
        int home = service.requestMessage(tcp, TelemetryService.HOME_POSITION);
        int mode = service.requestMessage(tcp, TelemetryService.CURRENT_MODE);
        int unknown = service.requestMessage(tcp, 9999);
        // Then
        assertThat(List.of(version, home, mode, unknown)).containsExactly(0, 0, 0, 3);
        assertThat(out.sent()).<Object>extracting(s -> s.payload().getClass())
                .containsExactly(AutopilotVersion.class, HomePosition.class, CurrentMode.class);
        assertThat(out.sent()).allSatisfy(s -> assertThat(s.target()).isSameAs(tcp));
        HomePosition h = out.payloads(HomePosition.class).get(0);
        assertThat(h.latitude()).isEqualTo(504_000_000);
        assertThat(h.altitude()).isEqualTo(180_000);
    }

    @Test
    void shouldAnswerProtocolVersionRequestWithMavlink2() {
        // Given a ground station that asks at connect (QGC InitialConnectStateMachine::_stateRequestProtocolVersion)
        // When
        int result = service.requestMessage(udp, TelemetryService.PROTOCOL_VERSION);
        // Then one PROTOCOL_VERSION on that link: MAVLink 2, accepting 1
        assertThat(result).isEqualTo(TelemetryService.MAV_RESULT_ACCEPTED);
        io.dronefleet.mavlink.minimal.ProtocolVersion v = out.payloads(io.dronefleet.mavlink.minimal.ProtocolVersion.class).get(0);
        assertThat(out.sent()).singleElement().satisfies(s -> assertThat(s.target()).isSameAs(udp));
        assertThat(List.of(v.version(), v.minVersion(), v.maxVersion())).containsExactly(200, 100, 200);
        assertThat(v.specVersionHash()).hasSize(8);
    }

    @Test
    void shouldFailHomeRequestWithoutHome() {
        // Given an invalid home
        homePub.publish(new org.hoverla.core.msg.HomePosition());
        // When / Then
        assertThat(service.requestMessage(udp, TelemetryService.HOME_POSITION)).isEqualTo(TelemetryService.MAV_RESULT_FAILED);
        assertThat(out.sent()).isEmpty();
    }

    @Test
    void shouldListAvailableModesWithIndexAndCount() {
        // When all modes are requested, then one
        assertThat(service.requestMessage(udp, TelemetryService.AVAILABLE_MODES, 0f)).isEqualTo(0);
        List<AvailableModes> all = out.payloads(AvailableModes.class);
        out.clear();
        assertThat(service.requestMessage(udp, TelemetryService.AVAILABLE_MODES, 7f)).isEqualTo(0);
        assertThat(service.requestMessage(udp, TelemetryService.AVAILABLE_MODES, FlightMode.values().length + 1f))
                .isEqualTo(TelemetryService.MAV_RESULT_FAILED);
        // Then
        FlightMode[] modes = FlightMode.values();
        assertThat(all).hasSize(modes.length);
        for (int i = 0; i < modes.length; i++) {
            assertThat(all.get(i).modeIndex()).isEqualTo(i + 1);
            assertThat(all.get(i).numberModes()).isEqualTo(modes.length);
            assertThat(all.get(i).customMode()).isEqualTo(modes[i].px4CustomMode() & 0xFFFF_FFFFL);
        }
        assertThat(all).filteredOn(m -> m.standardMode() != 0).extracting(AvailableModes::standardMode)
                .doesNotHaveDuplicates();
        assertThat(all.get(FlightMode.MISSION.ordinal()).properties() & StandardModes.MAV_MODE_PROPERTY_AUTO_MODE).isNotZero();
        assertThat(out.payloads(AvailableModes.class)).containsExactly(all.get(6));
    }

    @Test
    void shouldSendCurrentModeOnChange() {
        // Given a streaming link
        service.addLink(udp);
        runTicks(0, 100 * MS);
        out.clear();
        // When the mode changes between periodic sends
        status.mode = FlightMode.LAND;
        statusPub.publish(status);
        service.tick(100 * MS);
        // Then CURRENT_MODE goes out at once with the new mode
        List<CurrentMode> sent = out.payloads(CurrentMode.class);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).standardMode()).isEqualTo(StandardModes.MAV_STANDARD_MODE_LAND);
        assertThat(sent.get(0).customMode()).isEqualTo(FlightMode.LAND.px4CustomMode() & 0xFFFF_FFFFL);
    }

    @Test
    void shouldHandleLegacyRequestDataStream() {
        // Given a link where a GCS asks for POSITION at 2 Hz and stops EXTRA1
        service.addLink(udp);
        service.onMessage(udp, Frames.from(255, 190, RequestDataStream.builder().targetSystem(1)
                .targetComponent(1).reqStreamId(6).reqMessageRate(2).startStop(1).build()), 0);
        service.onMessage(udp, Frames.from(255, 190, RequestDataStream.builder().targetSystem(1)
                .targetComponent(1).reqStreamId(10).reqMessageRate(0).startStop(0).build()), 0);
        service.onMessage(udp, Frames.from(255, 190, RequestDataStream.builder().targetSystem(2)
                .targetComponent(1).reqStreamId(0).reqMessageRate(0).startStop(0).build()), 0);
        // When
        runTicks(0, 10_000 * MS);
        // Then
        assertThat(out.payloads(GlobalPositionInt.class)).hasSizeBetween(19, 21);
        assertThat(out.payloads(LocalPositionNed.class)).hasSizeBetween(19, 21);
        assertThat(out.payloads(Attitude.class)).isEmpty();
        assertThat(out.payloads(AttitudeQuaternion.class)).isEmpty();
        assertThat(out.payloads(SysStatus.class)).hasSizeBetween(9, 11);
    }

    @Test
    void shouldChunkLongStatusTexts() {
        // Given texts of 20, 120 and exactly 100 characters
        String shortText = "Takeoff detected ok";
        String longText = "x".repeat(50) + "y".repeat(50) + "z".repeat(20);
        // When
        service.statusText(6, shortText);
        service.statusText(4, longText);
        service.statusText(4, "a".repeat(100));
        // Then
        List<Statustext> t = out.payloads(Statustext.class);
        assertThat(t).hasSize(1 + 3 + 3);
        assertThat(t.get(0).id()).isZero();
        assertThat(t.get(0).text()).isEqualTo(shortText);
        assertThat(t.subList(1, 4)).extracting(Statustext::chunkSeq).containsExactly(0, 1, 2);
        assertThat(t.subList(1, 4)).extracting(Statustext::text)
                .containsExactly("x".repeat(50), "y".repeat(50), "z".repeat(20));
        int id = t.get(1).id();
        assertThat(id).isNotZero();
        assertThat(t.subList(1, 4)).allSatisfy(m -> assertThat(m.id()).isEqualTo(id));
        assertThat(t.get(4).id()).isNotEqualTo(id).isNotZero();
        assertThat(t.get(6).text()).isEmpty();
        assertThat(t.get(6).chunkSeq()).isEqualTo(2);
        assertThat(out.sent()).allSatisfy(s -> assertThat(s.target()).isNull());
    }

    @Test
    void shouldStreamRcChannelsOnlyWhileAReceiverDelivers() {
        // Given no RC receiver frame yet: nothing is sent for 2 s of ticks
        service.addLink(udp);
        for (long t = 0; t <= 2_000_000_000L; t += 20_000_000L) {
            service.tick(t);
        }
        assertThat(out.payloads(io.dronefleet.mavlink.common.RcChannels.class)).isEmpty();
        // When a 16-channel frame is published
        Publication<org.hoverla.hal.RcInputSample> rcPub = bus.rcInput.advertise();
        org.hoverla.hal.RcInputSample rc = new org.hoverla.hal.RcInputSample();
        rc.channelCount = 16;
        for (int i = 0; i < 16; i++) {
            rc.channelsUs[i] = 1000 + 50 * i;
        }
        rc.rssiPct = 100;
        rcPub.publish(rc);
        for (long t = 2_020_000_000L; t <= 3_000_000_000L; t += 20_000_000L) {
            service.tick(t);
        }
        // Then RC_CHANNELS goes out at 5 Hz with raw values, unused channels as UINT16_MAX
        var sent = out.payloads(io.dronefleet.mavlink.common.RcChannels.class);
        assertThat(sent).hasSizeBetween(4, 6);
        var m = sent.get(0);
        assertThat(m.chancount()).isEqualTo(16);
        assertThat(m.chan1Raw()).isEqualTo(1000);
        assertThat(m.chan16Raw()).isEqualTo(1750);
        assertThat(m.chan17Raw()).isEqualTo(65535);
        assertThat(m.rssi()).isEqualTo(254);
    }

    @Test
    void shouldGroupStreamsForRequestDataStreamAsBefore() {
        // Given / When: each MAV_DATA_STREAM group
        // Then: the messages it switches (ArduPilot's grouping), ALL being every streamed message
        assertThat(TelemetryService.dataStreamGroup(1)).containsExactlyInAnyOrder(TelemetryService.GPS_RAW_INT);
        assertThat(TelemetryService.dataStreamGroup(2)).containsExactlyInAnyOrder(TelemetryService.SYS_STATUS,
                TelemetryService.EXTENDED_SYS_STATE, TelemetryService.BATTERY_STATUS, TelemetryService.CURRENT_MODE);
        assertThat(TelemetryService.dataStreamGroup(3)).containsExactlyInAnyOrder(TelemetryService.SERVO_OUTPUT_RAW);
        assertThat(TelemetryService.dataStreamGroup(6)).containsExactlyInAnyOrder(TelemetryService.GLOBAL_POSITION_INT,
                TelemetryService.LOCAL_POSITION_NED);
        assertThat(TelemetryService.dataStreamGroup(10)).containsExactlyInAnyOrder(TelemetryService.ATTITUDE,
                TelemetryService.ATTITUDE_QUATERNION);
        assertThat(TelemetryService.dataStreamGroup(11)).containsExactlyInAnyOrder(TelemetryService.VFR_HUD);
        assertThat(TelemetryService.dataStreamGroup(12)).containsExactlyInAnyOrder(TelemetryService.ALTITUDE,
                TelemetryService.HOME_POSITION, TelemetryService.ESTIMATOR_STATUS);
        assertThat(TelemetryService.dataStreamGroup(0)).containsExactly(TelemetryService.streamedMessageIds());
        assertThat(TelemetryService.dataStreamGroup(4)).isNull();
        // 15 streams, plus ORBIT_EXECUTION_STATUS, NAV_CONTROLLER_OUTPUT, ATTITUDE_TARGET,
        // POSITION_TARGET_LOCAL_NED, VIBRATION, and MAVSDK's seven on-request streams
        assertThat(TelemetryService.streamedMessageIds()).hasSize(27).contains(TelemetryService.RC_CHANNELS,
                TelemetryService.ORBIT_EXECUTION_STATUS, TelemetryService.SYSTEM_TIME, TelemetryService.SCALED_IMU,
                TelemetryService.HIGHRES_IMU, TelemetryService.SCALED_PRESSURE, TelemetryService.ODOMETRY,
                TelemetryService.ACTUATOR_OUTPUT_STATUS, TelemetryService.GPS_GLOBAL_ORIGIN)
                .doesNotContain(TelemetryService.RAW_IMU);
        assertThat(TelemetryService.defaultIntervalUs(TelemetryService.ATTITUDE)).isEqualTo(50_000L);
        assertThat(TelemetryService.defaultIntervalUs(TelemetryService.HOME_POSITION)).isEqualTo(2_000_000L);
        assertThat(TelemetryService.defaultIntervalUs(TelemetryService.RC_CHANNELS)).isEqualTo(200_000L);
    }

    @Test
    void shouldSendOrbitExecutionStatusOnlyWhileOrbiting() {
        // Given a navigator that is not orbiting
        Publication<org.hoverla.core.msg.NavigatorStatus> navPub = bus.navigatorStatus.advertise();
        org.hoverla.core.msg.NavigatorStatus nav = new org.hoverla.core.msg.NavigatorStatus();
        navPub.publish(nav);
        // Then there is no ORBIT_EXECUTION_STATUS
        assertThat(service.build(TelemetryService.ORBIT_EXECUTION_STATUS)).isNull();
        // When it orbits counter-clockwise, 15 m around a point 100 m north, 30 m above the origin
        nav.orbiting = true;
        nav.orbitRadiusM = -15.0;
        nav.orbitCenterNedM.set(100.0, 0.0, -30.0);
        navPub.publish(nav);
        status.mode = FlightMode.ORBIT;
        statusPub.publish(status);
        service.tick(0L);
        io.dronefleet.mavlink.common.OrbitExecutionStatus m =
                (io.dronefleet.mavlink.common.OrbitExecutionStatus) service.build(TelemetryService.ORBIT_EXECUTION_STATUS);
        // Then the signed radius and the centre in MAV_FRAME_GLOBAL (degE7, metres AMSL) are sent
        org.hoverla.core.math.Vec3 g = new GeoRef(LAT, LON, REF_ALT).toGeodetic(100.0, 0.0, -30.0,
                new org.hoverla.core.math.Vec3());
        assertThat(m.radius()).isEqualTo(-15f);
        assertThat(m.frame().entry()).isEqualTo(io.dronefleet.mavlink.common.MavFrame.MAV_FRAME_GLOBAL);
        assertThat(m.x()).isEqualTo((int) Math.round(g.x * 1e7));
        assertThat(m.y()).isEqualTo((int) Math.round(g.y * 1e7));
        assertThat((double) m.z()).isCloseTo(REF_ALT + 30.0, within(0.01));
    }
}
