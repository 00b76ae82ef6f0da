package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMissionType;
import io.dronefleet.mavlink.common.MavMode;
import io.dronefleet.mavlink.common.MavParamType;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.MissionCount;
import io.dronefleet.mavlink.common.MissionItemInt;
import io.dronefleet.mavlink.common.MissionRequestInt;
import io.dronefleet.mavlink.common.ParamSet;
import io.dronefleet.mavlink.common.ParamValue;
import io.dronefleet.mavlink.common.SetMode;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.List;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.command.SetModeService;
import org.hoverla.core.mavlink.mission.MissionAckExt;
import org.hoverla.core.mavlink.mission.MissionService;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.mission.VehicleMissionPorts;
import org.hoverla.core.mavlink.param.ParamService;
import org.hoverla.core.mavlink.telemetry.HeartbeatService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.TrajectorySetpoint;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.vehicle.PlanInstaller;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes across the vehicle's MAVLink services (issue 19): once a PARAM_VALUE was
 * echoed, a MISSION_ACK ACCEPTED sent, or a mode, home or speed change acknowledged, the very
 * next command (delivered with no simulation step in between, as MAVSDK sends it the moment the
 * answer arrives) is judged and flown against the new state. The parameter, mission, command and
 * SET_MODE services run on the test thread between lockstep steps, as the MAVLink thread would.
 */
class ReadYourWritesInLoopTest {
    private static final int SYS = 1;
    private static final int GCS_SYS = 245;
    private static final int GCS_COMP = 190;
    private static final int CUSTOM_MODE_ENABLED = 1;
    private static final int MISSION_ACCEPTED = 0;

    /** A ground station's side of one link, with the vehicle services it talks to. */
    private static final class Gcs extends GroundStationInLoop {
        final CommandService commands;
        final SetModeService setMode;
        final ParamService params;
        final MissionService missions;
        final HeartbeatService heartbeat;

        Gcs() {
            super("udp:gcs");
            var bus = d.sim.stack().bus();
            commands = new CommandService(SYS, 1, bus, this);
            setMode = new SetModeService(SYS, commands);
            params = new ParamService(d.sim.params(), this, ParamPersistence.NONE, SYS, 1);
            PlanInstaller installer = new PlanInstaller(bus, d.sim.stack().params());
            missions = new MissionService(SYS, 1, this, VehicleMissionPorts.validator(bus, installer.params()),
                    VehicleMissionPorts.runner(bus, installer), PlanStore.NONE);
            commands.addLocalHandler(missions.commandHandler());
            heartbeat = new HeartbeatService(bus, VehicleIdentity.fromManifest(SYS, VehicleIdentity.Frame.QUAD_X, 42),
                    this, null);
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                d.sim.step();
                commands.pollFlightAcks(d.sim.nowNs());
            }
            commands.tick(d.sim.nowNs());
            d.statusSub.update(d.status);
        }

        void deliver(Object payload) {
            MavlinkMessage<?> m = frame(GCS_SYS, GCS_COMP, payload);
            long now = d.sim.nowNs();
            commands.onMessage(link, m, now);
            setMode.onMessage(link, m, now);
            params.onMessage(link, m, now);
            missions.onMessage(link, m, now);
        }

        CommandAck command(MavCmd cmd, float... p) {
            float[] a = java.util.Arrays.copyOf(p, 7);
            deliver(CommandLong.builder().targetSystem(SYS).targetComponent(1).command(cmd)
                    .param1(a[0]).param2(a[1]).param3(a[2]).param4(a[3]).param5(a[4]).param6(a[5]).param7(a[6])
                    .build());
            return awaitAck();
        }

        /** PARAM_SET answered by its PARAM_VALUE echo before any simulation step. */
        void setParam(String name, float value) {
            deliver(ParamSet.builder().targetSystem(SYS).targetComponent(1).paramId(name).paramValue(value)
                    .paramType(MavParamType.MAV_PARAM_TYPE_REAL32).build());
            ParamValue echo = take(ParamValue.class);
            assertThat(echo).as("PARAM_VALUE echo of %s", name).isNotNull();
            assertThat(echo.paramValue()).isEqualTo(value);
        }

        /**
         * The mission protocol's upload, answered item by item on the MAVLink side with no
         * simulation step in between (the fastest a ground station can be); ends at MISSION_ACK.
         */
        void upload(MavMissionType type, List<MissionItemInt> items) {
            deliver(MissionCount.builder().targetSystem(SYS).targetComponent(1).count(items.size())
                    .missionType(type).build());
            for (int n = 0; n <= items.size(); n++) {
                MissionAckExt ack = take(MissionAckExt.class);
                if (ack != null) {
                    assertThat(ack.type()).as("MISSION_ACK of %s", type).isEqualTo(MISSION_ACCEPTED);
                    return;
                }
                MissionRequestInt request = take(MissionRequestInt.class);
                assertThat(request).as("MISSION_REQUEST_INT").isNotNull();
                deliver(items.get(request.seq()));
            }
            throw new AssertionError("no MISSION_ACK");
        }

        CommandAck setFlightMode(FlightMode mode) {
            int baseMode = heartbeat.build().baseMode().value() | CUSTOM_MODE_ENABLED;
            deliver(SetMode.builder().targetSystem(SYS).baseMode(EnumValue.create(MavMode.class, baseMode))
                    .customMode(mode.px4CustomMode() & 0xFFFF_FFFFL).build());
            return awaitAck();
        }

        FlightMode heartbeatMode() {
            Heartbeat hb = heartbeat.build();
            return FlightMode.fromPx4CustomMode(hb.customMode());
        }

        Vec3 geodetic(double northM, double eastM, double downM) {
            VehicleLocalPosition pos = new VehicleLocalPosition();
            d.sim.stack().bus().localPosition.subscribe().copy(pos);
            return new GeoRef(pos.refLatDeg, pos.refLonDeg, pos.refAltM).toGeodetic(northM, eastM, downM, new Vec3());
        }

        MissionItemInt item(MavMissionType type, int seq, MavCmd cmd, MavFrame frame, float p1, double northM,
                            double eastM, float z) {
            Vec3 g = geodetic(northM, eastM, 0.0);
            return MissionItemInt.builder().targetSystem(SYS).targetComponent(1).seq(seq).frame(frame).command(cmd)
                    .current(0).autocontinue(1).param1(p1).param2(0f).param3(0f).param4(Float.NaN)
                    .x((int) Math.round(g.x * 1e7)).y((int) Math.round(g.y * 1e7)).z(z).missionType(type).build();
        }

        /** Armed and hovering at 10 m in Hold, Return flying back at that height. */
        void hovering() {
            d.sim.stack().params().returnAltM.set(10.0);
            d.takeOff(10.0);
            steps(2000);
        }

        void stepUntilDisarmed(double timeoutS) {
            double end = d.sim.timeS() + timeoutS;
            while (d.status.armed() && d.sim.timeS() < end) {
                steps(100);
            }
            assertThat(d.status.armed()).as("landed and disarmed").isFalse();
        }
    }

    private static void assertResult(CommandAck ack, MavCmd cmd, MavResult result) {
        assertThat(ack.command().entry()).isEqualTo(cmd);
        assertThat(ack.result().entry()).as("result of %s", cmd).isEqualTo(result);
    }

    @Test
    void shouldClimbToTheTakeoffAltitudeJustEchoed() {
        // Given an armed vehicle on the ground (MAVSDK Action::arm), MIS_TAKEOFF_ALT at its 2.5 m default
        Gcs gcs = new Gcs();
        gcs.d.stepUntilReady(30.0);
        assertResult(gcs.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_ACCEPTED);
        // When MIS_TAKEOFF_ALT = 6 is echoed and NAV_TAKEOFF (altitude NaN) follows at once
        // (MAVSDK set_takeoff_altitude then takeoff)
        gcs.setParam("MIS_TAKEOFF_ALT", 6f);
        assertResult(gcs.command(MavCmd.MAV_CMD_NAV_TAKEOFF, 0f, 0f, 0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN),
                MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_ACCEPTED);
        // Then it climbs to 6 m, not to the old 2.5 m
        for (int i = 0; i < 200 && gcs.heartbeatMode() != FlightMode.HOLD; i++) {
            gcs.steps(100);
        }
        gcs.steps(2000);
        assertThat(-gcs.d.sim.vehicle().positionNed().z).isCloseTo(6.0, within(0.7));
    }

    @Test
    void shouldStartTheMissionJustAcknowledged() {
        // Given an armed vehicle on the ground with no mission
        Gcs gcs = new Gcs();
        gcs.d.stepUntilReady(30.0);
        assertResult(gcs.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_ACCEPTED);
        // When a mission is uploaded (MISSION_ACK ACCEPTED) and MISSION_START follows at once
        gcs.upload(MavMissionType.MAV_MISSION_TYPE_MISSION, List.of(
                gcs.item(MavMissionType.MAV_MISSION_TYPE_MISSION, 0, MavCmd.MAV_CMD_NAV_TAKEOFF,
                        MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, 0f, 0.0, 0.0, 5f),
                gcs.item(MavMissionType.MAV_MISSION_TYPE_MISSION, 1, MavCmd.MAV_CMD_NAV_WAYPOINT,
                        MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, 0f, 20.0, 0.0, 5f)));
        CommandAck start = gcs.command(MavCmd.MAV_CMD_MISSION_START, 0f, 0f);
        // Then it is accepted and the vehicle flies that mission
        assertResult(start, MavCmd.MAV_CMD_MISSION_START, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(gcs.heartbeatMode()).isEqualTo(FlightMode.MISSION);
        gcs.steps(15_000);
        assertThat(gcs.d.sim.vehicle().positionNed().x).isCloseTo(20.0, within(2.0));
    }

    @Test
    void shouldEnterMissionModeByNameJustAfterTheUploadAndArmInIt() {
        // Given a vehicle ready to arm with no mission
        Gcs gcs = new Gcs();
        gcs.d.stepUntilReady(30.0);
        // When a mission is uploaded and SET_MODE Mission follows at once
        gcs.upload(MavMissionType.MAV_MISSION_TYPE_MISSION, List.of(
                gcs.item(MavMissionType.MAV_MISSION_TYPE_MISSION, 0, MavCmd.MAV_CMD_NAV_TAKEOFF,
                        MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, 0f, 0.0, 0.0, 5f),
                gcs.item(MavMissionType.MAV_MISSION_TYPE_MISSION, 1, MavCmd.MAV_CMD_NAV_WAYPOINT,
                        MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, 0f, 0.0, 15.0, 5f)));
        // Then it is accepted
        assertResult(gcs.setFlightMode(FlightMode.MISSION), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        // and when arming follows that ACK at once, the arming is judged in Mission: it arms into it and flies
        assertResult(gcs.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_ACCEPTED);
        assertThat(gcs.heartbeatMode()).isEqualTo(FlightMode.MISSION);
        gcs.steps(15_000);
        assertThat(gcs.d.sim.vehicle().positionNed().y).isCloseTo(15.0, within(2.0));
    }

    @Test
    void shouldRefuseARepositionOutsideTheFenceJustAcknowledged() {
        // Given a vehicle hovering at 10 m with no fence
        Gcs gcs = new Gcs();
        gcs.hovering();
        // When a 50 m inclusion circle around it is uploaded and a reposition 120 m north follows at once
        gcs.upload(MavMissionType.MAV_MISSION_TYPE_FENCE, List.of(
                gcs.item(MavMissionType.MAV_MISSION_TYPE_FENCE, 0, MavCmd.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
                        MavFrame.MAV_FRAME_GLOBAL, 50f, 0.0, 0.0, 0f)));
        Vec3 far = gcs.geodetic(120.0, 0.0, gcs.d.sim.vehicle().positionNed().z);
        CommandAck ack = gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN,
                (float) far.x, (float) far.y, (float) far.z);
        // Then it is refused: the new fence already counts
        assertResult(ack, MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_DENIED);
    }

    @Test
    void shouldRefuseARepositionBeyondTheFenceDistanceJustEchoed() {
        // Given a vehicle hovering at 10 m over home, no fence (GF_MAX_HOR_DIST 0)
        Gcs gcs = new Gcs();
        gcs.hovering();
        Vec3 far = gcs.geodetic(60.0, 0.0, gcs.d.sim.vehicle().positionNed().z);
        // When GF_MAX_HOR_DIST = 40 is echoed and a reposition 60 m north follows at once
        gcs.setParam("GF_MAX_HOR_DIST", 40f);
        CommandAck ack = gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN,
                (float) far.x, (float) far.y, (float) far.z);
        // Then it is refused: the fence follows the parameter before the echo
        assertResult(ack, MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_DENIED);
        // and when the limit is lifted again (0 = off), the same reposition is accepted at once
        gcs.setParam("GF_MAX_HOR_DIST", 0f);
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN, (float) far.x,
                (float) far.y, (float) far.z), MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_ACCEPTED);
    }

    @Test
    void shouldReturnToTheRallyPointJustAcknowledged() {
        // Given a vehicle hovering at 10 m, 40 m east of home, no rally points
        Gcs gcs = new Gcs();
        gcs.hovering();
        Vec3 east = gcs.geodetic(0.0, 40.0, gcs.d.sim.vehicle().positionNed().z);
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN, (float) east.x,
                (float) east.y, (float) east.z), MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_ACCEPTED);
        gcs.steps(15_000);
        // When a rally point 30 m east of home (nearer than home) is uploaded and Return follows at once
        gcs.upload(MavMissionType.MAV_MISSION_TYPE_RALLY, List.of(
                gcs.item(MavMissionType.MAV_MISSION_TYPE_RALLY, 0, MavCmd.MAV_CMD_NAV_RALLY_POINT,
                        MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, 0f, 0.0, 30.0, 10f)));
        assertResult(gcs.command(MavCmd.MAV_CMD_NAV_RETURN_TO_LAUNCH), MavCmd.MAV_CMD_NAV_RETURN_TO_LAUNCH,
                MavResult.MAV_RESULT_ACCEPTED);
        // Then it lands at the rally point (PX4 returns to the nearest of home and rally points)
        gcs.stepUntilDisarmed(60.0);
        assertThat(gcs.d.sim.vehicle().positionNed().y).isCloseTo(30.0, within(1.5));
    }

    @Test
    void shouldReturnToTheHomeJustSet() {
        // Given a vehicle hovering at 10 m over its home
        Gcs gcs = new Gcs();
        gcs.hovering();
        // When DO_SET_HOME moves home 20 m north and Return follows at once
        Vec3 newHome = gcs.geodetic(20.0, 0.0, 0.0);
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_SET_HOME, 0f, 0f, 0f, 0f, (float) newHome.x, (float) newHome.y,
                (float) newHome.z), MavCmd.MAV_CMD_DO_SET_HOME, MavResult.MAV_RESULT_ACCEPTED);
        assertResult(gcs.command(MavCmd.MAV_CMD_NAV_RETURN_TO_LAUNCH), MavCmd.MAV_CMD_NAV_RETURN_TO_LAUNCH,
                MavResult.MAV_RESULT_ACCEPTED);
        // Then it lands at the new home
        gcs.stepUntilDisarmed(60.0);
        assertThat(gcs.d.sim.vehicle().positionNed().x).isCloseTo(20.0, within(1.5));
    }

    @Test
    void shouldRepositionAtTheSpeedJustAcknowledged() {
        // Given a vehicle hovering at 10 m (cruise 5 m/s)
        Gcs gcs = new Gcs();
        gcs.hovering();
        // When DO_CHANGE_SPEED sets 2 m/s and a reposition 40 m north (no speed of its own) follows at once
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_CHANGE_SPEED, 1f, 2f, -1f), MavCmd.MAV_CMD_DO_CHANGE_SPEED,
                MavResult.MAV_RESULT_ACCEPTED);
        Vec3 target = gcs.geodetic(40.0, 0.0, gcs.d.sim.vehicle().positionNed().z);
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN, (float) target.x,
                (float) target.y, (float) target.z), MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_ACCEPTED);
        // Then it flies there at 2 m/s from the start
        assertSpeedLimitedTo(gcs, 2.0);
    }

    @Test
    void shouldRepositionAtTheCruiseSpeedJustEchoed() {
        // Given a vehicle hovering at 10 m (MPC_XY_CRUISE 5 m/s)
        Gcs gcs = new Gcs();
        gcs.hovering();
        // When MPC_XY_CRUISE = 2 is echoed and a reposition 40 m north follows at once
        gcs.setParam("MPC_XY_CRUISE", 2f);
        Vec3 target = gcs.geodetic(40.0, 0.0, gcs.d.sim.vehicle().positionNed().z);
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN, (float) target.x,
                (float) target.y, (float) target.z), MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_ACCEPTED);
        // Then it flies there at 2 m/s from the start
        assertSpeedLimitedTo(gcs, 2.0);
    }

    @Test
    void shouldFlyWithinTheSpeedLimitJustEchoed() {
        // Given a vehicle hovering at 10 m (cruise 5 m/s)
        Gcs gcs = new Gcs();
        gcs.hovering();
        // When MPC_XY_VEL_MAX = 2 is echoed and a reposition 40 m north follows at once
        gcs.setParam("MPC_XY_VEL_MAX", 2f);
        Vec3 target = gcs.geodetic(40.0, 0.0, gcs.d.sim.vehicle().positionNed().z);
        assertResult(gcs.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN, (float) target.x,
                (float) target.y, (float) target.z), MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_ACCEPTED);
        // Then the position controller holds it to 2 m/s from the start (plus the velocity loop's overshoot)
        assertThat(maxHorizontalSpeedOver(gcs, 10.0)[1]).isBetween(1.6, 2.8);
    }

    /**
     * The navigator never asks for more than the speed (its setpoints, from its first run after the
     * command), and the vehicle flies close to it (the default would be 5 m/s; the velocity loop
     * overshoots a step by some 0.7 m/s).
     */
    private static void assertSpeedLimitedTo(Gcs gcs, double speedMps) {
        double[] max = maxHorizontalSpeedOver(gcs, 10.0);
        assertThat(max[0]).as("fastest setpoint").isBetween(speedMps - 0.2, speedMps + 0.01);
        assertThat(max[1]).as("fastest flown").isBetween(speedMps - 0.4, speedMps + 1.0);
    }

    /** The fastest horizontal velocity the navigator asked for, and the vehicle flew, over the time. */
    private static double[] maxHorizontalSpeedOver(Gcs gcs, double seconds) {
        var sub = gcs.d.sim.stack().bus().trajectorySetpoint.subscribe();
        TrajectorySetpoint sp = new TrajectorySetpoint();
        double maxSetpoint = 0.0;
        double maxFlown = 0.0;
        for (int i = 0; i < seconds * 100; i++) {
            gcs.steps(10);
            sub.copy(sp);
            if (Double.isFinite(sp.velNedMps.x)) {
                maxSetpoint = Math.max(maxSetpoint, sp.velNedMps.normXy());
            }
            maxFlown = Math.max(maxFlown, gcs.d.sim.vehicle().velocityNed().normXy());
        }
        return new double[] {maxSetpoint, maxFlown};
    }
}
