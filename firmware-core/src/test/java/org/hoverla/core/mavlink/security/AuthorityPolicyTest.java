package org.hoverla.core.mavlink.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.ALLOW;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.CHANGE;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.DANGEROUS;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.LINK_NOT_ALLOWED;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.NOT_AUTHORISED;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.READ;
import static org.hoverla.core.mavlink.security.AuthorityPolicy.SYSTEM_NOT_ALLOWED;

import org.junit.jupiter.api.Test;

class AuthorityPolicyTest {
    private static final int[][] ID_SETS = {{}, {255}, {255, 42}, {0, 0, 0, 7}, {1, 2, 3, 4}};
    private static final int[] MASKS = {0, 0b1, 0b10, 0b101, 0xFFFF};
    private static final int[] SENDERS = {0, 1, 7, 42, 255};
    private static final int[] INSTANCES = {-1, 0, 1, 2, 15, 16};

    @Test
    void shouldDecideEveryCombinationOfAllowListLinkClassAndAuthority() {
        int cases = 0;
        for (int[] ids : ID_SETS) {
            for (int mask : MASKS) {
                AllowList allow = AllowList.of(mask, ids);
                for (int sys : SENDERS) {
                    for (int instance : INSTANCES) {
                        for (int cls : new int[] {READ, CHANGE, DANGEROUS}) {
                            for (boolean authorised : new boolean[] {false, true}) {
                                // Given the combination, When decided
                                int verdict = AuthorityPolicy.decide(cls, allow, sys, instance, authorised);
                                // Then it equals the rule written out independently
                                assertThat(verdict).as("ids %s mask %s sys %d link %d class %d auth %b",
                                        java.util.Arrays.toString(ids), mask, sys, instance, cls, authorised)
                                        .isEqualTo(expected(ids, mask, sys, instance, cls, authorised));
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(5 * 5 * 5 * 6 * 3 * 2);
    }

    /** The documented rule: reads open; then link, then system, then authority for dangerous. */
    private static int expected(int[] ids, int mask, int sys, int instance, int cls, boolean authorised) {
        if (cls == READ) {
            return ALLOW;
        }
        boolean linkOk = mask == 0 || (instance >= 0 && instance < 16 && ((mask >> instance) & 1) == 1);
        if (!linkOk) {
            return LINK_NOT_ALLOWED;
        }
        boolean anyId = true;
        boolean listed = false;
        for (int id : ids) {
            if (id != 0) {
                anyId = false;
                listed |= id == sys;
            }
        }
        if (!anyId && !listed) {
            return SYSTEM_NOT_ALLOWED;
        }
        return cls == DANGEROUS && !authorised ? NOT_AUTHORISED : ALLOW;
    }

    @Test
    void shouldAllowEverythingOnAnEmptyAllowList() {
        // Given the defaults (all ids 0, mask 0)
        AllowList allow = new AllowList();
        // Then any system on any link, even of unknown instance, may change state
        assertThat(allow.restricts()).isFalse();
        for (int sys = 0; sys <= 255; sys++) {
            assertThat(AuthorityPolicy.decide(CHANGE, allow, sys, -1, false)).isEqualTo(ALLOW);
        }
    }

    @Test
    void shouldClassifyDisarmByArmedAndInAir() {
        // disarm, disarm forced, arm × disarmed / armed on the ground / in the air
        double[][] requests = {{0, 0}, {0, AuthorityPolicy.FORCE_MAGIC}, {1, 0}, {1, AuthorityPolicy.FORCE_MAGIC}};
        boolean[][] states = {{false, false}, {true, false}, {true, true}};
        int[][] expected = {
                // disarmed, armed on ground, in air
                {CHANGE, CHANGE, DANGEROUS},      // disarm
                {CHANGE, DANGEROUS, DANGEROUS},   // force disarm (QGC's emergency stop)
                {CHANGE, CHANGE, CHANGE},         // arm
                {CHANGE, CHANGE, CHANGE},         // force arm
        };
        for (int r = 0; r < requests.length; r++) {
            for (int s = 0; s < states.length; s++) {
                assertThat(AuthorityPolicy.classifyCommand(AuthorityPolicy.CMD_COMPONENT_ARM_DISARM, requests[r][0],
                        requests[r][1], states[s][0], states[s][1])).as("request %d state %d", r, s)
                        .isEqualTo(expected[r][s]);
            }
        }
    }

    @Test
    void shouldClassifyTerminationRebootAndFailureInjectionDangerousInEveryState() {
        for (int cmd : new int[] {AuthorityPolicy.CMD_DO_FLIGHTTERMINATION, AuthorityPolicy.CMD_PREFLIGHT_REBOOT_SHUTDOWN,
                AuthorityPolicy.CMD_INJECT_FAILURE}) {
            for (boolean armed : new boolean[] {false, true}) {
                for (boolean inAir : new boolean[] {false, true}) {
                    assertThat(AuthorityPolicy.classifyCommand(cmd, 1, 0, armed, inAir)).isEqualTo(DANGEROUS);
                }
            }
        }
    }

    @Test
    void shouldClassifyParameterWritesDangerousOnlyWhileArmed() {
        assertThat(AuthorityPolicy.classifyParamWrite(false)).isEqualTo(CHANGE);
        assertThat(AuthorityPolicy.classifyParamWrite(true)).isEqualTo(DANGEROUS);
        for (double action : new double[] {0, 1, 2}) {
            assertThat(AuthorityPolicy.classifyCommand(AuthorityPolicy.CMD_PREFLIGHT_STORAGE, action, 0, false, false))
                    .isEqualTo(CHANGE);
            assertThat(AuthorityPolicy.classifyCommand(AuthorityPolicy.CMD_PREFLIGHT_STORAGE, action, 0, true, false))
                    .isEqualTo(DANGEROUS);
        }
    }

    @Test
    void shouldKeepRequestsForInformationOpenToAnyone() {
        for (int cmd : new int[] {410, 510, 511, 512, 519, 520, 521, 522, 525, 527, 528}) {
            assertThat(AuthorityPolicy.classifyCommand(cmd, 33, 0, true, true)).as("command %d", cmd).isEqualTo(READ);
        }
        // and every other command changes state
        for (int cmd : new int[] {20, 21, 22, 176, 178, 179, 192, 209, 262, 300}) {
            assertThat(AuthorityPolicy.classifyCommand(cmd, 1, 0, true, true)).as("command %d", cmd).isEqualTo(CHANGE);
        }
    }
}
