package org.hoverla.core.param;

/**
 * A real-valued parameter handle (PX4 {@code param_t} of type FLOAT, but typed and injected).
 *
 * <p>The value is a {@code double} held as {@code volatile long} bits: {@link #get()} is a
 * single volatile load, allocation-free, and never sees a torn value even while a link thread
 * calls {@link #set(double)} (a plain {@code double} field may tear on 32-bit JVMs, JLS §17.7).
 * Flight code calls {@code get()} when it re-applies gains, after noticing a new
 * {@link ParamStore#generation()} (at most 1 Hz, DESIGN §2), not in every cycle.
 *
 * <p>Negative zero is stored as {@code +0.0}, so {@link #isDefault()} and change detection
 * compare what users mean. Units: see {@link #unit()}.
 */
public final class FloatParam implements Param {

    private final ParamStore store;
    private final String name;
    private final int index;
    private final double defaultValue;
    private final double min;
    private final double max;
    private final String unit;
    private final String description;
    private final boolean readOnly;
    private final long defaultBits;
    private volatile long bits;

    FloatParam(ParamStore store, String name, int index, double defaultValue, double min, double max,
               String unit, String description, boolean readOnly) {
        this.store = store;
        this.name = name;
        this.index = index;
        this.defaultValue = normalise(defaultValue);
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.description = description;
        this.readOnly = readOnly;
        this.defaultBits = Double.doubleToLongBits(this.defaultValue);
        this.bits = defaultBits;
    }

    private static double normalise(double v) {
        return v == 0.0 ? 0.0 : v;
    }

    /** @return the current value; any thread, allocation-free */
    public double get() {
        return Double.longBitsToDouble(bits);
    }

    @Override
    public SetResult set(double value) {
        if (readOnly) {
            return SetResult.READ_ONLY;
        }
        if (!Double.isFinite(value)) {
            return SetResult.NOT_FINITE;
        }
        if (value < min || value > max) {
            return SetResult.OUT_OF_RANGE;
        }
        long newBits = Double.doubleToLongBits(normalise(value));
        if (newBits != bits) {
            bits = newBits;
            // After the value store: a reader that sees the new generation sees the new value.
            store.changed();
        }
        return SetResult.OK;
    }

    boolean resetToDefault() {
        if (bits != defaultBits) {
            bits = defaultBits;
            return true;
        }
        return false;
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
        return ParamType.FLOAT;
    }

    @Override
    public double doubleValue() {
        return get();
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
        return bits == defaultBits;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public String toString() {
        return name + "=" + get() + (unit.isEmpty() ? "" : " " + unit);
    }
}
