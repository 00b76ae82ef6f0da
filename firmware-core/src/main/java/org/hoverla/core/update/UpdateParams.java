package org.hoverla.core.update;

import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * The A/B update's parameters, prefix {@code UPD_} (Hoverla's own): how long a new version must
 * keep the arming gate's loop-timing limits before the boot check commits it, and how many seconds
 * in a row outside them roll it back (docs/boot-check.md).
 *
 * <p>Threads: registered on the boot thread before the parameter file loads; read once, when the
 * boot check's health window starts (a change applies to the next trial).
 */
public final class UpdateParams {
    /** Default health window, s: three loop-timing windows of the default LOOP_WIN_S (10 s). */
    public static final int HEALTH_S_DEFAULT = 30;

    public final IntParam healthS;
    /** Consecutive seconds outside the limits that roll back (1: the first one does). */
    public final IntParam badS;

    public UpdateParams(ParamStore store) {
        healthS = store.addInt("UPD_HEALTH_S", HEALTH_S_DEFAULT, 5, 600, "s",
                "Update: seconds of loop timing within the arming limits before a new version is committed");
        badS = store.addInt("UPD_BAD_S", 1, 1, 60, "s",
                "Update: consecutive seconds outside the loop timing limits that roll a new version back");
    }
}
