package org.hoverla.core.calibration;

/**
 * Runs one calibration at a time: started from MAV_CMD_PREFLIGHT_CALIBRATION or
 * {@code ./hoverla calibrate}, fed by the {@link RawSampleTap}, narrated in {@code [cal]} lines,
 * its results written to the parameters all at once (or not at all). Not on the flight thread:
 * on a vehicle a calibration thread calls {@link #step} every 10 ms; in the lockstep simulator
 * the simulator's thread calls it after each flight cycle, so runs are deterministic.
 *
 * <p>Skeleton of the seam; the calibration engineer fills it in and may add constructor
 * arguments (the context it needs: parameters, sensor instances with rotations and device ids,
 * motor outputs for ESC calibration, whether armed, GNSS for the expected field).
 */
public final class CalibrationRunner {
    /** Adds a listener for the {@code [cal]} lines (before {@link #start}). */
    public void addNarration(CalibrationNarration narration) {
        throw new UnsupportedOperationException("CalibrationRunner: not implemented yet");
    }

    /** @return false (with a {@code [cal] calibration failed: …} line) when one is running or the vehicle is armed */
    public boolean start(CalibrationKind kind, long nowNs) {
        throw new UnsupportedOperationException("CalibrationRunner: not implemented yet");
    }

    /** Cancels the running calibration: nothing is written, {@code [cal] calibration cancelled}. */
    public void cancel(long nowNs) {
        throw new UnsupportedOperationException("CalibrationRunner: not implemented yet");
    }

    /** Drains the tap and advances the running calibration. */
    public void step(long nowNs) {
        throw new UnsupportedOperationException("CalibrationRunner: not implemented yet");
    }

    public boolean running() {
        throw new UnsupportedOperationException("CalibrationRunner: not implemented yet");
    }

    /** The last finished calibration's outcome, null before any. */
    public CalibrationOutcome lastOutcome() {
        throw new UnsupportedOperationException("CalibrationRunner: not implemented yet");
    }
}
