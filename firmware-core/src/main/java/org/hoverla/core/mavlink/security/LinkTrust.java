package org.hoverla.core.mavlink.security;

import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * Which messages carry the vehicle owner's authority: those that arrive on a link the parameters
 * mark as trusted ({@code MAV_LINK_TRUST}, a bit per link specification, e.g. the USB cable of the
 * production line) and those whose MAVLink 2 signature verified against an installed key.
 *
 * <p>An unconfigured vehicle (no trusted link, and no signing key or signing disabled) treats every message as
 * authorised, so ground stations work out of the box as they always did; as soon as a key is
 * installed or a link is marked trusted, only signed messages and trusted links are.
 *
 * <p>Read on the MAVLink thread; {@link #keyInstalled(boolean)} may be called from any thread.
 */
public final class LinkTrust {

    /** Highest link specification index a trust bit can name. */
    public static final int MAX_LINKS = 16;

    private final IntParam trustMask;
    private volatile boolean keyInstalled;
    private volatile java.util.function.BooleanSupplier signingEnabled = () -> true;

    public LinkTrust(IntParam trustMask) {
        this.trustMask = trustMask;
    }

    /** Registers {@code MAV_LINK_TRUST}. Boot (the vehicle's parameter set). */
    public static IntParam registerParams(ParamStore store) {
        return store.addInt("MAV_LINK_TRUST", 0, 0, (1 << MAX_LINKS) - 1, "",
                "Trusted MAVLink links, one bit per --mavlink specification in order (bit 0 = the first): "
                        + "messages on them need no signature and may install a signing key and send "
                        + "dangerous commands; 0 = none");
    }

    /** The trust configured by {@code store}'s {@code MAV_LINK_TRUST}, registering it if absent. */
    public static LinkTrust of(ParamStore store) {
        return new LinkTrust(store.find("MAV_LINK_TRUST") instanceof IntParam p ? p : registerParams(store));
    }

    /** Whether the link's specification is marked trusted. */
    public boolean trusted(MavlinkLink link) {
        int i = link.instance();
        return i >= 0 && i < MAX_LINKS && (trustMask.get() & (1 << i)) != 0;
    }

    /** Whether any link is marked trusted. */
    public boolean anyTrusted() {
        return trustMask.get() != 0;
    }

    /** Whether a MAVLink signing key is installed (set by the signing service). */
    public boolean keyInstalled() {
        return keyInstalled;
    }

    /** Called by the signing service when a key is installed or removed. */
    public void keyInstalled(boolean installed) {
        this.keyInstalled = installed;
    }

    /**
     * Tells whether the installed key is in use ({@code MAV_SIGN_CFG} not 0); set once by the signing
     * service. A key installed while signing is disabled asks for no signature.
     */
    public void signingEnabled(java.util.function.BooleanSupplier enabled) {
        this.signingEnabled = enabled;
    }

    /** Whether a key is installed and signing is enabled: then unsigned untrusted messages carry no authority. */
    public boolean signaturesExpected() {
        return keyInstalled && signingEnabled.getAsBoolean();
    }

    /**
     * Whether the message now being delivered on {@code link} carries the owner's authority: it
     * came on a trusted link, or its signature verified, or the vehicle is unconfigured (no trusted
     * link, and no key or signing disabled by {@code MAV_SIGN_CFG} 0). Valid inside {@link org.hoverla.core.mavlink.MavlinkService#onMessage}.
     */
    public boolean authorised(MavlinkLink link) {
        if (link.currentMessageAuthenticated() || trusted(link)) {
            return true;
        }
        return !signaturesExpected() && !anyTrusted();
    }
}
