package org.hoverla.core.msg;

/** The answer to a {@link VehicleCommand}; result values are MAVLink MAV_RESULT. */
public final class VehicleCommandAck {
    public static final int ACCEPTED = 0;
    public static final int TEMPORARILY_REJECTED = 1;
    public static final int DENIED = 2;
    public static final int UNSUPPORTED = 3;
    public static final int FAILED = 4;
    public static final int IN_PROGRESS = 5;

    public long timestampNs;
    public int command;
    public int result;
    /** Why it was refused: a constant string (never built on the flight thread); empty if accepted. */
    public String reason = "";
    public int targetSystem;
    public int targetComponent;
    public long sequence;

    public void copyFrom(VehicleCommandAck m) {
        timestampNs = m.timestampNs;
        command = m.command;
        result = m.result;
        reason = m.reason;
        targetSystem = m.targetSystem;
        targetComponent = m.targetComponent;
        sequence = m.sequence;
    }
}
