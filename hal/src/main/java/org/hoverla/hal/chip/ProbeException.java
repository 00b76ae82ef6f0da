package org.hoverla.hal.chip;

/**
 * A chip could not be brought up at boot: absent (NACK), a different chip at that address (wrong
 * id, with the id read), a failed self-test or a corrupt calibration PROM. The message names the
 * chip, the bus and the reason, for the boot error and the self-test report.
 */
public final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProbeException(String message) {
        super(message);
    }

    public ProbeException(String message, Throwable cause) {
        super(message, cause);
    }
}
