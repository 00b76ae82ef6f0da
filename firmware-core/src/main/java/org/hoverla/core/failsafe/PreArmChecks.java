package org.hoverla.core.failsafe;

import org.hoverla.core.msg.EstimatorStatus;

/**
 * The pre-arm checks, in the order they speak (the first failing one is the refusal): sensor
 * calibration, sensor health, attitude, GNSS fix and checks, GNSS spoofing, height, position,
 * dead reckoning, estimator innovations, tilt, battery, geofence, loop timing. Each refusal is a
 * constant text (no string building on the flight thread).
 *
 * <p>Pure and allocation-free; the commander gathers the inputs.
 */
public final class PreArmChecks {
    public static final String IMU = "Pre-arm: IMU not healthy";
    public static final String BARO = "Pre-arm: barometer not healthy";
    public static final String MAG = "Pre-arm: magnetometer not healthy";
    public static final String ATTITUDE = "Pre-arm: attitude estimate not converged";
    public static final String GNSS = "Pre-arm: no usable GNSS fix";
    public static final String POSITION = "Pre-arm: position estimate not converged";
    public static final String TILT = "Pre-arm: vehicle not level";
    public static final String ALTITUDE = "Pre-arm: height estimate not valid";
    public static final String DEAD_RECKONING = "Pre-arm: position not GNSS-aided (dead reckoning)";
    public static final String INNOVATION = "Pre-arm: estimator rejecting GNSS/baro/mag";
    public static final String GNSS_CHECKS = "Pre-arm: GNSS checks not passed long enough";
    public static final String GNSS_SUSPECT = "Pre-arm: GNSS inconsistent (spoofing?)";
    public static final String GNSS_SPOOFED = "Pre-arm: GNSS receiver reports spoofing";
    public static final String BATTERY = "Pre-arm: battery voltage too low";
    public static final String FENCE = "Pre-arm: vehicle outside the geofence";

    private PreArmChecks() {
    }

    /**
     * The first failing check, or "" when the vehicle may arm.
     *
     * @param calibrationFailure the sensor calibration's refusal ("" when fine)
     * @param e the estimator's status
     * @param tiltRad the attitude's tilt from level (NaN fails)
     * @param armTiltMaxRad COM_ARM_TILT
     * @param batteryBelowMinimum a connected pack below BAT_ARM_MIN_V
     * @param outsideFence a geofence exists and the vehicle is outside it
     * @param loopTimingFailure the measured loop timing's refusal ("" when fine)
     */
    public static String failure(String calibrationFailure, EstimatorStatus e, double tiltRad, double armTiltMaxRad,
                                 boolean batteryBelowMinimum, boolean outsideFence, String loopTimingFailure) {
        if (!calibrationFailure.isEmpty()) {
            return calibrationFailure;
        }
        if (!e.imuHealthy) {
            return IMU;
        }
        if (!e.baroHealthy) {
            return BARO;
        }
        if (!e.magHealthy) {
            return MAG;
        }
        if (!e.attitudeValid) {
            return ATTITUDE;
        }
        if (!e.gnssHealthy) {
            return GNSS;
        }
        if (!e.gnssChecksPassed) {
            return GNSS_CHECKS;
        }
        // The receiver's own spoofing report refuses arming whatever EST_GPS_MON says, as PX4's
        // ekf2 gps checks do with EKF2_GPS_CHECK's spoofing bit (gps_checks.cpp: flags.spoofed).
        if (e.gnssReceiverSpoofing) {
            return GNSS_SPOOFED;
        }
        if (e.gnssSuspect) {
            return GNSS_SUSPECT;
        }
        if (!e.zValid) {
            return ALTITUDE;
        }
        if (!e.positionValid) {
            return POSITION;
        }
        if (e.deadReckoning) {
            return DEAD_RECKONING;
        }
        // EKF innovation consistency (PX4 COM_ARM_EKF_*): a test ratio above 1 means the last
        // measurement of that source failed the gate; on the ground that is a sensor or
        // estimator fault, not a manoeuvre. NaN (no fusion yet, or the complementary filter)
        // passes: the checks above cover missing data.
        if (e.gnssPosTestRatio > 1.0 || e.gnssVelTestRatio > 1.0 || e.heightTestRatio > 1.0
                || e.magTestRatio > 1.0) {
            return INNOVATION;
        }
        if (!(tiltRad <= armTiltMaxRad)) {
            return TILT;
        }
        if (batteryBelowMinimum) {
            return BATTERY;
        }
        if (outsideFence) {
            return FENCE;
        }
        // Last: the measured loop timing (a whole window of it) is judged once the vehicle is
        // otherwise ready, so the earlier, more specific refusals speak first.
        return loopTimingFailure;
    }
}
