package org.hoverla.core.msg;

/** What the commander decided: arming, mode and the reason the vehicle cannot arm, if any. */
public final class VehicleStatus {
    public long timestampNs;
    public ArmingState armingState = ArmingState.STANDBY_ERROR;
    public FlightMode mode = FlightMode.HOLD;
    /** The first failing pre-arm check (constant text), or empty when all pass. */
    public String preArmFailure = "";
    public long armedSinceNs;
    /** Number of arm and disarm transitions, for reports. */
    public long armCount;
    public long disarmCount;
    /** Incremented on every mode entry, so the navigator re-captures its targets. */
    public long modeSequence;
    /** Takeoff target altitude above home (m), for the TAKEOFF mode. */
    public double takeoffAltRelM;
    /** Incremented for every accepted reposition; the navigator then flies to {@link #repositionNedM}. */
    public long repositionSequence;
    public final org.hoverla.core.math.Vec3 repositionNedM = new org.hoverla.core.math.Vec3();
    /** Horizontal speed for auto modes set by DO_CHANGE_SPEED (m/s); NaN = MPC_XY_CRUISE. */
    public double cruiseSpeedMps = Double.NaN;
    /** A failsafe is in control (link loss, offboard loss, geofence). */
    public boolean failsafe;
    /** Geofence breaches (predicted) since boot. */
    public long fenceBreaches;

    public boolean armed() {
        return armingState == ArmingState.ARMED;
    }

    public void copyFrom(VehicleStatus m) {
        timestampNs = m.timestampNs;
        armingState = m.armingState;
        mode = m.mode;
        preArmFailure = m.preArmFailure;
        armedSinceNs = m.armedSinceNs;
        armCount = m.armCount;
        disarmCount = m.disarmCount;
        modeSequence = m.modeSequence;
        takeoffAltRelM = m.takeoffAltRelM;
        repositionSequence = m.repositionSequence;
        repositionNedM.set(m.repositionNedM);
        cruiseSpeedMps = m.cruiseSpeedMps;
        failsafe = m.failsafe;
        fenceBreaches = m.fenceBreaches;
    }
}
