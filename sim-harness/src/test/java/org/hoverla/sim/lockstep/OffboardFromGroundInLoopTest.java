package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;

/**
 * Offboard as MAVSDK-Python's examples/offboard_velocity_ned.py drives it (issue 19, item 5): armed
 * on the ground, one zero-velocity setpoint, {@code offboard.start()} at once, then 2 m/s up while
 * MAVSDK streams the setpoint at 20 Hz (plugins/offboard/offboard_impl.cpp). Lockstep, calm air.
 */
class OffboardFromGroundInLoopTest {
    private static final int STREAM_PERIOD_MS = 50;

    private final SimDriver d = new SimDriver(new SimConfig());
    private final Publication<OffboardSetpoint> pub = d.sim.stack().bus().offboardSetpoint.advertise();
    private final OffboardSetpoint sp = new OffboardSetpoint();
    private double peakClimbMps;

    private void send() {
        sp.timestampNs = d.sim.nowNs();
        sp.count++;
        pub.publish(sp);
    }

    private void velocity(double north, double east, double down) {
        sp.posNedM.setNaN();
        sp.accNedMps2.setNaN();
        sp.velNedMps.set(north, east, down);
        sp.yawRad = 0.0;
    }

    /** Streams the current setpoint at 20 Hz for the given simulated time. */
    private void stream(double seconds) {
        for (int i = 0; i < Math.round(seconds * 1000 / STREAM_PERIOD_MS); i++) {
            send();
            d.steps(STREAM_PERIOD_MS);
            peakClimbMps = Math.max(peakClimbMps, -d.sim.vehicle().velocityNed().z);
        }
    }

    private double altitude() {
        return -d.sim.vehicle().positionNed().z;
    }

    private VehicleCommandAck selectOffboard() {
        return d.command(VehicleCommand.DO_SET_MODE, 1, 6, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @org.junit.jupiter.api.Test
    void shouldTakeOffFromTheGroundInOffboardThenHoldWhenTheStreamStopsThenLandAndDisarm() {
        // Given an armed vehicle on the ground and one zero-velocity setpoint, sent just now
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        velocity(0.0, 0.0, 0.0);
        send();
        // When Offboard is selected at once, before any rate could be measured
        VehicleCommandAck ack = selectOffboard();
        // Then it is accepted
        SimDriver.expectAccepted(ack);
        assertThat(d.status.mode).isEqualTo(FlightMode.OFFBOARD);

        // When the computer streams 2 m/s up at 20 Hz
        velocity(0.0, 0.0, -2.0);
        stream(4.0);
        double after4s = altitude();
        stream(4.0);
        double after8s = altitude();
        System.out.printf("offboard_velocity_ned from the ground: %.2f m after 4 s, %.2f m after 8 s, peak climb %.2f m/s%n",
                after4s, after8s, peakClimbMps);
        // Then it has left the ground on a ramp and climbs at 2 m/s without overshooting much
        // (lockstep: 6.64 m and 14.82 m; PX4 1.15 SIH, slower spool-up and ramp: 1.1 m and 7.5 m)
        assertThat(d.status.armed()).isTrue();
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(after4s).isBetween(5.0, 8.0);
        assertThat(after8s - after4s).isBetween(7.5, 8.5);
        assertThat(peakClimbMps).isLessThan(2.4);
        drainEvents();

        // When the stream stops: Hold after COM_OF_LOSS_T (1 s), as a failsafe
        d.steps(1_500);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(d.status.failsafe).isTrue();
        assertThat(drainEvents()).contains("Failsafe: offboard setpoints lost, holding");

        // When the stream resumes, Offboard is selected again and the computer descends at 1 m/s
        velocity(0.0, 0.0, 1.0);
        send();
        SimDriver.expectAccepted(selectOffboard());
        for (int i = 0; i < 60 && d.status.armed(); i++) {
            stream(1.0);
        }
        // Then it touches down, the land detector confirms and the vehicle disarms
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void shouldTakeOffToAPositionSetpointAboveTheGround() {
        // Given an armed vehicle on the ground in Offboard, streaming a position 5 m above it
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        sp.velNedMps.setNaN();
        sp.accNedMps2.setNaN();
        sp.posNedM.set(d.sim.vehicle().positionNed().x, d.sim.vehicle().positionNed().y,
                d.sim.vehicle().positionNed().z - 5.0);
        sp.yawRad = Double.NaN;
        send();
        SimDriver.expectAccepted(selectOffboard());
        // When it streams for 12 s
        stream(12.0);
        // Then it holds 5 m up
        assertThat(altitude()).isBetween(4.3, 5.7);
        assertThat(d.status.armed()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void shouldLiftOffOnAnAttitudeTargetWithMoreThanHoverThrust() {
        // Given an armed vehicle on the ground in Offboard, streaming a level attitude with 0.1
        // more than hover thrust (SET_ATTITUDE_TARGET as OffboardService converts it)
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        sp.attitudeTarget = true;
        sp.qSp.setEuler(0.0, 0.0, d.sim.vehicle().attitude().yaw());
        sp.thrustNorm = d.sim.stack().params().thrustHover.get() + 0.1;
        sp.posNedM.setNaN();
        sp.velNedMps.setNaN();
        sp.accNedMps2.setNaN();
        send();
        SimDriver.expectAccepted(selectOffboard());
        // When it streams for 2 s
        stream(2.0);
        // Then the thrust is honoured: it has left the ground and climbs
        assertThat(altitude()).isGreaterThan(0.5);
        assertThat(-d.sim.vehicle().velocityNed().z).isGreaterThan(0.3);
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseOffboardWhenTheLastSetpointIsOlderThanHalfASecond() {
        // Given an armed vehicle whose offboard computer sent one setpoint 0.6 s ago
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        velocity(0.0, 0.0, 0.0);
        send();
        d.steps(600);
        // When Offboard is selected
        VehicleCommandAck ack = selectOffboard();
        // Then it is refused with the reason
        assertThat(ack.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(ack.reason).isEqualTo("Offboard refused: no setpoint in the last 0.5 s");
        assertThat(d.status.mode).isNotEqualTo(FlightMode.OFFBOARD);
    }

    private java.util.List<String> drainEvents() {
        java.util.List<String> texts = new java.util.ArrayList<>();
        VehicleEvent e = new VehicleEvent();
        while (d.sim.stack().bus().events.poll(e)) {
            texts.add(e.text);
        }
        return texts;
    }
}
