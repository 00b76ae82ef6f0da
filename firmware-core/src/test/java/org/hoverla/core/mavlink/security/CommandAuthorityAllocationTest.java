package org.hoverla.core.mavlink.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.param.ParamStore;
import org.junit.jupiter.api.Test;

/**
 * The checks sit on the MAVLink thread's per-message path (setpoints stream at 20–50 Hz, a flood
 * at the packet rate): in steady state, allowed or refused, they must not allocate.
 */
class CommandAuthorityAllocationTest {

    @Test
    void shouldCheckWithoutAllocatingAllowedOrRefused() {
        // Given an allow-list of system 255 and A's offboard session
        ParamStore store = new ParamStore();
        LinkTrust trust = LinkTrust.of(store);
        AuthorityParams params = AuthorityParams.of(store);
        params.gcsIds[0].set(255);
        CommandAuthorityServicesTest.State state = new CommandAuthorityServicesTest.State();
        CommandAuthority a = new CommandAuthority(params, trust, state, new StatusTextSender(new RecordingOutput()),
                () -> 1_000_000_000L);
        CommandAuthorityServicesTest.Link link = new CommandAuthorityServicesTest.Link(0, 0);
        a.allowSetpoint(link, 255, 190, 0);
        state.offboard = true;
        long t = 1_000_000L;
        // Warm up over 15 s: the first refusal of each reason and the 10 s summary are told (their
        // texts allocate); the next summary is not due before 20 s
        long hits = 0;
        for (int i = 0; i < 15_000; i++, t += 1_000_000L) {
            hits += step(a, link, t);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // When 100,000 more rounds run in the next second (allowed and refused alike), in three windows.
        // A per-check allocation shows in every window; a one-off JVM event (a deoptimisation
        // re-materialising scalar-replaced objects under a loaded machine: once 392 bytes) in one.
        long[] allocated = new long[3];
        for (int w = 0; w < allocated.length; w++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000 / allocated.length; i++, t += 10_000L) {
                hits += step(a, link, t);
            }
            allocated[w] = mx.getThreadAllocatedBytes(tid) - before;
        }
        // Then nothing was allocated in steady state
        assertThat(t).isLessThan(2 * RefusalLog.TEXT_PERIOD_NS);
        assertThat(allocated).as("bytes allocated per window").contains(0L);
        hits += step(a, link, t);
        t += 10_000L;
        assertThat(hits).isEqualTo(115_000L * 2);
        assertThat(a.refused(AuthorityPolicy.SYSTEM_NOT_ALLOWED)).isEqualTo(115_000L * 2);
        assertThat(a.refused(AuthorityPolicy.OFFBOARD_OWNED)).isEqualTo(115_000L);
    }

    /** A's setpoint (allowed), B's setpoint and command (refused: not in the list), A's takeover by a
     *  second component's Offboard switch (refused: owned). @return allowed count + 1 */
    private static long step(CommandAuthority a, CommandAuthorityServicesTest.Link link, long t) {
        long n = 0;
        n += a.allowSetpoint(link, 255, 190, t) ? 1 : 0;
        n += a.allowSetpoint(link, 7, 190, t) ? 100 : 0;
        n += a.checkCommand(link, 7, 190, 400, 1, 0, 0, t) == AuthorityPolicy.ALLOW ? 100 : 0;
        n += a.checkCommand(link, 255, 191, 176, 1, 6, 0, t) == AuthorityPolicy.ALLOW ? 100 : 0;
        n += a.checkCommand(link, 255, 190, 400, 1, 0, 0, t) == AuthorityPolicy.ALLOW ? 1 : 0;
        return n;
    }
}
