package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavMode;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.common.PositionTargetTypemask;
import io.dronefleet.mavlink.common.SetMode;
import io.dronefleet.mavlink.common.SetPositionTargetLocalNed;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.command.SetModeService;
import org.hoverla.core.mavlink.offboard.OffboardService;
import org.hoverla.core.mavlink.security.AuthorityParams;
import org.hoverla.core.mavlink.security.CommandAuthority;
import org.hoverla.core.mavlink.security.LinkTrust;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

/**
 * A second ground station cannot hijack an active offboard session (docs/command-authority.md),
 * closed loop: the MAVLink command, SET_MODE and offboard services with the command authority on
 * the lockstep vehicle's bus. GCS A (system 245) flies Offboard climbing at 2 m/s; GCS B (system
 * 200, another link) streams 3 m/s down and asks for Offboard; A keeps the vehicle; B's Land is
 * obeyed. Unconfigured vehicle (no key, no allow-list): the defaults.
 */
class OffboardHijackInLoopTest {
    private static final int A = 245;
    private static final int B = 200;

    private final SimDriver d = new SimDriver(new SimConfig());
    private final FlightBus bus = d.sim.stack().bus();
    private final List<Object> sent = new ArrayList<>();
    private final StatusTextSender texts = new StatusTextSender((target, payload) -> sent.add(payload));
    private final CommandService commands = new CommandService(1, 1, bus, (t, p) -> sent.add(p), texts);
    private final OffboardService offboard = new OffboardService(1, 1, bus, (t, p) -> sent.add(p));
    private final Subscription<VehicleStatus> statusSub = bus.vehicleStatus.subscribe();
    private final VehicleStatus status = new VehicleStatus();
    private final Subscription<VehicleLandDetected> landSub = bus.landDetected.subscribe();
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final CommandAuthority authority;
    private final List<MavlinkService> services;
    private final MavlinkLink linkA = link(0);
    private final MavlinkLink linkB = link(1);

    OffboardHijackInLoopTest() {
        ParamStore store = new ParamStore();
        authority = new CommandAuthority(AuthorityParams.of(store), LinkTrust.of(store),
                new CommandAuthority.VehicleState() {
                    @Override
                    public boolean armed() {
                        statusSub.update(status);
                        return status.armed();
                    }

                    @Override
                    public boolean inAir() {
                        landSub.update(land);
                        return armed() && !land.landed;
                    }

                    @Override
                    public boolean offboard() {
                        statusSub.update(status);
                        return status.mode == FlightMode.OFFBOARD;
                    }
                }, texts, () -> 1_000_000_000L);
        commands.authority(authority);
        offboard.authority(authority);
        services = List.of(authority, commands, new SetModeService(1, commands), offboard);
    }

    private static MavlinkLink link(int id) {
        return new MavlinkLink() {
            @Override
            public int id() {
                return id;
            }

            @Override
            public String name() {
                return "udp" + id;
            }

            @Override
            public int instance() {
                return id;
            }
        };
    }

    /** Encodes as a ground station would and delivers to every service, as the link manager does. */
    private void deliver(MavlinkLink link, int sys, Object payload) {
        MavlinkMessage<?> m;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(sys, 190, payload);
            m = MavlinkConnection.create(new ByteArrayInputStream(bytes.toByteArray()), new ByteArrayOutputStream())
                    .next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (MavlinkService s : services) {
            s.onMessage(link, m, d.sim.nowNs());
        }
    }

    /** 50 ms of flight, then the services' tick (ACKs from the commander, ownership, texts). */
    private void step50ms() {
        d.steps(50);
        for (MavlinkService s : services) {
            s.tick(d.sim.nowNs());
        }
    }

    private static SetPositionTargetLocalNed velocityDown(float vz) {
        return SetPositionTargetLocalNed.builder().targetSystem(1).targetComponent(1)
                .coordinateFrame(MavFrame.MAV_FRAME_LOCAL_NED)
                .typeMask(EnumValue.create(PositionTargetTypemask.class, 0b0000_1111_1100_0111))
                .vx(0).vy(0).vz(vz).build();
    }

    private static SetMode offboardMode() {
        return SetMode.builder().targetSystem(1).baseMode(EnumValue.create(MavMode.class, 1)).customMode(6L << 16)
                .build();
    }

    private List<MavResult> acks(MavCmd cmd) {
        List<MavResult> r = new ArrayList<>();
        for (Object p : sent) {
            if (p instanceof CommandAck a && a.command().entry() == cmd) {
                r.add(a.result().entry());
            }
        }
        return r;
    }

    private double altitude() {
        return -d.sim.vehicle().positionNed().z;
    }

    @Test
    void shouldKeepTheOffboardSessionWithItsOwnerAndObeyAnotherStationsLand() {
        // Given an armed vehicle, A streaming 2 m/s up and switching to Offboard (as MAVSDK does)
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        deliver(linkA, A, velocityDown(-2f));
        step50ms();
        deliver(linkA, A, offboardMode());
        for (int i = 0; i < 40; i++) {
            deliver(linkA, A, velocityDown(-2f));
            step50ms();
        }
        assertThat(acks(MavCmd.MAV_CMD_DO_SET_MODE)).containsExactly(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(d.status.mode).isEqualTo(FlightMode.OFFBOARD);
        assertThat(authority.offboard().ownerSystem()).isEqualTo(A);
        double before = altitude();

        // When B streams 3 m/s down on its own link for 3 s, and asks for Offboard
        for (int i = 0; i < 60; i++) {
            deliver(linkA, A, velocityDown(-2f));
            deliver(linkB, B, velocityDown(3f));
            if (i == 10) {
                deliver(linkB, B, offboardMode());
            }
            step50ms();
        }
        // Then A keeps the vehicle: still Offboard, climbing about 2 m/s; B's setpoints ignored, its switch DENIED
        assertThat(d.status.mode).isEqualTo(FlightMode.OFFBOARD);
        assertThat(altitude() - before).isBetween(4.5, 7.0);
        assertThat(offboard.refusedByAuthority()).isEqualTo(60);
        assertThat(acks(MavCmd.MAV_CMD_DO_SET_MODE)).containsExactly(MavResult.MAV_RESULT_ACCEPTED,
                MavResult.MAV_RESULT_DENIED);

        // When B sends Land (operator takeover, safety first)
        deliver(linkB, B, CommandLong.builder().targetSystem(1).targetComponent(1).command(MavCmd.MAV_CMD_NAV_LAND)
                .param5(Float.NaN).param6(Float.NaN).param7(Float.NaN).build());
        step50ms();
        step50ms();
        // Then it is obeyed and the session ends
        assertThat(acks(MavCmd.MAV_CMD_NAV_LAND)).containsExactly(MavResult.MAV_RESULT_ACCEPTED);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(authority.offboard().owned()).isFalse();
    }
}
