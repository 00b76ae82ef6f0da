package org.hoverla.core.failsafe;

/**
 * The "remaining flight time below the time to return" trigger (PX4 COM_FLTT_LOW_ACT with its
 * rtl_time_estimate): the remaining flight time is the charge left above the emergency level
 * divided by the rate the state of charge has fallen in flight; the time to return is the
 * horizontal distance at the return speed plus the height at the landing speed, times
 * RTL_TIME_FACTOR plus RTL_TIME_MARGIN.
 *
 * <p>The rate is measured from a start point taken {@link #SETTLE_S} after takeoff (the
 * voltage-based charge drops at once when the motors take load, which is sag, not consumption)
 * and is judged only once {@link #MIN_WINDOW_S} of it exist. No current sensor is needed.
 *
 * <p>Pure, allocation-free; the commander's flight task. Units: s, m, m/s, fraction 0..1.
 */
public final class ReturnTimeBudget {
    /** Time after takeoff before the consumption window starts. */
    public static final double SETTLE_S = 30.0;
    /** Shortest window the consumption rate is judged on. */
    public static final double MIN_WINDOW_S = 60.0;

    private double flyingS;
    private double windowStartCharge = Double.NaN;
    private double windowS;
    private double remainingS = Double.NaN;
    private double returnS = Double.NaN;

    /** Forget the flight (disarm or landing). */
    public void reset() {
        flyingS = 0.0;
        windowStartCharge = Double.NaN;
        windowS = 0.0;
        remainingS = Double.NaN;
        returnS = Double.NaN;
    }

    /**
     * One state cycle in flight.
     *
     * @param dtS time since the last call
     * @param charge state of charge now (NaN unknown)
     * @param reserveCharge charge kept in reserve (BAT_EMERGEN_THR)
     * @param distanceHomeM horizontal distance to home (NaN unknown)
     * @param heightAboveHomeM height above home (NaN unknown)
     * @param returnSpeedMps MPC_XY_CRUISE
     * @param landSpeedMps MPC_LAND_SPEED
     * @return true when the remaining time is below the safe time to return
     */
    public boolean update(double dtS, double charge, double reserveCharge, double distanceHomeM, double heightAboveHomeM,
                          double returnSpeedMps, double landSpeedMps, double factor, double marginS) {
        flyingS += dtS;
        if (flyingS < SETTLE_S || !Double.isFinite(charge)) {
            return false;
        }
        if (Double.isNaN(windowStartCharge)) {
            windowStartCharge = charge;
            windowS = 0.0;
            return false;
        }
        windowS += dtS;
        double used = windowStartCharge - charge;
        if (windowS < MIN_WINDOW_S || !(used > 0.0)) {
            remainingS = Double.NaN;
            return false;
        }
        double ratePerS = used / windowS;
        remainingS = Math.max(0.0, charge - reserveCharge) / ratePerS;
        if (!Double.isFinite(distanceHomeM) || !Double.isFinite(heightAboveHomeM) || !(returnSpeedMps > 0.0)
                || !(landSpeedMps > 0.0)) {
            returnS = Double.NaN;
            return false;
        }
        returnS = factor * (distanceHomeM / returnSpeedMps + Math.max(0.0, heightAboveHomeM) / landSpeedMps) + marginS;
        return remainingS < returnS;
    }

    /** Estimated flight time left above the reserve (s), NaN before it can be judged. */
    public double remainingS() {
        return remainingS;
    }

    /** Safe time to return and land (s), NaN when unknown. */
    public double returnS() {
        return returnS;
    }
}
