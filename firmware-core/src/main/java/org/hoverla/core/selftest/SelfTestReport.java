package org.hoverla.core.selftest;

import java.util.List;

/**
 * A production self-test run's outcome: every check, grouped by device in board order (each
 * device's checks in the order run, the whole-vehicle checks last).
 *
 * @param board     the board file's name or path as given
 * @param startedMs wall-clock start, epoch ms
 * @param checks    the checks
 */
public record SelfTestReport(String board, long startedMs, List<SelfTestCheck> checks) {
    public SelfTestReport {
        checks = List.copyOf(checks);
    }

    /** Whether every check passed (and there was at least one). */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(SelfTestCheck::passed);
    }
}
