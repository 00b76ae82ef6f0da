package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavMode;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.SetMode;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.command.SetModeService;
import org.hoverla.core.mavlink.telemetry.HeartbeatService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.junit.jupiter.api.Test;

/**
 * QGroundControl's PX4 Fly-view actions for modes and arming, as MAVLink messages, against the real
 * flight code in lockstep. The vehicle's command, SET_MODE and heartbeat services run on the test
 * thread between simulation steps (as the MAVLink thread would between flight cycles), so every
 * answer and every heartbeat is deterministic. Each step names the QGC function it replays.
 */
class QgcCommandsInLoopTest {
    private static final int SYS = 1;
    private static final int QGC_SYS = 255;
    private static final int QGC_COMP = 190;
    private static final int CUSTOM_MODE_ENABLED = 1;
    private static final int SAFETY_ARMED = 128;
    private static final float QGC_FORCE_ARM = 2989f;
    private static final float PX4_FORCE = 21196f;

    /** QGC's side of the link, with the vehicle's MAVLink services it talks to. */
    private static final class Qgc extends GroundStationInLoop {
        final CommandService commands;
        final SetModeService setMode;
        final HeartbeatService heartbeat;

        Qgc() {
            super("udp:qgc");
            var bus = d.sim.stack().bus();
            VehicleIdentity identity = VehicleIdentity.fromManifest(SYS, VehicleIdentity.Frame.QUAD_X, 42);
            commands = new CommandService(SYS, 1, bus, this);
            setMode = new SetModeService(SYS, commands);
            heartbeat = new HeartbeatService(bus, identity, this, null);
        }

        /** Steps the flight code; the MAVLink side collects answers after every cycle. */
        void steps(int n) {
            stepWithCommands(commands, n);
        }

        void deliver(Object payload) {
            MavlinkMessage<?> m = frame(QGC_SYS, QGC_COMP, payload);
            commands.onMessage(link, m, d.sim.nowNs());
            setMode.onMessage(link, m, d.sim.nowNs());
        }

        List<String> texts() {
            List<String> t = new ArrayList<>();
            for (Object o : received) {
                if (o instanceof Statustext) {
                    t.add(((Statustext) o).text());
                }
            }
            return t;
        }

        /** QGC {@code Vehicle::setFlightMode}: the last heartbeat's base mode plus CUSTOM_MODE_ENABLED. */
        CommandAck setFlightMode(FlightMode mode) {
            int baseMode = heartbeat.build().baseMode().value() | CUSTOM_MODE_ENABLED;
            return setFlightModeRaw(baseMode, mode.px4CustomMode() & 0xFFFF_FFFFL);
        }

        CommandAck setFlightModeRaw(int baseMode, long customMode) {
            deliver(SetMode.builder().targetSystem(SYS).baseMode(EnumValue.create(MavMode.class, baseMode))
                    .customMode(customMode).build());
            return awaitAck();
        }

        CommandAck command(MavCmd cmd, float... p) {
            float[] a = java.util.Arrays.copyOf(p, 7);
            deliver(CommandLong.builder().targetSystem(SYS).targetComponent(1).command(cmd).confirmation(0)
                    .param1(a[0]).param2(a[1]).param3(a[2]).param4(a[3]).param5(a[4]).param6(a[5]).param7(a[6])
                    .build());
            return awaitAck();
        }

        /** QGC {@code PX4FirmwarePlugin::guidedModeTakeoff}: NAV_TAKEOFF to an AMSL altitude, no arming. */
        CommandAck guidedModeTakeoff(double altRelM) {
            VehicleLocalPosition pos = new VehicleLocalPosition();
            d.sim.stack().bus().localPosition.subscribe().copy(pos);
            float amsl = (float) (pos.refAltM - pos.posNedM.z + altRelM);
            return command(MavCmd.MAV_CMD_NAV_TAKEOFF, -1f, 0f, 0f, Float.NaN, Float.NaN, Float.NaN, amsl);
        }

        /** The mode QGC shows: the heartbeat's custom mode. */
        FlightMode heartbeatMode() {
            Heartbeat hb = heartbeat.build();
            assertThat(hb.baseMode().value() & CUSTOM_MODE_ENABLED).isEqualTo(CUSTOM_MODE_ENABLED);
            return FlightMode.fromPx4CustomMode(hb.customMode());
        }

        boolean heartbeatArmed() {
            return (heartbeat.build().baseMode().value() & SAFETY_ARMED) != 0;
        }

        double altitudeM() {
            return -d.sim.vehicle().positionNed().z;
        }
    }

    private static void assertAck(CommandAck ack, MavCmd cmd, MavResult result) {
        assertThat(ack.command().entry()).isEqualTo(cmd);
        assertThat(ack.result().entry()).as("result of %s", cmd).isEqualTo(result);
        assertThat(ack.targetSystem()).isEqualTo(QGC_SYS);
        assertThat(ack.targetComponent()).isEqualTo(QGC_COMP);
    }

    @Test
    void shouldTakeOffAsQgcDoesThenFollowEverySetModeInTheHeartbeat() {
        // Given a vehicle ready to arm, put in Position with SET_MODE (QGC mode menu)
        Qgc qgc = new Qgc();
        qgc.d.stepUntilReady(30.0);
        assertAck(qgc.setFlightMode(FlightMode.POSITION), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.POSITION);

        // When QGC's Takeoff action sends NAV_TAKEOFF (10 m) while disarmed
        assertAck(qgc.guidedModeTakeoff(10.0), MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_ACCEPTED);
        // Then the heartbeat shows AUTO_TAKEOFF, still disarmed and on the ground
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.TAKEOFF);
        assertThat(qgc.heartbeatArmed()).isFalse();
        qgc.steps(500);
        assertThat(qgc.d.sim.vehicle().onGround()).isTrue();

        // When QGC arms after the accepted takeoff (PX4FirmwarePlugin::_mavCommandResult)
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_ACCEPTED);
        // Then it climbs to 10 m and holds there (AUTO_LOITER)
        for (int i = 0; i < 300 && qgc.heartbeatMode() != FlightMode.HOLD; i++) {
            qgc.steps(100);
        }
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.HOLD);
        qgc.steps(2000);
        assertThat(qgc.altitudeM()).isCloseTo(10.0, within(1.0));
        assertThat(qgc.heartbeatArmed()).isTrue();

        // When the mode menu picks Position, then Hold (QGC's Pause in the mode menu)
        assertAck(qgc.setFlightMode(FlightMode.POSITION), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.POSITION);
        assertAck(qgc.setFlightMode(FlightMode.HOLD), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.HOLD);
        // and QGC's Pause action (PX4FirmwarePlugin::pauseVehicle: DO_REPOSITION, all NaN, change mode)
        qgc.setFlightMode(FlightMode.POSITION);
        assertAck(qgc.command(MavCmd.MAV_CMD_DO_REPOSITION, -1f, 1f, 0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN),
                MavCmd.MAV_CMD_DO_REPOSITION, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.HOLD);
        qgc.steps(2000);
        assertThat(qgc.altitudeM()).isCloseTo(10.0, within(1.0));

        // When a mode Hoverla lacks is asked (PX4 ACRO, main mode 5)
        CommandAck acro = qgc.setFlightModeRaw(CUSTOM_MODE_ENABLED | SAFETY_ARMED, 5L << 16);
        // Then UNSUPPORTED with a reason naming it, and the mode is unchanged
        assertAck(acro, MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_UNSUPPORTED);
        assertThat(qgc.texts()).contains("Mode refused: unknown PX4 main/sub mode 5/0");
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.HOLD);

        // When Return is picked (QGC guidedModeRTL: SET_MODE AUTO_RTL)
        assertAck(qgc.setFlightMode(FlightMode.RETURN), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        // Then the heartbeat shows Return and it climbs towards the return altitude
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.RETURN);
        qgc.steps(3000);
        assertThat(qgc.altitudeM()).isGreaterThan(12.0);

        // When Land is picked (QGC guidedModeLand: SET_MODE AUTO_LAND)
        assertAck(qgc.setFlightMode(FlightMode.LAND), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        // Then it lands where it is and disarms
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.LAND);
        for (int i = 0; i < 120 && qgc.heartbeatArmed(); i++) {
            qgc.steps(1000);
        }
        assertThat(qgc.heartbeatArmed()).isFalse();
        assertThat(qgc.d.sim.vehicle().onGround()).isTrue();
        assertThat(qgc.d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldGiveThePreviousModeBackWhenATakeoffIsNeverArmed() {
        // Given a ready vehicle in Position that accepted QGC's takeoff while disarmed
        Qgc qgc = new Qgc();
        qgc.d.stepUntilReady(30.0);
        qgc.setFlightMode(FlightMode.POSITION);
        assertAck(qgc.guidedModeTakeoff(10.0), MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.TAKEOFF);
        // When nobody arms for almost COM_DISARM_PRFLT (10 s) the takeoff still waits
        qgc.steps(9_800);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.TAKEOFF);
        assertThat(qgc.texts()).doesNotContain("Takeoff cancelled: not armed in time");
        // Then just after it, Position is back with a reason for the operator
        qgc.steps(400);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.POSITION);
        assertThat(qgc.texts()).contains("Takeoff cancelled: not armed in time");
        // and arming later does not take off
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_ACCEPTED);
        qgc.steps(3000);
        assertThat(qgc.d.sim.vehicle().onGround()).isTrue();
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.POSITION);
    }

    @Test
    void shouldStillRefuseImpossibleTakeoffAltitudesWhileDisarmed() {
        // Given a ready, disarmed vehicle in Position
        Qgc qgc = new Qgc();
        qgc.d.stepUntilReady(30.0);
        qgc.setFlightMode(FlightMode.POSITION);
        // When takeoffs to ±Inf, 10,000 km and 1000 m above the ground (MIS_TKO_ALT_MAX 120 m) are asked
        float[] bad = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e7f};
        for (float altAmsl : bad) {
            assertAck(qgc.command(MavCmd.MAV_CMD_NAV_TAKEOFF, -1f, 0f, 0f, Float.NaN, Float.NaN, Float.NaN, altAmsl),
                    MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_DENIED);
        }
        assertAck(qgc.guidedModeTakeoff(1000.0), MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_DENIED);
        // Then each is refused with a reason and the mode is still Position
        assertThat(qgc.texts()).contains("Takeoff refused: altitude not a finite number");
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.POSITION);
        // while NaN still means MIS_TAKEOFF_ALT, as before
        assertAck(qgc.command(MavCmd.MAV_CMD_NAV_TAKEOFF, -1f, 0f, 0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN),
                MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.TAKEOFF);
    }

    @Test
    void shouldCancelAWaitingTakeoffOnDisarm() {
        // Given a takeoff waiting for arming, selected from Hold with SET_MODE (QGC startTakeoff)
        Qgc qgc = new Qgc();
        qgc.d.stepUntilReady(30.0);
        assertAck(qgc.setFlightMode(FlightMode.TAKEOFF), MavCmd.MAV_CMD_DO_SET_MODE, MavResult.MAV_RESULT_ACCEPTED);
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.TAKEOFF);
        // When disarm is sent
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_ACCEPTED);
        // Then the takeoff is cancelled: Hold again, and a later arm stays on the ground
        assertThat(qgc.heartbeatMode()).isEqualTo(FlightMode.HOLD);
        assertThat(qgc.texts()).contains("Takeoff cancelled by disarm");
        qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f);
        qgc.steps(3000);
        assertThat(qgc.d.sim.vehicle().onGround()).isTrue();
    }

    @Test
    void shouldForceArmWithQgcsMagicAndStopWithQgcsEmergencyStop() {
        // Given a vehicle whose battery check fails (BAT_ARM_MIN_V above the pack's voltage)
        Qgc qgc = new Qgc();
        qgc.d.stepUntilReady(30.0);
        qgc.d.sim.stack().params().batteryMinV.set(60.0);
        qgc.steps(1500);
        assertThat(qgc.d.status.preArmFailure).contains("battery");
        // When QGC arms normally, it is denied with the reason
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f), MavCmd.MAV_CMD_COMPONENT_ARM_DISARM,
                MavResult.MAV_RESULT_DENIED);
        assertThat(qgc.texts()).anyMatch(t -> t.contains("battery"));
        // When QGC's Force Arm is used (Vehicle::forceArm: param2 2989)
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 1f, QGC_FORCE_ARM),
                MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, MavResult.MAV_RESULT_ACCEPTED);
        // Then it is armed, and takes off when asked
        assertThat(qgc.heartbeatArmed()).isTrue();
        assertAck(qgc.guidedModeTakeoff(5.0), MavCmd.MAV_CMD_NAV_TAKEOFF, MavResult.MAV_RESULT_ACCEPTED);
        qgc.steps(3000);
        assertThat(qgc.altitudeM()).isGreaterThan(1.5);

        // When 2989 is sent to disarm in flight, it is not a force: denied, still flying
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0f, QGC_FORCE_ARM),
                MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, MavResult.MAV_RESULT_DENIED);
        assertThat(qgc.heartbeatArmed()).isTrue();
        // When QGC's Emergency Stop is used (Vehicle::emergencyStop: disarm with 21196)
        assertAck(qgc.command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, 0f, PX4_FORCE),
                MavCmd.MAV_CMD_COMPONENT_ARM_DISARM, MavResult.MAV_RESULT_ACCEPTED);
        // Then the motors stop in the air
        assertThat(qgc.heartbeatArmed()).isFalse();
    }
}
