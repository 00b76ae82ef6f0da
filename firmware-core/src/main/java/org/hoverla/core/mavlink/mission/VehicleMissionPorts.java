package org.hoverla.core.mavlink.mission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.fence.Geofence;
import org.hoverla.mission.plan.PlanFileException;
import org.hoverla.mission.plan.QgcPlanFormat;
import org.hoverla.mission.validate.Limits;
import org.hoverla.mission.validate.MissionValidator;
import org.hoverla.mission.validate.ValidationResult;
import org.hoverla.storage.AtomicFiles;

/**
 * The vehicle side of the mission protocol's ports: validation against the vehicle's home,
 * the navigator as runner (through the bus), and an atomic plan file. MAVLink thread.
 */
public final class VehicleMissionPorts {
    private VehicleMissionPorts() {
    }

    /**
     * Validates uploads with {@link MissionValidator}, using the vehicle's home when it has one and
     * the mission parameters (MIS_DIST_1WP, MIS_TKO_LAND_REQ) as they are at upload time.
     */
    public static PlanValidator validator(FlightBus bus, FlightParams params) {
        Subscription<HomePosition> homeSub = bus.homePosition.subscribe();
        HomePosition home = new HomePosition();
        return (type, items) -> {
            int req = params.missionTakeoffLandRequired.get();
            double firstMax = params.missionFirstWaypointMaxM.get();
            MissionValidator validator = new MissionValidator(Limits.DEFAULT
                    .withMaxFirstItemDistance(firstMax > 0.0 ? firstMax : Double.POSITIVE_INFINITY)
                    .withTakeoffFirst((req & 1) != 0).withLandLast((req & 2) != 0));
            homeSub.copy(home);
            org.hoverla.mission.plan.HomePosition h = home.valid
                    ? new org.hoverla.mission.plan.HomePosition((int) Math.round(home.latDeg * 1e7),
                    (int) Math.round(home.lonDeg * 1e7), (float) home.altAmslM)
                    : null;
            ValidationResult r;
            switch (type) {
                case FENCE:
                    r = validator.validateFence(items);
                    break;
                case RALLY:
                    r = validator.validateRally(items, h);
                    break;
                case MISSION:
                default:
                    r = validator.validateMission(items, h);
                    if (r.ok()) {
                        PlanValidator.Result fenceResult = checkAgainstFence(bus.geofence.get(), items);
                        if (fenceResult != null) {
                            return fenceResult;
                        }
                    }
                    break;
            }
            return new PlanValidator.Result(r.code(), r.itemIndex(), r.ok() ? "" : r.reason());
        };
    }

    /** MAV_MISSION_DENIED. */
    private static final int MISSION_DENIED = 14;

    /**
     * A mission must stay inside the active geofence: every positional item inside, and every
     * straight leg between consecutive positional items too. Altitudes are taken above home.
     *
     * @return null when it does (or there is no fence), else the refusal
     */
    static PlanValidator.Result checkAgainstFence(Geofence fence, List<MissionItem> items) {
        if (fence == null) {
            return null;
        }
        double[] ne = new double[2];
        double pn = Double.NaN;
        double pe = Double.NaN;
        double pd = Double.NaN;
        int prevSeq = -1;
        for (MissionItem it : items) {
            if (it.frame() == MissionItem.FRAME_MISSION || (it.x() == 0 && it.y() == 0)) {
                continue;
            }
            fence.projection().projectTo(it.latDeg(), it.lonDeg(), ne);
            boolean relative = it.frame() == MissionItem.FRAME_GLOBAL_RELATIVE_ALT
                    || it.frame() == MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT;
            // AMSL altitudes cannot be placed against the fence's altitude limits here (the home
            // altitude is the validator's business); their horizontal position is still checked.
            double d = relative ? -it.z() : -1.0;
            if (!fence.pointInside(ne[0], ne[1], d)) {
                return new PlanValidator.Result(MISSION_DENIED, it.seq(), "mission item " + it.seq()
                        + " is outside the geofence");
            }
            if (prevSeq >= 0 && !fence.segmentInside(pn, pe, pd, ne[0], ne[1], d)) {
                return new PlanValidator.Result(MISSION_DENIED, it.seq(), "mission item " + it.seq()
                        + ": the leg from item " + prevSeq + " crosses the geofence");
            }
            pn = ne[0];
            pe = ne[1];
            pd = d;
            prevSeq = it.seq();
        }
        return null;
    }

    /** The navigator as the mission runner: current item through the bus, plans through the installer. */
    public static MissionRunner runner(FlightBus bus, PlanInstaller installer) {
        Subscription<MissionStatus> statusSub = bus.missionStatus.subscribe();
        MissionStatus status = new MissionStatus();
        Subscription<org.hoverla.core.msg.VehicleStatus> statusSubMode = bus.vehicleStatus.subscribe();
        org.hoverla.core.msg.VehicleStatus vehicle = new org.hoverla.core.msg.VehicleStatus();
        int[] requested = {-1};
        MissionPlan[] plan = {MissionPlan.EMPTY};
        return new MissionRunner() {
            @Override
            public boolean setCurrent(int seq) {
                if (seq < 0 || seq >= plan[0].mission().size()) {
                    return false;
                }
                requested[0] = seq;
                bus.missionSetCurrent.set(seq);
                return true;
            }

            @Override
            public int currentSeq() {
                statusSub.copy(status);
                if (requested[0] >= 0 && status.currentSeq != requested[0]) {
                    return requested[0];
                }
                requested[0] = -1;
                return status.currentSeq;
            }

            @Override
            public int missionState() {
                statusSub.copy(status);
                if (status.count == 0) {
                    return MISSION_STATE_NO_MISSION;
                }
                if (status.complete) {
                    return MISSION_STATE_COMPLETE;
                }
                statusSubMode.copy(vehicle);
                if (vehicle.mode == org.hoverla.core.msg.FlightMode.MISSION && vehicle.armed()) {
                    return MISSION_STATE_ACTIVE;
                }
                return status.currentSeq > 0 ? MISSION_STATE_PAUSED : MISSION_STATE_NOT_STARTED;
            }

            @Override
            public void planChanged(MissionType type, MissionPlan newPlan) {
                plan[0] = newPlan;
                installer.install(newPlan);
            }
        };
    }

    /** Saves plans as QGroundControl .plan files, durably and atomically ({@link AtomicFiles}). */
    public static PlanStore file(Path path) {
        return new PlanStore() {
            @Override
            public MissionPlan load() throws IOException {
                if (!Files.exists(path)) {
                    return MissionPlan.EMPTY;
                }
                try {
                    return QgcPlanFormat.read(path).plan();
                } catch (PlanFileException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public void prepare() {
                try {
                    // A plan with one item of each type, formatted and thrown away: no file is touched.
                    MissionItem wp = new MissionItem(0, 6, 16, false, true, 0f, 0f, 0f, Float.NaN, 473977507, 85456075,
                            10f, MissionType.MISSION);
                    MissionItem fence = new MissionItem(0, 5, 5004, false, true, 100f, 0f, 0f, 0f, 473977507, 85456075,
                            0f, MissionType.FENCE);
                    MissionItem rally = new MissionItem(0, 6, 5100, false, true, 0f, 0f, 0f, 0f, 473977507, 85456075,
                            10f, MissionType.RALLY);
                    QgcPlanFormat.format(new MissionPlan(List.of(wp), List.of(fence), List.of(rally)), null,
                            path.getFileName().toString());
                } catch (PlanFileException | RuntimeException e) {
                    // only a warm-up
                }
            }

            @Override
            public void save(MissionPlan plan) throws IOException {
                String text;
                try {
                    text = QgcPlanFormat.format(plan, null, path.getFileName().toString());
                } catch (PlanFileException e) {
                    throw new IOException(e.getMessage(), e);
                }
                AtomicFiles.writeString(path, text);
            }
        };
    }

    /** For tests: the number of items of each type. */
    static int size(MissionPlan plan, MissionType type) {
        List<MissionItem> items = plan.items(type);
        return items.size();
    }
}
