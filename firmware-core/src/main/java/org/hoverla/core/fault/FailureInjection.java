package org.hoverla.core.fault;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The failures injected into one vehicle (MAV_CMD_INJECT_FAILURE, simulator scenarios), and which
 * unit×type pairs this vehicle can apply.
 *
 * <p>Threads: written by the MAVLink thread (or a scenario) and read by whoever applies a failure
 * (the simulator's device thread, the MAVLink thread for {@code mavlink_signal}). Reads are lock-free
 * and allocation-free (an {@link AtomicIntegerArray} per slot); writers need no coordination between
 * themselves beyond the atomics, as each write replaces one slot.
 *
 * <p>Instances: PX4 numbers instances from 1 and uses 0 for "all". A failure injected for all
 * instances applies to every instance; OK with instance 0 clears the unit completely, OK with an
 * instance N clears only what was injected for N.
 *
 * <p>Supported pairs are declared at boot by what can apply them ({@link #declareSupported}); the
 * command handler refuses the others, so an accepted command is never silently ignored.
 */
public final class FailureInjection {
    /** Highest instance number that can carry its own failure (motors of an octocopter). */
    public static final int MAX_INSTANCE = 8;
    private static final int SLOTS = MAX_INSTANCE + 1;

    private final AtomicIntegerArray types = new AtomicIntegerArray(FailureUnit.count() * SLOTS);
    private final AtomicIntegerArray supportedMasks = new AtomicIntegerArray(FailureUnit.count());
    private final AtomicInteger generation = new AtomicInteger();

    /**
     * Records a failure ({@link FailureType#OK} clears). Caller validated the pair and the instance.
     *
     * @param instance 0 for all instances, else 1..{@link #MAX_INSTANCE}
     */
    public void inject(FailureUnit unit, FailureType type, int instance) {
        if (instance < 0 || instance > MAX_INSTANCE) {
            throw new IllegalArgumentException("instance must be 0.." + MAX_INSTANCE + ", not " + instance);
        }
        int base = unit.ordinal() * SLOTS;
        if (type == FailureType.OK && instance == 0) {
            for (int i = 0; i < SLOTS; i++) {
                types.set(base + i, 0);
            }
        } else {
            types.set(base + instance, type.ordinal());
        }
        generation.incrementAndGet();
    }

    /** Clears every failure of every unit. */
    public void clearAll() {
        for (int i = 0; i < types.length(); i++) {
            types.set(i, 0);
        }
        generation.incrementAndGet();
    }

    /**
     * The failure acting on one instance: the one injected for all instances wins over the
     * instance's own. Allocation-free.
     *
     * @param instance 1..{@link #MAX_INSTANCE}; a higher one sees only the all-instances failure
     */
    public FailureType type(FailureUnit unit, int instance) {
        int base = unit.ordinal() * SLOTS;
        int all = types.get(base);
        if (all != 0 || instance < 1 || instance > MAX_INSTANCE) {
            return FailureType.byOrdinal(all);
        }
        return FailureType.byOrdinal(types.get(base + instance));
    }

    /** @return whether any failure of {@code unit} is active on any instance. Allocation-free. */
    public boolean active(FailureUnit unit) {
        int base = unit.ordinal() * SLOTS;
        for (int i = 0; i < SLOTS; i++) {
            if (types.get(base + i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Counts changes: a reader compares it with the value it last saw to skip work when nothing moved. */
    public int generation() {
        return generation.get();
    }

    /** Declares that this vehicle applies {@code type} failures of {@code unit} (boot time). */
    public void declareSupported(FailureUnit unit, FailureType... types) {
        for (FailureType t : types) {
            int bit = 1 << t.ordinal();
            supportedMasks.getAndUpdate(unit.ordinal(), m -> m | bit);
        }
    }

    /** @return whether a failure of this pair is applied here ({@link FailureType#OK} always is) */
    public boolean supported(FailureUnit unit, FailureType type) {
        return type == FailureType.OK || (supportedMasks.get(unit.ordinal()) & (1 << type.ordinal())) != 0;
    }

    /** @return the types of {@code unit} this vehicle applies, as their names, e.g. "off, stuck"; "none" */
    public String supportedTypes(FailureUnit unit) {
        StringBuilder sb = new StringBuilder();
        for (FailureType t : FailureType.values()) {
            if (t != FailureType.OK && supported(unit, t)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(t.cliName);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
