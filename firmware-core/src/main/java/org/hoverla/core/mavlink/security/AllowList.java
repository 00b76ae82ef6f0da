package org.hoverla.core.mavlink.security;

/**
 * Which ground stations may change the vehicle's state: up to {@link #SLOTS} MAVLink system ids
 * (0 = unused slot; every slot 0 = any system) and a bit mask of link specifications
 * ({@link org.hoverla.core.mavlink.MavlinkLink#instance()}, bit 0 = the first {@code --mavlink};
 * 0 = every link). A plain value: no threads, no clock; {@link CommandAuthority} refreshes it from
 * the parameters {@code MAV_GCS_ID1..4} and {@code MAV_GCS_LINKS}.
 */
public final class AllowList {
    /** Number of system id slots ({@code MAV_GCS_ID1}..{@code MAV_GCS_ID4}). */
    public static final int SLOTS = 4;

    private final int[] ids = new int[SLOTS];
    private int linkMask;

    /** An allow-list that allows everything (all slots 0, mask 0). */
    public AllowList() {
    }

    /** @return an allow-list of the given ids (0 = unused) and link mask (0 = every link) */
    public static AllowList of(int linkMask, int... systemIds) {
        AllowList a = new AllowList();
        int[] s = new int[SLOTS];
        System.arraycopy(systemIds, 0, s, 0, Math.min(SLOTS, systemIds.length));
        a.set(s[0], s[1], s[2], s[3], linkMask);
        return a;
    }

    /** Replaces the contents; no allocation. */
    public void set(int id1, int id2, int id3, int id4, int linkMask) {
        ids[0] = id1;
        ids[1] = id2;
        ids[2] = id3;
        ids[3] = id4;
        this.linkMask = linkMask;
    }

    /** Whether a message from MAVLink system {@code systemId} may change state. */
    public boolean systemAllowed(int systemId) {
        boolean any = true;
        for (int id : ids) {
            if (id != 0) {
                any = false;
                if (id == systemId) {
                    return true;
                }
            }
        }
        return any;
    }

    /**
     * Whether state-changing messages are accepted on the link opened by specification
     * {@code instance}; a link of unknown instance (-1, or beyond the mask) is refused as soon as
     * any bit is set.
     */
    public boolean linkAllowed(int instance) {
        if (linkMask == 0) {
            return true;
        }
        return instance >= 0 && instance < LinkTrust.MAX_LINKS && (linkMask & (1 << instance)) != 0;
    }

    /** Whether the list restricts anything. */
    public boolean restricts() {
        return linkMask != 0 || ids[0] != 0 || ids[1] != 0 || ids[2] != 0 || ids[3] != 0;
    }
}
