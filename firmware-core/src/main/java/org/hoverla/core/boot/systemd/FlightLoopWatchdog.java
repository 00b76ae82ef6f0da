package org.hoverla.core.boot.systemd;

import java.util.Map;
import java.util.function.LongSupplier;
import org.hoverla.core.timing.LoopHealth;

/**
 * Feeds systemd's watchdog ({@code WatchdogSec=} in the unit) from the flight loop's health, not
 * from a timer: a supervisor thread looks at {@link LoopHealth} every half watchdog period and
 * sends {@code WATCHDOG=1} only when the flight cycle count advanced since its last look. A
 * stalled flight thread therefore stops the feeding, and systemd kills and restarts the service
 * ({@code Restart=on-failure}). Timing outside its limits is not a stall: the dog is still fed and
 * the problem goes into {@code STATUS=}, because a restart stops the motors, the worst answer in
 * flight; slow timing is answered by the pre-arm gate and the in-flight degradation
 * ({@code LoopTimingGovernor}: optional work dropped, then Land). {@code READY=1} is sent once the first flight cycle has run, which
 * the boot reaches only after the links are up, so systemd counts the vehicle started when it is
 * flying and talking.
 *
 * <p>A commanded reboot (MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN, in the same process) is announced with
 * {@link #rebooting()}: the dog is fed for a bounded grace while the next vehicle boots, then the
 * next {@link #watch} takes over. Without {@code $NOTIFY_SOCKET} nothing is sent and no thread runs.
 *
 * <p>Threads: {@link #watch}, {@link #rebooting()} and {@link #close()} from the command's thread;
 * {@link #checkOnce()} from the supervisor thread (tests call it directly). Never the flight thread.
 */
public final class FlightLoopWatchdog implements AutoCloseable {
    /** How often the loop is looked at when systemd set no watchdog (only READY=1 is then due). */
    private static final long NO_WATCHDOG_PERIOD_NS = 500_000_000L;
    /** How long a commanded reboot may take before the dog goes hungry. */
    public static final long DEFAULT_REBOOT_GRACE_NS = 30_000_000_000L;

    /** What one look at the loop concluded. */
    public enum Verdict {
        /** no vehicle to watch and no reboot in progress */
        IDLE,
        /** booted, the first flight cycle has not run yet */
        STARTING,
        /** the first flight cycle ran: READY=1 sent */
        READY,
        /** cycles advancing, timing healthy: WATCHDOG=1 sent */
        FED,
        /** the cycle count did not move since the last look: not fed */
        STALLED,
        /** cycles advancing but timing outside its limits: fed, the problem in STATUS= */
        TIMING_UNHEALTHY,
        /** between two boots of a commanded reboot, within its grace: fed */
        REBOOTING,
        /** a commanded reboot overran its grace: not fed */
        REBOOT_OVERDUE
    }

    private final SystemdNotifier notifier;
    private final long watchdogPeriodNs;
    private final LongSupplier nanoClock;
    private final long rebootGraceNs;

    private volatile LoopHealth health;
    private volatile long rebootingSinceNs = -1;
    private long lastCycles = -1;
    private boolean ready;
    private Verdict lastVerdict = Verdict.IDLE;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param notifier         where messages go
     * @param watchdogPeriodNs systemd's watchdog period ({@code $WATCHDOG_USEC}), 0 when none is set
     * @param nanoClock        monotonic time in ns (System::nanoTime; tests step their own)
     * @param rebootGraceNs    how long a commanded reboot is fed without a flight loop
     */
    public FlightLoopWatchdog(SystemdNotifier notifier, long watchdogPeriodNs, LongSupplier nanoClock, long rebootGraceNs) {
        if (watchdogPeriodNs < 0 || rebootGraceNs < 0) {
            throw new IllegalArgumentException("negative watchdog period or reboot grace");
        }
        this.notifier = notifier;
        this.watchdogPeriodNs = watchdogPeriodNs;
        this.nanoClock = nanoClock;
        this.rebootGraceNs = rebootGraceNs;
    }

    /**
     * The watchdog systemd asked for: {@code $NOTIFY_SOCKET}, {@code $WATCHDOG_USEC}, and
     * {@code $WATCHDOG_PID} (when set, the watchdog is this process's only if it names it, as in
     * sd_watchdog_enabled(3)).
     */
    public static FlightLoopWatchdog fromEnvironment(Map<String, String> env, long pid) {
        long periodNs = 0;
        String usec = env.get("WATCHDOG_USEC");
        String wpid = env.get("WATCHDOG_PID");
        if (usec != null && !usec.isBlank() && (wpid == null || wpid.isBlank() || wpid.trim().equals(Long.toString(pid)))) {
            try {
                periodNs = Math.max(0, Long.parseLong(usec.trim())) * 1_000L;
            } catch (NumberFormatException e) {
                periodNs = 0;
            }
        }
        return new FlightLoopWatchdog(SystemdNotifier.fromEnvironment(env), periodNs, System::nanoTime,
                DEFAULT_REBOOT_GRACE_NS);
    }

    /** @return how often the supervisor looks: half the watchdog period, as sd_watchdog_enabled(3) advises */
    public long checkPeriodNs() {
        return watchdogPeriodNs > 0 ? watchdogPeriodNs / 2 : NO_WATCHDOG_PERIOD_NS;
    }

    /** @return whether systemd set a watchdog for this process */
    public boolean watchdogEnabled() {
        return notifier.enabled() && watchdogPeriodNs > 0;
    }

    /** Watches a booted vehicle's flight loop from now on (after each boot). */
    public synchronized void watch(LoopHealth loop) {
        health = loop;
        lastCycles = -1;
    }

    /** A commanded reboot begins: the old loop is no longer watched, the next boot has a grace. */
    public synchronized void rebooting() {
        health = null;
        rebootingSinceNs = nanoClock.getAsLong();
        notifier.notify("STATUS=rebooting (MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN)");
    }

    /** One look at the loop; sends what it concludes. */
    public synchronized Verdict checkOnce() {
        Verdict v = judge();
        switch (v) {
            case READY -> {
                notifier.notify("READY=1\nSTATUS=flight loop running");
                ready = true;
            }
            case FED, REBOOTING -> {
                String status = v == lastVerdict ? "" : v == Verdict.FED ? "\nSTATUS=flight loop running"
                        : "\nSTATUS=rebooting (MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN)";
                notifier.notify("WATCHDOG=1" + status);
            }
            case STALLED -> {
                if (lastVerdict != Verdict.STALLED) {
                    notifier.notify("STATUS=flight loop stalled at cycle " + lastCycles + "; watchdog not fed");
                }
            }
            case TIMING_UNHEALTHY -> notifier.notify("WATCHDOG=1" + (lastVerdict == Verdict.TIMING_UNHEALTHY ? ""
                    : "\nSTATUS=flight loop timing outside its limits: " + health.problem()));
            case REBOOT_OVERDUE -> {
                if (lastVerdict != Verdict.REBOOT_OVERDUE) {
                    notifier.notify("STATUS=reboot overran its grace; watchdog not fed");
                }
            }
            default -> {
                // IDLE, STARTING: nothing to say yet
            }
        }
        lastVerdict = v;
        return v;
    }

    private Verdict judge() {
        LoopHealth h = health;
        if (h == null) {
            if (rebootingSinceNs < 0) {
                return Verdict.IDLE;
            }
            return nanoClock.getAsLong() - rebootingSinceNs <= rebootGraceNs ? Verdict.REBOOTING : Verdict.REBOOT_OVERDUE;
        }
        long cycles = h.cycles();
        if (lastCycles < 0) {
            // First look at this boot's loop: it counts as running once its first cycle is done.
            if (cycles <= 0) {
                return rebootingSinceNs >= 0 ? rebootGrace() : Verdict.STARTING;
            }
            lastCycles = cycles;
            rebootingSinceNs = -1;
            return ready ? Verdict.FED : Verdict.READY;
        }
        if (cycles == lastCycles) {
            return Verdict.STALLED;
        }
        lastCycles = cycles;
        return h.timingHealthy() ? Verdict.FED : Verdict.TIMING_UNHEALTHY;
    }

    private Verdict rebootGrace() {
        return nanoClock.getAsLong() - rebootingSinceNs <= rebootGraceNs ? Verdict.REBOOTING : Verdict.REBOOT_OVERDUE;
    }

    /** Starts the supervisor thread (a daemon); does nothing when systemd gave no notify socket. */
    public synchronized void start() {
        if (!notifier.enabled() || thread != null) {
            return;
        }
        long periodMs = Math.max(1, checkPeriodNs() / 1_000_000L);
        thread = new Thread(() -> {
            while (!closed) {
                checkOnce();
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "systemd-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the supervisor and tells systemd the service is stopping (no more feeding is due). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            health = null;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        notifier.notify("STOPPING=1");
    }
}
