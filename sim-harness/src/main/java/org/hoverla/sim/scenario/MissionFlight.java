package org.hoverla.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.MissionEvent;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.sim.lockstep.FlightLoop;

/**
 * Flies a plan headless, as a ground station would: hand the plan to the vehicle, wait until
 * it can arm, select Mission, arm, and watch MISSION_ITEM_REACHED until the vehicle has landed
 * and disarmed (or time runs out). Measures the truth cross-track error on straight legs
 * between consecutive waypoints (away from the corners).
 */
public final class MissionFlight {
    /** Phases in order; FAILED ends the flight early. */
    public enum Phase { WAIT_READY, STARTING, FLYING, DONE, FAILED }

    private static final double CORNER_EXCLUSION_M = 3.0;
    private static final double OPERATOR_REACTION_S = 20.0;

    private final FlightLoop sim;
    private final MissionPlan plan;
    private final double timeoutS;
    private final GeoRef truthFrame;
    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<MissionStatus> missionSub;
    private final VehicleStatus status = new VehicleStatus();
    private final MissionStatus mission = new MissionStatus();
    private final MissionEvent event = new MissionEvent();
    private final VehicleCommand command = new VehicleCommand();
    private final VehicleCommandAck ack = new VehicleCommandAck();
    private final List<Integer> reached = new ArrayList<>();
    private final List<String> cameraLog = new ArrayList<>();
    private final Vec3 a = new Vec3();
    private final Vec3 b = new Vec3();
    private Phase phase = Phase.WAIT_READY;
    private String failure = "";
    private int pending = -1;
    private double crossSumSq;
    private long crossSamples;
    private boolean wasArmed;
    private long steps;
    private double heldSinceS = -1;
    private boolean operatorLanded;

    private final PlanInstaller installer;

    public MissionFlight(FlightLoop sim, MissionPlan plan, double timeoutS) {
        this.sim = sim;
        this.plan = plan;
        this.timeoutS = timeoutS;
        this.truthFrame = sim.homeRef();
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
        this.missionSub = sim.stack().bus().missionStatus.subscribe();
        this.installer = new PlanInstaller(sim.stack().bus(), sim.stack().params());
        installer.install(plan);
    }

    /** @return false when the flight is over */
    public boolean step() {
        if (phase == Phase.DONE || phase == Phase.FAILED) {
            return false;
        }
        sim.step();
        steps++;
        while (sim.stack().bus().missionEvents.poll(event)) {
            if (event.kind == MissionEvent.ITEM_REACHED) {
                reached.add(event.seq);
            } else if (event.kind == MissionEvent.CAMERA) {
                cameraLog.add(String.format("%.2f s item %d command %d at N %.1f E %.1f D %.1f", sim.timeS(),
                        event.seq, event.command, event.northM, event.eastM, event.downM));
            }
        }
        if (steps % 20 != 0) {
            return true;
        }
        installer.tick();
        statusSub.update(status);
        missionSub.update(mission);
        if (sim.vehicle().crashed()) {
            return fail("crashed: " + sim.vehicle().crashReason());
        }
        if (sim.timeS() > timeoutS) {
            return fail("gave up after " + num(timeoutS) + " s simulated " + waitingFor());
        }
        if (pending >= 0) {
            if (!sim.pollAck(ack)) {
                return true;
            }
            if (ack.result != VehicleCommandAck.ACCEPTED) {
                return fail("command " + ack.command + " refused: " + ack.reason);
            }
            pending = -1;
        }
        switch (phase) {
            case WAIT_READY:
                if (status.armingState == ArmingState.STANDBY && mission.count > 0) {
                    send(VehicleCommand.DO_SET_MODE, 1, 4, 4);
                    phase = Phase.STARTING;
                }
                break;
            case STARTING:
                if (status.mode == FlightMode.MISSION) {
                    send(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
                    phase = Phase.FLYING;
                }
                break;
            case FLYING:
                if (status.armed()) {
                    wasArmed = true;
                    sampleCrossTrack();
                    // A failsafe that holds (e.g. a geofence breach predicted on the way home) or a
                    // mission that ends in the air (MIS_END_ACT = hold) waits for an operator;
                    // after a while this one lands, as a pilot would.
                    boolean waiting = (status.failsafe && status.mode == FlightMode.HOLD)
                            || (mission.complete && status.mode == FlightMode.MISSION && !mission.returnRequested);
                    if (waiting) {
                        if (heldSinceS < 0) {
                            heldSinceS = sim.timeS();
                        } else if (sim.timeS() - heldSinceS > OPERATOR_REACTION_S) {
                            operatorLanded = true;
                            send(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN);
                            heldSinceS = -1;
                        }
                    } else {
                        heldSinceS = -1;
                    }
                } else if (wasArmed) {
                    phase = Phase.DONE;
                    return false;
                }
                break;
            default:
                break;
        }
        return true;
    }

    /** What the flight was waiting for when it gave up, in words, e.g. the failing pre-arm check. */
    private String waitingFor() {
        if (pending >= 0) {
            return "waiting for the vehicle to answer command " + pending;
        }
        switch (phase) {
            case WAIT_READY:
                if (mission.count == 0) {
                    return "waiting for the vehicle to hold the mission: it holds 0 of the plan's "
                            + plan.mission().size() + " mission items";
                }
                String check = status.preArmFailure == null ? "" : status.preArmFailure;
                if (check.startsWith("Pre-arm: ")) {
                    check = check.substring("Pre-arm: ".length());
                }
                return "waiting for ready-to-arm: " + (check.isEmpty() ? "arming state " + status.armingState
                        : "pre-arm check '" + check + "' failing");
            case STARTING:
                return "waiting for Mission mode: the vehicle stays in " + status.mode;
            case FLYING:
                if (!wasArmed) {
                    return "waiting for the vehicle to arm in " + status.mode;
                }
                return "waiting for the vehicle to land and disarm: " + (status.armed() ? "armed" : "disarmed") + " in "
                        + status.mode + ", mission item " + mission.currentSeq + " of " + mission.count
                        + (mission.complete ? " (mission complete)" : "") + ", altitude "
                        + num(-sim.vehicle().positionNed().z) + " m, items reached " + reached;
            default:
                return "in phase " + phase;
        }
    }

    private static String num(double v) {
        return String.format(java.util.Locale.ROOT, v == Math.rint(v) && Math.abs(v) < 1e9 ? "%.0f" : "%.1f", v);
    }

    private void sampleCrossTrack() {
        if (status.mode != FlightMode.MISSION || mission.currentSeq <= 0 || mission.currentSeq >= plan.mission().size()) {
            return;
        }
        MissionItem cur = plan.mission().get(mission.currentSeq);
        if (cur.command() != MavCmd.NAV_WAYPOINT) {
            return;
        }
        MissionItem prev = null;
        for (int i = mission.currentSeq - 1; i >= 0; i--) {
            int c = plan.mission().get(i).command();
            if (c == MavCmd.NAV_WAYPOINT || c == MavCmd.NAV_LOITER_TIME) {
                prev = plan.mission().get(i);
                break;
            }
            if (c == MavCmd.DO_JUMP || c == MavCmd.NAV_TAKEOFF) {
                return;
            }
        }
        if (prev == null || prev.isHere()) {
            return; // a "here" item's position is the vehicle's, not the plan's
        }
        truthFrame.toNed(prev.latDeg(), prev.lonDeg(), 0.0, a);
        truthFrame.toNed(cur.latDeg(), cur.lonDeg(), 0.0, b);
        Vec3 p = sim.vehicle().positionNed();
        double dx = b.x - a.x;
        double dy = b.y - a.y;
        double len = Math.hypot(dx, dy);
        if (len < 2 * CORNER_EXCLUSION_M + 1.0) {
            return;
        }
        double along = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len;
        if (along < CORNER_EXCLUSION_M || along > len - CORNER_EXCLUSION_M) {
            return;
        }
        double cross = ((p.x - a.x) * dy - (p.y - a.y) * dx) / len;
        crossSumSq += cross * cross;
        crossSamples++;
    }

    private void send(int cmd, double p1, double p2, double p3) {
        command.clear(cmd);
        command.param1 = p1;
        command.param2 = p2;
        command.param3 = p3;
        command.sequence++;
        sim.send(command);
        pending = cmd;
    }

    private boolean fail(String why) {
        failure = why;
        phase = Phase.FAILED;
        return false;
    }

    public Phase phase() {
        return phase;
    }

    public String failure() {
        return failure;
    }

    public List<Integer> itemsReached() {
        return reached;
    }

    public List<String> cameraLog() {
        return cameraLog;
    }

    /** The mission ran to its end (its last item was reached and the vehicle landed and disarmed). */
    public boolean missionComplete() {
        return phase == Phase.DONE && !reached.isEmpty() && mission.complete;
    }

    /** The scenario had to land the vehicle after a failsafe hold. */
    public boolean operatorLanded() {
        return operatorLanded;
    }

    public long fenceBreaches() {
        return status.fenceBreaches;
    }

    public double crossTrackRmsM() {
        return crossSamples == 0 ? Double.NaN : Math.sqrt(crossSumSq / crossSamples);
    }

    public long crossTrackSamples() {
        return crossSamples;
    }
}
