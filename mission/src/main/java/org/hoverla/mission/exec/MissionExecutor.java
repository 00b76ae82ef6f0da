package org.hoverla.mission.exec;

import java.util.List;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;

/**
 * Flies a mission: turns the current item into a position setpoint with velocity
 * feed-forward, decides when an item is reached, and moves on (DO_JUMP repeats, delays, speed
 * changes, ROI, camera events). Called by the navigator on the flight thread: after
 * construction nothing allocates — {@link #load} converts the items into preallocated arrays.
 *
 * <p>Legs are straight lines flown at the mission speed with an acceleration limit; at a
 * pass-through waypoint (no hold time, next item also a waypoint) the next leg starts at the
 * current speed as soon as the vehicle is within the acceptance radius, so it does not stop.
 * The heading points along the leg unless a waypoint gives a yaw or a region of interest is set.
 * Loiter turns are flown as a hold of the equivalent time (no orbit yet).
 *
 * <p>"Here": a takeoff, land or loiter at latitude = longitude = 0 ({@link MissionItem#isHere()},
 * as Mission Planner writes them) takes the vehicle's horizontal position when the item starts,
 * as ArduCopter does: a takeoff climbs straight up from where the vehicle stands at mission start,
 * a land descends where the vehicle is when the landing item begins. The item's altitude still
 * applies. Resolved in {@code startItem} from the position passed to {@link #update}, so nothing is
 * allocated and the stored plan keeps its bits.
 *
 * <p>Frame of all positions: local NED metres of the estimator's frame, whose reference
 * (latitude, longitude, altitude AMSL) is given to {@link #load}.
 */
public final class MissionExecutor {
    /** Setpoint output, written by {@link #update}: position, velocity (NaN = free), yaw. */
    public final double[] posSp = new double[3];
    public final double[] velSp = new double[3];
    public double yawSpRad = Double.NaN;
    /** True while the current item brings the vehicle down to land. */
    public boolean landing;

    private static final double DEFAULT_ACCEPTANCE_M = 1.0;
    private static final double YAW_DONE_RAD = Math.toRadians(5.0);
    private static final double ALT_DONE_M = 0.5;

    private final int capacity;
    private final int[] cmd;
    private final boolean[] hasPos;
    private final double[] n;
    private final double[] e;
    private final double[] d;
    private final float[] p1;
    private final float[] p2;
    private final float[] p3;
    private final float[] p4;
    private final int[] jumpsLeft;
    private final double[] ne = new double[2];
    private final LocalFrame frame = new LocalFrame();
    private final MissionEvents events;

    private int count;
    private int current;
    private boolean complete;
    private boolean itemStarted;
    private long itemTimerNs;
    private double speed;
    private double cruiseSpeed = 5.0;
    private double climbSpeed = 1.5;
    private double descentSpeed = 0.7;
    private double accel = 2.0;
    private boolean roiActive;
    private double roiN;
    private double roiE;
    private final double[] legFrom = new double[3];
    private final double[] legTo = new double[3];
    private double legLength;
    private double legTravelled;
    private double legSpeed;
    private boolean holding;
    private double lastN;
    private double lastE;
    private double lastD;
    private boolean climbFirst;
    private boolean climbStarted;
    private double climbDownM;

    public MissionExecutor(int capacity, MissionEvents events) {
        this.capacity = capacity;
        this.events = events;
        cmd = new int[capacity];
        hasPos = new boolean[capacity];
        n = new double[capacity];
        e = new double[capacity];
        d = new double[capacity];
        p1 = new float[capacity];
        p2 = new float[capacity];
        p3 = new float[capacity];
        p4 = new float[capacity];
        jumpsLeft = new int[capacity];
    }

    /** Speeds and acceleration of auto flight (m/s, m/s²). */
    public void setLimits(double cruiseMps, double climbMps, double descentMps, double accelMps2) {
        cruiseSpeed = cruiseMps;
        climbSpeed = climbMps;
        descentSpeed = descentMps;
        accel = accelMps2;
    }

    /**
     * Loads a mission (validated beforehand). Positions are converted to the local frame whose
     * origin is (refLat, refLon, refAltAmsl); relative altitudes are above {@code homeAltAmslM}.
     *
     * @return false when the mission is larger than the capacity (nothing loaded)
     */
    public boolean load(List<MissionItem> items, double refLatDeg, double refLonDeg, double refAltAmslM,
                        double homeAltAmslM) {
        if (items.size() > capacity) {
            return false;
        }
        frame.reset(refLatDeg, refLonDeg);
        count = items.size();
        for (int i = 0; i < count; i++) {
            MissionItem it = items.get(i);
            cmd[i] = it.command();
            p1[i] = it.param1();
            p2[i] = it.param2();
            p3[i] = it.param3();
            p4[i] = it.param4();
            boolean positional = it.frame() != MissionItem.FRAME_MISSION && (it.x() != 0 || it.y() != 0);
            hasPos[i] = positional;
            if (positional) {
                frame.toNorthEast(it.latDeg(), it.lonDeg(), ne);
                n[i] = ne[0];
                e[i] = ne[1];
            }
            boolean relative = it.frame() == MissionItem.FRAME_GLOBAL_RELATIVE_ALT
                    || it.frame() == MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT;
            d[i] = relative ? refAltAmslM - (homeAltAmslM + it.z()) : refAltAmslM - it.z();
            jumpsLeft[i] = cmd[i] == MavCmd.DO_JUMP ? Math.max(0, (int) it.param2()) : 0;
        }
        current = 0;
        complete = count == 0;
        itemStarted = false;
        roiActive = false;
        climbFirst = false;
        speed = cruiseSpeed;
        return true;
    }

    public int count() {
        return count;
    }

    public int currentSeq() {
        return current;
    }

    /** True while the current item is a takeoff (the vehicle must leave the ground). */
    public boolean currentIsTakeoff() {
        return count > 0 && current < count && cmd[current] == MavCmd.NAV_TAKEOFF;
    }

    /**
     * True while the current item flies somewhere (takeoff, waypoint, loiter): a mission without
     * a takeoff item that starts on the ground climbs along its first leg, as PX4 does.
     */
    public boolean currentLeavesGround() {
        if (count == 0 || current >= count || complete) {
            return false;
        }
        int c = cmd[current];
        return c == MavCmd.NAV_TAKEOFF || (isPositional(c) && c != MavCmd.NAV_LAND);
    }

    public boolean isComplete() {
        return complete;
    }

    /** Makes {@code seq} the current item (MISSION_SET_CURRENT); false when out of range. */
    public boolean setCurrent(int seq) {
        if (seq < 0 || seq >= count) {
            return false;
        }
        current = seq;
        complete = false;
        itemStarted = false;
        climbFirst = false;
        for (int i = 0; i < count; i++) {
            jumpsLeft[i] = cmd[i] == MavCmd.DO_JUMP ? Math.max(0, (int) p2[i]) : 0;
        }
        events.currentChanged(seq);
        return true;
    }

    /** Resumes after an interruption: the current item restarts from where the vehicle is. */
    public void resume() {
        itemStarted = false;
        climbFirst = false;
    }

    /**
     * The MAV_CMD of the first navigation item from the current one on, or
     * {@link GroundStart#NONE}: what decides how a mission started on the ground leaves it.
     */
    public int firstNavigationCommand() {
        if (complete) {
            return GroundStart.NONE;
        }
        for (int i = current; i < count; i++) {
            if (GroundStart.isNavigation(cmd[i])) {
                return cmd[i];
            }
        }
        return GroundStart.NONE;
    }

    /**
     * Before the current item, climbs vertically over the position the next {@link #update} sees
     * to {@code downM} (local NED down, m) at the climb speed, holding the heading; then the
     * current item starts from the top of that climb ({@link GroundStart#CLIMB_FIRST}). Cancelled
     * by {@link #load}, {@link #setCurrent} and {@link #resume}.
     */
    public void climbFirst(double downM) {
        climbFirst = true;
        climbStarted = false;
        climbDownM = downM;
    }

    /** True while the climb of {@link #climbFirst} is flown (the vehicle must leave the ground). */
    public boolean climbingFirst() {
        return climbFirst && !complete && count > 0;
    }

    /**
     * Advances the mission.
     *
     * @param posNed  estimated position (local NED, m)
     * @param landed  the land detector says the vehicle is on the ground
     */
    public void update(long nowNs, double dtS, double[] posNed, double headingRad, boolean landed) {
        landing = false;
        if (complete || count == 0) {
            holdAt(lastN, lastE, lastD);
            return;
        }
        if (climbFirst) {
            climb(dtS, posNed, headingRad);
            return;
        }
        // Non-navigation items run at once; a bound stops a DO_JUMP loop from spinning here.
        for (int guard = 0; guard < 2 * count + 2 && !complete; guard++) {
            if (!itemStarted) {
                startItem(nowNs, posNed);
            }
            if (!runImmediate(nowNs, posNed)) {
                break;
            }
        }
        if (complete) {
            holdAt(lastN, lastE, lastD);
            return;
        }
        runNavigation(nowNs, dtS, posNed, headingRad, landed);
    }

    private void startItem(long nowNs, double[] pos) {
        itemStarted = true;
        itemTimerNs = nowNs;
        holding = false;
        int c = cmd[current];
        if (c == MavCmd.NAV_TAKEOFF) {
            double tn = hasPos[current] ? n[current] : pos[0];
            double te = hasPos[current] ? e[current] : pos[1];
            startLeg(pos[0], pos[1], pos[2], tn, te, d[current], 0.0);
        } else if (isPositional(c)) {
            double tn = hasPos[current] ? n[current] : pos[0];
            double te = hasPos[current] ? e[current] : pos[1];
            double td = c == MavCmd.NAV_LAND ? pos[2] : d[current];
            startLeg(pos[0], pos[1], pos[2], tn, te, td, legSpeed);
        }
    }

    private void climb(double dtS, double[] pos, double headingRad) {
        if (!climbStarted) {
            climbStarted = true;
            startLeg(pos[0], pos[1], pos[2], pos[0], pos[1], Math.min(climbDownM, pos[2]), 0.0);
            yawSpRad = headingRad;
        }
        stepLeg(dtS, climbSpeed);
        if (legTravelled >= legLength && Math.abs(legTo[2] - pos[2]) < ALT_DONE_M) {
            // The mission proper starts from the top of the climb, at rest.
            climbFirst = false;
            itemStarted = false;
            legSpeed = 0.0;
            lastN = legTo[0];
            lastE = legTo[1];
            lastD = legTo[2];
        }
    }

    private static boolean isPositional(int c) {
        return c == MavCmd.NAV_WAYPOINT || c == MavCmd.NAV_LOITER_TIME || c == MavCmd.NAV_LOITER_UNLIM
                || c == MavCmd.NAV_LOITER_TURNS || c == MavCmd.NAV_LOITER_TO_ALT || c == MavCmd.NAV_LAND;
    }

    /** @return true when the item finished at once and the next one should run now */
    private boolean runImmediate(long nowNs, double[] pos) {
        int c = cmd[current];
        switch (c) {
            case MavCmd.DO_JUMP: {
                int target = (int) p1[current];
                if (jumpsLeft[current] > 0 && target >= 0 && target < count) {
                    jumpsLeft[current]--;
                    moveTo(target);
                } else {
                    advance();
                }
                return true;
            }
            case MavCmd.DO_CHANGE_SPEED:
                if (p2[current] > 0.0f) {
                    speed = p2[current];
                } else if (p2[current] == -2.0f) {
                    speed = cruiseSpeed;
                }
                advance();
                return true;
            case MavCmd.DO_SET_ROI_LOCATION:
                roiActive = hasPos[current];
                roiN = n[current];
                roiE = e[current];
                advance();
                return true;
            case MavCmd.DO_SET_ROI_NONE:
                roiActive = false;
                advance();
                return true;
            case MavCmd.DO_SET_CAM_TRIGG_DIST:
            case MavCmd.IMAGE_START_CAPTURE:
            case MavCmd.IMAGE_STOP_CAPTURE:
            case MavCmd.DO_DIGICAM_CONTROL:
            case MavCmd.SET_CAMERA_MODE:
            case MavCmd.DO_MOUNT_CONTROL:
                events.cameraEvent(current, c);
                advance();
                return true;
            case MavCmd.DO_SET_HOME:
            case MavCmd.DO_LAND_START:
            case MavCmd.CONDITION_DISTANCE:
                advance();
                return true;
            case MavCmd.NAV_RETURN_TO_LAUNCH:
                events.itemReached(current);
                events.returnRequested(current);
                complete = true;
                lastN = pos[0];
                lastE = pos[1];
                lastD = pos[2];
                return false;
            case MavCmd.CONDITION_DELAY:
            case MavCmd.NAV_DELAY:
                if (nowNs - itemTimerNs >= seconds(p1[current])) {
                    if (c == MavCmd.NAV_DELAY) {
                        events.itemReached(current);
                    }
                    advance();
                    return true;
                }
                holdAt(lastN, lastE, lastD);
                return false;
            default:
                return false;
        }
    }

    private void runNavigation(long nowNs, double dtS, double[] pos, double headingRad, boolean landed) {
        int c = cmd[current];
        if (c == MavCmd.CONDITION_DELAY || c == MavCmd.NAV_DELAY) {
            return; // already holding
        }
        if (c == MavCmd.CONDITION_YAW) {
            double target = Math.toRadians(p1[current]);
            if (p4[current] == 1.0f) {
                target += headingRad;
            }
            holdAt(lastN, lastE, lastD);
            yawSpRad = target;
            if (Math.abs(wrap(target - headingRad)) < YAW_DONE_RAD) {
                advance();
            }
            return;
        }
        if (!isPositional(c) && c != MavCmd.NAV_TAKEOFF) {
            // Unknown to the executor (validation refuses these): skip rather than stop.
            advance();
            return;
        }
        double maxSpeed = c == MavCmd.NAV_TAKEOFF ? climbSpeed : speed;
        if (!holding) {
            stepLeg(dtS, maxSpeed);
        } else {
            holdAt(legTo[0], legTo[1], legTo[2]);
        }
        double dn = legTo[0] - pos[0];
        double de = legTo[1] - pos[1];
        double dd = legTo[2] - pos[2];
        double horizontal = Math.sqrt(dn * dn + de * de);
        if (c == MavCmd.NAV_LAND) {
            if (legTravelled >= legLength && horizontal < acceptance()) {
                landing = true;
                posSp[0] = legTo[0];
                posSp[1] = legTo[1];
                posSp[2] = Double.NaN;
                velSp[0] = 0.0;
                velSp[1] = 0.0;
                velSp[2] = descentSpeed;
                if (landed) {
                    events.itemReached(current);
                    complete = true;
                    lastN = pos[0];
                    lastE = pos[1];
                    lastD = pos[2];
                }
            }
            yaw(pos, headingRad);
            return;
        }
        boolean arrived = c == MavCmd.NAV_TAKEOFF ? Math.abs(dd) < ALT_DONE_M && legTravelled >= legLength
                : horizontal < acceptance() && Math.abs(dd) < Math.max(ALT_DONE_M, acceptance());
        if (c == MavCmd.NAV_LOITER_TO_ALT) {
            arrived = horizontal < acceptance() && Math.abs(dd) < ALT_DONE_M;
        }
        if (!holding && arrived) {
            events.itemReached(current);
            holding = true;
            itemTimerNs = nowNs;
        }
        if (holding) {
            lastN = legTo[0];
            lastE = legTo[1];
            lastD = legTo[2];
            if (holdDone(nowNs)) {
                boolean passThrough = c == MavCmd.NAV_WAYPOINT && p1[current] <= 0.0f;
                double carry = passThrough ? legSpeed : 0.0;
                advance();
                legSpeed = carry;
            }
        }
        yaw(pos, headingRad);
    }

    private boolean holdDone(long nowNs) {
        int c = cmd[current];
        switch (c) {
            case MavCmd.NAV_LOITER_UNLIM:
                return false;
            case MavCmd.NAV_LOITER_TIME:
            case MavCmd.NAV_WAYPOINT:
                return nowNs - itemTimerNs >= seconds(p1[current]);
            case MavCmd.NAV_LOITER_TURNS: {
                double radius = Math.max(1.0, Math.abs(p3[current]));
                double turnS = 2.0 * Math.PI * radius / Math.max(0.5, speed);
                return nowNs - itemTimerNs >= seconds((float) (Math.max(0.0f, p1[current]) * turnS));
            }
            default:
                return true;
        }
    }

    private double acceptance() {
        int c = cmd[current];
        if (c == MavCmd.NAV_WAYPOINT && p2[current] > 0.0f) {
            return p2[current];
        }
        return DEFAULT_ACCEPTANCE_M;
    }

    private void yaw(double[] pos, double headingRad) {
        int c = cmd[current];
        if (roiActive) {
            yawSpRad = Math.atan2(roiE - pos[1], roiN - pos[0]);
        } else if (c == MavCmd.NAV_WAYPOINT && Float.isFinite(p4[current])) {
            yawSpRad = Math.toRadians(p4[current]);
        } else if (legLength > 2.0 && !holding) {
            yawSpRad = Math.atan2(legTo[1] - legFrom[1], legTo[0] - legFrom[0]);
        } else if (Double.isNaN(yawSpRad)) {
            yawSpRad = headingRad;
        }
    }

    private void startLeg(double fn, double fe, double fd, double tn, double te, double td, double initialSpeed) {
        legFrom[0] = fn;
        legFrom[1] = fe;
        legFrom[2] = fd;
        legTo[0] = tn;
        legTo[1] = te;
        legTo[2] = td;
        double dn = tn - fn;
        double de = te - fe;
        double dd = td - fd;
        legLength = Math.sqrt(dn * dn + de * de + dd * dd);
        legTravelled = 0.0;
        legSpeed = initialSpeed;
    }

    private void stepLeg(double dtS, double maxSpeed) {
        double remaining = legLength - legTravelled;
        double braking = Math.sqrt(2.0 * accel * Math.max(remaining, 0.0));
        boolean passThrough = !climbFirst && cmd[current] == MavCmd.NAV_WAYPOINT && p1[current] <= 0.0f && nextIsWaypoint();
        double wanted = passThrough ? maxSpeed : Math.min(maxSpeed, braking);
        if (legSpeed < wanted) {
            legSpeed = Math.min(wanted, legSpeed + accel * dtS);
        } else {
            legSpeed = Math.max(wanted, legSpeed - accel * dtS);
        }
        legTravelled = Math.min(legLength, legTravelled + legSpeed * dtS);
        double f = legLength > 1e-9 ? legTravelled / legLength : 1.0;
        for (int i = 0; i < 3; i++) {
            posSp[i] = legFrom[i] + (legTo[i] - legFrom[i]) * f;
            velSp[i] = legLength > 1e-9 && legTravelled < legLength
                    ? (legTo[i] - legFrom[i]) / legLength * legSpeed : 0.0;
        }
    }

    private boolean nextIsWaypoint() {
        for (int i = current + 1; i < count; i++) {
            int c = cmd[i];
            if (c == MavCmd.NAV_WAYPOINT) {
                return true;
            }
            if (isPositional(c) || c == MavCmd.NAV_TAKEOFF || c == MavCmd.NAV_RETURN_TO_LAUNCH
                    || c == MavCmd.CONDITION_DELAY || c == MavCmd.NAV_DELAY || c == MavCmd.CONDITION_YAW) {
                return false;
            }
        }
        return false;
    }

    private void holdAt(double hn, double he, double hd) {
        posSp[0] = hn;
        posSp[1] = he;
        posSp[2] = hd;
        velSp[0] = Double.NaN;
        velSp[1] = Double.NaN;
        velSp[2] = Double.NaN;
    }

    private void advance() {
        moveTo(current + 1);
    }

    private void moveTo(int seq) {
        if (seq >= count) {
            complete = true;
            return;
        }
        current = seq;
        itemStarted = false;
        events.currentChanged(seq);
    }

    private static long seconds(float s) {
        return Float.isFinite(s) && s > 0.0f ? (long) (s * 1e9) : 0L;
    }

    private static double wrap(double a) {
        while (a > Math.PI) {
            a -= 2.0 * Math.PI;
        }
        while (a < -Math.PI) {
            a += 2.0 * Math.PI;
        }
        return a;
    }
}
