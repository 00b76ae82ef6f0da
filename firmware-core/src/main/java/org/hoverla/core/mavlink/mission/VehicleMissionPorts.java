package org.hoverla.core.mavlink.mission;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.MissionStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.plan.PlanFileException;
import org.hoverla.mission.plan.QgcPlanFormat;
import org.hoverla.mission.validate.Limits;
import org.hoverla.mission.validate.MissionValidator;
import org.hoverla.mission.validate.ValidationResult;

/**
 * The vehicle side of the mission protocol's ports: validation against the vehicle's home,
 * the navigator as runner (through the bus), and an atomic plan file. MAVLink thread.
 */
public final class VehicleMissionPorts {
    private VehicleMissionPorts() {
    }

    /** Validates uploads with {@link MissionValidator}, using the vehicle's home when it has one. */
    public static PlanValidator validator(FlightBus bus, Limits limits) {
        Subscription<HomePosition> homeSub = bus.homePosition.subscribe();
        HomePosition home = new HomePosition();
        MissionValidator validator = new MissionValidator(limits);
        return (type, items) -> {
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
                    break;
            }
            return new PlanValidator.Result(r.code(), r.itemIndex(), r.ok() ? "" : r.reason());
        };
    }

    /** The navigator as the mission runner: current item through the bus, plans through the installer. */
    public static MissionRunner runner(FlightBus bus, PlanInstaller installer) {
        Subscription<MissionStatus> statusSub = bus.missionStatus.subscribe();
        MissionStatus status = new MissionStatus();
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
            public void planChanged(MissionType type, MissionPlan newPlan) {
                plan[0] = newPlan;
                installer.install(newPlan);
            }
        };
    }

    /** Saves plans as QGroundControl .plan files, atomically (temporary file, fsync, rename). */
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
            public void save(MissionPlan plan) throws IOException {
                String text;
                try {
                    text = QgcPlanFormat.format(plan, null, path.getFileName().toString());
                } catch (PlanFileException e) {
                    throw new IOException(e.getMessage(), e);
                }
                Path dir = path.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = dir.resolve(path.getFileName() + ".tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        };
    }

    /** For tests: the number of items of each type. */
    static int size(MissionPlan plan, MissionType type) {
        List<MissionItem> items = plan.items(type);
        return items.size();
    }
}
