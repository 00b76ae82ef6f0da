package org.hoverla.core.calibration;

import java.io.IOException;
import java.util.Map;

/**
 * Where a finished calibration's values go: all of them or none. A calibration thread (or the
 * simulator's) calls it once per run, at the end; nothing is written before, so a cancel, a
 * failure or a reboot in the middle leaves the old calibration and the parameter file as they were.
 */
public interface CalibrationStore {
    /** @return the value of {@code name}, NaN when there is no such parameter */
    double read(String name);

    /** @return whether {@code name} exists and may be written (not read-only) */
    boolean writable(String name);

    /**
     * Checks every value, sets them all, then makes them durable once (one parameter-file save).
     * On any refusal or save failure the old values are put back and nothing is kept.
     *
     * @throws IllegalArgumentException naming the parameter a value is refused for (nothing changed)
     * @throws IOException when the values could not be saved (old values restored in memory; the
     *                     file keeps the old set, its save being atomic)
     */
    void write(Map<String, Double> values) throws IOException;
}
