package org.hoverla.core.mavlink.signing;

import java.util.Map;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * {@code MAV_SIGN_CFG}: PX4's name and numbering for when MAVLink 2 signing is required
 * (PX4 {@code mavlink_sign_control}: 0 optional, 1 all links except USB, 2 always). Hoverla reads
 * "USB" as the links {@code MAV_LINK_TRUST} marks trusted. The default is 1, so installing a key
 * turns signing on for every untrusted link; with no key installed nothing is required, whatever
 * this says (docs/mavlink-signing.md).
 */
public final class SigningParams {
    /** Signing disabled: nothing required, nothing signed; signed frames are still verified. */
    public static final int DISABLED = 0;
    /** Required and sent on every link except trusted ones. */
    public static final int NON_TRUSTED = 1;
    /** Required and sent on every link. */
    public static final int ALWAYS = 2;

    public final IntParam config;

    public SigningParams(ParamStore store) {
        config = store.addEnum("MAV_SIGN_CFG", NON_TRUSTED,
                "MAVLink 2 signing once a key is installed: 0 off (incoming signatures still verified, nothing "
                        + "required or signed), 1 required and signed on every link except those MAV_LINK_TRUST "
                        + "marks, 2 required and signed on every link; with no key nothing is required",
                Map.of(DISABLED, "Disabled", NON_TRUSTED, "Except trusted links", ALWAYS, "Always"));
    }

    /** The {@code MAV_SIGN_CFG} of {@code store}, registering it if absent. */
    public static IntParam of(ParamStore store) {
        return store.find("MAV_SIGN_CFG") instanceof IntParam p ? p : new SigningParams(store).config;
    }
}
