package org.hoverla.core.timing;

import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * The loop-timing parameters, prefix {@code LOOP_} (Hoverla's own; PX4 has no equivalent):
 * the sliding window, the limits the pre-arm check and the in-flight degradation judge the
 * measured timing against, and the degradation's streak lengths. Table in docs/loop-timing.md.
 *
 * <p>Threads: registered on the boot thread before the parameter file loads; read (volatile
 * handles) by the timing thread once per second, so a change acts within a second.
 */
public final class LoopTimingParams {
    public final IntParam windowS;
    public final FloatParam p99MaxUs;
    public final FloatParam stallMaxUs;
    public final FloatParam missMaxPct;
    public final FloatParam overrunMaxPct;
    public final IntParam degradeAfterS;
    public final IntParam failsafeAfterS;
    public final IntParam recoverAfterS;
    public final IntParam armCheck;

    /** Largest window, s: the timing thread keeps this many one-second slots. */
    public static final int MAX_WINDOW_S = 60;

    public LoopTimingParams(ParamStore store) {
        LoopTimingLimits d = LoopTimingLimits.DEFAULTS;
        windowS = store.addInt("LOOP_WIN_S", d.windowS(), 2, MAX_WINDOW_S, "s",
                "Loop timing: sliding window the pre-arm check and the published figures cover");
        p99MaxUs = store.addFloat("LOOP_P99_MAX", d.p99MaxUs(), 0, 100_000, "us",
                "Loop timing: largest p99 cycle period error allowed (0: not checked)");
        stallMaxUs = store.addFloat("LOOP_STALL_MAX", d.stallMaxUs(), 0, 10_000_000, "us",
                "Loop timing: largest single cycle period error (stall) allowed (0: not checked)");
        missMaxPct = store.addFloat("LOOP_MISS_PCT", d.missMaxPct(), 0, 100, "%",
                "Loop timing: largest share of cycles late by a base period or more (0: not checked)");
        overrunMaxPct = store.addFloat("LOOP_OVR_PCT", d.overrunMaxPct(), 0, 100, "%",
                "Loop timing: largest share of task runs over their budget (0: not checked)");
        degradeAfterS = store.addInt("LOOP_DEGRADE_S", d.degradeAfterS(), 1, 600, "s",
                "Loop timing: consecutive bad seconds in flight before optional work is dropped");
        failsafeAfterS = store.addInt("LOOP_FS_S", d.failsafeAfterS(), 0, 600, "s",
                "Loop timing: consecutive bad seconds in flight before landing (0: never)");
        recoverAfterS = store.addInt("LOOP_RECOVER_S", d.recoverAfterS(), 1, 600, "s",
                "Loop timing: consecutive good seconds before the degradation is lifted");
        armCheck = store.addEnum("LOOP_ARM_CHK", d.armCheck() ? 1 : 0,
                "Loop timing: refuse arming when the window breaks the limits", java.util.Map.of(
                        0, "Disabled: arm whatever the measured loop timing",
                        1, "Enabled: refuse arming on broken loop timing limits"));
    }

    /** @return the limits as the parameters say now (timing thread) */
    public LoopTimingLimits limits() {
        return new LoopTimingLimits(windowS.get(), p99MaxUs.get(), stallMaxUs.get(), missMaxPct.get(),
                overrunMaxPct.get(), degradeAfterS.get(), failsafeAfterS.get(), recoverAfterS.get(), armCheck.get() == 1);
    }
}
