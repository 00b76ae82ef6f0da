package org.hoverla.sim.calibration;

import java.util.EnumSet;
import org.hoverla.core.calibration.CalibrationNarration;
import org.hoverla.core.calibration.fit.StillnessDetector;
import org.hoverla.hal.ImuSample;
import org.hoverla.sim.physics.Airframe;

/**
 * Test double of a calibration's narration, not a calibration: it watches the simulated IMU and
 * says the {@code [cal]} lines in the order PX4's {@code calibrate_from_orientation} and
 * {@code mag_calibration_worker} say them (pending sides, hold still, orientation detected,
 * rotate, side done or already completed, done or failed), so the technician's side of the
 * protocol can be tested in lockstep before the real runner exists. Fits nothing, writes nothing.
 * Rest is 1 s of quiet IMU (PX4 asks 1.3 s, 0.5 s for the magnetometer).
 */
final class Px4NarrationScript {
    private static final double G = Airframe.GRAVITY_MPS2;

    private enum State { IDLE, PROMPT, WAIT_STILL, MEASURE, ROTATE, FINISHED }

    private final CalibrationNarration out;
    private final StillnessDetector still = new StillnessDetector(1000, 0.2, 0.05);
    private final EnumSet<BenchSide> collected = EnumSet.noneOf(BenchSide.class);
    private final double[] v = new double[6];
    private State state = State.IDLE;
    private String kind;
    private BenchSide side;
    private int measured;
    private int repeats;
    private double turnedRad;

    Px4NarrationScript(CalibrationNarration out) {
        this.out = out;
    }

    void start(String calibrationKind) {
        kind = calibrationKind;
        collected.clear();
        repeats = 0;
        say("[cal] calibration started: 2 " + kind);
        state = "gyro".equals(kind) ? State.WAIT_STILL : State.PROMPT;
        still.reset();
    }

    boolean finished() {
        return state == State.FINISHED;
    }

    /** One IMU sample (1 kHz). */
    void onImu(ImuSample s) {
        v[0] = s.gyroXRadps;
        v[1] = s.gyroYRadps;
        v[2] = s.gyroZRadps;
        v[3] = s.accelXMps2;
        v[4] = s.accelYMps2;
        v[5] = s.accelZMps2;
        switch (state) {
            case PROMPT -> {
                StringBuilder pending = new StringBuilder("[cal] pending:");
                for (BenchSide b : BenchSide.values()) {
                    if (!collected.contains(b)) {
                        pending.append(' ').append(b.pxName);
                    }
                }
                say(pending.toString());
                say("[cal] hold vehicle still on a pending side");
                still.reset();
                state = State.WAIT_STILL;
            }
            case WAIT_STILL -> {
                still.add(v);
                if (!still.still()) {
                    return;
                }
                if ("gyro".equals(kind)) {
                    measured = 0;
                    state = State.MEASURE;
                    return;
                }
                side = classify();
                if (side == null) {
                    return;
                }
                if (collected.contains(side)) {
                    say("[cal] " + side.pxName + " side already completed");
                    if (++repeats > 4) {
                        fail("timeout: no motion");
                    } else {
                        state = State.PROMPT;
                    }
                    return;
                }
                repeats = 0;
                say("[cal] " + side.pxName + " orientation detected");
                say("[cal] " + side.pxName + " orientation detected");
                if ("mag".equals(kind)) {
                    say("[cal] Rotate vehicle around the detected orientation");
                    say("[cal] Continue rotation for " + side.pxName + " 20.0 s");
                    turnedRad = 0.0;
                    state = State.ROTATE;
                } else {
                    measured = 0;
                    state = State.MEASURE;
                }
            }
            case MEASURE -> {
                still.add(v);
                if (!still.still()) {
                    fail("motion while measuring");
                    return;
                }
                if (++measured >= 1000) {
                    if ("gyro".equals(kind)) {
                        done();
                    } else {
                        sideDone();
                    }
                }
            }
            case ROTATE -> {
                turnedRad += Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) * 0.001;
                if (turnedRad >= 2.0 * Math.PI) {
                    sideDone();
                }
            }
            default -> {
            }
        }
    }

    private void sideDone() {
        say("[cal] " + side.pxName + " side done, rotate to a different side");
        say("[cal] " + side.pxName + " side done, rotate to a different side");
        collected.add(side);
        say("[cal] progress <" + (100 * collected.size() / 6) + ">");
        if (collected.size() == 6) {
            done();
        } else {
            state = State.PROMPT;
        }
    }

    private void done() {
        say("[cal] calibration done: " + kind);
        state = State.FINISHED;
    }

    private void fail(String reason) {
        say("[cal] calibration failed: " + reason);
        state = State.FINISHED;
    }

    /** PX4's detect_orientation: the axis within 5 m/s² of ±g with the others within 5 m/s² of 0. */
    private BenchSide classify() {
        for (BenchSide b : BenchSide.values()) {
            boolean match = true;
            for (int i = 0; i < 3; i++) {
                if (Math.abs(still.mean(3 + i) - G * b.specificForceDirection(i)) >= 5.0) {
                    match = false;
                }
            }
            if (match) {
                return b;
            }
        }
        return null;
    }

    private void say(String line) {
        out.say(6, line);
    }
}
