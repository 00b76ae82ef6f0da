package org.hoverla.core.mavlink.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.param.ParamStore;
import org.junit.jupiter.api.Test;

class LinkTrustTest {

    private static MavlinkLink link(int instance, boolean authenticated) {
        return new MavlinkLink() {
            @Override
            public int id() {
                return instance;
            }

            @Override
            public String name() {
                return "test" + instance;
            }

            @Override
            public int instance() {
                return instance;
            }

            @Override
            public boolean currentMessageAuthenticated() {
                return authenticated;
            }
        };
    }

    @Test
    void shouldAuthoriseEveryMessageOnAnUnconfiguredVehicle() {
        // Given no trusted link and no key
        LinkTrust trust = LinkTrust.of(new ParamStore());
        // Then every link is authorised, none is trusted
        assertTrue(trust.authorised(link(0, false)));
        assertTrue(trust.authorised(link(-1, false)));
        assertFalse(trust.trusted(link(0, false)));
    }

    @Test
    void shouldAuthoriseOnlySignedMessagesOnceAKeyIsInstalled() {
        // Given a key
        LinkTrust trust = LinkTrust.of(new ParamStore());
        trust.keyInstalled(true);
        // Then only verified signatures carry authority
        assertFalse(trust.authorised(link(0, false)));
        assertTrue(trust.authorised(link(0, true)));
    }

    @Test
    void shouldAskForNoSignatureWhenSigningIsDisabledWithAKeyInstalled() {
        // Given a key installed but signing disabled (MAV_SIGN_CFG 0)
        LinkTrust trust = LinkTrust.of(new ParamStore());
        trust.keyInstalled(true);
        boolean[] enabled = {false};
        trust.signingEnabled(() -> enabled[0]);
        // Then unsigned messages carry authority, as on an unconfigured vehicle
        assertFalse(trust.signaturesExpected());
        assertTrue(trust.authorised(link(0, false)));
        // When signing is enabled again
        enabled[0] = true;
        // Then they do not
        assertFalse(trust.authorised(link(0, false)));
    }

    @Test
    void shouldAuthoriseTrustedLinksByTheirSpecificationIndex() {
        // Given link 1 marked trusted
        ParamStore store = new ParamStore();
        LinkTrust trust = LinkTrust.of(store);
        ((org.hoverla.core.param.IntParam) store.find("MAV_LINK_TRUST")).set(2);
        // Then link 1 is trusted and authorised, link 0 (unsigned) is not, an unknown link never is
        assertTrue(trust.trusted(link(1, false)));
        assertTrue(trust.authorised(link(1, false)));
        assertFalse(trust.authorised(link(0, false)));
        assertFalse(trust.trusted(link(-1, false)));
        assertFalse(trust.trusted(link(20, false)));
    }
}
