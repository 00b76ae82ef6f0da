package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.GcsLinkStatus;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.junit.jupiter.api.Test;

/** Flight modes and failsafes through the real flight code in lockstep (calm air, default noise). */
class ModesInLoopTest {

    @Test
    void shouldRepositionNorthThenReturnHomeLandAndDisarm() {
        // Given a vehicle hovering at 10 m
        SimDriver d = new SimDriver(new SimConfig());
        d.takeOff(10.0);
        Vec3 start = new Vec3().set(d.sim.vehicle().positionNed());
        // When it is repositioned 20 m north at the same altitude (lat/lon via its own reference)
        Subscription<VehicleLocalPosition> posSub = d.sim.stack().bus().localPosition.subscribe();
        VehicleLocalPosition pos = new VehicleLocalPosition();
        posSub.copy(pos);
        GeoRef ref = new GeoRef(pos.refLatDeg, pos.refLonDeg, pos.refAltM);
        Vec3 target = ref.toGeodetic(pos.posNedM.x + 20.0, pos.posNedM.y, pos.posNedM.z, new Vec3());
        VehicleCommandAck ack = d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, target.x, target.y,
                target.z);
        SimDriver.expectAccepted(ack);
        d.steps(15_000);
        // Then it holds 20 m further north
        Vec3 p = d.sim.vehicle().positionNed();
        assertThat(p.x - start.x).isCloseTo(20.0, within(1.5));
        assertThat(p.y - start.y).isCloseTo(0.0, within(1.5));
        assertThat(-p.z).isCloseTo(10.0, within(1.0));

        // When Return is commanded
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_RETURN_TO_LAUNCH, Double.NaN, Double.NaN, Double.NaN));
        // Then it climbs to the return altitude, flies home, lands and disarms
        double maxAlt = 0.0;
        for (int i = 0; i < 120 && d.status.armed(); i++) {
            d.steps(1000);
            maxAlt = Math.max(maxAlt, -d.sim.vehicle().positionNed().z);
        }
        assertThat(maxAlt).isGreaterThan(28.0);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(d.sim.vehicle().positionNed().normXy()).isLessThan(1.5);
    }

    @Test
    void shouldReturnWhenTheGroundStationFallsSilent() {
        // Given a hovering vehicle that has heard a ground station
        SimDriver d = new SimDriver(new SimConfig());
        Publication<GcsLinkStatus> gcsPub = d.sim.stack().bus().gcsLinkStatus.advertise();
        GcsLinkStatus gcs = new GcsLinkStatus();
        d.takeOff(10.0);
        gcs.everSeen = true;
        gcs.lastHeartbeatNs = d.sim.nowNs();
        gcsPub.publish(gcs);
        drainEvents(d);
        // When no heartbeat comes for 4 s, nothing happens; after 5 s it returns
        d.steps(4_000);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        d.steps(1_500);
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
        assertThat(d.status.failsafe).isTrue();
        assertThat(drainEvents(d)).contains("Failsafe: ground station link lost, returning");
    }

    @Test
    void shouldFollowOffboardVelocitiesAndHoldThenLandWhenTheStreamStops() {
        // Given a hovering vehicle and an offboard computer streaming 2 m/s north at 20 Hz
        SimDriver d = new SimDriver(new SimConfig());
        Publication<OffboardSetpoint> pub = d.sim.stack().bus().offboardSetpoint.advertise();
        OffboardSetpoint sp = new OffboardSetpoint();
        d.takeOff(10.0);
        sp.velNedMps.set(2.0, 0.0, 0.0);
        sp.posNedM.setNaN();
        Runnable stream = () -> {
            sp.timestampNs = d.sim.nowNs();
            sp.count++;
            pub.publish(sp);
        };
        // Offboard is refused before any stream exists
        VehicleCommandAck early = d.command(VehicleCommand.DO_SET_MODE, 1, 6, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
        assertThat(early.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(early.reason).contains("Offboard");
        for (int i = 0; i < 40; i++) {
            stream.run();
            d.steps(50);
        }
        // When Offboard is selected (PX4 main mode 6)
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 6, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        double northBefore = d.sim.vehicle().positionNed().x;
        for (int i = 0; i < 100; i++) {
            stream.run();
            d.steps(50);
        }
        // Then it flew north at about 2 m/s
        assertThat(d.status.mode).isEqualTo(FlightMode.OFFBOARD);
        assertThat(d.sim.vehicle().velocityNed().x).isCloseTo(2.0, within(0.5));
        assertThat(d.sim.vehicle().positionNed().x - northBefore).isBetween(6.0, 11.0);
        drainEvents(d);
        // When the stream stops: Hold after COM_OF_LOSS_T (1 s), Land after COM_OBL_HOLD_T (5 s)
        d.steps(1_500);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(d.status.failsafe).isTrue();
        d.steps(5_500);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(drainEvents(d)).contains("Failsafe: offboard setpoints lost, holding",
                "Failsafe: offboard still lost, landing");
    }

    @Test
    void shouldRefuseModesItCannotFlyWithReasons() {
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        VehicleCommandAck mission = d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
        assertThat(mission.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(mission.reason).contains("no mission");
        VehicleCommandAck acro = d.command(VehicleCommand.DO_SET_MODE, 1, 5, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
        assertThat(acro.result).isEqualTo(VehicleCommandAck.UNSUPPORTED);
        VehicleCommandAck rtlDisarmed = d.command(VehicleCommand.NAV_RETURN_TO_LAUNCH, Double.NaN, Double.NaN,
                Double.NaN);
        assertThat(rtlDisarmed.result).isEqualTo(VehicleCommandAck.DENIED);
        VehicleCommandAck standardHold = d.command(VehicleCommand.DO_SET_STANDARD_MODE, 1, Double.NaN, Double.NaN);
        SimDriver.expectAccepted(standardHold);
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        VehicleCommandAck badSpeed = d.command(VehicleCommand.DO_CHANGE_SPEED, 1, Double.POSITIVE_INFINITY,
                Double.NaN);
        assertThat(badSpeed.result).isEqualTo(VehicleCommandAck.DENIED);
    }

    private static java.util.List<String> drainEvents(SimDriver d) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        VehicleEvent e = new VehicleEvent();
        while (d.sim.stack().bus().events.poll(e)) {
            texts.add(e.text);
        }
        return texts;
    }
}
