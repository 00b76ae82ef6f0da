package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.msg.VehicleCommand;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §5 for the manual-flight paths: Stabilized, Altitude's stick tilt, stick takeoff and
 * landing, the manual-control-loss failsafe with its regain and stick takeover, and stick
 * override of Hold allocate nothing on the flight thread. Each path runs once to warm up, then
 * again measured; joystick input is published on the measured thread as the MAVLink thread would
 * (the topic write copies into preallocated storage).
 */
class ManualModesAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final SimDriver d = new SimDriver(new SimConfig());
    /**
     * The MAVLink manual input, as ManualControlService writes it; the rc_input task selects it
     * into manual_control_setpoint (that topic's one publisher since the RC chain was merged).
     */
    private final Publication<ManualControlSetpoint> pub = d.sim.stack().bus().manualControlMavlink.advertise();
    private final ManualControlSetpoint input = new ManualControlSetpoint();

    /** Publishes the sticks every 40 cycles (QGC's 25 Hz) while stepping; silent when {@code up} is false. */
    private void sticks(boolean up, double roll, double pitch, double yaw, double throttle, int cycles) {
        for (int i = 0; i < cycles; i++) {
            if (up && i % 40 == 0) {
                input.timestampNs = d.sim.nowNs();
                input.count++;
                input.source = ManualControlSetpoint.SOURCE_MAVLINK;
                input.rollNorm = roll;
                input.pitchNorm = pitch;
                input.yawNorm = yaw;
                input.throttleNorm = throttle;
                pub.publish(input);
            }
            d.sim.step();
        }
    }

    private void setMode(FlightMode m) {
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, m.px4MainMode(), m.px4SubMode(),
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
    }

    private long allocated(Runnable path) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        path.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private void takeoffAndLandByStick() {
        sticks(true, 0, 0, 0, 1.0, 3_000);
        sticks(true, 0, 0, 0, 0.5, 2_000);
        sticks(true, 0, 0, 0, 0.0, 10_000);
        sticks(true, 0, 0, 0, 0.5, 1_000);
    }

    private void stabilizedSticks() {
        sticks(true, 0.5, 0, 0, 0.5, 500);
        sticks(true, 0, 0.5, 0.5, 0.55, 500);
        sticks(true, -0.5, -0.5, -0.5, 0.5, 500);
        sticks(true, 0, 0, 0, 0.5, 1_500);
    }

    private void altitudeSticks() {
        sticks(true, 0.5, 0.5, 0.3, 0.7, 2_000);
        sticks(true, 0, 0, 0, 0.5, 3_000);
    }

    /** From Position: link lost → Return, regained centred, sticks moved → Position. */
    private void lossRegainTakeover() {
        sticks(false, 0, 0, 0, 0.5, 1_500);
        sticks(true, 0, 0, 0, 0.5, 1_000);
        sticks(true, 0, 0.6, 0, 0.5, 500);
        sticks(true, 0, 0, 0, 0.5, 3_000);
    }

    /**
     * Every path once, from the ground in Position mode back to it: stick takeoff and landing,
     * Stabilized, Altitude, loss/regain/takeover, Hold override, stick landing. Mode changes (by
     * command, through the test harness) happen between the measured windows.
     *
     * @return bytes allocated on this thread in each measured window
     */
    private long[] everyPath() {
        long[] bytes = new long[6];
        setMode(FlightMode.POSITION);
        bytes[0] = allocated(this::takeoffAndLandByStick);
        sticks(true, 0, 0, 0, 1.0, 3_000);
        sticks(true, 0, 0, 0, 0.5, 2_000);
        setMode(FlightMode.STABILIZED);
        bytes[1] = allocated(this::stabilizedSticks);
        setMode(FlightMode.ALTITUDE);
        bytes[2] = allocated(this::altitudeSticks);
        setMode(FlightMode.POSITION);
        sticks(true, 0, 0, 0, 0.5, 2_000);
        bytes[3] = allocated(this::lossRegainTakeover);
        setMode(FlightMode.HOLD);
        sticks(true, 0, 0, 0, 0.5, 500);
        bytes[4] = allocated(this::holdOverride);
        bytes[5] = allocated(this::landByStick);
        return bytes;
    }

    private void holdOverride() {
        sticks(true, 0, 0, 0.6, 0.5, 500);
        sticks(true, 0, 0, 0, 0.5, 2_000);
    }

    /** Return climbed to RTL_RETURN_ALT: down from there at MPC_Z_VEL_MAX_DN, then idle on the ground. */
    private void landByStick() {
        sticks(true, 0, 0, 0, 0.0, 25_000);
        sticks(true, 0, 0, 0, 0.5, 1_000);
    }

    @Test
    void shouldAllocateNothingInTheManualModesFailsafeAndOverride() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a vehicle on the ground in Position mode, armed, never disarming by itself, and
        // NAV_RCL_ACT Return
        d.sim.stack().params().disarmLandS.set(0.0);
        d.sim.stack().params().setup.rcLossAction.set(2);
        d.stepUntilReady(30.0);
        setMode(FlightMode.POSITION);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        // When every manual path runs twice to warm up, then twice measured
        everyPath();
        everyPath();
        long[] first = everyPath();
        long[] second = everyPath();
        // (an allocation of the flight code repeats each time its path runs; a one-off JIT event
        // does not: on this loaded 2-core machine a deoptimisation now and then charges 72-728
        // bytes to a random window, also in FlightTaskAllocationTest on main, and never with
        // -XX:-DoEscapeAnalysis; so each window counts the smaller of its two runs)
        long[] bytes = new long[first.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Math.min(first[i], second[i]);
        }
        d.steps(0);
        // Then not one byte was allocated on this thread, and the vehicle is back on the ground, armed
        System.out.println("manual paths allocation (takeoff/landing, stabilized, altitude, loss, hold override, "
                + "stick landing): " + java.util.Arrays.toString(first) + ", " + java.util.Arrays.toString(second));
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(d.status.armed()).isTrue();
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(bytes).containsOnly(0L);
    }
}
