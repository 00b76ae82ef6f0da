package org.hoverla.core.mavlink.security;

import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * The ground-station allow-list (docs/command-authority.md): {@code MAV_GCS_ID1}..{@code MAV_GCS_ID4}
 * (system ids allowed to change the vehicle's state; 0 = unused; all 0 = any system) and
 * {@code MAV_GCS_LINKS} (bit mask of {@code --mavlink} specifications on which state-changing
 * messages are accepted; 0 = every link). Precedent: ArduPilot's {@code SYSID_MYGCS} with
 * {@code SYSID_ENFORCE} (renamed {@code MAV_GCS_SYSID} and {@code MAV_OPTIONS} bit 0 in 4.7), which
 * allow one GCS system id (a range with {@code MAV_GCS_SYSID_HI}); PX4 has no allow-list. Four slots
 * cover a main and a backup station plus a companion computer.
 */
public final class AuthorityParams {
    public final IntParam[] gcsIds = new IntParam[AllowList.SLOTS];
    public final IntParam linkMask;

    public AuthorityParams(ParamStore store) {
        for (int i = 0; i < gcsIds.length; i++) {
            gcsIds[i] = store.addInt("MAV_GCS_ID" + (i + 1), 0, 0, 255, "",
                    "Ground-station system id allowed to command the vehicle (arm, modes, parameters, missions, "
                            + "setpoints); 0 = unused slot; all MAV_GCS_ID* 0 = any system");
        }
        linkMask = store.addInt("MAV_GCS_LINKS", 0, 0, (1 << LinkTrust.MAX_LINKS) - 1, "",
                "Links on which commands are accepted, one bit per --mavlink specification in order (bit 0 = "
                        + "the first); telemetry and reads stay open on every link; 0 = every link");
    }

    /** The parameters registered in {@code store}, registering them if absent. */
    public static AuthorityParams of(ParamStore store) {
        return store.find("MAV_GCS_LINKS") instanceof IntParam ? new AuthorityParams(store, true)
                : new AuthorityParams(store);
    }

    private AuthorityParams(ParamStore store, boolean existing) {
        for (int i = 0; i < gcsIds.length; i++) {
            gcsIds[i] = (IntParam) store.find("MAV_GCS_ID" + (i + 1));
        }
        linkMask = (IntParam) store.find("MAV_GCS_LINKS");
    }

    /** Copies the current values into {@code allow}; no allocation. */
    public void copyTo(AllowList allow) {
        allow.set(gcsIds[0].get(), gcsIds[1].get(), gcsIds[2].get(), gcsIds[3].get(), linkMask.get());
    }
}
