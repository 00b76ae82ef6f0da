package org.hoverla.core.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The flight-log part of the kill -9 loop ({@link KillLoopIT}): what the child writes while it is
 * killed, and how the parent reads it back after each kill.
 *
 * <p>{@link #create()} returns {@link UlogKillLoopWorkload}, the real ULog writer;
 * {@code -Dhoverla.killloop.log=CLASS} names another (the earlier stand-in
 * {@link AppendOnlyLogStandIn}, fixed-size records, is kept for comparison).
 *
 * <p>Threads: the child's main thread calls {@link #start} and {@link #record}; the parent's test
 * thread calls {@link #highestDurable}. Implementations need a public no-argument constructor.
 */
public interface KillLoopLogWorkload {
    /** The system property that names an implementation class to use instead of the stand-in. */
    String PROPERTY = "hoverla.killloop.log";

    /** Child: begins a new log in {@code dir} (as a boot or an arming would), named after {@code child}. */
    void start(Path dir, int child) throws IOException;

    /**
     * Child: logs one record carrying {@code seq} (strictly increasing, across children too).
     *
     * @return whether every record up to and including {@code seq} is now forced to the device
     */
    boolean record(long seq) throws IOException;

    /**
     * Parent, after a kill: reads every log in {@code dir} with the real reader.
     *
     * @return the highest {@code seq} any log holds, 0 when there is none yet
     * @throws IOException naming the file when a log cannot be read (damage other than a torn tail)
     */
    long highestDurable(Path dir) throws IOException;

    /** The workload the kill loop runs: the property's class, else the stand-in. */
    static KillLoopLogWorkload create() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            return new UlogKillLoopWorkload();
        }
        try {
            return (KillLoopLogWorkload) Class.forName(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(PROPERTY + "=" + name + ": not a KillLoopLogWorkload: " + e, e);
        }
    }
}
