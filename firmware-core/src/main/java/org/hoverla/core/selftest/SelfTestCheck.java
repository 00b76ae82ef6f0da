package org.hoverla.core.selftest;

/**
 * One production self-test check's outcome.
 *
 * @param device  the board file's device name (e.g. "imu0"), or "vehicle" for whole-vehicle checks
 * @param check   what was checked, e.g. "chip id", "self-test", "gyro noise", "output 3", "loop timing"
 * @param passed  pass or fail
 * @param figure  what was measured, with its unit (e.g. "0.021 °/s RMS", "0x47"); never empty
 * @param limit   the limit it was held to (e.g. "≤ 0.05 °/s RMS", "= 0x47"), "" when none
 * @param reason  why it failed ("" when passed)
 */
public record SelfTestCheck(String device, String check, boolean passed, String figure, String limit, String reason) {
}
