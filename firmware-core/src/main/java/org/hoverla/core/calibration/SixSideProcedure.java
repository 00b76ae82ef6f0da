package org.hoverla.core.calibration;

import org.hoverla.core.calibration.fit.AccelSide;
import org.hoverla.core.calibration.fit.AccelSideDetector;

/**
 * PX4's side-by-side loop ({@code calibrate_from_orientation} in {@code calibration_routines.cpp}),
 * shared by the accelerometer and magnetometer calibrations:
 * <pre>
 * [cal] pending: back front left right up down
 * [cal] hold vehicle still on a pending side
 * [cal] detected rest position, hold still...        (and "detected motion" if it moves again)
 * [cal] down orientation detected                    (twice, as PX4, against a lost STATUSTEXT)
 *   … the kind's own work on that side …
 * [cal] down side done, rotate to a different side   (twice)
 * </pre>
 * A rest position that matches no side ("ERROR: invalid orientation", then "[cal] detected motion,
 * hold still...") or a side already done ("[cal] up side already completed") counts as a failed
 * attempt and the loop asks again; more than four in a row fail the run, as PX4. Hoverla adds a
 * time limit: no side finished within {@value #SIDE_TIMEOUT_S} s of asking fails the run (PX4's
 * 90 s per detection ends in a sensor error). Sides are detected on the first IMU, rotated into
 * the body frame. Calibration thread.
 */
abstract class SixSideProcedure extends Procedure {
    static final int SIDES = 6;
    /** PX4's detect_orientation rule (each axis within 5 m/s²) plus a 1 g check. */
    static final AccelSideDetector SIDE_DETECTOR = new AccelSideDetector(CalibrationRunner.ONE_G);
    /** The side names in PX4's order, which is {@link AccelSide}'s. */
    static final String[] SIDE_NAMES = java.util.Arrays.stream(AccelSide.values()).map(s -> s.pxName).toArray(String[]::new);
    static final int MAX_FAILURES = 4;
    static final double SIDE_TIMEOUT_S = 60.0;
    static final long SIDE_TIMEOUT_NS = 60_000_000_000L;

    final boolean[] sideDone = new boolean[SIDES];
    int doneCount;
    CalibrationContext.Sensor imu;
    private final OrientationDetector detector;
    private boolean working;
    private long askedNs;
    private int failures;

    SixSideProcedure(CalibrationRunner runner, CalibrationContext ctx, boolean lenient) {
        super(runner, ctx);
        detector = new OrientationDetector(lenient);
    }

    /** The kind's checks before the loop (its sensors present); true to go on. */
    abstract boolean prepare(long nowNs);

    /** Work on a detected side starts. */
    abstract void workBegin(AccelSide side, long nowNs);

    abstract void workSample(RawSample s, long nowNs);

    abstract void workTick(long nowNs);

    /** Every side done: fit and {@link CalibrationRunner#finish}. */
    abstract void complete(long nowNs);

    @Override
    final void begin(long nowNs) {
        if (ctx.imus.isEmpty()) {
            runner.fail("no accel found");
            return;
        }
        imu = ctx.imus.get(0);
        if (prepare(nowNs)) {
            ask(nowNs);
        }
    }

    private void ask(long nowNs) {
        say(CalibrationTexts.pending(sideDone, SixSideProcedure.SIDE_NAMES));
        say(CalibrationTexts.HOLD_STILL_ON_PENDING);
        detector.reset();
        working = false;
        askedNs = nowNs;
    }

    @Override
    final void sample(RawSample s, long nowNs) {
        if (working) {
            workSample(s, nowNs);
            return;
        }
        if (s.sensor != RawSample.IMU || s.instance != imu.instance()) {
            return;
        }
        double fx = imu.rotation().bodyX(s.v[3], s.v[4], s.v[5]);
        double fy = imu.rotation().bodyY(s.v[3], s.v[4], s.v[5]);
        double fz = imu.rotation().bodyZ(s.v[3], s.v[4], s.v[5]);
        switch (detector.add(fx, fy, fz, s.timeNs)) {
            case OrientationDetector.REST:
                say(CalibrationTexts.REST_DETECTED);
                return;
            case OrientationDetector.MOTION:
                say(CalibrationTexts.MOTION_DETECTED);
                return;
            case OrientationDetector.SETTLED:
                settled(nowNs);
                return;
            default:
        }
    }

    private void settled(long nowNs) {
        AccelSide side = SixSideProcedure.SIDE_DETECTOR.detect(detector.ema(0), detector.ema(1), detector.ema(2));
        if (side == null) {
            runner.say(CalibrationRunner.CRITICAL, CalibrationTexts.INVALID_ORIENTATION);
            say(CalibrationTexts.MOTION_DETECTED);
            attemptFailed("no side detected", nowNs);
            return;
        }
        if (sideDone[side.ordinal()]) {
            say(CalibrationTexts.sideAlreadyCompleted(side.pxName));
            attemptFailed("same side again: " + side.pxName, nowNs);
            return;
        }
        say(CalibrationTexts.orientationDetected(side.pxName));
        say(CalibrationTexts.orientationDetected(side.pxName));
        failures = 0;
        working = true;
        workBegin(side, nowNs);
    }

    /** A try on a side went wrong (moved, misplaced, repeated): ask again, or fail after too many. */
    final void attemptFailed(String reason, long nowNs) {
        if (++failures > MAX_FAILURES) {
            runner.fail(reason);
            return;
        }
        ask(nowNs);
    }

    /** The worker finished {@code side}. */
    final void sideFinished(AccelSide side, long nowNs) {
        say(CalibrationTexts.sideDone(side.pxName));
        say(CalibrationTexts.sideDone(side.pxName));
        sideDone[side.ordinal()] = true;
        working = false;
        for (boolean d : sideDone) {
            if (!d) {
                ask(nowNs);
                return;
            }
        }
        complete(nowNs);
    }

    @Override
    final void tick(long nowNs) {
        if (working) {
            workTick(nowNs);
            return;
        }
        if (nowNs - askedNs > SIDE_TIMEOUT_NS) {
            runner.fail(CalibrationTexts.REASON_SIDE_TIMEOUT);
        }
    }
}
