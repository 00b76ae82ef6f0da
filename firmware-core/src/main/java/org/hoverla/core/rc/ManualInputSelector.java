package org.hoverla.core.rc;

import org.hoverla.core.msg.ManualControlSetpoint;

/**
 * Chooses which manual input flies, RC receiver or ground-station joystick, with PX4's
 * COM_RC_IN_MODE meanings (PX4 {@code src/modules/manual_control/ManualControlSelector.cpp},
 * {@code isInputValid} / {@code updateWithNewInputSample}, commander params 0..4):
 * <ul>
 *   <li>0 RC only; 1 MAVLink only;</li>
 *   <li>2 both with fallback: the selected source keeps control while it is fresh; when it goes
 *       stale the other one takes over (and keeps it). The rc_input task offers the RC sample
 *       before the MAVLink one, so when both start together RC is chosen;</li>
 *   <li>3 the first source that ever gave valid input keeps it until reboot (PX4's default);</li>
 *   <li>4 (and any other value) nothing is selected.</li>
 * </ul>
 * An input is valid when it is younger than the timeout (COM_RC_LOSS_T) and its source matches
 * the mode. The selected input keeps its own receive time: nothing here refreshes a stale
 * input, so when the chosen source stops (or an RC receiver sends failsafe frames, which never
 * reach this class) the published setpoint simply ages, and its readers see manual control lost.
 *
 * <p>Pure and allocation-free; one thread (the flight thread's rc_input task).
 */
public final class ManualInputSelector {
    public static final int MODE_RC_ONLY = 0;
    public static final int MODE_MAVLINK_ONLY = 1;
    public static final int MODE_FALLBACK = 2;
    public static final int MODE_KEEP_FIRST = 3;
    public static final int MODE_DISABLED = 4;

    private final ManualControlSetpoint selected = new ManualControlSetpoint();
    private int mode = MODE_KEEP_FIRST;
    private long timeoutNs = 500_000_000L;
    private int selectedSource = ManualControlSetpoint.SOURCE_NONE;
    private int firstSource = ManualControlSetpoint.SOURCE_NONE;
    private long selections;

    /**
     * @param rcInMode  COM_RC_IN_MODE
     * @param timeoutNs COM_RC_LOSS_T in ns; input this old is stale
     */
    public void configure(int rcInMode, long timeoutNs) {
        this.mode = rcInMode;
        this.timeoutNs = timeoutNs;
    }

    /**
     * Offers a new sample of one source ({@link ManualControlSetpoint#source} and
     * {@link ManualControlSetpoint#timestampNs} set).
     *
     * @return true when the sample is now the selected input: publish {@link #selected()}
     */
    public boolean offer(ManualControlSetpoint input, long nowNs) {
        dropStaleSelection(nowNs);
        if (!accepts(input, nowNs)) {
            return false;
        }
        selected.copyFrom(input);
        selected.count = ++selections;
        selectedSource = input.source;
        if (firstSource == ManualControlSetpoint.SOURCE_NONE) {
            firstSource = input.source;
        }
        return true;
    }

    private void dropStaleSelection(long nowNs) {
        if (selectedSource != ManualControlSetpoint.SOURCE_NONE && !fresh(selected, nowNs)) {
            selectedSource = ManualControlSetpoint.SOURCE_NONE;
        }
    }

    private boolean fresh(ManualControlSetpoint input, long nowNs) {
        return nowNs - input.timestampNs < timeoutNs;
    }

    private boolean accepts(ManualControlSetpoint input, long nowNs) {
        if (!fresh(input, nowNs)) {
            return false;
        }
        int source = input.source;
        switch (mode) {
            case MODE_RC_ONLY:
                return source == ManualControlSetpoint.SOURCE_RC;
            case MODE_MAVLINK_ONLY:
                return source == ManualControlSetpoint.SOURCE_MAVLINK;
            case MODE_FALLBACK:
                return source != ManualControlSetpoint.SOURCE_NONE
                        && (source == selectedSource || selectedSource == ManualControlSetpoint.SOURCE_NONE);
            case MODE_KEEP_FIRST:
                return source != ManualControlSetpoint.SOURCE_NONE
                        && (source == firstSource || firstSource == ManualControlSetpoint.SOURCE_NONE);
            default:
                return false;
        }
    }

    /** The selected input's source while it is fresh, else {@link ManualControlSetpoint#SOURCE_NONE}. */
    public int selectedSource(long nowNs) {
        dropStaleSelection(nowNs);
        return selectedSource;
    }

    /** The newest selected input (its count numbers selections); read after {@link #offer} returned true. */
    public ManualControlSetpoint selected() {
        return selected;
    }
}
