package org.hoverla.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.fault.FailureInjection;
import org.hoverla.core.fault.FailureType;
import org.hoverla.core.fault.FailureUnit;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.GcsLinkStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.rc.SimRcTransmitter;

/**
 * Plays a {@link ScenarioFile}'s timed events into a lockstep simulation and watches what the
 * vehicle does: its messages and mode changes, the worst tilt, where it lands. Called after every
 * simulation step, on the simulation's thread; off the flight code (it is the world and the operator).
 *
 * <p>The simulated ground station ("gcs heartbeat") publishes a heartbeat every second as the
 * MAVLink thread would on hearing one, unless "gcs loss" or an injected mavlink_signal off silences it.
 */
final class ScenarioDirector {
    private static final long GCS_HEARTBEAT_PERIOD_NS = 1_000_000_000L;

    private final ScenarioFile scenario;
    private final LockstepSim sim;
    private final FailureInjection failures;
    private final SimRcTransmitter rc;
    private final Publication<GcsLinkStatus> gcsPub;
    private final GcsLinkStatus gcs = new GcsLinkStatus();
    private final Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleEvent event = new VehicleEvent();
    private final List<String> applied = new ArrayList<>();
    private final List<String> actions = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final List<FlightMode> modesEntered = new ArrayList<>();
    private int next;
    private boolean gcsLost;
    private long nextGcsHeartbeatNs;
    private FlightMode lastMode;
    private boolean lastFailsafe;
    private double maxTiltDeg;
    private double maxAltM;
    private final Vec3 failurePointNed = new Vec3();
    private boolean failureSeen;
    private boolean wasAirborne;
    private double touchdownS = Double.NaN;

    ScenarioDirector(ScenarioFile scenario, LockstepSim sim) {
        this.scenario = scenario;
        this.sim = sim;
        this.failures = sim.stack().bus().failureInjection;
        this.rc = scenario.rcTransmitter ? new SimRcTransmitter(sim.devices().rc) : null;
        this.gcsPub = scenario.groundStation ? sim.stack().bus().gcsLinkStatus.advertise() : null;
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
    }

    /** After each simulation step: events due, the simulated transmitter and ground station, observations. */
    void afterStep() {
        long now = sim.nowNs();
        double t = sim.timeS();
        while (next < scenario.events.size() && scenario.events.get(next).atS() <= t + 1e-9) {
            apply(scenario.events.get(next), t);
            next++;
        }
        if (rc != null) {
            rc.update(now);
        }
        if (gcsPub != null && !gcsLost && !failures.active(FailureUnit.MAVLINK_SIGNAL) && now >= nextGcsHeartbeatNs) {
            gcs.everSeen = true;
            gcs.lastHeartbeatNs = now;
            gcsPub.publish(gcs);
            nextGcsHeartbeatNs = now + GCS_HEARTBEAT_PERIOD_NS;
        }
        while (sim.stack().bus().events.poll(event)) {
            String line = String.format(Locale.ROOT, "%.1f s %s", t, event.text);
            texts.add(event.text);
            if (event.severity <= VehicleEvent.WARNING || event.text.startsWith("Failsafe")) {
                actions.add(line);
            }
        }
        statusSub.update(status);
        if (status.mode != lastMode) {
            if (lastMode != null) {
                actions.add(String.format(Locale.ROOT, "%.1f s mode %s", t, status.mode));
            }
            lastMode = status.mode;
            if (!modesEntered.contains(status.mode)) {
                modesEntered.add(status.mode);
            }
        }
        if (status.failsafe != lastFailsafe) {
            lastFailsafe = status.failsafe;
            actions.add(String.format(Locale.ROOT, "%.1f s failsafe %s", t, status.failsafe ? "on" : "off"));
        }
        boolean onGround = sim.vehicle().onGround();
        if (onGround && wasAirborne && Double.isNaN(touchdownS)) {
            touchdownS = t;
        } else if (!onGround) {
            wasAirborne = true;
            touchdownS = Double.NaN;
        }
        if (!onGround) {
            maxTiltDeg = Math.max(maxTiltDeg, Math.toDegrees(sim.vehicle().attitude().tiltRad()));
            maxAltM = Math.max(maxAltM, -sim.vehicle().positionNed().z);
        }
    }

    private void apply(ScenarioFile.Event e, double t) {
        if (e.isFault() && !failureSeen) {
            failureSeen = true;
            failurePointNed.set(sim.vehicle().positionNed());
        }
        switch (e.kind()) {
            case WIND -> sim.world().wind().setWind(e.a(), e.b(), e.a() > 0 ? Math.max(0.2, 0.2 * e.a()) : 0.0);
            case GNSS_JAM -> {
                // A strong jammer: the receiver reports it and loses its fix.
                sim.gnss().setJamming(255);
                sim.gnss().setOutage(true);
            }
            case GNSS_OFF -> sim.gnss().setOutage(true);
            case GNSS_SPOOF -> {
                double dir = Math.toRadians(e.b());
                sim.gnss().setSpoofDrift(e.a() * Math.cos(dir), e.a() * Math.sin(dir), 0.0, true);
            }
            case GNSS_RESTORE -> {
                sim.gnss().setOutage(false);
                sim.gnss().setJamming(-1);
                sim.gnss().clearSpoof();
            }
            case MOTOR_THRUST -> sim.world().setScenarioMotorThrust((int) e.a(), e.b());
            case RC_LOSS -> rc.link(false);
            case RC_RESTORE -> rc.link(true);
            case GCS_LOSS -> gcsLost = true;
            case GCS_RESTORE -> gcsLost = false;
            case BATTERY_SAG -> sim.battery().setExtraSag(e.a());
            case BATTERY_REMAINING -> sim.battery().reset(e.a());
            case FAIL -> failures.inject(e.unit(), e.type(), e.instance());
            default -> throw new IllegalStateException("unhandled event " + e.kind());
        }
        applied.add(String.format(Locale.ROOT, "%.1f s %s", t, e.text()));
    }

    List<String> eventsApplied() {
        return applied;
    }

    List<String> failsafeActions() {
        return actions;
    }

    List<String> texts() {
        return texts;
    }

    List<FlightMode> modesEntered() {
        return modesEntered;
    }

    FlightMode finalMode() {
        return status.mode;
    }

    double maxTiltDeg() {
        return maxTiltDeg;
    }

    /** Simulated time of the last touchdown after flying, s; NaN while airborne or before flying. */
    double touchdownS() {
        return touchdownS;
    }

    double maxAltM() {
        return maxAltM;
    }

    /** Horizontal distance from home of where the vehicle stands (truth), or NaN in the air. */
    double landingFromHomeM() {
        Vec3 p = sim.vehicle().positionNed();
        return sim.vehicle().onGround() ? Math.hypot(p.x, p.y) : Double.NaN;
    }

    /** Horizontal distance from where the first failure struck to where the vehicle stands, or NaN. */
    double landingFromFailureM() {
        Vec3 p = sim.vehicle().positionNed();
        return sim.vehicle().onGround() && failureSeen
                ? Math.hypot(p.x - failurePointNed.x, p.y - failurePointNed.y) : Double.NaN;
    }
}
