package org.hoverla.core.param;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vehicle's parameters: typed handles with name, default, range, unit and description,
 * like PX4's {@code params.yaml} entries, but built at boot and injected (no static registry,
 * DESIGN §2). Components register their parameters at boot and keep the returned handles.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Registration ({@code addFloat}/{@code addInt}) is meant for the boot thread. It is
 *       copy-on-write (DESIGN §5): each registration publishes a new array and name index
 *       through volatile fields, so readers on other threads never see a half-built
 *       table.</li>
 *   <li>Look-ups ({@link #find}, {@link #get(int)}, {@link #count()}) and writes
 *       ({@link #set(String, double)}, handle {@code set}) may come from any thread (the
 *       MAVLink parameter service, the CLI). Concurrent writers to one parameter: last write
 *       wins, each accepted change still bumps the generation.</li>
 *   <li>The flight thread only calls {@link #generation()} and the handles' {@code get()},
 *       which are allocation-free volatile reads.</li>
 * </ul>
 *
 * <h2>Re-applying parameters</h2>
 * {@link #generation()} increases on every accepted change of value (an accepted write of the
 * current value is not a change). A flight task checks it at most once a second and re-reads
 * its handles only when it moved — the cheap equivalent of PX4's {@code parameter_update}
 * topic. The generation is incremented after the value is stored, so a reader that sees
 * generation {@code g} sees every value written before {@code g} was published.
 *
 * <h2>Change listeners</h2>
 * {@link #addChangeListener} registers code that must see a change before the writer answers
 * (the MAVLink service echoes PARAM_VALUE after {@code set} returns), e.g. the geofence built
 * from {@code GF_MAX_*}. Listeners run on the writer's thread after the generation moved; never
 * the flight thread, which does not write parameters.
 */
public final class ParamStore {

    /** MAVLink {@code param_id} is 16 characters, not necessarily NUL-terminated. */
    public static final int MAX_NAME_LENGTH = 16;

    private final AtomicLong generation = new AtomicLong();
    private final Object registrationLock = new Object();
    private volatile Param[] params = new Param[0];
    // A concurrent map rather than a copy per registration: copying the map for each of ~400
    // parameters cost ~5 MB of boot garbage (quadratic), a sixth of the lockstep demo's heap.
    private final Map<String, Param> byName = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Runnable[] changeListeners = new Runnable[0];

    /** An empty store (boot thread). */
    public ParamStore() {
    }

    /**
     * Registers a real-valued, writable parameter.
     *
     * @param name         1–16 characters of {@code [A-Z0-9_]}, unique in this store
     * @param defaultValue finite, within {@code [min, max]}
     * @param min          finite lower bound (inclusive)
     * @param max          finite upper bound (inclusive), {@code >= min}
     * @param unit         unit text (e.g. {@code "rad/s"}), may be empty, not null
     * @param description  one-line description, not null
     * @return the handle; keep it
     * @throws IllegalArgumentException naming the parameter and the problem
     */
    public FloatParam addFloat(String name, double defaultValue, double min, double max,
                               String unit, String description) {
        return addFloat(name, defaultValue, min, max, unit, description, false);
    }

    /**
     * As {@link #addFloat(String, double, double, double, String, String)}, optionally
     * read-only (visible to ground stations, e.g. a hardware revision; never writable).
     */
    public FloatParam addFloat(String name, double defaultValue, double min, double max,
                               String unit, String description, boolean readOnly) {
        synchronized (registrationLock) {
            checkCommon(name, unit, description);
            if (!Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException(name + ": min and max must be finite: [" + min + ", " + max + "]");
            }
            if (min > max) {
                throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
            }
            if (!Double.isFinite(defaultValue)) {
                throw new IllegalArgumentException(name + ": default must be finite: " + defaultValue);
            }
            if (defaultValue < min || defaultValue > max) {
                throw new IllegalArgumentException(
                        name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
            }
            FloatParam p = new FloatParam(this, name, params.length, defaultValue, min, max, unit,
                    description, readOnly);
            publish(p);
            return p;
        }
    }

    /**
     * Registers an integer, writable parameter.
     *
     * @param name         1–16 characters of {@code [A-Z0-9_]}, unique in this store
     * @param defaultValue within {@code [min, max]}
     * @param min          lower bound (inclusive)
     * @param max          upper bound (inclusive), {@code >= min}
     * @param unit         unit text, may be empty, not null
     * @param description  one-line description, not null
     * @return the handle; keep it
     * @throws IllegalArgumentException naming the parameter and the problem
     */
    public IntParam addInt(String name, int defaultValue, int min, int max, String unit, String description) {
        return addInt(name, defaultValue, min, max, unit, description, false);
    }

    /** As {@link #addInt(String, int, int, int, String, String)}, optionally read-only. */
    public IntParam addInt(String name, int defaultValue, int min, int max, String unit, String description,
                           boolean readOnly) {
        synchronized (registrationLock) {
            checkCommon(name, unit, description);
            if (min > max) {
                throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
            }
            if (defaultValue < min || defaultValue > max) {
                throw new IllegalArgumentException(
                        name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
            }
            IntParam p = new IntParam(this, name, params.length, defaultValue, min, max, unit,
                    description, readOnly, java.util.Collections.emptySortedMap());
            publish(p);
            return p;
        }
    }

    /**
     * Registers an enumerated integer parameter: only the listed values are accepted, and each
     * has a meaning that ground stations show (parameter metadata) instead of a bare number.
     * The range is the smallest to the largest listed value.
     *
     * @param values value → meaning, e.g. {@code Map.of(0, "None", 1, "Hold", 2, "Return")};
     *               at least one; meanings non-blank
     */
    public IntParam addEnum(String name, int defaultValue, String description, Map<Integer, String> values) {
        return addEnum(name, defaultValue, description, values, false);
    }

    /** As {@link #addEnum(String, int, String, Map)}, optionally read-only. */
    public IntParam addEnum(String name, int defaultValue, String description, Map<Integer, String> values,
                            boolean readOnly) {
        synchronized (registrationLock) {
            checkCommon(name, "", description);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(name + ": an enumerated parameter needs at least one value");
            }
            java.util.TreeMap<Integer, String> sorted = new java.util.TreeMap<>();
            for (Map.Entry<Integer, String> e : values.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || e.getValue().isBlank()) {
                    throw new IllegalArgumentException(name + ": value " + e.getKey() + " needs a meaning");
                }
                sorted.put(e.getKey(), e.getValue());
            }
            if (!sorted.containsKey(defaultValue)) {
                throw new IllegalArgumentException(name + ": default " + defaultValue + " is not one of " + sorted.keySet());
            }
            IntParam p = new IntParam(this, name, params.length, defaultValue, sorted.firstKey(), sorted.lastKey(), "",
                    description, readOnly, java.util.Collections.unmodifiableSortedMap(sorted));
            publish(p);
            return p;
        }
    }

    private void checkCommon(String name, String unit, String description) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must be non-empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    name + ": name longer than " + MAX_NAME_LENGTH + " characters (MAVLink param_id limit)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                throw new IllegalArgumentException(
                        name + ": invalid character '" + c + "' (allowed: A-Z, 0-9, _)");
            }
        }
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException(name + ": duplicate parameter name");
        }
        if (unit == null) {
            throw new IllegalArgumentException(name + ": unit must not be null (use \"\" for none)");
        }
        if (description == null) {
            throw new IllegalArgumentException(name + ": description must not be null");
        }
    }

    private void publish(Param p) {
        Param[] next = Arrays.copyOf(params, params.length + 1);
        next[next.length - 1] = p;
        // Map first: a reader that sees the new count can also find the name.
        byName.put(p.name(), p);
        params = next;
    }

    void changed() {
        generation.incrementAndGet();
        for (Runnable listener : changeListeners) {
            listener.run();
        }
    }

    /**
     * Runs {@code listener} after every accepted change, on the writing thread, before the write
     * returns (see class doc). Boot thread; copy-on-write.
     */
    public void addChangeListener(Runnable listener) {
        synchronized (registrationLock) {
            Runnable[] next = Arrays.copyOf(changeListeners, changeListeners.length + 1);
            next[next.length - 1] = java.util.Objects.requireNonNull(listener, "listener");
            changeListeners = next;
        }
    }

    /**
     * Writes a parameter by name (the MAVLink {@code PARAM_SET} path). Any thread.
     *
     * @return {@link SetResult#UNKNOWN_NAME} if absent, else the handle's result
     */
    public SetResult set(String name, double value) {
        Param p = find(name);
        return p == null ? SetResult.UNKNOWN_NAME : p.set(value);
    }

    /** @return the parameter called {@code name}, or {@code null}; any thread */
    public Param find(String name) {
        return name == null ? null : byName.get(name);
    }

    /** @return the number of registered parameters; any thread */
    public int count() {
        return params.length;
    }

    /**
     * @param index {@code 0 <= index < count()}; registration order, stable
     * @return the parameter at that index (MAVLink {@code param_index}); any thread
     * @throws IndexOutOfBoundsException if out of range
     */
    public Param get(int index) {
        return params[index];
    }

    /** @return the change counter (see class doc); any thread, allocation-free */
    public long generation() {
        return generation.get();
    }

    /**
     * Puts every writable parameter back to its default (read-only ones hold what the vehicle
     * found, e.g. sensor device ids, and keep it); bumps the generation once if anything changed.
     * Any thread except the flight thread.
     */
    public void resetToDefaults() {
        resetToDefaultsExcept(p -> false);
    }

    /**
     * Puts every parameter that {@code keep} does not select back to its default; bumps the
     * generation once if anything changed. Read-only values are never reset: they are the
     * vehicle's own (a sensor's device id), not settings. Any thread except the flight thread.
     *
     * @param keep selects the parameters to leave as they are (e.g. calibration)
     * @return how many parameters changed value
     */
    public int resetToDefaultsExcept(java.util.function.Predicate<Param> keep) {
        Param[] snapshot = params;
        int changedCount = 0;
        for (Param p : snapshot) {
            if (p.isReadOnly() || keep.test(p)) {
                continue;
            }
            boolean changed = p instanceof FloatParam f ? f.resetToDefault() : ((IntParam) p).resetToDefault();
            changedCount += changed ? 1 : 0;
        }
        if (changedCount > 0) {
            changed();
        }
        return changedCount;
    }
}
