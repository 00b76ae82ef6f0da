package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.OrbitExecutionStatus;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.telemetry.AutopilotVersionService;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.junit.jupiter.api.Test;

/**
 * QGroundControl's guided Fly-view actions for a PX4 vehicle, flown by the real flight code in
 * lockstep (calm air, default sensor noise): Orbit, ROI, Change Heading and Change Altitude,
 * with the parameters QGC sends (QGC {@code Vehicle::guidedModeOrbit}, {@code guidedModeROI},
 * {@code PX4FirmwarePlugin::guidedModeChangeHeading} / {@code guidedModeChangeAltitude}).
 * Measured figures are printed so the README can quote them.
 */
class GuidedActionsInLoopTest {
    /** ORBIT_YAW_BEHAVIOUR_UNCHANGED, what QGC sends in param3. */
    private static final double YAW_UNCHANGED = 5.0;

    private final List<OrbitExecutionStatus> orbitStatus = new ArrayList<>();

    /**
     * One orbit's measured figures over a window after it settled. Radius and nose figures come
     * twice: as the flight code sees them (estimated position and heading, i.e. how well the
     * control follows the circle) and in truth (the simulator's state, which adds the
     * navigation error: the centre is given in the estimator's frame, and the default GNSS
     * drifts by about {@link SimConfig#DEFAULT_GNSS_DRIFT_M}).
     */
    private record OrbitFigures(double maxRadiusErrorM, double rmsRadiusErrorM, double maxTrueRadiusErrorM,
                                double meanSpeedMps, double maxSpeedErrorMps, double turnedRad,
                                double maxNoseToCentreErrorRad, double maxTrueNoseToCentreErrorRad,
                                double maxHeadingChangeRad, double maxAltitudeErrorM) {
    }

    @Test
    void shouldOrbitAsQgcAsksClockwiseAtTheRadiusFacingTheCentreAndReportIt() {
        // Given a vehicle hovering at 10 m and a ground station's telemetry on one link
        SimDriver d = hovering();
        TelemetryService telemetry = telemetry(d);
        Vec3 centre = new Vec3(30.0, 10.0, 0.0);
        double hoverDown = d.sim.vehicle().positionNed().z;
        Vec3 geo = geodetic(d, centre.x, centre.y, hoverDown);
        // When QGC's Orbit sends DO_ORBIT: radius 15 m, default speed, yaw behaviour unchanged,
        // orbit count NaN, the clicked centre and the current altitude
        VehicleCommandAck ack = d.command(VehicleCommand.DO_ORBIT, 15.0, Double.NaN, YAW_UNCHANGED, Double.NaN,
                geo.x, geo.y, geo.z);
        // Then it is accepted and the heartbeat's mode is PX4's POSCTL/ORBIT (QGC shows "Orbit")
        SimDriver.expectAccepted(ack);
        assertThat(d.status.mode).isEqualTo(FlightMode.ORBIT);
        assertThat(d.status.mode.px4CustomMode()).isEqualTo((3 << 16) | (1 << 24));
        // and after the approach it circles clockwise at 15 m at PX4's default 1 m/s, nose to the centre
        fly(d, telemetry, 20.0);
        OrbitFigures f = measure(d, telemetry, centre, 15.0, 60.0, hoverDown);
        print("QGC orbit r=15 m, v=NaN (1 m/s), yaw front-to-centre", f);
        assertThat(f.maxRadiusErrorM()).isLessThan(0.15);
        assertThat(f.maxTrueRadiusErrorM()).isLessThan(1.5);
        assertThat(f.meanSpeedMps()).isCloseTo(1.0, within(0.05));
        assertThat(f.turnedRad()).isCloseTo(60.0 * 1.0 / 15.0, within(0.15));
        assertThat(f.maxNoseToCentreErrorRad()).isLessThan(Math.toRadians(1.0));
        assertThat(f.maxTrueNoseToCentreErrorRad()).isLessThan(Math.toRadians(8.0));
        assertThat(f.maxAltitudeErrorM()).isLessThan(0.5);
        // and ORBIT_EXECUTION_STATUS tells the ground station the circle at 2 Hz
        assertThat(orbitStatus.size()).isGreaterThanOrEqualTo(2 * 60);
        OrbitExecutionStatus last = orbitStatus.get(orbitStatus.size() - 1);
        assertThat(last.radius()).isEqualTo(15f);
        assertThat(last.frame().entry()).isEqualTo(MavFrame.MAV_FRAME_GLOBAL);
        assertThat(last.x() * 1e-7).isCloseTo(geo.x, within(1e-6));
        assertThat(last.y() * 1e-7).isCloseTo(geo.y, within(1e-6));
        assertThat((double) last.z()).isCloseTo(geo.z, within(0.5));

        // When Hold is chosen (QGC's Pause: DO_REPOSITION with all NaN and CHANGE_MODE)
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN));
        orbitStatus.clear();
        fly(d, telemetry, 2.0);
        // Then it leaves the orbit and the status stream stops
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(orbitStatus).isEmpty();
    }

    @Test
    void shouldOrbitCounterClockwiseAtTheCommandedSpeedHoldingTheInitialHeading() {
        // Given a vehicle hovering at 10 m
        SimDriver d = hovering();
        TelemetryService telemetry = telemetry(d);
        double heading = d.sim.vehicle().attitude().yaw();
        double hoverDown = d.sim.vehicle().positionNed().z;
        Vec3 geo = geodetic(d, -25.0, 0.0, hoverDown);
        // When it is asked to orbit counter-clockwise (negative radius) at 4 m/s, holding its heading
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_ORBIT, -20.0, 4.0, 1.0, Double.NaN, geo.x, geo.y,
                Double.NaN));
        fly(d, telemetry, 20.0);
        OrbitFigures f = measure(d, telemetry, new Vec3(-25.0, 0.0, 0.0), 20.0, 40.0, hoverDown);
        print("orbit r=-20 m, v=4 m/s, yaw hold initial heading", f);
        // Then it turns counter-clockwise at the radius and speed, the nose where it was
        assertThat(f.maxRadiusErrorM()).isLessThan(0.3);
        assertThat(f.maxTrueRadiusErrorM()).isLessThan(1.5);
        assertThat(f.meanSpeedMps()).isCloseTo(4.0, within(0.1));
        assertThat(f.maxSpeedErrorMps()).isLessThan(0.4);
        assertThat(f.turnedRad()).isCloseTo(-40.0 * 4.0 / 20.0, within(0.2));
        assertThat(angleDiff(d.sim.vehicle().attitude().yaw(), heading)).isLessThan(Math.toRadians(3.0));
        assertThat(f.maxHeadingChangeRad()).isLessThan(Math.toRadians(3.0));
    }

    @Test
    void shouldCapTheOrbitSpeedSoATightCircleCanBeHeld() {
        // Given a vehicle hovering at 10 m
        SimDriver d = hovering();
        TelemetryService telemetry = telemetry(d);
        drainEvents(d);
        // When a 5 m orbit around where it is is asked at 8 m/s (12.8 m/s² centripetal)
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_ORBIT, 5.0, 8.0, 0.0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN));
        Vec3 start = new Vec3().set(d.sim.vehicle().positionNed());
        // Then the operator is told, and it flies sqrt(2 m/s² · 5 m) = 3.16 m/s on the circle
        assertThat(drainEvents(d)).contains("Orbit: speed reduced so the vehicle can hold the circle");
        fly(d, telemetry, 20.0);
        OrbitFigures f = measure(d, telemetry, start, 5.0, 30.0, start.z);
        print("orbit r=5 m, v=8 m/s capped to 3.16 m/s", f);
        assertThat(f.meanSpeedMps()).isCloseTo(Math.sqrt(10.0), within(0.15));
        assertThat(f.maxRadiusErrorM()).isLessThan(0.5);
        assertThat(f.maxTrueRadiusErrorM()).isLessThan(1.5);
        assertThat(f.maxNoseToCentreErrorRad()).isLessThan(Math.toRadians(6.0));
    }

    @Test
    void shouldRefuseOrbitsItCannotFlyWithTheResultPx4GivesAndAReason() {
        // Given a vehicle on the ground
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.stack().params().takeoffAltM.set(10.0);
        d.stepUntilReady(30.0);
        // Then an orbit is refused for now
        VehicleCommandAck ground = d.command(VehicleCommand.DO_ORBIT, 10.0, 2.0, 0.0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
        assertThat(ground.result).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
        assertThat(ground.reason).contains("not flying");
        // Given it flies
        d.takeOff(10.0);
        Vec3 far = geodetic(d, 20_000.0, 0.0, 0.0);
        // Then bad radii, speeds, yaw behaviours and centres are denied with their reason
        expectDenied(d, "radius", 0.0, 2.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "radius", 0.5, 2.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "radius", -2000.0, 2.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "radius", Double.NaN, 2.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "radius", Double.POSITIVE_INFINITY, 2.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "speed", 10.0, -1.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "speed", 10.0, 50.0, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "speed", 10.0, Double.POSITIVE_INFINITY, 0.0, Double.NaN, Double.NaN);
        expectDenied(d, "yaw", 10.0, 2.0, 4.0, Double.NaN, Double.NaN);
        expectDenied(d, "yaw", 10.0, 2.0, 0.5, Double.NaN, Double.NaN);
        expectDenied(d, "centre", 10.0, 2.0, 0.0, 91.0, 30.0);
        expectDenied(d, "centre", 10.0, 2.0, 0.0, far.x, far.y);
        expectDenied(d, "centre", 10.0, 2.0, 0.0, 50.4, Double.NaN);
        VehicleCommandAck underground = d.command(VehicleCommand.DO_ORBIT, 10.0, 2.0, 0.0, Double.NaN, Double.NaN,
                Double.NaN, d.sim.config().homeAltM - 5.0);
        assertThat(underground.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(underground.reason).contains("altitude");
        // and Orbit cannot be picked as a mode without its circle
        VehicleCommandAck setMode = d.command(VehicleCommand.DO_SET_MODE, 1, 3, 1, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
        assertThat(setMode.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(setMode.reason).contains("DO_ORBIT");
        // and the vehicle still holds where it was
        d.steps(2000);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(-d.sim.vehicle().positionNed().z).isCloseTo(10.0, within(1.0));
    }

    @Test
    void shouldFaceTheRegionOfInterestWhileRepositioningUntilItIsReleased() {
        // Given a vehicle hovering at 10 m
        SimDriver d = hovering();
        Vec3 roi = new Vec3(40.0, 30.0, 0.0);
        Vec3 roiGeo = geodetic(d, roi.x, roi.y, 0.0);
        // When QGC sets a ROI (params 1-4 NaN, the point at the terrain's AMSL altitude)
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_ROI_LOCATION, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, roiGeo.x, roiGeo.y, d.sim.config().homeAltM));
        d.steps(5000);
        // Then the nose turns to it
        double hoverError = noseToPointError(d, roi);
        assertThat(hoverError).isLessThan(Math.toRadians(3.0));
        // When it is repositioned 25 m west (Goto, CHANGE_MODE)
        Vec3 west = geodetic(d, 0.0, -25.0, d.sim.vehicle().positionNed().z);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, west.x, west.y,
                west.z));
        // Then the nose follows the ROI all the way
        double maxMoving = 0.0;
        for (int i = 0; i < 150; i++) {
            d.steps(100);
            if (i >= 5) {
                maxMoving = Math.max(maxMoving, noseToPointError(d, roi));
            }
        }
        double settled = noseToPointError(d, roi);
        System.out.printf("ROI: nose-to-ROI error hovering %.2f deg, while moving max %.2f deg, settled %.2f deg%n",
                Math.toDegrees(hoverError), Math.toDegrees(maxMoving), Math.toDegrees(settled));
        assertThat(d.sim.vehicle().positionNed().y).isCloseTo(-25.0, within(1.5));
        assertThat(maxMoving).isLessThan(Math.toRadians(5.0));
        assertThat(settled).isLessThan(Math.toRadians(3.0));
        // When the ROI is released (QGC sends DO_SET_ROI_NONE, all NaN) and it moves again
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_ROI_NONE, Double.NaN, Double.NaN, Double.NaN));
        double heading = d.sim.vehicle().attitude().yaw();
        Vec3 north = geodetic(d, 20.0, -25.0, d.sim.vehicle().positionNed().z);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, north.x, north.y,
                north.z));
        d.steps(12_000);
        // Then the heading no longer follows the point
        assertThat(angleDiff(d.sim.vehicle().attitude().yaw(), heading)).isLessThan(Math.toRadians(3.0));
        assertThat(noseToPointError(d, roi)).isGreaterThan(Math.toRadians(10.0));
        // and a ROI without a position is refused
        VehicleCommandAck noPoint = d.command(VehicleCommand.DO_SET_ROI_LOCATION, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        assertThat(noPoint.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(noPoint.reason).contains("ROI refused");
    }

    @Test
    void shouldFaceTheRegionOfInterestWhileFlyingAMission() {
        // Given a mission: takeoff, 40 m north, 40 m east, land; and a ROI west of the square
        SimConfig config = new SimConfig();
        SimDriver d = new SimDriver(config);
        GeoRef home = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        List<org.hoverla.mission.MissionItem> items = new ArrayList<>();
        double[][] points = {{0, 0}, {40, 0}, {40, 40}, {40, 40}};
        int[] commands = {org.hoverla.mission.MavCmd.NAV_TAKEOFF, org.hoverla.mission.MavCmd.NAV_WAYPOINT,
            org.hoverla.mission.MavCmd.NAV_WAYPOINT, org.hoverla.mission.MavCmd.NAV_LAND};
        for (int i = 0; i < points.length; i++) {
            Vec3 g = home.toGeodetic(points[i][0], points[i][1], 0.0, new Vec3());
            items.add(new org.hoverla.mission.MissionItem(i, org.hoverla.mission.MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT,
                    commands[i], false, true, 0f, 0f, 0f, Float.NaN, (int) Math.round(g.x * 1e7),
                    (int) Math.round(g.y * 1e7), i == points.length - 1 ? 0f : 10f,
                    org.hoverla.mission.MissionType.MISSION));
        }
        d.sim.stack().bus().missionPlan.set(new org.hoverla.mission.MissionPlan(items, List.of(), List.of()));
        d.stepUntilReady(30.0);
        Vec3 roi = new Vec3(20.0, -40.0, 0.0);
        Vec3 roiGeo = geodetic(d, roi.x, roi.y, 0.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_ROI_LOCATION, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, roiGeo.x, roiGeo.y, config.homeAltM));
        // When the mission is flown
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        // Then, once up and turned, the nose points at the ROI along both legs (PX4's mission
        // points at a ROI_LOCATION before its own yaw mode)
        double worst = 0.0;
        int samples = 0;
        for (int i = 0; i < 600 && d.status.armed(); i++) {
            d.steps(100);
            boolean cruising = -d.sim.vehicle().positionNed().z > 9.0 && d.sim.vehicle().positionNed().x > 5.0;
            if (cruising) {
                worst = Math.max(worst, noseToPointError(d, roi));
                samples++;
            }
        }
        System.out.printf("ROI in Mission: nose-to-ROI error max %.2f deg over %d samples%n", Math.toDegrees(worst),
                samples);
        assertThat(samples).isGreaterThan(50);
        assertThat(worst).isLessThan(Math.toRadians(5.0));
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldTurnToTheRepositionHeadingAndChangeAltitudeAsQgcSendsThem() {
        // Given a vehicle hovering at 10 m
        SimDriver d = hovering();
        Vec3 start = new Vec3().set(d.sim.vehicle().positionNed());
        // When QGC's Change Heading sends DO_REPOSITION with only param4, in radians (here 225°)
        double wanted = Math.toRadians(-135.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, wanted, Double.NaN, Double.NaN,
                Double.NaN));
        d.steps(6000);
        // Then it turns to that heading where it was
        double headingError = angleDiff(d.sim.vehicle().attitude().yaw(), wanted);
        System.out.printf("Change heading: error %.2f deg%n", Math.toDegrees(headingError));
        assertThat(headingError).isLessThan(Math.toRadians(2.0));
        assertThat(d.sim.vehicle().positionNed().normXy() - start.normXy()).isLessThan(1.0);
        // When QGC's Change Altitude (+8 m) pauses (all NaN) and then sends only the new AMSL
        // altitude: the vehicle's home altitude + its height above home + 8
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN));
        org.hoverla.core.msg.HomePosition home = new org.hoverla.core.msg.HomePosition();
        d.sim.stack().bus().homePosition.subscribe().copy(home);
        double target = home.altAmslM + heightAboveHome(d, home) + 8.0;
        double trueBefore = -d.sim.vehicle().positionNed().z;
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.NaN, Double.NaN,
                Double.NaN, target));
        d.steps(12_000);
        // Then it climbs 8 m, keeping its place and heading
        Vec3 p = d.sim.vehicle().positionNed();
        System.out.printf("Change altitude: estimated height above home %.2f m (wanted %.2f), true climb %.2f m, "
                + "drift %.2f m%n", heightAboveHome(d, home), target - home.altAmslM, -p.z - trueBefore,
                Math.hypot(p.x - start.x, p.y - start.y));
        assertThat(heightAboveHome(d, home)).isCloseTo(target - home.altAmslM, within(0.3));
        assertThat(-p.z - trueBefore).isCloseTo(8.0, within(0.5));
        assertThat(Math.hypot(p.x - start.x, p.y - start.y)).isLessThan(1.0);
        assertThat(angleDiff(d.sim.vehicle().attitude().yaw(), wanted)).isLessThan(Math.toRadians(3.0));
        // and an infinite heading is refused
        VehicleCommandAck bad = d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Double.POSITIVE_INFINITY,
                Double.NaN, Double.NaN, Double.NaN);
        assertThat(bad.result).isEqualTo(VehicleCommandAck.DENIED);
    }

    // ------------------------------------------------------------------ helpers

    private static SimDriver hovering() {
        SimDriver d = new SimDriver(new SimConfig());
        d.takeOff(10.0);
        d.steps(3000);
        return d;
    }

    private TelemetryService telemetry(SimDriver d) {
        VehicleIdentity identity = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 1L);
        TelemetryService t = new TelemetryService(d.sim.stack().bus(), identity, (link, payload) -> {
            if (payload instanceof OrbitExecutionStatus) {
                orbitStatus.add((OrbitExecutionStatus) payload);
            }
        }, new AutopilotVersionService(identity, AutopilotVersionService.CAP_PARAM_ENCODE_C_CAST), null, 0L);
        t.addLink(new MavlinkLink() {
            @Override
            public int id() {
                return 0;
            }

            @Override
            public String name() {
                return "test";
            }
        });
        return t;
    }

    /** Steps the vehicle, ticking the telemetry every 10 ms of vehicle time as the link layer does. */
    private static void fly(SimDriver d, TelemetryService telemetry, double seconds) {
        for (int i = 0; i < Math.round(seconds * 100.0); i++) {
            d.steps(10);
            telemetry.tick(d.sim.nowNs());
        }
    }

    /** Flies for a while around a centre (local NED) sampling the true state every 20 ms. */
    private static OrbitFigures measure(SimDriver d, TelemetryService telemetry, Vec3 centre, double radiusM,
                                        double seconds, double wantedDownM) {
        Subscription<VehicleLocalPosition> posSub = d.sim.stack().bus().localPosition.subscribe();
        VehicleLocalPosition est = new VehicleLocalPosition();
        double maxRadiusError = 0.0;
        double maxTrueRadiusError = 0.0;
        double maxTrueNose = 0.0;
        double sumSq = 0.0;
        double sumSpeed = 0.0;
        double maxSpeedError = 0.0;
        double turned = 0.0;
        double maxNose = 0.0;
        double maxHeadingChange = 0.0;
        double maxAlt = 0.0;
        double firstHeading = d.sim.vehicle().attitude().yaw();
        Vec3 p = d.sim.vehicle().positionNed();
        double bearing = Math.atan2(p.y - centre.y, p.x - centre.x);
        int n = (int) Math.round(seconds * 50.0);
        double expectedSpeed = Double.NaN;
        List<Double> speeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                d.steps(10);
                telemetry.tick(d.sim.nowNs());
            }
            assertThat(d.status.mode).isEqualTo(FlightMode.ORBIT);
            p = d.sim.vehicle().positionNed();
            Vec3 v = d.sim.vehicle().velocityNed();
            posSub.copy(est);
            double dn = est.posNedM.x - centre.x;
            double de = est.posNedM.y - centre.y;
            double err = Math.hypot(dn, de) - radiusM;
            maxRadiusError = Math.max(maxRadiusError, Math.abs(err));
            sumSq += err * err;
            double tn = p.x - centre.x;
            double te = p.y - centre.y;
            maxTrueRadiusError = Math.max(maxTrueRadiusError, Math.abs(Math.hypot(tn, te) - radiusM));
            speeds.add(v.normXy());
            sumSpeed += v.normXy();
            double now = Math.atan2(de, dn);
            turned += Math.IEEEremainder(now - bearing, 2.0 * Math.PI);
            bearing = now;
            double yaw = d.sim.vehicle().attitude().yaw();
            maxNose = Math.max(maxNose, angleDiff(est.headingRad, Math.atan2(-de, -dn)));
            maxTrueNose = Math.max(maxTrueNose, angleDiff(yaw, Math.atan2(-te, -tn)));
            maxHeadingChange = Math.max(maxHeadingChange, angleDiff(yaw, firstHeading));
            maxAlt = Math.max(maxAlt, Math.abs(p.z - wantedDownM));
        }
        double mean = sumSpeed / n;
        for (double s : speeds) {
            maxSpeedError = Math.max(maxSpeedError, Math.abs(s - mean));
        }
        return new OrbitFigures(maxRadiusError, Math.sqrt(sumSq / n), maxTrueRadiusError, mean, maxSpeedError,
                turned, maxNose, maxTrueNose, maxHeadingChange, maxAlt);
    }

    private static void print(String what, OrbitFigures f) {
        System.out.printf("%s: radius error max %.3f m rms %.3f m (truth max %.3f m); speed mean %.3f m/s, "
                        + "max deviation %.3f m/s; turned %.3f rad; nose-to-centre error max %.2f deg (truth %.2f deg); "
                        + "heading change max %.2f deg; altitude error max %.3f m%n", what, f.maxRadiusErrorM(),
                f.rmsRadiusErrorM(), f.maxTrueRadiusErrorM(), f.meanSpeedMps(), f.maxSpeedErrorMps(), f.turnedRad(),
                Math.toDegrees(f.maxNoseToCentreErrorRad()), Math.toDegrees(f.maxTrueNoseToCentreErrorRad()),
                Math.toDegrees(f.maxHeadingChangeRad()), f.maxAltitudeErrorM());
    }

    private static void expectDenied(SimDriver d, String reasonWord, double radius, double speed, double yaw,
                                     double lat, double lon) {
        VehicleCommandAck ack = d.command(VehicleCommand.DO_ORBIT, radius, speed, yaw, Double.NaN, lat, lon,
                Double.NaN);
        assertThat(ack.result).as("DO_ORBIT r=%s v=%s yaw=%s lat=%s lon=%s", radius, speed, yaw, lat, lon)
                .isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).startsWith("Orbit refused").contains(reasonWord);
    }

    /** Latitude, longitude (deg) and altitude AMSL (m) of a local NED point, via the estimator's reference. */
    private static Vec3 geodetic(SimDriver d, double northM, double eastM, double downM) {
        Subscription<VehicleLocalPosition> sub = d.sim.stack().bus().localPosition.subscribe();
        VehicleLocalPosition pos = new VehicleLocalPosition();
        sub.copy(pos);
        return new GeoRef(pos.refLatDeg, pos.refLonDeg, pos.refAltM).toGeodetic(northM, eastM, downM, new Vec3());
    }

    private static double heightAboveHome(SimDriver d, org.hoverla.core.msg.HomePosition home) {
        VehicleLocalPosition pos = new VehicleLocalPosition();
        d.sim.stack().bus().localPosition.subscribe().copy(pos);
        return home.posNedM.z - pos.posNedM.z;
    }

    private static double noseToPointError(SimDriver d, Vec3 point) {
        Vec3 p = d.sim.vehicle().positionNed();
        return angleDiff(d.sim.vehicle().attitude().yaw(), Math.atan2(point.y - p.y, point.x - p.x));
    }

    private static double angleDiff(double a, double b) {
        return Math.abs(Math.IEEEremainder(a - b, 2.0 * Math.PI));
    }

    private static List<String> drainEvents(SimDriver d) {
        List<String> texts = new ArrayList<>();
        VehicleEvent e = new VehicleEvent();
        while (d.sim.stack().bus().events.poll(e)) {
            texts.add(e.text);
        }
        return texts;
    }
}
