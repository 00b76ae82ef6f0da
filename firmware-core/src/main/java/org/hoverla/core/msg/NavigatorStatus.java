package org.hoverla.core.msg;

/** Progress of the navigator's current behaviour. */
public final class NavigatorStatus {
    public long timestampNs;
    /** The mode sequence number ({@link VehicleStatus#modeSequence}) this status refers to. */
    public long modeSequence;
    /** Takeoff reached its altitude. */
    public boolean takeoffComplete;
    /** The navigator is bringing the vehicle down to land (Land, or Return's last phase). */
    public boolean landing;
    /**
     * Position/Altitude on the ground: the throttle stick is raised for takeoff (PX4
     * FlightTaskManualAltitude::_checkTakeoff); the land detector takes it as a takeoff intent.
     */
    public boolean manualTakeoff;
    /** Flying an orbit (approach or circle): ORBIT_EXECUTION_STATUS is due. */
    public boolean orbiting;
    /** The orbit being flown: radius (m, positive clockwise), centre (local NED, z = height down), yaw behaviour. */
    public double orbitRadiusM;
    public final org.hoverla.core.math.Vec3 orbitCenterNedM = new org.hoverla.core.math.Vec3();
    public int orbitYawBehaviour;

    public void copyFrom(NavigatorStatus m) {
        timestampNs = m.timestampNs;
        modeSequence = m.modeSequence;
        takeoffComplete = m.takeoffComplete;
        landing = m.landing;
        manualTakeoff = m.manualTakeoff;
        orbiting = m.orbiting;
        orbitRadiusM = m.orbitRadiusM;
        orbitCenterNedM.set(m.orbitCenterNedM);
        orbitYawBehaviour = m.orbitYawBehaviour;
    }
}
