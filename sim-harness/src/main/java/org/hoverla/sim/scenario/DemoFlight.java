package org.hoverla.sim.scenario;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.sim.lockstep.FlightLoop;

/**
 * The demo flight, driven the way a ground station would drive it: wait until the vehicle says
 * it can arm, arm, take off to the demo altitude, hover, land, and wait for the automatic
 * disarm. Commands go through the vehicle's command queue and their acknowledgements are
 * checked; the scenario never touches the flight code's internals.
 */
public final class DemoFlight {
    /** Phases in the order they happen; FAILED ends the flight early. */
    public enum Phase { WAIT_READY, ARMING, TAKEOFF, HOVER, LANDING, DONE, FAILED }

    private static final double READY_TIMEOUT_S = 60.0;
    private static final double ACK_TIMEOUT_S = 1.0;
    private static final double SETTLE_AFTER_DISARM_S = 1.0;

    private final FlightLoop sim;
    private final double takeoffAltM;
    private final double hoverS;
    private final double timeoutS;
    private final FlightMetrics metrics;
    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();

    private Phase phase = Phase.WAIT_READY;
    private String failure = "";
    private double phaseStartS;
    private double commandSentS = Double.NaN;
    private int pendingCommand = -1;
    private double readyAtS = Double.NaN;
    private double armedAtS = Double.NaN;
    private double hoverStartS = Double.NaN;
    private double landStartS = Double.NaN;
    private double disarmedAtS = Double.NaN;
    private double landingErrorM = Double.NaN;
    private double landingErrorNetM = Double.NaN;
    private double landingGnssDriftM = Double.NaN;
    private final PhaseListener listener;

    /** Told about phase changes, for progress output. */
    public interface PhaseListener {
        void phaseChanged(Phase phase, double simTimeS, String detail);
    }

    public DemoFlight(FlightLoop sim, double takeoffAltM, double hoverS, double timeoutS, PhaseListener listener) {
        this.sim = sim;
        this.takeoffAltM = takeoffAltM;
        this.hoverS = hoverS;
        this.timeoutS = timeoutS;
        this.listener = listener;
        this.metrics = new FlightMetrics(sim);
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
        this.positionSub = sim.stack().bus().localPosition.subscribe();
        sim.stack().params().takeoffAltM.set(takeoffAltM);
    }

    /**
     * Advances the simulation one step and the scenario as needed.
     *
     * @return false when the flight is over (done, failed or timed out)
     */
    public boolean step() {
        if (phase == Phase.DONE || phase == Phase.FAILED) {
            return false;
        }
        sim.step();
        double t = sim.timeS();
        statusSub.update(status);
        positionSub.update(position);
        metrics.sample(phase == Phase.HOVER);
        if (sim.vehicle().crashed()) {
            fail("crashed: " + sim.vehicle().crashReason());
            return false;
        }
        if (t > timeoutS) {
            fail("timed out in phase " + phase + " after " + timeoutS + " s");
            return false;
        }
        if (pendingCommand >= 0 && !checkAck(t)) {
            return phase != Phase.FAILED;
        }
        switch (phase) {
            case WAIT_READY:
                if (status.armingState == ArmingState.STANDBY) {
                    readyAtS = t;
                    send(VehicleCommand.COMPONENT_ARM_DISARM, 1.0, t);
                    enter(Phase.ARMING, t, "pre-arm checks passed");
                } else if (t - phaseStartS > READY_TIMEOUT_S) {
                    fail("vehicle never became ready to arm: " + status.preArmFailure);
                }
                break;
            case ARMING:
                if (status.armed()) {
                    armedAtS = t;
                    metrics.markTakeoff(takeoffAltM);
                    metrics.setEstimateWindow(true);
                    send(VehicleCommand.NAV_TAKEOFF, Double.NaN, t);
                    enter(Phase.TAKEOFF, t, "armed; takeoff to " + takeoffAltM + " m");
                }
                break;
            case TAKEOFF:
                if (status.mode == FlightMode.HOLD && t - phaseStartS > 0.5) {
                    hoverStartS = t;
                    enter(Phase.HOVER, t, String.format("takeoff complete at %.1f m; hovering %.0f s",
                            -sim.vehicle().positionNed().z, hoverS));
                }
                break;
            case HOVER:
                if (t - hoverStartS >= hoverS) {
                    landStartS = t;
                    send(VehicleCommand.NAV_LAND, Double.NaN, t);
                    enter(Phase.LANDING, t, "landing");
                }
                break;
            case LANDING:
                if (!status.armed()) {
                    if (Double.isNaN(disarmedAtS)) {
                        disarmedAtS = t;
                        landingErrorM = metrics.distanceFromTakeoffM();
                        landingErrorNetM = metrics.distanceFromTakeoffNetOfGnssDriftM();
                        landingGnssDriftM = metrics.gnssDriftSinceTakeoffM();
                        metrics.setEstimateWindow(false);
                    }
                    if (t - disarmedAtS >= SETTLE_AFTER_DISARM_S) {
                        enter(Phase.DONE, t, String.format("landed and disarmed, %.2f m from the takeoff point",
                                landingErrorM));
                        return false;
                    }
                }
                break;
            default:
                break;
        }
        return true;
    }

    private void send(int cmd, double param1, double t) {
        command.clear(cmd);
        command.param1 = param1;
        command.timestampNs = sim.nowNs();
        command.sequence++;
        if (cmd == VehicleCommand.COMPONENT_ARM_DISARM) {
            command.param2 = 0.0;
        }
        if (!sim.send(command)) {
            fail("command queue full");
            return;
        }
        pendingCommand = cmd;
        commandSentS = t;
    }

    /** @return true when no acknowledgement is pending any more and the flight may go on */
    private boolean checkAck(double t) {
        while (sim.pollAck(ack)) {
            if (ack.command == pendingCommand) {
                pendingCommand = -1;
                if (ack.result != VehicleCommandAck.ACCEPTED) {
                    fail("command " + ack.command + " refused (result " + ack.result + "): " + ack.reason);
                    return false;
                }
                return true;
            }
        }
        if (t - commandSentS > ACK_TIMEOUT_S) {
            fail("no acknowledgement for command " + pendingCommand);
        }
        return false;
    }

    private void enter(Phase next, double t, String detail) {
        phase = next;
        phaseStartS = t;
        if (listener != null) {
            listener.phaseChanged(next, t, detail);
        }
    }

    private void fail(String why) {
        failure = why;
        enter(Phase.FAILED, sim.timeS(), why);
    }

    public Phase phase() {
        return phase;
    }

    public String failure() {
        return failure;
    }

    public FlightMetrics metrics() {
        return metrics;
    }

    public VehicleStatus status() {
        return status;
    }

    public double readyAtS() {
        return readyAtS;
    }

    public double armedAtS() {
        return armedAtS;
    }

    public double hoverStartS() {
        return hoverStartS;
    }

    public double landStartS() {
        return landStartS;
    }

    public double disarmedAtS() {
        return disarmedAtS;
    }

    public double landingErrorM() {
        return landingErrorM;
    }

    /** Landing error without the drift of the simulated GNSS error since takeoff (m). */
    public double landingErrorNetOfGnssDriftM() {
        return landingErrorNetM;
    }

    /** How far the simulated GNSS error drifted between takeoff and landing (m). */
    public double landingGnssDriftM() {
        return landingGnssDriftM;
    }

    public double takeoffAltM() {
        return takeoffAltM;
    }
}
