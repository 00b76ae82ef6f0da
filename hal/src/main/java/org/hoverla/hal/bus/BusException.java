package org.hoverla.hal.bus;

import java.io.IOException;

/**
 * A bus transaction failed: the device did not acknowledge (NACK), returned fewer bytes than
 * asked (short read), or the bus itself reported an error. Thrown on driver threads only; the
 * driver thread counts it against the device and retries at the device's next period.
 */
public final class BusException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for health counters. */
    public enum Kind { NACK, SHORT_READ, IO }

    private final Kind kind;

    public BusException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BusException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
