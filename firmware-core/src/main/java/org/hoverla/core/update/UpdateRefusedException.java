package org.hoverla.core.update;

/** An update refused before anything was switched; the message is the one line the user sees. */
public final class UpdateRefusedException extends Exception {
    public UpdateRefusedException(String reason) {
        super(reason);
    }

    public UpdateRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
