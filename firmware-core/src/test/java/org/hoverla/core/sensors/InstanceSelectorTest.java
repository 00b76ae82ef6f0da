package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.SensorsStatus;
import org.junit.jupiter.api.Test;

class InstanceSelectorTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT_NS = 20 * MS;
    private static final long HOLD_NS = InstanceSelector.DEFAULT_RECOVERY_HOLD_NS;

    private final InstanceHealth[] health = {new InstanceHealth(TIMEOUT_NS, 0), new InstanceHealth(TIMEOUT_NS, 0),
        new InstanceHealth(TIMEOUT_NS, 0)};
    /** Instance 1 is preferred, then 2, then 0. */
    private final InstanceSelector selector = new InstanceSelector(new int[] {0, 10, 5}, HOLD_NS);
    private long nowNs;

    /** One millisecond step: each live instance delivers a good sample, then health and selection update. */
    private int step(boolean live0, boolean live1, boolean live2) {
        nowNs += MS;
        boolean[] live = {live0, live1, live2};
        for (int i = 0; i < 3; i++) {
            if (live[i]) {
                health[i].onAccepted(nowNs, false);
            }
            health[i].evaluate(nowNs);
        }
        return selector.select(nowNs, health);
    }

    @Test
    void shouldSelectTheHighestPriorityHealthyInstance() {
        // Given three instances with priorities 0, 10, 5, all delivering
        // When the first samples arrive
        int change = step(true, true, true);
        // Then the priority-10 instance is chosen
        assertThat(change).isEqualTo(InstanceSelector.INITIAL);
        assertThat(selector.selected()).isEqualTo(1);
        assertThat(selector.failovers()).isZero();
    }

    @Test
    void shouldTakeAPreferredInstanceThatStartsLateAtOnceAtStartUp() {
        // Given only the priority-5 instance delivering in the first cycles after boot
        for (int i = 0; i < 3; i++) {
            step(false, false, true);
        }
        assertThat(selector.selected()).isEqualTo(2);
        // When the preferred one delivers its first sample
        int change = step(false, true, true);
        // Then it takes over at once: it arrived, it did not recover from a failure
        assertThat(change).isEqualTo(InstanceSelector.ARRIVED);
        assertThat(selector.selected()).isEqualTo(1);
        assertThat(selector.failovers()).isZero();
    }

    @Test
    void shouldFailOverToTheNextPriorityWhenTheSelectedOneTimesOut() {
        // Given instance 1 selected
        for (int i = 0; i < 100; i++) {
            step(true, true, true);
        }
        // When it stops delivering for longer than the timeout
        int changes = 0;
        for (int i = 0; i < 30; i++) {
            if (step(true, false, true) == InstanceSelector.FAILOVER) {
                changes++;
            }
        }
        // Then the priority-5 instance took over, once, right after the timeout
        assertThat(selector.selected()).isEqualTo(2);
        assertThat(selector.previous()).isEqualTo(1);
        assertThat(changes).isEqualTo(1);
        assertThat(selector.failovers()).isEqualTo(1);
        assertThat(health[1].faults()).isEqualTo(SensorsStatus.FAULT_TIMEOUT);
        assertThat(health[1].timeouts()).isEqualTo(1);
    }

    @Test
    void shouldTakeBackARecoveredPreferredInstanceOnlyAfterTheHoldWithoutFlapping() {
        // Given instance 1 failed and instance 2 took over
        for (int i = 0; i < 100; i++) {
            step(true, true, true);
        }
        for (int i = 0; i < 30; i++) {
            step(true, false, true);
        }
        assertThat(selector.selected()).isEqualTo(2);
        // When instance 1 comes back but drops out again every 2 s (intermittent fault)
        for (int burst = 0; burst < 5; burst++) {
            for (int i = 0; i < 2_000; i++) {
                step(true, true, true);
            }
            for (int i = 0; i < 30; i++) {
                step(true, false, true);
            }
        }
        // Then the selection never went back to it
        assertThat(selector.selected()).isEqualTo(2);
        assertThat(selector.switches()).isEqualTo(1);

        // When it then stays healthy
        long recoveredAt = nowNs + MS;
        int change = InstanceSelector.NO_CHANGE;
        while (change == InstanceSelector.NO_CHANGE) {
            change = step(true, true, true);
        }
        // Then it is taken back exactly after the hold, and that is not a failover
        assertThat(change).isEqualTo(InstanceSelector.RETURNED);
        assertThat(nowNs - recoveredAt).isEqualTo(HOLD_NS);
        assertThat(selector.selected()).isEqualTo(1);
        assertThat(selector.failovers()).isEqualTo(1);
        assertThat(selector.switches()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheFailedInstanceAndReportOnceWhenNoOtherIsHealthy() {
        // Given instance 1 selected while the others never delivered
        for (int i = 0; i < 10; i++) {
            step(false, true, false);
        }
        // When it fails too
        int reports = 0;
        for (int i = 0; i < 200; i++) {
            if (step(false, false, false) == InstanceSelector.NONE_HEALTHY) {
                reports++;
            }
        }
        // Then it stays selected, and "none healthy" was reported once
        assertThat(selector.selected()).isEqualTo(1);
        assertThat(reports).isEqualTo(1);
        assertThat(selector.failovers()).isZero();
        // When a lower-priority instance comes alive
        int change = step(true, false, false);
        // Then it takes over at once
        assertThat(change).isEqualTo(InstanceSelector.FAILOVER);
        assertThat(selector.selected()).isZero();
    }

    @Test
    void shouldFailAnInstanceOnABurstOfFaultsButNotOnSparseOnes() {
        // Given a live instance that reports a bus error every 5th sample
        InstanceHealth h = new InstanceHealth(TIMEOUT_NS, 0);
        long errors = 0;
        for (int i = 1; i <= 1_000; i++) {
            if (i % 5 == 0) {
                h.onErrorCount(++errors);
            }
            h.onAccepted(i * MS, false);
            h.evaluate(i * MS);
            // Then it stays healthy
            assertThat(h.healthy()).isTrue();
        }
        assertThat(h.busErrors()).isEqualTo(200);
        // When 20 errors arrive at once (a burst)
        h.onErrorCount(errors + 20);
        h.onAccepted(1_001 * MS, false);
        h.evaluate(1_001 * MS);
        // Then it is unhealthy for errors until good samples outweigh them
        assertThat(h.faults()).isEqualTo(SensorsStatus.FAULT_ERRORS);
        for (int i = 0; i < 9; i++) {
            h.onAccepted((1_002 + i) * MS, false);
            h.evaluate((1_002 + i) * MS);
        }
        assertThat(h.healthy()).isTrue();
    }
}
