package org.hoverla.core.release;

/** A release file (bundle, manifest, signature, key) that cannot be trusted; the message is one line for the user. */
public final class ReleaseException extends RuntimeException {
    public ReleaseException(String message) {
        super(message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
