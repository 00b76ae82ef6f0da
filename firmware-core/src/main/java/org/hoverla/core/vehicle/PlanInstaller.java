package org.hoverla.core.vehicle;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.fence.FenceLimits;
import org.hoverla.mission.fence.Geofence;
import org.hoverla.mission.fence.RallyPoints;

/**
 * Makes a plan active: hands the mission to the navigator and builds the geofence and rally
 * points in the estimator's local frame, then publishes them by reference. Building allocates,
 * so this runs on the MAVLink thread or the simulator's, never on the flight thread. A plan
 * that arrives before the local frame exists is built as soon as it does ({@link #tick}).
 * Both happen before the MISSION_ACK is sent, and a change of {@code GF_MAX_HOR_DIST} or
 * {@code GF_MAX_VER_DIST} rebuilds the fence before its PARAM_VALUE echo (a store change
 * listener), so the next command meets the fence that was acknowledged. Synchronized: the
 * listener runs on whichever thread writes the parameter.
 */
public final class PlanInstaller {
    private final FlightBus bus;
    private final FlightParams params;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private MissionPlan pendingGeometry;
    /** The fence limits the published fence was built with (NaN before the first build). */
    private double builtHorizontalM = Double.NaN;
    private double builtVerticalM = Double.NaN;

    public PlanInstaller(FlightBus bus, FlightParams params) {
        this.bus = bus;
        this.params = params;
        this.positionSub = bus.localPosition.subscribe();
        params.store.addChangeListener(this::onParamsChanged);
    }

    /** Rebuilds the geometry of the active plan when the fence limits changed since it was built. */
    private synchronized void onParamsChanged() {
        if (pendingGeometry == null && !Double.isNaN(builtHorizontalM)
                && params.fenceMaxHorizontalM.get() == builtHorizontalM
                && params.fenceMaxVerticalM.get() == builtVerticalM) {
            return;
        }
        if (pendingGeometry == null && !Double.isNaN(builtHorizontalM)) {
            pendingGeometry = bus.missionPlan.get();
        }
        tick();
    }

    /**
     * Checks a fence without installing anything.
     *
     * @return null when the fence items form a valid fence, else why not
     */
    public static String validateFence(MissionPlan plan) {
        return plan.fence().isEmpty() ? null : Geofence.validate(plan.fence());
    }

    public FlightParams params() {
        return params;
    }

    /** Activates the plan (it was validated before). */
    public synchronized void install(MissionPlan plan) {
        bus.missionPlan.set(plan);
        pendingGeometry = plan;
        tick();
    }

    /** Builds the fence and rally points once the local frame exists. */
    public synchronized void tick() {
        MissionPlan plan = pendingGeometry;
        if (plan == null) {
            return;
        }
        positionSub.copy(position);
        if (!position.refValid) {
            return;
        }
        pendingGeometry = null;
        builtHorizontalM = params.fenceMaxHorizontalM.get();
        builtVerticalM = params.fenceMaxVerticalM.get();
        FenceLimits limits = FenceLimits.fromPx4(builtHorizontalM, builtVerticalM);
        boolean anyFence = !plan.fence().isEmpty() || params.fenceMaxHorizontalM.get() > 0.0
                || params.fenceMaxVerticalM.get() > 0.0;
        Geofence fence = null;
        if (anyFence) {
            try {
                fence = Geofence.build(plan.fence(), position.refLatDeg, position.refLonDeg, limits);
            } catch (IllegalArgumentException e) {
                // Validation refuses such plans before they get here; keep flying without a fence
                // rather than with a wrong one, and let the fence parameters still apply.
                fence = Geofence.of(position.refLatDeg, position.refLonDeg, limits);
            }
        }
        bus.geofence.set(fence);
        bus.rallyPoints.set(plan.rally().isEmpty() ? null
                : RallyPoints.build(plan.rally(), position.refLatDeg, position.refLonDeg));
    }
}
