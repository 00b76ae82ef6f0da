package org.hoverla.core.timing;

/**
 * What the commander (flight thread) reads of the loop timing: the pre-arm refusal and the
 * degradation level. Both are volatile reads of values the timing thread publishes:
 * allocation-free, lock-free.
 */
public interface LoopTimingVerdict {

    /** Never refuses, never degrades (no timing monitor: lockstep simulation, tests). */
    LoopTimingVerdict NONE = new LoopTimingVerdict() {
        @Override
        public String preArmFailure() {
            return "";
        }

        @Override
        public int degradation() {
            return LoopTimingGovernor.NORMAL;
        }
    };

    /** @return the STATUSTEXT refusing arming ("Preflight Fail: ..."), or "" when timing allows arming */
    String preArmFailure();

    /** @return {@link LoopTimingGovernor#NORMAL}, {@link LoopTimingGovernor#DEGRADED} or {@link LoopTimingGovernor#FAILSAFE} */
    int degradation();
}
