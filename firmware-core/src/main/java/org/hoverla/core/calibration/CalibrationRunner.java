package org.hoverla.core.calibration;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs one calibration at a time: started from MAV_CMD_PREFLIGHT_CALIBRATION or
 * {@code ./hoverla calibrate}, fed by the {@link RawSampleTap}, narrated in {@code [cal]} lines
 * ({@link CalibrationTexts}: PX4's texts, which QGroundControl's sensor pages parse), its results
 * written to the parameters all at once at the end, or not at all. Not on the flight thread: on a
 * vehicle a calibration thread calls {@link #step} every 10 ms; in the lockstep simulator the
 * simulator's thread calls it after each flight cycle, so runs are deterministic.
 *
 * <p>What ends a run early, each with {@code [cal] calibration failed: <reason>} (or
 * {@code [cal] calibration cancelled}) and nothing written: {@link #cancel}; the vehicle armed
 * (arming is refused meanwhile: {@link CalibrationContext.Builder#calibratingFlag}); raw samples
 * stopping for {@value #DATA_TIMEOUT_S} s ("reading sensor"); each kind's own motion, side and
 * time limits; a result the parameters refuse or a save that fails. A reboot loses only the run,
 * since nothing is written before the end. A calibration is not tied to the ground station's
 * link: it goes on when the link drops (the technician may be turning the vehicle out of radio
 * reach), every phase has its own timeout, and a reconnected ground station re-reads CAL_*.
 *
 * <p>Threads: {@link #start}, {@link #cancel} (MAVLink thread or console) and {@link #step}
 * (calibration thread) synchronise on this object; narrations are called with it held and must
 * not call back.
 */
public final class CalibrationRunner {
    /** MAV_SEVERITY of ordinary lines. */
    static final int INFO = 6;
    /** MAV_SEVERITY of failures (PX4 calibration_log_critical). */
    static final int CRITICAL = 2;
    /** CAL_*_TEMP when the chip gave no temperature. */
    public static final double TEMP_UNKNOWN = -1000.0;
    /** PX4 CONSTANTS_ONE_G. */
    public static final double ONE_G = 9.80665;
    static final double DATA_TIMEOUT_S = 2.0;
    static final long DATA_TIMEOUT_NS = 2_000_000_000L;

    /** How a start request was answered. */
    public enum Start {
        /** Running (it may already have failed, e.g. no sensor of the kind: see {@link #lastOutcome}). */
        STARTED,
        /** Another calibration runs (PX4: TEMPORARILY_REJECTED). */
        BUSY,
        /** The vehicle is armed (PX4: TEMPORARILY_REJECTED). */
        ARMED,
        /** Refused before starting, with a failed line: ESC without props-off, battery connected, no outputs. */
        REFUSED
    }

    private final CalibrationContext ctx;
    private final List<CalibrationNarration> narrations = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<CalibrationOutcome>> outcomeListeners = new CopyOnWriteArrayList<>();
    private final RawSample scratch = new RawSample();
    private Procedure procedure;
    private CalibrationKind kind;
    private boolean ended;
    private long lastDataNs;
    private CalibrationOutcome lastOutcome;

    public CalibrationRunner(CalibrationContext ctx) {
        this.ctx = ctx;
    }

    /** Adds a listener for the {@code [cal]} lines (before {@link #start}). */
    public void addNarration(CalibrationNarration narration) {
        narrations.add(narration);
    }

    /**
     * Adds a listener told of every ended run (done, failed or cancelled), on the calibration's
     * thread, after the parameters were written (the unit record keeps recalibrations).
     */
    public void addOutcomeListener(java.util.function.Consumer<CalibrationOutcome> listener) {
        outcomeListeners.add(listener);
    }

    /** @return false (with a {@code [cal] calibration failed: …} line) when one is running or the vehicle is armed */
    public boolean start(CalibrationKind kind, long nowNs) {
        return request(kind, nowNs, false) == Start.STARTED;
    }

    /**
     * Starts a calibration.
     *
     * @param propsOffConfirmed ESC only: the operator confirmed the propellers are off (QGroundControl's
     *                          ESC page asks before it sends the command; the console asks itself)
     */
    public synchronized Start request(CalibrationKind kind, long nowNs, boolean propsOffConfirmed) {
        if (procedure != null) {
            // PX4 calibrate_cancel_check: not a "[cal] … failed" line, which would end the running
            // calibration's page in QGroundControl.
            say(CRITICAL, CalibrationTexts.COMMAND_DENIED);
            return Start.BUSY;
        }
        if (ctx.armed.getAsBoolean()) {
            say(CRITICAL, CalibrationTexts.failed(CalibrationTexts.REASON_ARMED));
            lastOutcome = new CalibrationOutcome(kind, CalibrationOutcome.Result.FAILED, CalibrationTexts.REASON_ARMED,
                    Map.of());
            return Start.ARMED;
        }
        if (kind == CalibrationKind.ESC) {
            String refusal = EscProcedure.refusal(ctx, propsOffConfirmed, nowNs);
            if (refusal != null) {
                say(CRITICAL, CalibrationTexts.failed(refusal));
                lastOutcome = new CalibrationOutcome(kind, CalibrationOutcome.Result.FAILED, refusal, Map.of());
                return Start.REFUSED;
            }
        }
        this.kind = kind;
        this.ended = false;
        this.procedure = create(kind);
        this.lastDataNs = nowNs;
        ctx.calibrating.set(true);
        ctx.tap.enable();
        say(INFO, CalibrationTexts.started(kind));
        try {
            procedure.begin(nowNs);
        } catch (RuntimeException e) {
            fail(CalibrationTexts.fit("error: " + e.getClass().getSimpleName()));
        }
        return Start.STARTED;
    }

    /** Cancels the running calibration: nothing is written, {@code [cal] calibration cancelled}. */
    public synchronized void cancel(long nowNs) {
        if (procedure == null) {
            return;
        }
        say(CRITICAL, CalibrationTexts.CANCELLED);
        end(CalibrationOutcome.Result.CANCELLED, "cancelled", Map.of());
    }

    /** Drains the tap and advances the running calibration. */
    public synchronized void step(long nowNs) {
        if (procedure == null) {
            return;
        }
        try {
            int required = procedure.requiredSensor();
            while (!ended && ctx.tap.poll(scratch)) {
                if (scratch.sensor == required) {
                    lastDataNs = nowNs;
                }
                procedure.sample(scratch, nowNs);
            }
            if (ended) {
                return;
            }
            if (ctx.armed.getAsBoolean()) {
                fail("vehicle armed");
                return;
            }
            if (required >= 0 && nowNs - lastDataNs > DATA_TIMEOUT_NS) {
                fail(CalibrationTexts.REASON_SENSOR);
                return;
            }
            procedure.tick(nowNs);
        } catch (RuntimeException e) {
            if (!ended) {
                fail(CalibrationTexts.fit("error: " + e.getClass().getSimpleName()));
            }
        }
    }

    public synchronized boolean running() {
        return procedure != null;
    }

    /** The kind running, or null. */
    public synchronized CalibrationKind runningKind() {
        return procedure == null ? null : kind;
    }

    /** The last finished calibration's outcome, null before any. */
    public synchronized CalibrationOutcome lastOutcome() {
        return lastOutcome;
    }

    // ---- for the procedures (calibration thread, lock held) ----

    void say(int severity, String text) {
        String line = CalibrationTexts.fit(text);
        for (CalibrationNarration n : narrations) {
            n.say(severity, line);
        }
    }

    void progress(int percent) {
        say(INFO, CalibrationTexts.progress(percent));
    }

    /** Ends the run as failed, writing nothing. */
    void fail(String reason) {
        if (ended) {
            return;
        }
        say(CRITICAL, CalibrationTexts.failed(reason));
        end(CalibrationOutcome.Result.FAILED, reason, Map.of());
    }

    /** Writes {@code values} (all or none) and ends the run as done, or as failed when they are refused. */
    void finish(Map<String, Double> values) {
        if (ended) {
            return;
        }
        if (!values.isEmpty()) {
            try {
                ctx.store.write(values);
            } catch (IllegalArgumentException e) {
                fail(CalibrationTexts.fit("params: " + e.getMessage()));
                return;
            } catch (IOException e) {
                fail(CalibrationTexts.REASON_SAVE);
                return;
            }
        }
        say(INFO, CalibrationTexts.done(kind));
        end(CalibrationOutcome.Result.DONE, "", values);
    }

    /** UTC date now as yyyymmdd (CAL_*_DATE). */
    int utcDate() {
        LocalDate d = Instant.ofEpochMilli(ctx.utcMillis.getAsLong()).atZone(ZoneOffset.UTC).toLocalDate();
        return d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    /** The current UTC year as a decimal (for the expected magnetic field). */
    double utcYear() {
        LocalDate d = Instant.ofEpochMilli(ctx.utcMillis.getAsLong()).atZone(ZoneOffset.UTC).toLocalDate();
        return d.getYear() + (d.getDayOfYear() - 1) / 365.25;
    }

    private void end(CalibrationOutcome.Result result, String reason, Map<String, Double> written) {
        ended = true;
        Procedure p = procedure;
        procedure = null;
        try {
            p.end();
        } finally {
            ctx.tap.disable();
            ctx.calibrating.set(false);
            lastOutcome = new CalibrationOutcome(kind, result, reason, written);
        }
        for (java.util.function.Consumer<CalibrationOutcome> l : outcomeListeners) {
            l.accept(lastOutcome);
        }
    }

    private Procedure create(CalibrationKind k) {
        switch (k) {
            case GYRO:
                return new GyroProcedure(this, ctx);
            case ACCEL:
                return new AccelProcedure(this, ctx);
            case MAG:
                return new MagProcedure(this, ctx);
            case LEVEL:
                return new LevelProcedure(this, ctx);
            case BARO:
                return new BaroProcedure(this, ctx);
            case ESC:
                return new EscProcedure(this, ctx);
            default:
                throw new IllegalArgumentException(k.toString());
        }
    }
}
