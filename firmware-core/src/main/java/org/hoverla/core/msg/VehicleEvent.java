package org.hoverla.core.msg;

/**
 * Something an operator should read (failsafe, refused mode change, landing), from the flight
 * thread to the links, which send it as STATUSTEXT. Texts are constants: nothing is built on
 * the flight thread.
 */
public final class VehicleEvent {
    /** MAVLink MAV_SEVERITY values. */
    public static final int EMERGENCY = 0;
    public static final int CRITICAL = 2;
    public static final int ERROR = 3;
    public static final int WARNING = 4;
    public static final int NOTICE = 5;
    public static final int INFO = 6;

    public long timestampNs;
    public int severity = INFO;
    public String text = "";

    public void copyFrom(VehicleEvent m) {
        timestampNs = m.timestampNs;
        severity = m.severity;
        text = m.text;
    }
}
