package org.hoverla.core.boot;

/**
 * A board file that cannot be used: the message names the file, the line and the problem, e.g.
 * {@code boards/x.yaml:12: devices[2].rotation: 'YAW_91' is not a PX4 rotation name}.
 */
public final class BoardFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public BoardFileException(String message) {
        super(message);
    }
}
