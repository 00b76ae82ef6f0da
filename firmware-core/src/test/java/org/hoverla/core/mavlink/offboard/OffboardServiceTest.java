package org.hoverla.core.mavlink.offboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.AttitudeTargetTypemask;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.PositionTargetLocalNed;
import io.dronefleet.mavlink.common.PositionTargetTypemask;
import io.dronefleet.mavlink.common.SetAttitudeTarget;
import io.dronefleet.mavlink.common.SetPositionTargetGlobalInt;
import io.dronefleet.mavlink.common.SetPositionTargetLocalNed;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffboardServiceTest {
    /** Velocity only: ignore position, acceleration, yaw; keep yaw rate. */
    private static final int VELOCITY_ONLY = 0b0000_0101_1100_0111;

    private final FlightBus bus = new FlightBus();
    private final RecordingOutput out = new RecordingOutput();
    private final OffboardService service = new OffboardService(1, 1, bus, out);
    private final Subscription<OffboardSetpoint> sub = bus.offboardSetpoint.subscribe();
    private final OffboardSetpoint sp = new OffboardSetpoint();
    private final TestLink link = new TestLink(0, "udp");
    private final Publication<VehicleLocalPosition> posPub = bus.localPosition.advertise();
    private final VehicleLocalPosition pos = new VehicleLocalPosition();

    @BeforeEach
    void vehicleAt() {
        // Given a vehicle at (10, 5, -20) heading east, with a local frame anchored at 50.4 N 30.4 E 178 m
        pos.posNedM.set(10, 5, -20);
        pos.headingRad = Math.PI / 2;
        pos.refValid = true;
        pos.refLatDeg = 50.4;
        pos.refLonDeg = 30.4;
        pos.refAltM = 178.0;
        posPub.publish(pos);
    }

    private void send(Object payload, long nowNs) {
        service.onMessage(link, Frames.from(255, 190, payload), nowNs);
    }

    private SetPositionTargetLocalNed.Builder local(MavFrame frame, int mask) {
        return SetPositionTargetLocalNed.builder().targetSystem(1).targetComponent(1).coordinateFrame(frame)
                .typeMask(EnumValue.create(PositionTargetTypemask.class, mask));
    }

    @Test
    void shouldTurnALocalVelocityTargetIntoSiWithIgnoredFieldsAsNaN() {
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, VELOCITY_ONLY).vx(2).vy(-1).vz(0.5f).yawRate(0.3f).build(), 42);
        assertThat(sub.update(sp)).isTrue();
        assertThat(sp.timestampNs).isEqualTo(42);
        assertThat(sp.count).isEqualTo(1);
        assertThat(sp.posNedM.x).isNaN();
        assertThat(sp.velNedMps.x).isEqualTo(2.0);
        assertThat(sp.velNedMps.y).isEqualTo(-1.0);
        assertThat(sp.yawRad).isNaN();
        assertThat(sp.yawRateRadps).isCloseTo(0.3, within(1e-6));
    }

    @Test
    void shouldRotateBodyFrameTargetsByHeadingAndOffsetPositions() {
        // When "1 m/s forward and 3 m forward" arrives in the body frame while heading east
        send(local(MavFrame.MAV_FRAME_BODY_NED, 0b0000_1101_1100_0000).x(3).y(0).z(0).vx(1).vy(0).vz(0).build(), 1);
        sub.update(sp);
        // Then it means east in NED, relative to the current position
        assertThat(sp.velNedMps.x).isCloseTo(0.0, within(1e-9));
        assertThat(sp.velNedMps.y).isCloseTo(1.0, within(1e-9));
        assertThat(sp.posNedM.x).isCloseTo(10.0, within(1e-6));
        assertThat(sp.posNedM.y).isCloseTo(8.0, within(1e-6));
        assertThat(sp.posNedM.z).isCloseTo(-20.0, within(1e-6));
    }

    @Test
    void shouldConvertGlobalTargetsRelativeToHome() {
        Publication<HomePosition> homePub = bus.homePosition.advertise();
        HomePosition home = new HomePosition();
        home.valid = true;
        home.altAmslM = 180.0;
        homePub.publish(home);
        GeoRef ref = new GeoRef(50.4, 30.4, 178.0);
        Vec3 geo = ref.toGeodetic(100.0, -50.0, 0.0, new Vec3());
        send(SetPositionTargetGlobalInt.builder().targetSystem(1).targetComponent(1)
                .coordinateFrame(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT)
                .typeMask(EnumValue.create(PositionTargetTypemask.class, 0b0000_1101_1111_1000))
                .latInt((int) Math.round(geo.x * 1e7)).lonInt((int) Math.round(geo.y * 1e7)).alt(15f).build(), 1);
        assertThat(sub.update(sp)).isTrue();
        assertThat(sp.posNedM.x).isCloseTo(100.0, within(0.02));
        assertThat(sp.posNedM.y).isCloseTo(-50.0, within(0.02));
        // 15 m above a home at 180 m AMSL, in a frame anchored at 178 m: 17 m up
        assertThat(sp.posNedM.z).isCloseTo(-17.0, within(1e-6));
    }

    @Test
    void shouldAcceptAttitudeTargetsWithThrust() {
        send(SetAttitudeTarget.builder().targetSystem(1).targetComponent(1)
                .typeMask(EnumValue.create(AttitudeTargetTypemask.class, 0b0000_0011))
                .q(List.of(1f, 0f, 0f, 0f)).thrust(0.45f).bodyYawRate(0.1f).build(), 1);
        assertThat(sub.update(sp)).isTrue();
        assertThat(sp.attitudeTarget).isTrue();
        assertThat(sp.thrustNorm).isCloseTo(0.45, within(1e-6));
        assertThat(sp.yawRateRadps).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void shouldRefuseBodyRateAndThrustLessAttitudeTargetsWithOneReasonEveryFiveSeconds() {
        // Given a computer streaming body-rate-only targets at 20 Hz for 6 s
        for (long t = 0; t < 6_000_000_000L; t += 50_000_000L) {
            send(SetAttitudeTarget.builder().targetSystem(1).targetComponent(1)
                    .typeMask(EnumValue.create(AttitudeTargetTypemask.class, 0b1000_0000))
                    .q(List.of(1f, 0f, 0f, 0f)).thrust(0.5f).bodyRollRate(0.2f).build(), t);
        }
        // When one thrust-less attitude target follows at once
        send(SetAttitudeTarget.builder().targetSystem(1).targetComponent(1)
                .typeMask(EnumValue.create(AttitudeTargetTypemask.class, 0b0100_0000))
                .q(List.of(1f, 0f, 0f, 0f)).build(), 6_000_000_000L);
        // Then none is flown, and the operator reads why: at 0 s and 5 s, not at 20 Hz
        assertThat(sub.update(sp)).isFalse();
        assertThat(service.rejected()).isEqualTo(121);
        assertThat(out.payloads(Statustext.class)).extracting(Statustext::text)
                .containsExactly(OffboardService.TEXT_NO_RATES, OffboardService.TEXT_NO_RATES);
    }

    @Test
    void shouldKeepOnlyTheFieldsEachPx4TypeMaskCombinationUses() {
        // Given PX4's offboard combinations (docs.px4.io, Offboard mode, SET_POSITION_TARGET_LOCAL_NED)
        int positionOnly = 0b0000_1001_1111_1000;
        int accelerationOnly = 0b0000_1100_0011_1111;
        int positionVelocity = 0b0000_1101_1100_0000;
        int all = 0b0000_0000_0000_0000;
        int yawRateOnlyKept = 0b0000_0101_1100_0111;
        // When position only: velocity, acceleration and yaw rate are NaN, yaw is kept
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, positionOnly).x(1).y(2).z(-3).vx(9).afx(9).yaw(0.5f)
                .yawRate(9).build(), 1);
        assertThat(sub.update(sp)).isTrue();
        assertThat(sp.posNedM.z).isEqualTo(-3.0);
        assertThat(sp.velNedMps.x).isNaN();
        assertThat(Double.isNaN(sp.accNedMps2.x)).isTrue();
        assertThat(sp.yawRad).isCloseTo(0.5, within(1e-6));
        assertThat(sp.yawRateRadps).isNaN();
        // When acceleration only
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, accelerationOnly).x(1).vx(9).afx(1).afy(2).afz(-1).build(), 2);
        sub.update(sp);
        assertThat(Double.isNaN(sp.posNedM.x) && Double.isNaN(sp.velNedMps.x)).isTrue();
        assertThat(sp.accNedMps2.y).isEqualTo(2.0);
        assertThat(sp.yawRad).isNaN();
        // When position with velocity feed-forward
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, positionVelocity).x(1).y(2).z(-3).vx(1).vy(0).vz(-0.5f)
                .afx(9).build(), 3);
        sub.update(sp);
        assertThat(sp.posNedM.x).isEqualTo(1.0);
        assertThat(sp.velNedMps.z).isEqualTo(-0.5);
        assertThat(sp.accNedMps2.x).isNaN();
        // When position, velocity and acceleration with yaw and yaw rate
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, all).x(1).y(2).z(-3).vx(1).afz(-0.2f).yaw(1).yawRate(0.2f)
                .build(), 4);
        sub.update(sp);
        assertThat(sp.accNedMps2.z).isCloseTo(-0.2, within(1e-6));
        assertThat(sp.yawRad).isEqualTo(1.0);
        assertThat(sp.yawRateRadps).isCloseTo(0.2, within(1e-6));
        // When velocity with a yaw rate (MAVSDK's set_velocity_body)
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, yawRateOnlyKept).vx(1).yaw(3).yawRate(0.3f).build(), 5);
        sub.update(sp);
        assertThat(sp.yawRad).isNaN();
        assertThat(sp.yawRateRadps).isCloseTo(0.3, within(1e-6));
        assertThat(service.rejected()).isZero();
    }

    @Test
    void shouldDropInfiniteFarOrForeignTargets() {
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, VELOCITY_ONLY).vx(Float.POSITIVE_INFINITY).build(), 1);
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, 0b0000_1101_1111_1000).x(1e6f).y(0).z(-10).build(), 1);
        send(local(MavFrame.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT, VELOCITY_ONLY).vx(1).build(), 1);
        send(SetPositionTargetLocalNed.builder().targetSystem(9).targetComponent(1)
                .coordinateFrame(MavFrame.MAV_FRAME_LOCAL_NED)
                .typeMask(EnumValue.create(PositionTargetTypemask.class, VELOCITY_ONLY)).vx(1).build(), 1);
        send(SetAttitudeTarget.builder().targetSystem(1).targetComponent(1)
                .typeMask(EnumValue.create(AttitudeTargetTypemask.class, 0)).q(List.of(1f, 0f, 0f, 0f))
                .thrust(3f).build(), 1);
        assertThat(sub.update(sp)).isFalse();
        assertThat(service.rejected()).isEqualTo(4);
        assertThat(service.accepted()).isZero();
    }

    @Test
    void shouldEchoTheTargetAt4HzWhileTheStreamLives() {
        send(local(MavFrame.MAV_FRAME_LOCAL_NED, VELOCITY_ONLY).vx(2).build(), 0);
        for (long t = 0; t < 1_000_000_000L; t += 10_000_000L) {
            service.tick(t);
        }
        assertThat(out.payloads(PositionTargetLocalNed.class)).hasSize(4)
                .allSatisfy(p -> assertThat(p.vx()).isEqualTo(2f));
        out.clear();
        for (long t = 1_100_000_000L; t < 2_000_000_000L; t += 10_000_000L) {
            service.tick(t);
        }
        assertThat(out.sent()).isEmpty();
    }
}
