package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.junit.jupiter.api.Test;

/** A vehicle driven at the geofence ends in the configured action without crossing it by more than its margin. */
class FenceInLoopTest {
    private static final double RADIUS_M = 30.0;

    @Test
    void shouldHoldBeforeCrossingAnInclusionCircle() {
        // Given a 30 m inclusion circle around home, GF_ACTION = hold, and a hovering vehicle
        SimConfig config = new SimConfig();
        SimDriver d = new SimDriver(config);
        GeoRef home = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        Publication<OffboardSetpoint> pub = d.sim.stack().bus().offboardSetpoint.advertise();
        OffboardSetpoint sp = new OffboardSetpoint();
        MissionItem circle = new MissionItem(0, MissionItem.FRAME_GLOBAL_INT, MavCmd.NAV_FENCE_CIRCLE_INCLUSION, false,
                true, (float) RADIUS_M, 0f, 0f, 0f, (int) Math.round(config.homeLatDeg * 1e7),
                (int) Math.round(config.homeLonDeg * 1e7), 0f, MissionType.FENCE);
        PlanInstaller installer = new PlanInstaller(d.sim.stack().bus(), d.sim.stack().params());
        installer.install(new MissionPlan(List.of(), List.of(circle), List.of()));
        d.sim.stack().params().fenceAction.set(2);
        // The fence is built in the local frame, which exists once GNSS has passed its checks.
        d.stepUntilReady(30.0);
        installer.tick();
        assertThat(d.sim.stack().bus().geofence.get()).isNotNull();
        d.takeOff(10.0);

        // When an offboard computer drives it north at 6 m/s
        sp.velNedMps.set(6.0, 0.0, 0.0);
        sp.posNedM.setNaN();
        for (int i = 0; i < 20; i++) {
            sp.timestampNs = d.sim.nowNs();
            sp.count++;
            pub.publish(sp);
            d.steps(50);
        }
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 6, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        double maxDistance = 0.0;
        for (int i = 0; i < 400; i++) {
            sp.timestampNs = d.sim.nowNs();
            sp.count++;
            pub.publish(sp);
            d.steps(50);
            Vec3 p = d.sim.vehicle().positionNed();
            maxDistance = Math.max(maxDistance, Math.hypot(p.x, p.y));
        }
        // Then the predicted breach switched it to Hold and it never left the circle by more than the margin
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(d.status.fenceBreaches).isEqualTo(1);
        assertThat(maxDistance).isLessThan(RADIUS_M + d.sim.stack().params().fenceMarginM.get());
        System.out.printf("Fence test: farthest from home %.2f m (fence %.0f m, margin %.0f m)%n", maxDistance, RADIUS_M,
                d.sim.stack().params().fenceMarginM.get());

        // And a reposition beyond the fence is refused with a reason
        Vec3 outside = home.toGeodetic(60.0, 0.0, 0.0, new Vec3());
        VehicleCommandAck ack = d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, outside.x, outside.y,
                config.homeAltM + 10.0);
        assertThat(ack.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).contains("geofence");

        // And an offboard position target outside the fence is not followed
        Vec3 before = new Vec3().set(d.sim.vehicle().positionNed());
        sp.velNedMps.setNaN();
        sp.posNedM.set(60.0, 0.0, -10.0);
        for (int i = 0; i < 20; i++) {
            sp.timestampNs = d.sim.nowNs();
            sp.count++;
            pub.publish(sp);
            d.steps(50);
        }
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 6, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        for (int i = 0; i < 200; i++) {
            sp.timestampNs = d.sim.nowNs();
            sp.count++;
            pub.publish(sp);
            d.steps(50);
        }
        Vec3 after = d.sim.vehicle().positionNed();
        assertThat(Math.hypot(after.x, after.y)).isLessThan(RADIUS_M);
        assertThat(Math.hypot(after.x - before.x, after.y - before.y)).isLessThan(3.0);
    }
}
