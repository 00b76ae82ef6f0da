package org.hoverla.core.vehicle;

/**
 * Decides whether a multicopter is on the ground, after PX4's {@code MulticopterLandDetector}:
 * ground contact when the vehicle is commanded down (landing) yet does not move vertically, or
 * idles with low thrust without moving; maybe-landed when, in contact, thrust is low and the
 * horizontal speed small; landed when maybe-landed is confirmed for a while. Disarmed is always
 * landed; a takeoff intent clears it.
 *
 * <p>Pure class: the caller supplies time steps and states. Allocation-free.
 */
public final class LandDetector {
    private double maxClimbRateMps = 0.3;
    private double maxHorizontalSpeedMps = 1.0;
    private double lowThrustFraction = 0.3;
    private double groundContactTimeS = 0.35;
    private double landedConfirmTimeS = 1.0;

    private double contactTimerS;
    private double landedTimerS;
    private boolean groundContact;
    private boolean maybeLanded;
    private boolean landed = true;

    public void setThresholds(double maxClimbRateMps, double maxHorizontalSpeedMps, double lowThrustFraction) {
        this.maxClimbRateMps = maxClimbRateMps;
        this.maxHorizontalSpeedMps = maxHorizontalSpeedMps;
        this.lowThrustFraction = lowThrustFraction;
    }

    /**
     * @param armed             motors armed
     * @param takeoffIntent     the vehicle is commanded to leave the ground (takeoff)
     * @param landingIntent     the vehicle is commanded to descend onto the ground (land)
     * @param velDownMps        estimated vertical velocity (NED down)
     * @param horizontalSpeedMps estimated horizontal speed; NaN when the estimate has no valid horizontal velocity
     * @param thrustNorm        collective thrust setpoint 0..1
     * @param hoverThrustNorm   thrust that hovers
     * @param dtS               time since the previous call
     */
    public void update(boolean armed, boolean takeoffIntent, boolean landingIntent, double velDownMps, double horizontalSpeedMps,
                       double thrustNorm, double hoverThrustNorm, double dtS) {
        if (!armed) {
            reset(true);
            return;
        }
        if (takeoffIntent) {
            reset(false);
            return;
        }
        boolean still = Double.isFinite(velDownMps) && Math.abs(velDownMps) < maxClimbRateMps;
        boolean lowThrust = Double.isFinite(thrustNorm) && thrustNorm < lowThrustFraction * hoverThrustNorm;
        // NaN: no valid horizontal velocity, so horizontal movement is not judged (as PX4's land
        // detector, which checks it only with a valid velocity estimate).
        boolean slow = Double.isNaN(horizontalSpeedMps) || horizontalSpeedMps < maxHorizontalSpeedMps;
        // Commanded down but not descending: the ground stops it, whatever the thrust is yet.
        boolean contact = still && (lowThrust || landingIntent);
        contactTimerS = contact ? contactTimerS + dtS : 0.0;
        groundContact = contactTimerS >= groundContactTimeS;
        maybeLanded = groundContact && slow && lowThrust;
        landedTimerS = maybeLanded ? landedTimerS + dtS : 0.0;
        if (landedTimerS >= landedConfirmTimeS) {
            landed = true;
        } else if (landed && !still) {
            // Moving vertically while armed: no longer on the ground.
            landed = false;
        }
    }

    public void reset(boolean landedState) {
        contactTimerS = 0.0;
        landedTimerS = 0.0;
        groundContact = landedState;
        maybeLanded = landedState;
        landed = landedState;
    }

    public boolean groundContact() {
        return groundContact;
    }

    public boolean maybeLanded() {
        return maybeLanded;
    }

    public boolean landed() {
        return landed;
    }
}
