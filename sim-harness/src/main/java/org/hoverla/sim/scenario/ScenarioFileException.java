package org.hoverla.sim.scenario;

/** A scenario file that cannot be flown; the message is one line naming the file, the line and the reason. */
public final class ScenarioFileException extends Exception {
    public ScenarioFileException(String message) {
        super(message);
    }
}
