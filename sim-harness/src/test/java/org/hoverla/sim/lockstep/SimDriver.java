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

    SimDriver(SimConfig config) {
        sim = new LockstepSim(config);
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
        command.clear(cmd);
        command.param1 = param1;
        command.param2 = param2;
        command.param7 = param7;
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
