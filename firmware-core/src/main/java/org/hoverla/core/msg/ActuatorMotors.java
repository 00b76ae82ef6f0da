package org.hoverla.core.msg;

/** Per-motor normalised thrust after mixing (0..1), in airframe motor order. */
public final class ActuatorMotors {
    public static final int MAX_MOTORS = 12;

    public long timestampNs;
    public int count;
    public final double[] thrustNorm = new double[MAX_MOTORS];
    /** Mixer saturation flags, bit per axis: roll, pitch, yaw, thrust (positive), then negative. */
    public int saturationFlags;

    public void copyFrom(ActuatorMotors m) {
        timestampNs = m.timestampNs;
        count = m.count;
        System.arraycopy(m.thrustNorm, 0, thrustNorm, 0, MAX_MOTORS);
        saturationFlags = m.saturationFlags;
    }
}
