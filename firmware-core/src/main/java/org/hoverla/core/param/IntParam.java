package org.hoverla.core.param;

/**
 * A 32-bit integer parameter handle (PX4 {@code param_t} of type INT32: modes, enables,
 * counts, bit masks).
 *
 * <p>The value is a {@code volatile int}: {@link #get()} is allocation-free and safe from the
 * flight thread while another thread writes. Writes given as {@code double} (as a ground
 * station's {@code PARAM_SET} arrives) must hold a whole number, else
 * {@link SetResult#WRONG_TYPE}. Units: see {@link #unit()}.
 */
public final class IntParam implements Param {

    private final ParamStore store;
    private final String name;
    private final int index;
    private volatile int defaultValue;
    private final int min;
    private final int max;
    private final String unit;
    private final String description;
    private final boolean readOnly;
    private final java.util.SortedMap<Integer, String> values;
    private volatile int value;

    IntParam(ParamStore store, String name, int index, int defaultValue, int min, int max,
             String unit, String description, boolean readOnly, java.util.SortedMap<Integer, String> values) {
        this.store = store;
        this.name = name;
        this.index = index;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.description = description;
        this.readOnly = readOnly;
        this.values = values;
        this.value = defaultValue;
    }

    /** @return the current value; any thread, allocation-free */
    public int get() {
        return value;
    }

    /**
     * Writes an integer value, range-checked.
     *
     * @param newValue the new value
     * @return {@link SetResult#OK}, {@link SetResult#OUT_OF_RANGE} or {@link SetResult#READ_ONLY}
     */
    public SetResult set(int newValue) {
        return readOnly ? SetResult.READ_ONLY : setByVehicle(newValue);
    }

    @Override
    public SetResult set(double newValue) {
        if (readOnly) {
            return SetResult.READ_ONLY;
        }
        if (!Double.isFinite(newValue)) {
            return SetResult.NOT_FINITE;
        }
        if (newValue != Math.rint(newValue)) {
            return SetResult.WRONG_TYPE;
        }
        if (newValue < min || newValue > max) {
            return SetResult.OUT_OF_RANGE;
        }
        return set((int) newValue);
    }

    /**
     * Stores a value that the vehicle itself determines, such as the device id of a sensor
     * found at boot: allowed on a read-only parameter (ground stations still cannot write it),
     * still range-checked. Boot thread only.
     *
     * @return {@link SetResult#OK} or {@link SetResult#OUT_OF_RANGE}
     */
    public SetResult setByVehicle(int newValue) {
        if (newValue < min || newValue > max || (!values.isEmpty() && !values.containsKey(newValue))) {
            return SetResult.OUT_OF_RANGE;
        }
        if (newValue != value) {
            value = newValue;
            store.changed();
        }
        return SetResult.OK;
    }

    /**
     * Makes {@code newDefault} this parameter's default, as PX4's {@code param set-default}: for
     * what the vehicle itself supplies at boot, such as the factory calibration of simulated
     * sensors (their device ids). A value still at the old default follows the new one; a value
     * set by an operator or loaded from the parameter file stays. The file keeps only values
     * that differ from the default, so the new default is never written to it. Boot thread
     * only, before the flight loop starts.
     *
     * @return {@link SetResult#OK} or {@link SetResult#OUT_OF_RANGE} (nothing changed)
     */
    public SetResult setDefaultByVehicle(int newDefault) {
        if (newDefault < min || newDefault > max || (!values.isEmpty() && !values.containsKey(newDefault))) {
            return SetResult.OUT_OF_RANGE;
        }
        boolean follow = value == defaultValue;
        defaultValue = newDefault;
        if (follow && value != newDefault) {
            value = newDefault;
            store.changed();
        }
        return SetResult.OK;
    }

    boolean resetToDefault() {
        if (value != defaultValue) {
            value = defaultValue;
            return true;
        }
        return false;
    }

    /**
     * @return the meaning of each allowed value ({@code 0 -> "none"}), in value order, or an
     *         empty map when every whole number in {@code [min, max]} is allowed; immutable
     */
    @Override
    public java.util.SortedMap<Integer, String> values() {
        return values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public ParamType type() {
        return ParamType.INT;
    }

    @Override
    public double doubleValue() {
        return value;
    }

    @Override
    public double defaultValue() {
        return defaultValue;
    }

    @Override
    public double min() {
        return min;
    }

    @Override
    public double max() {
        return max;
    }

    /** @return the default as an {@code int} */
    public int defaultInt() {
        return defaultValue;
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isDefault() {
        return value == defaultValue;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public String toString() {
        return name + "=" + value + (unit.isEmpty() ? "" : " " + unit);
    }
}
