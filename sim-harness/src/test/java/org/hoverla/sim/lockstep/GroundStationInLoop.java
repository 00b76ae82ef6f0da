package org.hoverla.sim.lockstep;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.dialect.HoverlaDialect;

/**
 * A ground station's side of one link to a lockstep SITL, for tests that run the vehicle's MAVLink
 * services on the test thread between simulation steps (as the MAVLink thread would between
 * flight cycles), so every answer is deterministic. Subclasses own the services they talk to and
 * say how a step drives them ({@link #steps}); what the services send is collected in
 * {@link #received}.
 */
abstract class GroundStationInLoop implements MavlinkOutput {
    final SimDriver d = new SimDriver(new SimConfig());
    final MavlinkLink link;
    final List<Object> received = new ArrayList<>();

    GroundStationInLoop(String linkName) {
        link = new MavlinkLink() {
            @Override
            public int id() {
                return 0;
            }

            @Override
            public String name() {
                return linkName;
            }
        };
    }

    @Override
    public void send(MavlinkLink target, Object payload) {
        received.add(payload);
    }

    /** Steps the flight code {@code n} times, running the MAVLink services in between. */
    abstract void steps(int n);

    /**
     * One stepping rule for stations whose only vehicle service with flight-thread answers is the
     * command service: flight cycles, the commander's answers collected after each, the service's
     * tick every 20 cycles (the MAVLink thread's 50 Hz), then the newest vehicle status.
     */
    void stepWithCommands(org.hoverla.core.mavlink.command.CommandService commands, int n) {
        for (int i = 0; i < n; i++) {
            d.sim.step();
            commands.pollFlightAcks(d.sim.nowNs());
            if (i % 20 == 0) {
                commands.tick(d.sim.nowNs());
            }
        }
        commands.tick(d.sim.nowNs());
        d.statusSub.update(d.status);
    }

    /** The answer to the next COMMAND_ACK-producing message, within one simulated second. */
    CommandAck awaitAck() {
        for (int i = 0; i < 1000; i++) {
            CommandAck ack = take(CommandAck.class);
            if (ack != null) {
                return ack;
            }
            steps(1);
        }
        throw new AssertionError("no COMMAND_ACK");
    }

    /** Removes and returns the oldest received message of {@code type}, or null. */
    <T> T take(Class<T> type) {
        for (int i = 0; i < received.size(); i++) {
            if (type.isInstance(received.get(i))) {
                return type.cast(received.remove(i));
            }
        }
        return null;
    }

    /** The payload as the vehicle receives it: MAVLink 2 bytes from that sender, decoded by the vehicle's dialect. */
    static MavlinkMessage<?> frame(int system, int component, Object payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(system, component, payload);
            return MavlinkConnection.builder(new ByteArrayInputStream(bytes.toByteArray()), new ByteArrayOutputStream())
                    .defaultDialect(new HoverlaDialect()).build().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
