package org.hoverla.core.failsafe;

/** What happens to a trigger's action when the condition goes away. */
public enum FailsafeRecovery {
    /**
     * The action stays in force until the pilot or GCS selects a mode (PX4: no snap back to the
     * mode the failsafe interrupted); a selected mode also acknowledges the trigger, which then
     * acts again only after it clears and comes back.
     */
    KEEP_UNTIL_MODE_SELECTED("kept until a mode is selected"),
    /**
     * The trigger itself stays active until disarm: a battery whose voltage recovers when the
     * load drops has not recharged. A selected mode still acknowledges it (pilot takeover).
     */
    LATCHED_UNTIL_DISARM("trigger latched until disarm"),
    /** The action ends with the condition (warnings). */
    ENDS_WITH_TRIGGER("ends when the trigger clears");

    private final String label;

    FailsafeRecovery(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
