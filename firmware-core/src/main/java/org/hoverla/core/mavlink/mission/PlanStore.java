package org.hoverla.core.mavlink.mission;

import java.io.IOException;
import org.hoverla.mission.MissionPlan;

/**
 * Where the {@link MissionService} keeps the plan across restarts. The integrator provides an
 * atomic file implementation (temp file, fsync, rename); tests use a fake.
 *
 * <p>Called on the MAVLink thread: {@link #load()} once from the service's constructor,
 * {@link #save} whenever a plan is about to become active (before it does: a plan that could
 * not be saved is refused and the old one kept).
 */
public interface PlanStore {

    /** Keeps nothing: loads {@link MissionPlan#EMPTY}, saves nowhere. */
    PlanStore NONE = new PlanStore() {
        @Override
        public MissionPlan load() {
            return MissionPlan.EMPTY;
        }

        @Override
        public void save(MissionPlan plan) {
        }
    };

    /** @return the saved plan, or {@link MissionPlan#EMPTY} if none was ever saved */
    MissionPlan load() throws IOException;

    /** Saves the complete plan (all three types) so that a crash leaves either the old or the new one. */
    void save(MissionPlan plan) throws IOException;

    /**
     * Loads and initialises what {@link #save} needs (classes, formatters) without writing
     * anything, so that the first upload after boot is not slowed by it: the first save of the
     * file store took 218 ms of a 268 ms first upload, almost all of it Jackson starting up.
     * Called once, from a short-lived background thread, when the links start; must be safe to
     * run concurrently with {@link #save}. Failures are ignored.
     */
    default void prepare() {
    }
}
