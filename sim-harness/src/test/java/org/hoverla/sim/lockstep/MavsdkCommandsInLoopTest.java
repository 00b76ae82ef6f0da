package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandInt;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.command.CalibrationCommandHandler;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.junit.jupiter.api.Test;

/**
 * Every command of the vehicle as MAVSDK fills it, against the real flight code in lockstep:
 * every parameter MAVSDK does not set is NaN and {@code confirmation} is 0
 * ({@code MavlinkCommandSender}, {@code ActionImpl} in mavlink/MAVSDK). Each command is sent the
 * way MAVSDK's retry sends it when an ACK is lost: again after 0.5 s with confirmation still 0;
 * both transmissions must be answered within 0.5 s (simulated) with the same result. Each row
 * asserts the answer and its effect on the vehicle.
 */
class MavsdkCommandsInLoopTest {
    private static final int SYS = 1;
    private static final int MAVSDK_SYS = 245;
    private static final int MAVSDK_COMP = 190;
    /** MavlinkCommandSender's timeout before it resends (0.5 s), in 1 ms lockstep steps. */
    private static final int RETRY_STEPS = 500;
    private static final double NAN = Double.NaN;
    private static final int CUSTOM_MODE_ENABLED = 1;
    private static final int PX4_MAIN_POSCTL = 3;
    private static final int PX4_MAIN_AUTO = 4;
    private static final int PX4_SUB_LOITER = 3;
    private static final int CMD_DO_SET_ACTUATOR = 187;

    /** MAVSDK's side of an onboard link, with the vehicle's command service it talks to. */
    private static final class Mavsdk extends GroundStationInLoop {
        final CommandService commands;

        Mavsdk() {
            super("udp:mavsdk");
            StatusTextSender texts = new StatusTextSender(this);
            commands = new CommandService(SYS, 1, d.sim.stack().bus(), this, texts);
            commands.addLocalHandler(new CalibrationCommandHandler(texts, () -> d.status.armed()));
        }

        void steps(int n) {
            stepWithCommands(commands, n);
        }

        /** Sends the command, then (its ACK lost) the same again after 0.5 s; both answers are checked. */
        int sendWithRetry(Object command) {
            int first = sendOnce(command);
            int second = sendOnce(command);
            assertThat(second).as("answer to the retry of %s", command).isEqualTo(first);
            return first;
        }

        /** One transmission: its answer, which must come within 0.5 s; steps to the retry time. */
        int sendOnce(Object command) {
            commands.onMessage(link, frame(MAVSDK_SYS, MAVSDK_COMP, command), d.sim.nowNs());
            for (int i = 0; i < RETRY_STEPS; i++) {
                CommandAck ack = take(CommandAck.class);
                if (ack != null) {
                    assertThat(ack.targetSystem()).isEqualTo(MAVSDK_SYS);
                    assertThat(ack.targetComponent()).isEqualTo(MAVSDK_COMP);
                    assertThat(ack.result().value()).isNotEqualTo(VehicleCommandAck.IN_PROGRESS);
                    steps(RETRY_STEPS - i);
                    return ack.result().value();
                }
                steps(1);
            }
            throw new AssertionError("no COMMAND_ACK within 0.5 s for " + command);
        }

        /** The STATUSTEXTs received so far (and forgets them). */
        List<String> texts() {
            List<String> t = new ArrayList<>();
            for (Statustext s = take(Statustext.class); s != null; s = take(Statustext.class)) {
                t.add(s.text());
            }
            return t;
        }

        VehicleLocalPosition position() {
            VehicleLocalPosition p = new VehicleLocalPosition();
            d.sim.stack().bus().localPosition.subscribe().copy(p);
            return p;
        }

        HomePosition home() {
            HomePosition h = new HomePosition();
            d.sim.stack().bus().homePosition.subscribe().copy(h);
            return h;
        }

        /** Steps until the mode is left or the vehicle disarms, at most the given simulated seconds. */
        void stepWhile(java.util.function.BooleanSupplier condition, double maxS) {
            for (int i = 0; i < maxS * 10 && condition.getAsBoolean(); i++) {
                steps(100);
            }
        }
    }

    /** COMMAND_LONG as MavlinkCommandSender packs it: confirmation 0, unset parameters NaN. */
    private static CommandLong longCmd(int cmd, double... params) {
        double[] p = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        System.arraycopy(params, 0, p, 0, params.length);
        return CommandLong.builder().targetSystem(SYS).targetComponent(1)
                .command(EnumValue.create(MavCmd.class, cmd)).confirmation(0)
                .param1((float) p[0]).param2((float) p[1]).param3((float) p[2]).param4((float) p[3])
                .param5((float) p[4]).param6((float) p[5]).param7((float) p[6]).build();
    }

    /** COMMAND_INT in MAV_FRAME_GLOBAL_INT (ActionImpl::goto_location, do_orbit): z is AMSL. */
    private static CommandInt intCmd(int cmd, double p1, double p2, double p3, double p4, Vec3 geo) {
        return CommandInt.builder().targetSystem(SYS).targetComponent(1)
                .command(EnumValue.create(MavCmd.class, cmd)).frame(EnumValue.create(MavFrame.class, 5))
                .param1((float) p1).param2((float) p2).param3((float) p3).param4((float) p4)
                .x((int) Math.round(geo.x * 1e7)).y((int) Math.round(geo.y * 1e7)).z((float) geo.z).build();
    }

    private static Vec3 geodetic(VehicleLocalPosition pos, double northM, double eastM, double downM) {
        return new GeoRef(pos.refLatDeg, pos.refLonDeg, pos.refAltM).toGeodetic(northM, eastM, downM, new Vec3());
    }

    private static double headingError(Mavsdk m, double wantedRad) {
        return Math.abs(Math.IEEEremainder(m.d.sim.vehicle().attitude().yaw() - wantedRad, 2.0 * Math.PI));
    }

    @Test
    void shouldAnswerEveryCommandAsMavsdkFillsItWithItsRetriesAndActOnIt() {
        Mavsdk m = new Mavsdk();
        m.d.sim.stack().params().takeoffAltM.set(6.0);
        m.d.stepUntilReady(30.0);
        int ok = VehicleCommandAck.ACCEPTED;

        // On the ground, disarmed.
        // DO_SET_HOME, everything unset: home is here
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_SET_HOME))).isEqualTo(ok);
        assertThat(m.home().valid).isTrue();
        assertThat(m.home().posNedM.normXy()).isLessThan(0.5);
        // Action::hold (DO_SET_MODE AUTO/LOITER) and a main mode with its sub mode unset
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_SET_MODE, CUSTOM_MODE_ENABLED, PX4_MAIN_AUTO,
                PX4_SUB_LOITER))).isEqualTo(ok);
        assertThat(m.d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_SET_MODE, CUSTOM_MODE_ENABLED, PX4_MAIN_POSCTL)))
                .isEqualTo(ok);
        assertThat(m.d.status.mode).isEqualTo(FlightMode.POSITION);
        // Calibration with nothing to calibrate (all NaN) is no action: accepted
        assertThat(m.sendWithRetry(longCmd(CalibrationCommandHandler.CMD_PREFLIGHT_CALIBRATION))).isEqualTo(ok);
        // Action::set_actuator: a command Hoverla does not implement
        assertThat(m.sendWithRetry(longCmd(CMD_DO_SET_ACTUATOR, 0.5))).isEqualTo(VehicleCommandAck.UNSUPPORTED);
        // Mission::start_mission without a mission: denied with the reason
        m.texts();
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.MISSION_START))).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(m.texts()).isNotEmpty();
        // NAV_TAKEOFF with an infinite yaw: refused, with the reason
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.NAV_TAKEOFF, NAN, NAN, NAN, Double.POSITIVE_INFINITY)))
                .isEqualTo(VehicleCommandAck.DENIED);
        assertThat(m.texts()).anyMatch(t -> t.contains("yaw"));
        assertThat(m.d.status.mode).isEqualTo(FlightMode.POSITION);
        // Action::arm, then Action::kill on the ground (param2 21196), then arm again
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.COMPONENT_ARM_DISARM, 1))).isEqualTo(ok);
        assertThat(m.d.status.armed()).isTrue();
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.COMPONENT_ARM_DISARM, 0, VehicleCommand.FORCE_MAGIC)))
                .isEqualTo(ok);
        assertThat(m.d.status.armed()).isFalse();
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.COMPONENT_ARM_DISARM, 1))).isEqualTo(ok);

        // Action::takeoff: all seven NaN, the altitude is MIS_TAKEOFF_ALT (6 m), heading kept
        double heading = m.d.sim.vehicle().attitude().yaw();
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.NAV_TAKEOFF))).isEqualTo(ok);
        m.stepWhile(() -> m.d.status.mode == FlightMode.TAKEOFF, 30.0);
        m.steps(2000);
        assertThat(m.d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(-m.d.sim.vehicle().positionNed().z).isBetween(5.5, 6.5);
        assertThat(headingError(m, heading)).isLessThan(Math.toRadians(3.0));

        // Action::set_current_speed (ground speed), then unset speed = the default, then +Inf refused
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_CHANGE_SPEED, 1, 3))).isEqualTo(ok);
        assertThat(m.d.status.cruiseSpeedMps).isEqualTo(3.0);
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_CHANGE_SPEED))).isEqualTo(ok);
        assertThat(m.d.status.cruiseSpeedMps).isNaN();
        m.texts();
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_CHANGE_SPEED, 1, Double.POSITIVE_INFINITY)))
                .isEqualTo(VehicleCommandAck.DENIED);
        assertThat(m.texts()).isNotEmpty();

        // Action::goto_location: Hold, then DO_REPOSITION (COMMAND_INT, CHANGE_MODE, yaw 90° in
        // radians, altitude AMSL) 20 m north: it arrives facing 90°
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_SET_MODE, CUSTOM_MODE_ENABLED | 128, PX4_MAIN_AUTO,
                PX4_SUB_LOITER))).isEqualTo(ok);
        VehicleLocalPosition pos = m.position();
        Vec3 target = geodetic(pos, pos.posNedM.x + 20.0, pos.posNedM.y, pos.posNedM.z);
        assertThat(m.sendWithRetry(intCmd(VehicleCommand.DO_REPOSITION, NAN, 1, NAN, Math.PI / 2, target)))
                .isEqualTo(ok);
        m.steps(15_000);
        Vec3 p = m.position().posNedM;
        assertThat(Math.hypot(p.x - pos.posNedM.x - 20.0, p.y - pos.posNedM.y)).isLessThan(1.0);
        assertThat(headingError(m, Math.PI / 2)).isLessThan(Math.toRadians(3.0));
        // a reposition with an infinite speed is refused, the vehicle stays
        assertThat(m.sendWithRetry(intCmd(VehicleCommand.DO_REPOSITION, Double.POSITIVE_INFINITY, 1, NAN, NAN,
                target))).isEqualTo(VehicleCommandAck.DENIED);

        // Action::do_orbit: radius 10 m, 2 m/s, front to centre, centre 10 m east, altitude AMSL
        pos = m.position();
        Vec3 centre = geodetic(pos, pos.posNedM.x, pos.posNedM.y + 10.0, pos.posNedM.z);
        assertThat(m.sendWithRetry(intCmd(VehicleCommand.DO_ORBIT, 10, 2, 0, NAN, centre))).isEqualTo(ok);
        assertThat(m.d.status.mode).isEqualTo(FlightMode.ORBIT);
        m.steps(5000);
        // DO_SET_ROI_NONE, everything unset
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.DO_SET_ROI_NONE))).isEqualTo(ok);

        // Action::return_to_launch, then Action::land: all NaN
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.NAV_RETURN_TO_LAUNCH))).isEqualTo(ok);
        assertThat(m.d.status.mode).isEqualTo(FlightMode.RETURN);
        m.steps(5000);
        assertThat(m.sendWithRetry(longCmd(VehicleCommand.NAV_LAND))).isEqualTo(ok);
        assertThat(m.d.status.mode).isEqualTo(FlightMode.LAND);
        m.stepWhile(() -> m.d.status.armed(), 60.0);
        assertThat(m.d.status.armed()).isFalse();
        assertThat(m.d.sim.vehicle().crashed()).isFalse();
        assertThat(m.commands.pendingCount()).isZero();
    }

    @Test
    void shouldAnswerEachTransmissionOnceWhenTheRetryArrivesBeforeTheFirstAnswer() {
        // Given a vehicle ready to arm
        Mavsdk m = new Mavsdk();
        m.d.stepUntilReady(30.0);
        // When Action::arm is received twice (confirmation 0) before the flight thread answered
        m.commands.onMessage(m.link, GroundStationInLoop.frame(MAVSDK_SYS, MAVSDK_COMP, longCmd(VehicleCommand.COMPONENT_ARM_DISARM, 1)), m.d.sim.nowNs());
        m.commands.onMessage(m.link, GroundStationInLoop.frame(MAVSDK_SYS, MAVSDK_COMP, longCmd(VehicleCommand.COMPONENT_ARM_DISARM, 1)), m.d.sim.nowNs());
        m.steps(RETRY_STEPS);
        // Then each transmission gets one ACCEPTED within 0.5 s and the vehicle is armed
        assertThat(m.take(CommandAck.class).result().value()).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(m.take(CommandAck.class).result().value()).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(m.take(CommandAck.class)).isNull();
        assertThat(m.d.status.armed()).isTrue();
    }
}
