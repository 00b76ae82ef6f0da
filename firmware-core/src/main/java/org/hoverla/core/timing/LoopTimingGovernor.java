package org.hoverla.core.timing;

/**
 * The in-flight degradation order for sustained bad loop timing, with hysteresis. Fed once per
 * second with whether that second broke the {@link LoopTimingLimits} (a <em>bad second</em>):
 * <ol>
 *   <li>{@link #NORMAL}: everything runs.</li>
 *   <li>{@link #DEGRADED} after {@code degradeAfterS} consecutive bad seconds: optional work is
 *       dropped (telemetry streams slowed to a quarter of their rate on every link, see
 *       docs/loop-timing.md).</li>
 *   <li>{@link #FAILSAFE} after {@code failsafeAfterS} consecutive bad seconds (counted from the
 *       first, so it follows the degradation; 0 = never): the commander lands the vehicle if it
 *       is flying.</li>
 * </ol>
 * Back to {@link #NORMAL} after {@code recoverAfterS} consecutive good seconds from either
 * level (optional work restored; a landing already begun is kept, as every failsafe mode is,
 * until the pilot selects a mode). One bad second resets the good streak and vice versa, so a
 * level never flickers faster than its streak length.
 *
 * <p>Pure logic, no clock: the caller decides what a second is. Single thread (the timing thread).
 */
public final class LoopTimingGovernor {
    public static final int NORMAL = 0;
    public static final int DEGRADED = 1;
    public static final int FAILSAFE = 2;

    private int level = NORMAL;
    private int badStreak;
    private int goodStreak;

    /**
     * Judges one more second.
     *
     * @return the level after it
     */
    public int update(boolean badSecond, LoopTimingLimits limits) {
        if (badSecond) {
            badStreak++;
            goodStreak = 0;
            if (limits.failsafeAfterS() > 0 && badStreak >= limits.failsafeAfterS()) {
                level = FAILSAFE;
            } else if (level == NORMAL && badStreak >= limits.degradeAfterS()) {
                level = DEGRADED;
            }
        } else {
            goodStreak++;
            badStreak = 0;
            if (level != NORMAL && goodStreak >= limits.recoverAfterS()) {
                level = NORMAL;
            }
        }
        return level;
    }

    /** @return the current level */
    public int level() {
        return level;
    }

    /** @return consecutive bad seconds so far */
    public int badStreak() {
        return badStreak;
    }

    /** @return a level's name, for logs */
    public static String name(int level) {
        return switch (level) {
            case NORMAL -> "normal";
            case DEGRADED -> "degraded (optional work dropped)";
            case FAILSAFE -> "failure (failsafe)";
            default -> "level " + level;
        };
    }
}
