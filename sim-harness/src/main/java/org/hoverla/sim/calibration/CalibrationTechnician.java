package org.hoverla.sim.calibration;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hoverla.core.calibration.CalibrationNarration;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.sim.physics.BenchFixture;
import org.hoverla.sim.sensors.MagSim;

/**
 * A simulated technician at the calibration bench: reads the {@code [cal]} lines as
 * QGroundControl's sensor page shows them to a person, and turns the vehicle in the
 * {@link BenchFixture} accordingly.
 *
 * <p>The lines are PX4's ({@code calibration_messages.h}, {@code calibration_routines.cpp},
 * {@code mag_calibration.cpp}); they are matched the way QGroundControl's
 * {@code SensorsComponentController::_handleUASTextMessage} matches them (prefix {@code [cal] },
 * then {@code calibration started: <version> <kind>}, {@code <side> orientation detected},
 * {@code <side> side done, rotate to a different side}, {@code <side> side already completed},
 * {@code calibration done:}, {@code calibration failed}, {@code calibration cancelled},
 * {@code progress <N>}), plus the lines QGC only shows: {@code pending: <sides>},
 * {@code hold vehicle still on a pending side}, {@code detected motion, hold still...} and
 * {@code Rotate vehicle around the detected orientation} / {@code Continue rotation for …}.
 *
 * <p>What it does ({@link Behaviour#NORMAL}):
 * <ul>
 *   <li>accel and mag: after {@link #REACTION_S}, leaves the vehicle on the side it sits on if
 *       that side is pending, else puts it on the first pending side in PX4's order (back front
 *       left right up down), and holds it still; on "side done" (or "already completed") it moves
 *       to the next pending side;</li>
 *   <li>mag: on "Rotate vehicle …" it turns the vehicle about the vertical on the side it sits
 *       on, at {@link #SPIN_RATE_RADPS}, until that side is done; if the calibration asks for
 *       rotation without having named a side, it does a coverage sweep instead (each side in
 *       turn, {@link #SWEEP_SIDE_S} about the vertical) until the calibration ends;</li>
 *   <li>gyro, level, baro, esc: holds the vehicle still and level;</li>
 *   <li>on done, failed or cancelled: sets it level and stops.</li>
 * </ul>
 * Misbehaviour for the bad-input tests: {@link Behaviour#MOVE_DURING_HOLD} rocks the vehicle
 * (±15°, 0.6 s period) once a side is detected or, for gyro/level/baro, once it is in place;
 * {@link Behaviour#SAME_SIDE_TWICE} leaves the vehicle on the side it just finished;
 * {@link Behaviour#IRON_NEAR_MAG} puts iron near the magnetometer for the magnetometer
 * calibration ({@link MagSim#nearbyIron}).
 *
 * <p>Threads: {@link #say} may be called from any thread (the calibration's, or a MAVLink
 * thread that refuses a start); it only queues the line. {@link #act} runs on the simulator's
 * thread after each step and does the work. Not for the flight thread.
 */
public final class CalibrationTechnician implements CalibrationNarration {
    /** How long a person takes to react to a line before moving (s). */
    public static final double REACTION_S = 0.2;
    /** How fast the technician turns the vehicle about the vertical for the magnetometer (rad/s). */
    public static final double SPIN_RATE_RADPS = Math.toRadians(60.0);
    /** In a coverage sweep, how long the vehicle turns on each side (s): two turns at 60°/s. */
    public static final double SWEEP_SIDE_S = 12.0;
    /** The rocking of {@link Behaviour#MOVE_DURING_HOLD}. */
    public static final double WOBBLE_AMPLITUDE_RAD = Math.toRadians(15.0);
    public static final double WOBBLE_PERIOD_S = 0.6;

    /** How the technician behaves. */
    public enum Behaviour {
        /** Follows the lines. */
        NORMAL,
        /** Moves the vehicle during a hold-still phase. */
        MOVE_DURING_HOLD,
        /** Presents the side it has just finished again instead of a pending one. */
        SAME_SIDE_TWICE,
        /** Leaves iron near the magnetometer during the magnetometer calibration. */
        IRON_NEAR_MAG
    }

    /** What the technician is doing. */
    public enum Phase { IDLE, CHOOSING, PLACING, HOLDING, ROTATING, SWEEPING, FINISHED }

    private static final String PREFIX = "[cal] ";

    private final BenchFixture fixture;
    private final MagSim mag;
    private final Behaviour behaviour;
    private final Queue<String> inbox = new ConcurrentLinkedQueue<>();
    private final List<String> heard = new ArrayList<>();
    private final List<BenchSide> presented = new ArrayList<>();
    private final List<String> misread = new ArrayList<>();
    private final EnumSet<BenchSide> pending = EnumSet.noneOf(BenchSide.class);
    private final EnumSet<BenchSide> done = EnumSet.noneOf(BenchSide.class);
    private final Quat pose = new Quat();
    private static final Vec3 UP_NED = new Vec3(0.0, 0.0, -1.0);
    private final Vec3 upBody = new Vec3();
    private Phase phase = Phase.IDLE;
    private String kind;
    private BenchSide current;
    private boolean sidesNamed;
    private boolean wobbleWhenPlaced;
    private long actAtNs;
    private long sweepSideUntilNs;
    private int sweepIndex;
    private double yawRad;
    private int progressPct = -1;
    private int alreadyCompleted;
    private int motionHeard;
    private String finalLine;

    /**
     * @param fixture   the bench the vehicle is held in (engaged by the caller)
     * @param mag       the simulated magnetometer, for {@link Behaviour#IRON_NEAR_MAG}; may be null otherwise
     * @param behaviour how to behave
     */
    public CalibrationTechnician(BenchFixture fixture, MagSim mag, Behaviour behaviour) {
        this.fixture = fixture;
        this.mag = mag;
        this.behaviour = behaviour;
    }

    @Override
    public void say(int severity, String text) {
        if (text != null) {
            inbox.add(text);
        }
    }

    /** Reads the lines heard since the last call and moves the vehicle; simulator thread, after each step. */
    public void act(long nowNs) {
        for (String line = inbox.poll(); line != null; line = inbox.poll()) {
            heard.add(line);
            handle(line, nowNs);
        }
        switch (phase) {
            case CHOOSING -> {
                if (nowNs >= actAtNs) {
                    BenchSide side = nextSide();
                    if (side == null) {
                        phase = Phase.HOLDING;
                    } else {
                        place(side);
                    }
                }
            }
            case PLACING -> {
                if (!fixture.moving()) {
                    phase = Phase.HOLDING;
                    if (wobbleWhenPlaced) {
                        wobbleWhenPlaced = false;
                        fixture.wobble(WOBBLE_AMPLITUDE_RAD, WOBBLE_PERIOD_S);
                    }
                }
            }
            case SWEEPING -> {
                if (!fixture.moving() && sweepSideUntilNs == 0L) {
                    fixture.spin(0.0, 0.0, 1.0, SPIN_RATE_RADPS);
                    sweepSideUntilNs = nowNs + (long) (SWEEP_SIDE_S * 1e9);
                } else if (sweepSideUntilNs != 0L && nowNs >= sweepSideUntilNs) {
                    sweepIndex = (sweepIndex + 1) % BenchSide.values().length;
                    sweepSideUntilNs = 0L;
                    current = BenchSide.values()[sweepIndex];
                    fixture.moveTo(current.attitude(yawRad, pose));
                }
            }
            default -> {
            }
        }
    }

    private void handle(String line, long nowNs) {
        if (!line.startsWith(PREFIX)) {
            return;
        }
        String text = line.substring(PREFIX.length()).trim();
        if (text.contains("progress <")) {
            int open = text.indexOf('<');
            int close = text.indexOf('>', open);
            if (close > open) {
                try {
                    progressPct = Integer.parseInt(text.substring(open + 1, close).trim());
                } catch (NumberFormatException e) {
                    // not a progress figure: QGC ignores it too
                }
            }
            return;
        }
        if (text.startsWith("calibration started:")) {
            String[] parts = text.substring("calibration started:".length()).trim().split("\\s+");
            start(parts[parts.length - 1].toLowerCase(Locale.ROOT), nowNs);
            return;
        }
        if (kind == null) {
            return;
        }
        if (text.startsWith("pending:")) {
            sidesNamed = true;
            pending.clear();
            for (String name : text.substring("pending:".length()).trim().split("\\s+")) {
                BenchSide side = BenchSide.fromPxName(name);
                if (side != null) {
                    pending.add(side);
                }
            }
            return;
        }
        if (text.endsWith("orientation detected")) {
            sidesNamed = true;
            BenchSide side = BenchSide.fromPxName(firstWord(text));
            if (side != current && current != null) {
                String note = (side == null ? firstWord(text) : side.pxName) + " detected, " + current.pxName + " presented";
                if (!misread.contains(note)) {
                    misread.add(note);
                }
            }
            if (behaviour == Behaviour.MOVE_DURING_HOLD && "accel".equals(kind) && phase == Phase.HOLDING) {
                fixture.wobble(WOBBLE_AMPLITUDE_RAD, WOBBLE_PERIOD_S);
            }
            return;
        }
        if (text.startsWith("Rotate vehicle") || text.startsWith("Continue rotation")) {
            if (phase == Phase.ROTATING || phase == Phase.SWEEPING) {
                return;
            }
            if (sidesNamed && current != null) {
                fixture.spin(0.0, 0.0, 1.0, SPIN_RATE_RADPS);
                phase = Phase.ROTATING;
            } else {
                // asked to rotate with no side named: cover the sphere side by side
                phase = Phase.SWEEPING;
                sweepIndex = 0;
                sweepSideUntilNs = 0L;
                current = BenchSide.values()[0];
                fixture.moveTo(current.attitude(yawRad, pose));
            }
            return;
        }
        // "contains": a ground-station text chunk of 50 characters may cut the tail off
        if (text.contains(" side done")) {
            BenchSide side = BenchSide.fromPxName(firstWord(text));
            if (side == null || done.contains(side)) {
                return; // PX4 says it twice
            }
            done.add(side);
            pending.remove(side);
            fixture.hold();
            nextAfter(nowNs);
            return;
        }
        if (text.contains(" side already completed")) {
            alreadyCompleted++;
            BenchSide side = BenchSide.fromPxName(firstWord(text));
            if (side != null) {
                done.add(side);
                pending.remove(side);
            }
            if (phase == Phase.HOLDING) {
                nextAfter(nowNs);
            }
            return;
        }
        if (text.contains("detected motion")) {
            motionHeard++;
            return;
        }
        if (text.startsWith("calibration done") || text.startsWith("calibration failed")
                || text.startsWith("calibration cancelled")) {
            finish(line);
        }
    }

    private void start(String calibrationKind, long nowNs) {
        kind = calibrationKind;
        finalLine = null;
        progressPct = 0;
        pending.clear();
        done.clear();
        sidesNamed = false;
        current = null;
        yawRad = fixture.attitude().yaw();
        if ("accel".equals(kind) || "mag".equals(kind)) {
            pending.addAll(EnumSet.allOf(BenchSide.class));
            phase = Phase.CHOOSING;
            actAtNs = nowNs + (long) (REACTION_S * 1e9);
            if (behaviour == Behaviour.IRON_NEAR_MAG && "mag".equals(kind) && mag != null) {
                mag.nearbyIron(true);
            }
        } else {
            wobbleWhenPlaced = behaviour == Behaviour.MOVE_DURING_HOLD;
            place(BenchSide.DOWN);
        }
    }

    private void nextAfter(long nowNs) {
        if (behaviour == Behaviour.SAME_SIDE_TWICE) {
            // stays where it is: the calibration sees the finished side again
            phase = Phase.HOLDING;
            return;
        }
        phase = Phase.CHOOSING;
        actAtNs = nowNs + (long) (REACTION_S * 1e9);
    }

    private void place(BenchSide side) {
        current = side;
        presented.add(side);
        fixture.moveTo(side.attitude(yawRad, pose));
        phase = Phase.PLACING;
    }

    /**
     * The side to present next: the one the vehicle already sits on if that is pending (a person
     * does not turn a vehicle away from a side the calibration still wants: the calibration may
     * already be measuring it), else the first pending side in PX4's order.
     */
    private BenchSide nextSide() {
        BenchSide on = sideOn();
        if (on != null && pending.contains(on) && !done.contains(on)) {
            return on;
        }
        for (BenchSide s : BenchSide.values()) {
            if (pending.contains(s) && !done.contains(s)) {
                return s;
            }
        }
        return null;
    }

    /** The side the vehicle sits on now (its up-pointing body axis within ~25°), or null. */
    private BenchSide sideOn() {
        fixture.attitude().rotateInverse(UP_NED, upBody);
        for (BenchSide s : BenchSide.values()) {
            double dot = upBody.x * s.specificForceDirection(0) + upBody.y * s.specificForceDirection(1)
                    + upBody.z * s.specificForceDirection(2);
            if (dot > 0.9) {
                return s;
            }
        }
        return null;
    }

    private void finish(String line) {
        finalLine = line;
        kind = null;
        phase = Phase.FINISHED;
        current = null;
        fixture.moveTo(BenchSide.DOWN.attitude(fixture.attitude().yaw(), pose));
        if (behaviour == Behaviour.IRON_NEAR_MAG && mag != null) {
            mag.nearbyIron(false);
        }
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    // ------------------------------------------------------------------ what a test looks at

    /** Every line heard so far, in order (simulator thread). */
    public List<String> heard() {
        return List.copyOf(heard);
    }

    /** The sides the technician put the vehicle on, in order. */
    public List<BenchSide> sidesPresented() {
        return List.copyOf(presented);
    }

    /** Sides the calibration named differently from the one presented ("X detected, Y presented"); empty when consistent. */
    public List<String> misreadSides() {
        return List.copyOf(misread);
    }

    public Phase phase() {
        return phase;
    }

    /** The calibration being followed ("accel", "mag", …), null when none. */
    public String kind() {
        return kind;
    }

    /** The side the vehicle is on (or being put on), null when none. */
    public BenchSide currentSide() {
        return current;
    }

    /** The last progress percentage heard, -1 before any. */
    public int progressPct() {
        return progressPct;
    }

    public int alreadyCompletedCount() {
        return alreadyCompleted;
    }

    public int motionHeardCount() {
        return motionHeard;
    }

    /** The "done", "failed" or "cancelled" line that ended the last calibration, null while none. */
    public String finalLine() {
        return finalLine;
    }

    public Behaviour behaviour() {
        return behaviour;
    }
}
