package org.hoverla.core.msg;

/** What the commander decided: arming, mode and the reason the vehicle cannot arm, if any. */
public final class VehicleStatus {
    public long timestampNs;
    public ArmingState armingState = ArmingState.STANDBY_ERROR;
    public FlightMode mode = FlightMode.HOLD;
    /** The first failing pre-arm check (constant text), or empty when all pass. */
    public String preArmFailure = "";
    /**
     * The commander has evaluated the pre-arm checks at least once; until then
     * {@link #preArmFailure} is empty only because nothing has been checked (SYS_STATUS must not
     * report PREARM healthy from it).
     */
    public boolean preArmChecked;
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
    /** DO_REPOSITION's heading (rad, param4, as PX4 reads it); NaN = keep the heading behaviour. */
    public double repositionYawRad = Double.NaN;
    /**
     * The heading (rad, wrapped) NAV_TAKEOFF or NAV_LAND asked for (param4) for the Takeoff or Land
     * just entered; NaN keeps the heading. Any other mode entry clears it.
     */
    public double commandYawRad = Double.NaN;
    /** Incremented for every accepted DO_ORBIT; the navigator then (re)starts the circle below. */
    public long orbitSequence;
    /** Orbit centre, local NED (m); z is the orbit's height (down). */
    public final org.hoverla.core.math.Vec3 orbitCenterNedM = new org.hoverla.core.math.Vec3();
    /** Orbit radius (m), positive clockwise. */
    public double orbitRadiusM;
    /** Orbit tangential speed (m/s), already capped for the centripetal limit. */
    public double orbitSpeedMps;
    /** ORBIT_YAW_BEHAVIOUR the orbit flies (0 front to centre, 1 initial heading, 2 uncontrolled, 3 tangent). */
    public int orbitYawBehaviour;
    /** A region of interest is set (DO_SET_ROI_LOCATION) until DO_SET_ROI_NONE. */
    public boolean roiActive;
    /** The region of interest, local NED (m). */
    public final org.hoverla.core.math.Vec3 roiNedM = new org.hoverla.core.math.Vec3();
    /** Horizontal speed for auto modes set by DO_CHANGE_SPEED (m/s); NaN = MPC_XY_CRUISE. */
    public double cruiseSpeedMps = Double.NaN;
    /** A failsafe is in control (link loss, offboard loss, geofence). */
    public boolean failsafe;
    /** Geofence breaches (predicted) since boot. */
    public long fenceBreaches;
    /** MAV_CMD_DO_MOTOR_TEST: motor under test (0-based) or -1; runs until {@link #motorTestEndNs}. */
    public int motorTestMotor = -1;
    /** MotorTest.THROTTLE_PERCENT (value = command 0..1) or THROTTLE_PWM (value = µs). */
    public int motorTestThrottleType;
    public double motorTestValue;
    public long motorTestEndNs;
    /**
     * The RC kill switch holds the motors stopped while the vehicle stays armed (PX4
     * manual_lockdown); the motor outputs write their disarmed values.
     */
    public boolean lockdown;

    public boolean armed() {
        return armingState == ArmingState.ARMED;
    }

    public void copyFrom(VehicleStatus m) {
        timestampNs = m.timestampNs;
        armingState = m.armingState;
        mode = m.mode;
        preArmFailure = m.preArmFailure;
        preArmChecked = m.preArmChecked;
        armedSinceNs = m.armedSinceNs;
        armCount = m.armCount;
        disarmCount = m.disarmCount;
        modeSequence = m.modeSequence;
        takeoffAltRelM = m.takeoffAltRelM;
        repositionSequence = m.repositionSequence;
        repositionNedM.set(m.repositionNedM);
        cruiseSpeedMps = m.cruiseSpeedMps;
        repositionYawRad = m.repositionYawRad;
        commandYawRad = m.commandYawRad;
        orbitSequence = m.orbitSequence;
        orbitCenterNedM.set(m.orbitCenterNedM);
        orbitRadiusM = m.orbitRadiusM;
        orbitSpeedMps = m.orbitSpeedMps;
        orbitYawBehaviour = m.orbitYawBehaviour;
        roiActive = m.roiActive;
        roiNedM.set(m.roiNedM);
        failsafe = m.failsafe;
        fenceBreaches = m.fenceBreaches;
        motorTestMotor = m.motorTestMotor;
        motorTestThrottleType = m.motorTestThrottleType;
        motorTestValue = m.motorTestValue;
        motorTestEndNs = m.motorTestEndNs;
        lockdown = m.lockdown;
    }
}
