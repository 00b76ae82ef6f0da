package org.hoverla.core.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.selftest.SelfTestCheck;
import org.hoverla.core.selftest.SelfTestReport;
import org.hoverla.storage.AtomicFiles;

/**
 * The boot check of the A/B install (docs/boot-check.md): at each start of a version that has not
 * passed it yet, counts the start, runs the self-test, then watches a health window of
 * {@code UPD_HEALTH_S} one-second loop-timing verdicts; it commits the version, or switches
 * {@code current} back to the last good one (its own parameter file restored) and tells the
 * caller to exit non-zero so that systemd ({@code Restart=on-failure}) starts the version rolled
 * back to. The RAUC/Mender model ("mark good" only after the new slot proved healthy), for a
 * flight stack and its parameters.
 *
 * <p>Order of a trial start ({@link #onStart()}):
 * <ol>
 *   <li>no state, or {@code committed}: nothing to check, run normally;</li>
 *   <li>{@code trial_boots + 1} written <em>before anything else</em>, so a crash anywhere after it
 *       (self-test, boot, health window) counts as a failed start;</li>
 *   <li>more than {@value #MAX_TRIAL_BOOTS} starts without a commit: a crash loop, roll back;</li>
 *   <li>the self-test: any failed check rolls back, naming the first one;</li>
 *   <li>else the health window ({@link #beginHealthWindow(int)} once the vehicle runs, then
 *       {@link #tick()} once a second): a verdict outside the limits rolls back; {@code healthS}
 *       consecutive good verdicts spanning at least {@code healthS} seconds of the clock commit.</li>
 * </ol>
 * A rollback restores {@code update/params/TARGET.txt} over the live parameter file, switches
 * {@code current}, then writes the state (in that order: a crash in between leaves either the failed
 * version, which counts the start again, or the target with its own parameters); a commit first
 * snapshots the live parameter file as {@code update/params/V.txt}, then writes the state. Every
 * commit and rollback goes to the unit record ({@link UpdateJournal}) with the self-test result.
 *
 * <p>While a version is on trial {@link #preArmFailure()} refuses arming: a unit whose software
 * has not proved itself does not fly (PX4's pre-arm model), and the health window then judges the
 * loop on the ground, where a rollback (which stops the vehicle) cannot drop it out of the sky.
 *
 * <p>Pure logic over the layout, the files and the injected clock, self-test and health: no
 * thread of its own. Threads: {@link #onStart()} and {@link #beginHealthWindow(int)} on the boot
 * thread, {@link #tick()} on one monitor thread, {@link #preArmFailure()} and {@link #phase()} from
 * any thread (volatile reads; the flight thread may call them).
 */
public final class BootCheck {
    /** Trial starts allowed without a commit; the next one rolls back (a crash loop). */
    public static final int MAX_TRIAL_BOOTS = 3;
    /** The exit status after a rollback: non-zero, so systemd's {@code Restart=on-failure} starts the target. */
    public static final int EXIT_ROLLED_BACK = 3;
    /** The pre-arm refusal while on trial (fits a 50-character STATUSTEXT). */
    public static final String PREARM_ON_TRIAL = "Preflight Fail: new version on trial (boot check)";
    /** The pre-arm refusal when a failed boot check could not roll back. */
    public static final String PREARM_STUCK = "Preflight Fail: boot check failed, see update log";
    /** The pre-arm refusal when another version was installed during the health window. */
    public static final String PREARM_UPDATE_PENDING = "Preflight Fail: update installed, restart to run it";

    /** The production self-test as the boot check runs it (boot thread). */
    @FunctionalInterface
    public interface SelfTestRunner {
        /** @return the report; an exception counts as a failed self-test */
        SelfTestReport run() throws Exception;
    }

    /** The arming gate's loop-timing verdict, read once per {@link #tick()} (monitor thread). */
    @FunctionalInterface
    public interface Health {
        /**
         * @return "" when the loop kept the arming gate's limits over the last second, else which
         *         limit and its figure; null when there is no new second to judge (not counted)
         */
        String verdict();
    }

    /** Where the check stands. */
    public enum Phase {
        /** Not on trial (committed, no update state, or the state unusable): run normally, arm normally. */
        NORMAL,
        /** The trial start is counted and not a crash loop; the self-test comes next ({@link #countStart}). */
        TRIAL_COUNTED,
        /** Self-test passed; the health window runs (or is about to); arming refused. */
        HEALTH_WINDOW,
        /** Committed during this run. */
        COMMITTED,
        /** Rolled back: the caller stops the vehicle and exits {@link #EXIT_ROLLED_BACK}. */
        ROLLED_BACK,
        /** The check failed and no rollback was possible: keep running, arming refused. */
        STUCK
    }

    /**
     * @param phase   where the check stands after the call
     * @param version the version on trial (or running)
     * @param target  the version rolled back to, or null
     * @param message one line for the log: the reason of a rollback, a warning, or "" when there is nothing to say
     */
    public record Decision(Phase phase, String version, String target, String message) {
        /** @return whether the caller must stop and exit {@link #EXIT_ROLLED_BACK} */
        public boolean exit() {
            return phase == Phase.ROLLED_BACK;
        }
    }

    private final UpdateLayout layout;
    private final String running;
    private final Path liveParams;
    private final LongSupplier clockNs;
    private final Supplier<Instant> wallClock;
    private final SelfTestRunner selfTest;
    private final Health health;
    private final Consumer<String> log;

    private volatile Phase phase = Phase.NORMAL;
    private volatile String preArmFailure = "";
    private UpdateState trial;
    private volatile String rolledBackTo;
    private JsonNode selfTestResult;
    private int healthS;
    private long windowStartNs;
    private long lastCountedNs;
    private int goodSeconds;
    private int badSeconds;
    private int badLimit = 1;
    private boolean windowOpen;

    /**
     * @param layout     the A/B install's paths
     * @param running    the version this process runs (from its jar's path or {@code current}); null when unknown
     * @param liveParams the parameter file the vehicle loads (restored on rollback, snapshotted on commit); null: none
     * @param clockNs    monotonic nanoseconds (the health window's time base; a fake clock in tests)
     * @param wallClock  the time stamped on events
     * @param selfTest   the self-test
     * @param health     the loop-timing verdict
     * @param log        one line per decision
     */
    public BootCheck(UpdateLayout layout, String running, Path liveParams, LongSupplier clockNs,
                     Supplier<Instant> wallClock, SelfTestRunner selfTest, Health health, Consumer<String> log) {
        this.layout = layout;
        this.running = running;
        this.liveParams = liveParams;
        this.clockNs = clockNs;
        this.wallClock = wallClock;
        this.selfTest = selfTest;
        this.health = health;
        this.log = log;
    }

    /** The start of this process: counts a trial start, judges a crash loop, runs the self-test. Boot thread, once. */
    public Decision onStart() {
        Decision early = countedStart != null ? countedStart : countStart();
        if (early.phase() != Phase.TRIAL_COUNTED) {
            return early;
        }
        return selfTestStart();
    }

    /** What {@link #countStart} decided, once it ran. */
    private Decision countedStart;
    /** The state with this start counted, between {@link #countStart} and {@link #selfTestStart}. */
    private UpdateState counted;

    /**
     * The first step of {@link #onStart}, on its own so that {@code run} takes it before it reads
     * anything the new version brings (its board file parser, its options): a version that dies
     * there still has its start counted, and its 4th start still rolls back.
     *
     * @return {@link Phase#TRIAL_COUNTED} when the self-test is to follow; otherwise the final decision
     */
    public Decision countStart() {
        countedStart = countOnce();
        return countedStart;
    }

    /**
     * As {@link #countStart}, when the package's launcher has counted this start already
     * ({@code hoverla boot-check --count-start} from the package's own jar): reads the trial
     * without counting it again.
     */
    public Decision adoptCountedStart() {
        UpdateState s;
        try {
            s = UpdateState.read(layout.stateFile());
        } catch (IOException | RuntimeException e) {
            countedStart = normal(running, "update state unusable, boot check skipped, running " + running + " as linked: "
                    + e.getMessage());
            return countedStart;
        }
        if (s.current() == null || s.committed()) {
            countedStart = normal(s.current() == null ? running : s.current(), "");
        } else if (running != null && !running.equals(s.current())) {
            countedStart = normal(running, "update state names " + s.current() + " on trial but " + running
                    + " runs: boot check skipped");
        } else {
            counted = s;
            countedStart = new Decision(Phase.TRIAL_COUNTED, s.current(), null, "");
        }
        return countedStart;
    }

    private Decision countOnce() {
        UpdateState s;
        try {
            // An update killed half-way leaves partial directories and maybe a state that names a version the
            // link never reached: the link wins, before the trial start is counted.
            for (String line : UpdateRecovery.reconcile(layout)) {
                log.accept("boot check: update recovery: " + line);
            }
            s = UpdateState.read(layout.stateFile());
        } catch (IOException | RuntimeException e) {
            // A corrupt state must not ground the unit: the link's version boots, unchecked.
            return normal(running, "update state unusable, boot check skipped, running " + running + " as linked: "
                    + e.getMessage());
        }
        if (s.current() == null || s.committed()) {
            return normal(s.current() == null ? running : s.current(), "");
        }
        String v = s.current();
        if (running != null && !running.equals(v)) {
            return normal(running, "update state names " + v + " on trial but " + running
                    + " runs (an interrupted switch): boot check skipped");
        }
        int starts = s.trialBoots() + 1;
        UpdateState counted = new UpdateState(v, s.previous(), false, s.lastGood(), starts, s.lastEvent());
        try {
            counted.write(layout.stateFile());
        } catch (IOException e) {
            // Uncounted starts would hide a crash loop: do not run an unproven version we cannot count.
            return rollBack(s, v, "cannot count the trial start of " + v + ": " + e.getMessage(), null);
        }
        if (starts > MAX_TRIAL_BOOTS) {
            return rollBack(counted, v, "crash loop: " + starts + " starts of " + v + " without passing the boot check",
                    null);
        }
        this.counted = counted;
        return new Decision(Phase.TRIAL_COUNTED, v, null, "");
    }

    private Decision selfTestStart() {
        UpdateState counted = this.counted;
        String v = counted.current();
        int starts = counted.trialBoots();
        log.accept("boot check: " + v + " on trial, start " + starts + " of " + MAX_TRIAL_BOOTS + "; self-test");
        SelfTestReport report;
        long selfTestStartNs = clockNs.getAsLong();
        try {
            report = selfTest.run();
        } catch (Exception e) {
            return rollBack(counted, v, "self-test failed: could not run: " + e.getMessage(), null);
        }
        JsonNode result = payload(report);
        if (!report.passed()) {
            SelfTestCheck first = report.checks().stream().filter(c -> !c.passed()).findFirst().orElse(null);
            return rollBack(counted, v, "self-test failed: " + (first == null ? "no checks ran" : describe(first)), result);
        }
        trial = counted;
        selfTestResult = result;
        preArmFailure = PREARM_ON_TRIAL;
        phase = Phase.HEALTH_WINDOW;
        String message = String.format(java.util.Locale.ROOT, "boot check: %s passed its self-test (%d checks in %.1f s); "
                + "arming refused until the health window commits it", v, report.checks().size(),
                (clockNs.getAsLong() - selfTestStartNs) * 1e-9);
        log.accept(message);
        return new Decision(Phase.HEALTH_WINDOW, v, null, message);
    }

    /**
     * Opens the health window: from now, {@code healthS} one-second verdicts. Boot thread, once the
     * vehicle runs; does nothing unless {@link #onStart()} left the check in {@link Phase#HEALTH_WINDOW}.
     *
     * @param healthS the window, s (UPD_HEALTH_S)
     */
    public synchronized void beginHealthWindow(int healthS) {
        beginHealthWindow(healthS, 1);
    }

    /**
     * As {@link #beginHealthWindow(int)}, rolling back only after {@code badS} consecutive seconds
     * outside the limits (UPD_BAD_S; 1 = the first one). A bad second short of that restarts the
     * count of good ones: the commit still needs {@code healthS} consecutive good seconds.
     */
    /**
     * A health window not completed within this many times its length, and at least its length plus
     * {@link #WINDOW_DEADLINE_SLACK_S} (a vehicle reboot inside a short window), rolls back.
     */
    public static final int WINDOW_DEADLINE_FACTOR = 3;
    public static final int WINDOW_DEADLINE_SLACK_S = 60;

    /**
     * The health window never opened (the loop timing never produced its first whole window):
     * rolls back with the reason, as a failed window would. Monitor thread.
     */
    public synchronized Decision giveUp(String reason) {
        if (phase != Phase.HEALTH_WINDOW) {
            return new Decision(phase, trial == null ? running : trial.current(), null, "");
        }
        windowOpen = false;
        return rollBack(trial, trial.current(), reason, selfTestResult);
    }

    public synchronized void beginHealthWindow(int healthS, int badS) {
        if (phase != Phase.HEALTH_WINDOW || windowOpen) {
            return;
        }
        this.healthS = Math.max(1, healthS);
        this.badLimit = Math.max(1, badS);
        badSeconds = 0;
        windowStartNs = clockNs.getAsLong();
        lastCountedNs = windowStartNs;
        goodSeconds = 0;
        windowOpen = true;
        log.accept("boot check: health window of " + this.healthS + " s opened");
    }

    /**
     * One second of the health window: reads the verdict; a bad one rolls back, the
     * {@code healthS}-th good one commits. Verdicts closer than a second to the last one counted
     * are ignored (a second is the clock's, not the caller's). Monitor thread.
     */
    public synchronized Decision tick() {
        if (phase != Phase.HEALTH_WINDOW || !windowOpen) {
            return new Decision(phase, trial == null ? running : trial.current(), null, "");
        }
        String v = trial.current();
        long now = clockNs.getAsLong();
        String verdict = health.verdict();
        long deadlineS = Math.max((long) WINDOW_DEADLINE_FACTOR * healthS, healthS + WINDOW_DEADLINE_SLACK_S);
        if (now - windowStartNs > deadlineS * 1_000_000_000L) {
            // Seconds without a verdict (a stalled timing thread) must not keep a unit on trial, unflyable, for ever.
            windowOpen = false;
            return rollBack(trial, v, "health window not completed: " + goodSeconds + " of " + healthS
                    + " healthy seconds after " + deadlineS + " s", selfTestResult);
        }
        if (verdict == null) {
            return new Decision(phase, v, null, "");
        }
        boolean bad = !verdict.isEmpty();
        long atS = (now - windowStartNs) / 1_000_000_000L;
        if (bad && badSeconds + 1 >= badLimit) {
            badSeconds++;
            windowOpen = false;
            return rollBack(trial, v, "health window failed: " + verdict + " (" + atS + " s into a " + healthS + " s health window"
                    + (badLimit > 1 ? ", " + badSeconds + " bad seconds in a row" : "") + ")", selfTestResult);
        }
        if (now - lastCountedNs < 1_000_000_000L) {
            return new Decision(phase, v, null, ""); // not a new second of the clock
        }
        lastCountedNs = now;
        if (bad) {
            badSeconds++;
            goodSeconds = 0;
            log.accept("boot check: bad second " + badSeconds + " of " + badLimit + " allowed in a row: " + verdict
                    + " (at " + atS + " s); the count of good seconds starts over");
            return new Decision(phase, v, null, "");
        }
        badSeconds = 0;
        goodSeconds++;
        if (goodSeconds < healthS) {
            return new Decision(phase, v, null, "");
        }
        windowOpen = false;
        return commit(v);
    }

    /**
     * After a rollback in the health window, once the vehicle has stopped: writes the target's
     * parameter snapshot over the live file once more. The running vehicle may have saved a
     * PARAM_SET (debounced, MAVLink thread) after the rollback had restored it. Boot thread; does
     * nothing unless this check rolled back.
     */
    public synchronized void restoreParamsAfterStop() throws IOException {
        String target = rolledBackTo;
        if (phase != Phase.ROLLED_BACK || target == null || liveParams == null) {
            return;
        }
        Path snapshot = layout.paramsSnapshot(target);
        if (Files.exists(snapshot)) {
            AtomicFiles.write(liveParams, Files.readAllBytes(snapshot));
        }
    }

    /** @return the STATUSTEXT refusing arming, or "" (volatile read; allocation-free; any thread) */
    public String preArmFailure() {
        return preArmFailure;
    }

    /** @return where the check stands (any thread) */
    public Phase phase() {
        return phase;
    }

    /** @return the health window, s, or 0 before it opened */
    public synchronized int healthS() {
        return healthS;
    }

    /** @return consecutive good seconds so far in the health window */
    public synchronized int goodSeconds() {
        return goodSeconds;
    }

    private Decision normal(String version, String message) {
        phase = Phase.NORMAL;
        preArmFailure = "";
        if (!message.isEmpty()) {
            log.accept("boot check: " + message);
        }
        return new Decision(Phase.NORMAL, version, null, message);
    }

    private Decision commit(String v) {
        Decision superseded = supersededDuringWindow(v);
        if (superseded != null) {
            return superseded;
        }
        try {
            if (liveParams != null && Files.exists(liveParams)) {
                AtomicFiles.write(layout.paramsSnapshot(v), Files.readAllBytes(liveParams));
            } else if (liveParams != null) {
                // No file: every parameter at its default. The snapshot says so with an empty, sound
                // set (an empty file would read as corrupt, and the loader would fall back to NAME.bak).
                new ParamFile(layout.paramsSnapshot(v)).save(new ParamStore());
            }
            UpdateState.Event event = new UpdateState.Event("commit", trial.previous(), v, keyIdOf(v), "", now());
            new UpdateState(v, trial.previous(), true, v, 0, event).write(layout.stateFile());
            try {
                journal(event, selfTestResult);
            } catch (IOException e) {
                log.accept("boot check: unit record not written: " + e.getMessage());
            }
        } catch (IOException e) {
            return stuck(v, "commit of " + v + " failed: " + e.getMessage() + " (the next start counts as a trial again)");
        }
        phase = Phase.COMMITTED;
        preArmFailure = "";
        String message = "boot check: " + v + " committed after " + goodSeconds + " s of healthy loop timing";
        log.accept(message);
        return new Decision(Phase.COMMITTED, v, null, message);
    }

    /**
     * An update may be installed while this version runs its health window (the unit is disarmed then): the
     * state on disk then names the new version, and this check must neither commit over it nor roll it back.
     */
    private Decision supersededDuringWindow(String v) {
        if (phase != Phase.HEALTH_WINDOW) {
            return null;
        }
        try {
            UpdateState now = UpdateState.read(layout.stateFile());
            if (v.equals(now.current())) {
                return null;
            }
            // Still unproven, and no longer what starts next: arming stays refused until the restart.
            phase = Phase.STUCK;
            preArmFailure = PREARM_UPDATE_PENDING;
            String message = "boot check: " + now.current() + " was installed during " + v
                    + "'s health window; " + v + " is neither committed nor rolled back, and the next start checks "
                    + now.current();
            log.accept(message);
            return new Decision(Phase.STUCK, v, null, message);
        } catch (IOException e) {
            return null;
        }
    }

    private Decision rollBack(UpdateState s, String v, String reason, JsonNode selftest) {
        Decision superseded = supersededDuringWindow(v);
        if (superseded != null) {
            return superseded;
        }
        String target = installedOther(s.lastGood(), v);
        if (target == null) {
            target = installedOther(s.previous(), v);
        }
        if (target == null && Files.isRegularFile(packageJar())) {
            return rollBackToPackage(s, v, reason, selftest);
        }
        if (target == null) {
            String why = reason + "; no version to roll back to (last_good " + s.lastGood() + ", previous "
                    + s.previous() + ")";
            UpdateState.Event event = new UpdateState.Event("rollback", v, null, keyIdOf(v), why, now());
            try {
                new UpdateState(s.current(), s.previous(), s.committed(), s.lastGood(), s.trialBoots(), event)
                        .write(layout.stateFile());
                journal(event, selftest);
            } catch (IOException e) {
                why = why + "; state not written: " + e.getMessage();
            }
            return stuck(v, why);
        }
        String full = reason;
        try {
            Path snapshot = layout.paramsSnapshot(target);
            if (liveParams != null && Files.exists(snapshot)) {
                AtomicFiles.write(liveParams, Files.readAllBytes(snapshot));
            } else if (liveParams != null) {
                full = reason + "; no parameter snapshot of " + target + ", the parameter file is kept";
            }
            layout.switchCurrent(target);
            UpdateState.Event event = new UpdateState.Event("rollback", v, target, keyIdOf(target), full, now());
            new UpdateState(target, v, true, s.lastGood() != null ? s.lastGood() : target, 0, event)
                    .write(layout.stateFile());
            try {
                journal(event, selftest);
            } catch (IOException e) {
                log.accept("boot check: unit record not written: " + e.getMessage());
            }
        } catch (IOException e) {
            return stuck(v, reason + "; rollback to " + target + " failed: " + e.getMessage());
        }
        rolledBackTo = target;
        phase = Phase.ROLLED_BACK;
        preArmFailure = PREARM_STUCK;
        String message = "boot check: rolled back from " + v + " to " + target + ": " + full;
        log.accept(message);
        return new Decision(Phase.ROLLED_BACK, v, target, message);
    }

    private Decision stuck(String v, String why) {
        phase = Phase.STUCK;
        preArmFailure = PREARM_STUCK;
        String message = "boot check: " + why + "; " + v + " keeps running, arming refused";
        log.accept(message);
        return new Decision(Phase.STUCK, v, null, message);
    }

    /**
     * The first update of a unit installed from the package ({@code hoverla install}) has no earlier
     * version directory: its fallback is the package's own jar, which the package's launcher runs
     * whenever {@code current} is absent. So the link is removed, and the package version's parameter
     * snapshot (taken by the installer under the name it ran as) is restored.
     */
    private Decision rollBackToPackage(UpdateState s, String v, String reason, JsonNode selftest) {
        String pkg = s.lastEvent() != null && "install".equals(s.lastEvent().kind()) && s.lastEvent().from() != null
                ? s.lastEvent().from() : "package";
        String full = reason;
        try {
            Path snapshot = layout.paramsSnapshot(pkg);
            if (liveParams != null && Files.exists(snapshot)) {
                AtomicFiles.write(liveParams, Files.readAllBytes(snapshot));
            } else if (liveParams != null) {
                full = reason + "; no parameter snapshot of " + pkg + ", the parameter file is kept";
            }
            Files.deleteIfExists(layout.currentLink());
            UpdateLayout.forceDirectory(layout.installDir());
            UpdateState.Event event = new UpdateState.Event("rollback", v, pkg, null, full + " (back on the package's own jar)", now());
            new UpdateState(null, v, true, null, 0, event).write(layout.stateFile());
            try {
                journal(event, selftest);
            } catch (IOException e) {
                log.accept("boot check: unit record not written: " + e.getMessage());
            }
        } catch (IOException e) {
            return stuck(v, reason + "; rollback to the package's jar failed: " + e.getMessage());
        }
        rolledBackTo = pkg;
        phase = Phase.ROLLED_BACK;
        preArmFailure = PREARM_STUCK;
        String message = "boot check: rolled back from " + v + " to the package's " + pkg + ": " + full;
        log.accept(message);
        return new Decision(Phase.ROLLED_BACK, v, pkg, message);
    }

    private Path packageJar() {
        return layout.installDir().resolve("lib").resolve(RunningRelease.JAR_NAME);
    }

    /** The signer's key id of an installed version (its {@code release.minisig}), or null. */
    private String keyIdOf(String version) {
        if (version == null) {
            return null;
        }
        try {
            Path sig = layout.versionDir(version).resolve(RunningRelease.SIGNATURE_FILE);
            return Files.isRegularFile(sig) ? org.hoverla.core.release.Minisign.parseSignature(Files.readString(sig)).keyIdHex()
                    : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String installedOther(String candidate, String v) {
        return candidate != null && !candidate.equals(v) && Files.isDirectory(layout.versionDir(candidate))
                ? candidate : null;
    }

    private void journal(UpdateState.Event event, JsonNode selftest) throws IOException {
        UpdateJournal.record(layout, event, selftest);
    }

    private String now() {
        return wallClock.get().toString();
    }

    /** "DEVICE CHECK FIGURE (limit LIMIT): REASON", as a rollback's reason names a failed check. */
    static String describe(SelfTestCheck c) {
        StringBuilder b = new StringBuilder();
        b.append(c.device()).append(' ').append(c.check()).append(' ').append(c.figure());
        if (!c.limit().isEmpty()) {
            b.append(" (limit ").append(c.limit()).append(')');
        }
        if (!c.reason().isEmpty()) {
            b.append(": ").append(c.reason());
        }
        return b.toString();
    }

    /** The report as the unit record keeps it (as {@code selftest --json} writes it). */
    static JsonNode payload(SelfTestReport report) {
        ObjectNode node = new ObjectMapper().valueToTree(report);
        node.put("passed", report.passed());
        return node;
    }
}
