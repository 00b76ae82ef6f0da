package org.hoverla.sim.lockstep;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;

/** Test helper: steps a {@link LockstepSim} and talks to its commander like a ground station. */
final class SimDriver {
    final LockstepSim sim;
    final Subscription<VehicleStatus> statusSub;
    final VehicleStatus status = new VehicleStatus();
    private final VehicleCommand command = new VehicleCommand();
    private long sequence;

    /** Arms and takes off to the default demo height, then steps until the vehicle holds there. */
    void takeOff(double altM) {
        sim.stack().params().takeoffAltM.set(altM);
        stepUntilReady(30.0);
        expectAccepted(command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        expectAccepted(command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN));
        for (int i = 0; i < 300 && status.mode != org.hoverla.core.msg.FlightMode.HOLD; i++) {
            steps(100);
        }
        if (status.mode != org.hoverla.core.msg.FlightMode.HOLD) {
            throw new AssertionError("takeoff did not complete");
        }
    }

    static void expectAccepted(VehicleCommandAck ack) {
        if (ack.result != VehicleCommandAck.ACCEPTED) {
            throw new AssertionError("command " + ack.command + " refused: " + ack.result + " " + ack.reason);
        }
    }

    SimDriver(SimConfig config) {
        this(new LockstepSim(config));
    }

    SimDriver(LockstepSim sim) {
        this.sim = sim;
        statusSub = sim.stack().bus().vehicleStatus.subscribe();
    }

    void steps(int n) {
        for (int i = 0; i < n; i++) {
            sim.step();
        }
        statusSub.update(status);
    }

    /** Steps until the vehicle reports it can arm; fails after the given simulated time. */
    void stepUntilReady(double timeoutS) {
        while (sim.timeS() < timeoutS) {
            steps(10);
            if (status.armingState == org.hoverla.core.msg.ArmingState.STANDBY) {
                return;
            }
        }
        throw new AssertionError("not ready to arm after " + timeoutS + " s: " + status.preArmFailure);
    }

    /** Sends a command and steps until its acknowledgement arrives (at most 1 s). */
    VehicleCommandAck command(int cmd, double param1, double param2, double param7) {
        return command(cmd, param1, param2, Double.NaN, Double.NaN, Double.NaN, Double.NaN, param7);
    }

    /** Sends a command with all seven parameters and steps until its acknowledgement arrives. */
    VehicleCommandAck command(int cmd, double p1, double p2, double p3, double p4, double p5, double p6, double p7) {
        command.clear(cmd);
        command.param1 = p1;
        command.param2 = p2;
        command.param3 = p3;
        command.param4 = p4;
        command.param5 = p5;
        command.param6 = p6;
        command.param7 = p7;
        command.sequence = ++sequence;
        if (!sim.send(command)) {
            throw new AssertionError("command queue full");
        }
        VehicleCommandAck ack = new VehicleCommandAck();
        for (int i = 0; i < 1000; i++) {
            sim.step();
            if (sim.pollAck(ack)) {
                statusSub.update(status);
                if (ack.sequence != sequence) {
                    throw new AssertionError("acknowledgement for another command: " + ack.sequence);
                }
                return ack;
            }
        }
        throw new AssertionError("no acknowledgement for command " + cmd);
    }
}
