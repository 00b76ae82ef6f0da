package org.hoverla.core.failsafe;

/**
 * The STATUSTEXT of every failsafe transition: a trigger becoming active or clearing, and an
 * action being applied because of a trigger. All texts are built once at class load (none on the
 * flight thread). The texts of the failsafes that existed before the table are kept word for word
 * (ground stations, the e2e tests and operators' habits key on them).
 */
public final class FailsafeMessages {
    private static final int N = FailsafeTrigger.COUNT;
    private static final String[] ACTIVE = new String[N];
    private static final String[] CLEARED = new String[N];
    private static final String[][] ACTION = new String[N][FailsafeAction.values().length];

    public static final String GCS_LOST = "Ground station link lost";
    public static final String GCS_REGAINED = "Ground station link regained";
    public static final String LOOP_FAILURE = "Loop timing failure";
    public static final String FENCE_WARN = "Geofence: breach predicted";
    /** A flight-changing action ended without a mode being selected (its trigger cleared in its delay). */
    public static final String ACTION_ENDED = "Failsafe: condition cleared, mode kept";

    static {
        for (FailsafeTrigger t : FailsafeTrigger.values()) {
            ACTIVE[t.ordinal()] = t.label();
            CLEARED[t.ordinal()] = t.label() + ": cleared";
            String what = t.label().substring(0, 1).toLowerCase(java.util.Locale.ROOT) + t.label().substring(1);
            for (FailsafeAction a : FailsafeAction.values()) {
                ACTION[t.ordinal()][a.ordinal()] = "Failsafe: " + what + ", " + verb(a);
            }
        }
        // Texts kept from the failsafes before the table (CommanderTask, issues 7-15).
        active(FailsafeTrigger.GCS_LOSS, GCS_LOST, GCS_REGAINED);
        action(FailsafeTrigger.GCS_LOSS, FailsafeAction.HOLD, "Failsafe: ground station link lost, holding");
        action(FailsafeTrigger.GCS_LOSS, FailsafeAction.RETURN, "Failsafe: ground station link lost, returning");
        action(FailsafeTrigger.GCS_LOSS, FailsafeAction.LAND, "Failsafe: ground station link lost, landing");
        action(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.HOLD, "Failsafe: offboard setpoints lost, holding");
        action(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.LAND, "Failsafe: offboard still lost, landing");
        action(FailsafeTrigger.OFFBOARD_LOSS, FailsafeAction.RETURN, "Failsafe: offboard still lost, returning");
        active(FailsafeTrigger.GEOFENCE_BREACH, FENCE_WARN, "Geofence: no breach predicted");
        action(FailsafeTrigger.GEOFENCE_BREACH, FailsafeAction.HOLD, "Failsafe: geofence breach predicted, holding");
        action(FailsafeTrigger.GEOFENCE_BREACH, FailsafeAction.RETURN, "Failsafe: geofence breach predicted, returning");
        action(FailsafeTrigger.GEOFENCE_BREACH, FailsafeAction.LAND, "Failsafe: geofence breach predicted, landing");
        action(FailsafeTrigger.POSITION_INVALID, FailsafeAction.LAND, "Failsafe: position estimate lost, landing");
        action(FailsafeTrigger.POSITION_INVALID, FailsafeAction.FALLBACK_ALTITUDE,
                "Failsafe: position estimate lost, altitude hold");
        // The regained message comes from the commander (it needs the estimate valid, not just the trigger gone).
        CLEARED[FailsafeTrigger.POSITION_INVALID.ordinal()] = null;
        action(FailsafeTrigger.RC_LOSS, FailsafeAction.HOLD, "Failsafe: manual control lost, holding");
        action(FailsafeTrigger.RC_LOSS, FailsafeAction.RETURN, "Failsafe: manual control lost, returning");
        action(FailsafeTrigger.RC_LOSS, FailsafeAction.LAND, "Failsafe: manual control lost, landing");
        action(FailsafeTrigger.RC_LOSS, FailsafeAction.TERMINATE, "Failsafe: manual control lost, flight terminated");
        action(FailsafeTrigger.RC_LOSS, FailsafeAction.DISARM, "Failsafe: manual control lost, disarmed");
        // ManualControlLossFailsafe's decisions say the loss and the regain.
        CLEARED[FailsafeTrigger.RC_LOSS.ordinal()] = null;
        active(FailsafeTrigger.LOOP_TIMING_FAILURE, LOOP_FAILURE, null);
        action(FailsafeTrigger.LOOP_TIMING_FAILURE, FailsafeAction.LAND, "Loop timing failure: landing");
        // The GNSS integrity changes are announced by the commander's GNSS check (their old texts).
        active(FailsafeTrigger.GNSS_JAMMING, null, null);
        active(FailsafeTrigger.GNSS_SPOOFING, null, null);
    }

    private FailsafeMessages() {
    }

    private static String verb(FailsafeAction a) {
        switch (a) {
            case NONE: return "no action";
            case WARN: return "warning";
            case FALLBACK_ALTITUDE: return "altitude hold";
            case HOLD: return "holding";
            case RETURN: return "returning";
            case LAND: return "landing";
            case DISARM: return "disarmed";
            default: return "flight terminated";
        }
    }

    private static void active(FailsafeTrigger t, String active, String cleared) {
        ACTIVE[t.ordinal()] = active;
        CLEARED[t.ordinal()] = cleared;
    }

    private static void action(FailsafeTrigger t, FailsafeAction a, String text) {
        ACTION[t.ordinal()][a.ordinal()] = text;
    }

    /** Text when {@code t} becomes active and no action is applied for it; null: said elsewhere. */
    public static String active(FailsafeTrigger t) {
        return ACTIVE[t.ordinal()];
    }

    /** Text when {@code t} clears; null: said elsewhere. */
    public static String cleared(FailsafeTrigger t) {
        return CLEARED[t.ordinal()];
    }

    /** Text when {@code a} is applied because of {@code t}. */
    public static String action(FailsafeTrigger t, FailsafeAction a) {
        return ACTION[t.ordinal()][a.ordinal()];
    }
}
