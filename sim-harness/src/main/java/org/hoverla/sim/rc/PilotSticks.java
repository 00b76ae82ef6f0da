package org.hoverla.sim.rc;

/**
 * A simulated pilot's hands: what stick positions a scenario or test holds, sent to the vehicle
 * the way a real input device sends them (an RC transmitter's receiver frames, or a ground
 * station's MANUAL_CONTROL messages). Axes and signs as PX4's {@code manual_control_setpoint}.
 *
 * <p>Driven from the simulation thread: the scenario sets the sticks, then calls
 * {@link #update(long)} once per simulation step; the implementation emits input at its own
 * device rate. Deterministic: no wall clock, no threads.
 */
public interface PilotSticks {
    /**
     * @param roll -1 (left) .. 1 (right)
     * @param pitch -1 (back) .. 1 (forward)
     * @param yaw -1 (nose left) .. 1 (nose right)
     * @param throttle 0 (down) .. 1 (up), 0.5 centred
     */
    void sticks(double roll, double pitch, double yaw, double throttle);

    /** Link up (input flows) or cut (nothing reaches the vehicle, as a transmitter switched off or out of range). */
    void link(boolean up);

    /** Called once per simulation step with the vehicle clock; sends input when it is due. */
    void update(long nowNs);
}
