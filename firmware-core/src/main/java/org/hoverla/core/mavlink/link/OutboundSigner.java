package org.hoverla.core.mavlink.link;

import org.hoverla.core.mavlink.MavlinkLink;

/**
 * Signs the frames a {@link MavlinkLinkManager} sends from its own identity (MAVLink 2 signing,
 * mavlink.io Message Signing); forwarded frames pass unchanged and never come here.
 *
 * <p>Contract: MAVLink thread only; must not throw and must not allocate.
 */
public interface OutboundSigner {
    /** Whether frames sent to {@code link} now are to be signed. */
    boolean signs(MavlinkLink link);

    /**
     * Writes the 13-byte signature into {@code frame[unsignedLength, unsignedLength + 13)}; the
     * frame's signed flag is already set and its CRC computed with it.
     */
    void sign(MavlinkLink link, byte[] frame, int unsignedLength);
}
