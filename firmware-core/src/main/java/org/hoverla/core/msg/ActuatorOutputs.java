package org.hoverla.core.msg;

/** Commands actually written to the motor controllers (0..1), for telemetry and logs. */
public final class ActuatorOutputs {
    public long timestampNs;
    public int count;
    public final double[] commandNorm = new double[ActuatorMotors.MAX_MOTORS];
    public boolean armed;

    public void copyFrom(ActuatorOutputs m) {
        timestampNs = m.timestampNs;
        count = m.count;
        System.arraycopy(m.commandNorm, 0, commandNorm, 0, ActuatorMotors.MAX_MOTORS);
        armed = m.armed;
    }
}
