package org.hoverla.core.param;

/**
 * What every parameter exposes to the parameter service, the CLI and logs: the metadata of a
 * PX4 {@code params.yaml} entry plus the current value as a {@code double}.
 *
 * <p>Flight code does not use this interface; it holds the typed handle ({@link FloatParam},
 * {@link IntParam}) and calls its allocation-free {@code get()}.
 *
 * <p>Threads: every method may be called from any thread. Metadata is immutable; values are
 * read and written through volatile fields, so a value is never torn.
 */
public sealed interface Param permits FloatParam, IntParam {

    /** @return the name: 1–16 characters of {@code [A-Z0-9_]} (MAVLink {@code param_id}) */
    String name();

    /** @return the index in its store: registration order, stable for the store's lifetime */
    int index();

    /** @return the value type */
    ParamType type();

    /** @return the current value, widened to {@code double} (exact for both types) */
    double doubleValue();

    /** @return the default value */
    double defaultValue();

    /** @return the smallest accepted value (inclusive) */
    double min();

    /** @return the largest accepted value (inclusive) */
    double max();

    /** @return the unit as written in docs, e.g. {@code "rad/s"}, {@code "m"}; may be empty */
    String unit();

    /** @return a one-line human description */
    String description();

    /**
     * @return for an enumerated parameter, the meaning of each allowed value in value order
     *         (only these values are accepted); empty for every other parameter
     */
    default java.util.SortedMap<Integer, String> values() {
        return java.util.Collections.emptySortedMap();
    }

    /** @return whether the current value equals the default */
    boolean isDefault();

    /** @return whether writes are refused with {@link SetResult#READ_ONLY} */
    boolean isReadOnly();

    /**
     * Writes a new value, validated for finiteness, type and range; a refused value leaves the
     * old one in place. An accepted change increments {@link ParamStore#generation()}.
     * Link or boot thread (not the flight thread: a refused write is not an error there, but
     * writes belong to the parameter service).
     *
     * @param value the new value
     * @return {@link SetResult#OK} or why it was refused
     */
    SetResult set(double value);
}
