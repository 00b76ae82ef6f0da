package org.hoverla.core.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a running vehicle tells a separate {@code ./hoverla update} process that it is armed:
 * the file {@code STATE_DIR/run/armed}, present only while armed, holding
 * {@code PID START_EPOCH_MS} of the vehicle process.
 *
 * <p>Writer: {@link #set(boolean)} from a non-flight thread ({@link #watch} polls the flight
 * bus's arming state every {@value #POLL_MS} ms), writing only on a change; the file is written
 * whole, forced and renamed, and removed on disarm. At boot the writer removes a marker left by
 * an earlier process (a vehicle starts disarmed).
 *
 * <p>Reader: {@link #armedBy(Path)} believes a marker only while that process is alive and
 * started when the marker says, so a marker left by a killed vehicle, or a pid reused after a
 * reboot, does not block updates for ever. A marker it cannot read counts as armed (fail safe).
 */
public final class ArmedMarker {
    /** Polling period of {@link #watch}: an update starts at most this long after the arming it must refuse. */
    public static final long POLL_MS = 50;
    private final Path file;
    private final String self;
    private Boolean written;

    /** A writer for this process. */
    public ArmedMarker(Path stateDir) {
        this(stateDir, ProcessHandle.current());
    }

    ArmedMarker(Path stateDir, ProcessHandle process) {
        this.file = file(stateDir);
        this.self = process.pid() + " " + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    public static Path file(Path stateDir) {
        return stateDir.resolve("run").resolve("armed");
    }

    /** Writes or removes the marker when the arming state changed since the last call (first call always). */
    public void set(boolean armed) throws IOException {
        if (written != null && written == armed) {
            return;
        }
        if (armed) {
            TrustList.writeAtomically(file, self + "\n");
        } else if (Files.deleteIfExists(file)) {
            UpdateLayout.forceDirectory(file.getParent());
        }
        written = armed;
    }

    /**
     * Starts a daemon thread ({@code armed-marker}) that mirrors {@code armed} into the marker
     * until {@code stop} says so; a write failure is logged once and retried at the next change.
     */
    public static Thread watch(Path stateDir, BooleanSupplier armed, BooleanSupplier stop, Consumer<String> log) {
        ArmedMarker marker = new ArmedMarker(stateDir);
        Thread t = new Thread(() -> {
            boolean failed = false;
            while (!stop.getAsBoolean()) {
                try {
                    marker.set(armed.getAsBoolean());
                    failed = false;
                } catch (IOException | RuntimeException e) {
                    marker.written = null;
                    if (!failed) {
                        log.accept("update: cannot write the armed marker " + marker.file + ": " + e.getMessage());
                    }
                    failed = true;
                }
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    break;
                }
            }
            try {
                marker.set(false);
            } catch (IOException e) {
                // the reader ignores a marker whose process is gone
            }
        }, "armed-marker");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The process that says it is armed, as one phrase ("pid 1234"), or empty when the vehicle is
     * not armed (no marker, or its process is gone).
     */
    public static Optional<String> armedBy(Path stateDir) {
        Path f = file(stateDir);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("unreadable marker " + f);
        }
        String[] parts = text.split("\\s+");
        long pid;
        long started;
        try {
            pid = Long.parseLong(parts[0]);
            started = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return Optional.of("unreadable marker " + f);
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return Optional.empty();
        }
        long actual = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        if (started != 0 && actual != 0 && actual != started) {
            return Optional.empty(); // the pid was reused by another process
        }
        return Optional.of("pid " + pid);
    }
}
