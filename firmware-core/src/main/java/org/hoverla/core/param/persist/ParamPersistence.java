package org.hoverla.core.param.persist;

import java.io.IOException;
import org.hoverla.core.param.ParamStore;

/**
 * Where the vehicle keeps its parameter values between boots. {@link ParamFile} is the real
 * one; tests inject an in-memory fake; {@link #NONE} keeps nothing.
 *
 * <p>Threads: called on the MAVLink thread (debounced saves, {@code MAV_CMD_PREFLIGHT_STORAGE})
 * or the boot thread, never on the flight thread: a save may block on the disk for
 * milliseconds.
 */
public interface ParamPersistence {

    /**
     * Stores the current values of {@code store} so a crash at any instant leaves either the
     * previous or the new set, complete.
     *
     * @throws IOException if the values could not be made durable (the previous set is kept)
     */
    void save(ParamStore store) throws IOException;

    /**
     * Sets every writable parameter of {@code store} to its stored value (or its default when
     * none is stored). Never fails: unreadable or corrupt storage and bad entries are reported
     * in the result, and the defaults (or a backup) are used.
     */
    LoadResult load(ParamStore store);

    /** Keeps nothing: saves succeed and load leaves every parameter at its default. */
    ParamPersistence NONE = new ParamPersistence() {
        @Override
        public void save(ParamStore store) {
        }

        @Override
        public LoadResult load(ParamStore store) {
            store.resetToDefaults();
            return new LoadResult(LoadResult.Source.DEFAULTS, 0, java.util.List.of());
        }
    };
}
