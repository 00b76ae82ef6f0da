package org.hoverla.sim.scenario;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.sim.lockstep.FlightLoop;

/**
 * A scenario's hands-off flight: wait until the vehicle can arm, arm, take off to an altitude, then
 * leave it alone. Whatever happens afterwards is the vehicle's own doing (its failsafes); the flight
 * ends when it has landed and disarmed, crashed, or the time limit passes.
 */
final class HoverFlight {
    enum Phase { WAIT_READY, ARMING, AIRBORNE, DONE, FAILED }

    private final FlightLoop sim;
    private final double timeoutS;
    private final Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private Phase phase = Phase.WAIT_READY;
    private String failure = "";
    private int pending = -1;
    private boolean wasArmed;

    HoverFlight(FlightLoop sim, double altitudeM, double timeoutS) {
        this.sim = sim;
        this.timeoutS = timeoutS;
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
        sim.stack().params().takeoffAltM.set(altitudeM);
    }

    /** @return false when the flight is over */
    boolean step() {
        if (phase == Phase.DONE || phase == Phase.FAILED) {
            return false;
        }
        sim.step();
        statusSub.update(status);
        if (sim.vehicle().crashed()) {
            return end(Phase.FAILED, "crashed: " + sim.vehicle().crashReason());
        }
        if (sim.timeS() > timeoutS) {
            return end(wasArmed ? Phase.DONE : Phase.FAILED, wasArmed ? ""
                    : "never took off: " + (status.preArmFailure == null ? "" : status.preArmFailure));
        }
        if (pending >= 0) {
            if (!sim.pollAck(ack)) {
                return true;
            }
            if (ack.result != VehicleCommandAck.ACCEPTED) {
                return end(Phase.FAILED, "command " + ack.command + " refused: " + ack.reason);
            }
            pending = -1;
        }
        switch (phase) {
            case WAIT_READY:
                if (status.armingState == ArmingState.STANDBY) {
                    send(VehicleCommand.COMPONENT_ARM_DISARM, 1.0);
                    phase = Phase.ARMING;
                }
                break;
            case ARMING:
                if (status.armed()) {
                    wasArmed = true;
                    send(VehicleCommand.NAV_TAKEOFF, Double.NaN);
                    phase = Phase.AIRBORNE;
                }
                break;
            case AIRBORNE:
                if (!status.armed()) {
                    return end(Phase.DONE, "");
                }
                break;
            default:
                break;
        }
        return true;
    }

    private void send(int cmd, double p1) {
        command.clear(cmd);
        command.param1 = p1;
        command.sequence++;
        sim.send(command);
        pending = cmd;
    }

    private boolean end(Phase p, String why) {
        phase = p;
        failure = why;
        return false;
    }

    Phase phase() {
        return phase;
    }

    String failure() {
        return failure;
    }
}
