package org.hoverla.core.boot;

/** The vehicle cannot boot: a device failed its probe, a board file is wrong, a bus cannot be opened. */
public final class BootException extends Exception {
    private static final long serialVersionUID = 1L;

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
