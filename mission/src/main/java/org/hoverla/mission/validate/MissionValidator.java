package org.hoverla.mission.validate;

import static org.hoverla.mission.validate.MissionResult.DENIED;
import static org.hoverla.mission.validate.MissionResult.INVALID;
import static org.hoverla.mission.validate.MissionResult.INVALID_PARAM1;
import static org.hoverla.mission.validate.MissionResult.INVALID_PARAM2;
import static org.hoverla.mission.validate.MissionResult.INVALID_PARAM3;
import static org.hoverla.mission.validate.MissionResult.INVALID_PARAM5_X;
import static org.hoverla.mission.validate.MissionResult.INVALID_PARAM6_Y;
import static org.hoverla.mission.validate.MissionResult.INVALID_PARAM7;
import static org.hoverla.mission.validate.MissionResult.INVALID_SEQUENCE;
import static org.hoverla.mission.validate.MissionResult.NO_SPACE;
import static org.hoverla.mission.validate.MissionResult.UNSUPPORTED;
import static org.hoverla.mission.validate.MissionResult.UNSUPPORTED_FRAME;

import java.util.List;
import java.util.Locale;
import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;
import org.hoverla.mission.MissionPlan;
import org.hoverla.mission.MissionType;
import org.hoverla.mission.fence.FenceLimits;
import org.hoverla.mission.fence.Geofence;
import org.hoverla.mission.plan.HomePosition;
import org.hoverla.mission.plan.ItemNumbering;
import org.hoverla.mission.plan.MavNames;

/**
 * Decides whether Hoverla can fly a plan, before upload (the {@code plan validate} tool) and on
 * upload (the mission protocol answers MISSION_ACK with {@link ValidationResult#code()}). Pure:
 * no I/O, no clock, no state beyond its {@link Limits}; any thread. Not for the flight thread (it
 * builds strings for its reasons).
 *
 * <p>Rules, first failure wins, lists in the order mission, fence, rally:
 * <ul>
 * <li>list sizes within {@link Limits#maxItems()} (NO_SPACE); {@code seq} equals the index
 *     (INVALID_SEQUENCE); items of the list's type (INVALID);</li>
 * <li>mission commands a multicopter flies: NAV_WAYPOINT, NAV_TAKEOFF, NAV_LAND,
 *     NAV_RETURN_TO_LAUNCH, NAV_LOITER_UNLIM/TIME/TURNS/TO_ALT, NAV_DELAY, DO_CHANGE_SPEED,
 *     DO_JUMP, DO_SET_HOME, DO_LAND_START, DO_SET_ROI_LOCATION, DO_SET_ROI_NONE,
 *     CONDITION_DELAY/YAW/DISTANCE, DO_SET_CAM_TRIGG_DIST, IMAGE_START/STOP_CAPTURE,
 *     DO_DIGICAM_CONTROL, SET_CAMERA_MODE, DO_MOUNT_CONTROL (camera and gimbal items QGroundControl
 *     surveys emit, flown as logged events); anything else is UNSUPPORTED;</li>
 * <li>frames: GLOBAL, GLOBAL_INT, GLOBAL_RELATIVE_ALT(_INT) for positional items, those or
 *     MISSION for the others; terrain frames (no terrain data) and local frames are
 *     UNSUPPORTED_FRAME;</li>
 * <li>positions: latitude within ±90°, longitude within ±180°, finite altitude (INVALID_PARAM5_X /
 *     6_Y / 7); no infinite parameter. Latitude = longitude = 0 is "here" (the vehicle's position
 *     when the item starts, {@link MissionItem#isHere()}) on NAV_TAKEOFF, NAV_LAND and
 *     NAV_LOITER_*, as ArduPilot reads it; on any other item it is refused as an unset position;</li>
 * <li>altitudes above home of waypoints, takeoffs and loiters within
 *     [{@link Limits#minAltAboveHomeM()}, {@link Limits#maxAltAboveHomeM()}] (INVALID_PARAM7);
 *     an altitude above mean sea level needs a home to be checked and is refused without one;</li>
 * <li>DO_JUMP: target an existing item other than itself (INVALID_PARAM1), repeat count a whole
 *     number ≥ 0 (INVALID_PARAM2): -1 (repeat forever) is refused, since a mission that never
 *     ends has no exit but a mode change; with finite counts every loop ends;</li>
 * <li>parameter ranges of the other commands (delays, turns, yaw, speed, trigger distance);</li>
 * <li>first positional item with a real position ("here" items are skipped) within
 *     {@link Limits#maxFirstItemDistanceM()} of home, takeoff first and landing last when the limits
 *     ask (DENIED);</li>
 * <li>fence: NAV_FENCE_* only; polygon vertices in complete groups, each vertex of a group with
 *     the same command and the same vertex count (param1, a whole number ≥ 3); circle radius
 *     finite and &gt; 0; at most one return point;</li>
 * <li>rally: NAV_RALLY_POINT only, positional, altitude within the maximum;</li>
 * <li>the plan against its own geofence ({@link #validate} only, when the plan has fence items):
 *     the fence can be built; home (when known) inside it; every navigation position inside it
 *     and every straight leg between consecutive ones (from home, when known, to the first) too;
 *     "here" items are skipped, since the vehicle is then where the previous leg left it (DENIED).
 *     Legs back along DO_JUMPs are not checked.</li>
 * </ul>
 *
 * <p>Items are named in refusals as {@link ItemNumbering} says: MAVLink seq by default, the file's
 * own numbering when the validator is made for a file's {@code PlanDocument#numbering()}.
 */
public final class MissionValidator {
    private static final double EARTH_RADIUS_M = 6_371_000.0;

    private final Limits limits;
    private final ItemNumbering numbering;

    public MissionValidator(Limits limits) {
        this(limits, ItemNumbering.MAVLINK);
    }

    /** A validator whose refusals name items as {@code numbering} does (a plan file's own numbers). */
    public MissionValidator(Limits limits, ItemNumbering numbering) {
        this.limits = limits;
        this.numbering = numbering == null ? ItemNumbering.MAVLINK : numbering;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * @param home the vehicle's home (or the plan's planned home); null when unknown, in which case
     *             AMSL altitudes are refused and the first item's distance is not checked
     */
    public ValidationResult validate(MissionPlan plan, HomePosition home) {
        ValidationResult r = validateMission(plan.mission(), home);
        if (r.ok()) {
            r = validateFence(plan.fence());
        }
        if (r.ok()) {
            r = validateRally(plan.rally(), home);
        }
        if (r.ok()) {
            r = validateAgainstOwnFence(plan, home);
        }
        return named(r, plan);
    }

    /**
     * Whether the plan can be flown as a mission from {@code home}: {@link #validate} and, on top,
     * a mission with at least one item (a plan of geofence or rally points alone is a fine upload
     * but nothing to fly). For {@code sim --mission}, before the flight starts.
     */
    public ValidationResult validateForFlight(MissionPlan plan, HomePosition home) {
        ValidationResult r = validate(plan, home);
        if (!r.ok()) {
            return r;
        }
        if (plan.mission().isEmpty()) {
            return no(DENIED, null, -1, "the plan has no mission items (" + plan.fence().size() + " fence items, "
                    + plan.rally().size() + " rally points): nothing to fly");
        }
        return r;
    }

    /** The verdict with its item named by this validator's numbering. */
    private ValidationResult named(ValidationResult r, MissionPlan plan) {
        if (r.ok() || r.type() == null || r.itemIndex() < 0 || r.itemName() != null) {
            return r;
        }
        return r.withItemName(numbering.name(plan, r.type(), r.itemIndex()));
    }

    private String fenceName(List<MissionItem> fence, int index) {
        return numbering.name(new MissionPlan(List.of(), fence, List.of()), MissionType.FENCE, index);
    }

    /**
     * The plan's mission against the plan's own geofence (see the class comment); accepted when the
     * plan has no fence items.
     */
    ValidationResult validateAgainstOwnFence(MissionPlan plan, HomePosition home) {
        List<MissionItem> fenceItems = plan.fence();
        if (fenceItems.isEmpty()) {
            return ValidationResult.accepted();
        }
        double refLat = home != null ? home.latDeg() : fenceItems.get(0).latDeg();
        double refLon = home != null ? home.lonDeg() : fenceItems.get(0).lonDeg();
        Geofence fence;
        try {
            fence = Geofence.build(fenceItems, refLat, refLon, FenceLimits.NONE);
        } catch (IllegalArgumentException e) {
            return no(INVALID, MissionType.FENCE, -1, "the geofence cannot be built: " + e.getMessage());
        }
        // Heights are not compared here: the plan's fence has no altitude band (that is GF_MAX_VER_DIST).
        double[] ne = new double[2];
        boolean havePrev = home != null;
        double pn = 0.0;
        double pe = 0.0;
        String prevWhat = "home";
        if (home != null && !fence.contains(0.0, 0.0, 0.0)) {
            return no(DENIED, null, -1, "home " + latLon(home.latDegE7(), home.lonDegE7()) + " is outside the plan's"
                    + " geofence (the vehicle must be inside every inclusion zone and outside every exclusion zone):"
                    + " it could not arm there");
        }
        List<MissionItem> items = plan.mission();
        for (int i = 0; i < items.size(); i++) {
            MissionItem it = items.get(i);
            if (!isNav(it.command()) || !isPositional(it) || it.isHere()) {
                continue;
            }
            fence.projection().projectTo(it.latDeg(), it.lonDeg(), ne);
            String what = MavNames.command(it.command()) + " at " + latLon(it.x(), it.y());
            if (!fence.contains(ne[0], ne[1], 0.0)) {
                return no(DENIED, MissionType.MISSION, i, what + " is outside the plan's geofence");
            }
            if (havePrev && !fence.segmentInside(pn, pe, 0.0, ne[0], ne[1], 0.0)) {
                return no(DENIED, MissionType.MISSION, i, "the straight leg to " + what + " from " + prevWhat
                        + " crosses the plan's geofence");
            }
            havePrev = true;
            pn = ne[0];
            pe = ne[1];
            prevWhat = "the previous position (" + latLon(it.x(), it.y()) + ")";
        }
        return ValidationResult.accepted();
    }

    private static String latLon(int latE7, int lonE7) {
        return String.format(Locale.ROOT, "%.7f, %.7f", latE7 * 1e-7, lonE7 * 1e-7);
    }

    /** Whether Hoverla's mission executor implements the command for a multicopter. */
    public static boolean isSupportedMissionCommand(int cmd) {
        switch (cmd) {
            case MavCmd.NAV_WAYPOINT:
            case MavCmd.NAV_TAKEOFF:
            case MavCmd.NAV_LAND:
            case MavCmd.NAV_RETURN_TO_LAUNCH:
            case MavCmd.NAV_LOITER_UNLIM:
            case MavCmd.NAV_LOITER_TIME:
            case MavCmd.NAV_LOITER_TURNS:
            case MavCmd.NAV_LOITER_TO_ALT:
            case MavCmd.NAV_DELAY:
            case MavCmd.DO_CHANGE_SPEED:
            case MavCmd.DO_JUMP:
            case MavCmd.DO_SET_HOME:
            case MavCmd.DO_LAND_START:
            case MavCmd.DO_SET_ROI_LOCATION:
            case MavCmd.DO_SET_ROI_NONE:
            case MavCmd.CONDITION_DELAY:
            case MavCmd.CONDITION_YAW:
            case MavCmd.CONDITION_DISTANCE:
            case MavCmd.DO_SET_CAM_TRIGG_DIST:
            case MavCmd.IMAGE_START_CAPTURE:
            case MavCmd.IMAGE_STOP_CAPTURE:
            case MavCmd.DO_DIGICAM_CONTROL:
            case MavCmd.SET_CAMERA_MODE:
            case MavCmd.DO_MOUNT_CONTROL:
                return true;
            default:
                return false;
        }
    }

    /** Navigation commands: the vehicle moves or waits there (DO_/CONDITION_ items do not). */
    static boolean isNav(int cmd) {
        return cmd == MavCmd.NAV_WAYPOINT || cmd == MavCmd.NAV_TAKEOFF || cmd == MavCmd.NAV_LAND
                || cmd == MavCmd.NAV_RETURN_TO_LAUNCH || cmd == MavCmd.NAV_LOITER_UNLIM
                || cmd == MavCmd.NAV_LOITER_TIME || cmd == MavCmd.NAV_LOITER_TURNS || cmd == MavCmd.NAV_LOITER_TO_ALT
                || cmd == MavCmd.NAV_DELAY;
    }

    /** Items whose x/y/z are a position the vehicle uses. */
    static boolean isPositional(MissionItem it) {
        switch (it.command()) {
            case MavCmd.NAV_WAYPOINT:
            case MavCmd.NAV_TAKEOFF:
            case MavCmd.NAV_LAND:
            case MavCmd.NAV_LOITER_UNLIM:
            case MavCmd.NAV_LOITER_TIME:
            case MavCmd.NAV_LOITER_TURNS:
            case MavCmd.NAV_LOITER_TO_ALT:
            case MavCmd.DO_SET_ROI_LOCATION:
                return true;
            case MavCmd.DO_SET_HOME:
                return it.param1() != 1f; // param1 = 1: use the current position
            default:
                return false;
        }
    }

    /** Items whose altitude must lie within the limits (landings and ROIs may be at ground level). */
    private static boolean isAltitudeChecked(int cmd) {
        return cmd == MavCmd.NAV_WAYPOINT || cmd == MavCmd.NAV_TAKEOFF || cmd == MavCmd.NAV_LOITER_UNLIM
                || cmd == MavCmd.NAV_LOITER_TIME || cmd == MavCmd.NAV_LOITER_TURNS || cmd == MavCmd.NAV_LOITER_TO_ALT;
    }

    private static boolean isGlobalFrame(int frame) {
        return frame == MissionItem.FRAME_GLOBAL || frame == MissionItem.FRAME_GLOBAL_INT
                || frame == MissionItem.FRAME_GLOBAL_RELATIVE_ALT || frame == MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT;
    }

    private static boolean isRelativeFrame(int frame) {
        return frame == MissionItem.FRAME_GLOBAL_RELATIVE_ALT || frame == MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT;
    }

    private static boolean isTerrainFrame(int frame) {
        return frame == MissionItem.FRAME_GLOBAL_TERRAIN_ALT || frame == MissionItem.FRAME_GLOBAL_TERRAIN_ALT_INT;
    }

    private static boolean isWhole(float f) {
        return Float.isFinite(f) && f == Math.rint(f);
    }

    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e12) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.7g", d).replaceAll("\\.?0+$", "").replace("e+", "e");
    }

    private static ValidationResult no(int code, MissionType type, int index, String reason) {
        return ValidationResult.refused(code, type, index, reason);
    }

    private ValidationResult listChecks(List<MissionItem> items, MissionType type) {
        if (items.size() > limits.maxItems()) {
            return no(NO_SPACE, type, -1, items.size() + " items, more than the " + limits.maxItems() + " the vehicle holds");
        }
        for (int i = 0; i < items.size(); i++) {
            MissionItem it = items.get(i);
            if (it.seq() != i) {
                return no(INVALID_SEQUENCE, type, i, "seq is " + it.seq() + ", expected " + i);
            }
            if (it.type() != type) {
                return no(INVALID, type, i, "item of type " + it.type() + " in the " + type + " list");
            }
        }
        return ValidationResult.accepted();
    }

    private static ValidationResult finiteParams(MissionItem it, MissionType type, int i) {
        float[] p = {it.param1(), it.param2(), it.param3(), it.param4()};
        for (int k = 0; k < 4; k++) {
            if (Float.isInfinite(p[k])) {
                return no(MissionResult.invalidParam(k + 1), type, i, "param" + (k + 1) + " is infinite");
            }
        }
        if (Float.isInfinite(it.z())) {
            return no(INVALID_PARAM7, type, i, "param7/altitude is infinite");
        }
        return null;
    }

    /** Range checks of a position; null when fine. */
    private static ValidationResult position(MissionItem it, MissionType type, int i) {
        if (Math.abs((long) it.x()) > 900_000_000L) {
            return no(INVALID_PARAM5_X, type, i, "latitude " + num(it.latDeg()) + " deg is outside -90..90 deg");
        }
        if (Math.abs((long) it.y()) > 1_800_000_000L) {
            return no(INVALID_PARAM6_Y, type, i, "longitude " + num(it.lonDeg()) + " deg is outside -180..180 deg");
        }
        if (it.x() == 0 && it.y() == 0 && !it.isHere()) {
            String why = MavNames.command(it.command()) + " at latitude 0, longitude 0 (an unset position)";
            if (type == MissionType.MISSION) {
                why += "; 0, 0 means \"here\" only on NAV_TAKEOFF, NAV_LAND and NAV_LOITER_* items";
            }
            return no(INVALID_PARAM5_X, type, i, why);
        }
        if (Float.isNaN(it.z())) {
            return no(INVALID_PARAM7, type, i, "altitude is NaN");
        }
        return null;
    }

    private static ValidationResult frame(MissionItem it, MissionType type, int i, boolean positional) {
        int f = it.frame();
        if (isTerrainFrame(f)) {
            return no(UNSUPPORTED_FRAME, type, i, "frame " + MavNames.frame(f)
                    + " is not supported (Hoverla has no terrain data)");
        }
        if (isGlobalFrame(f)) {
            return null;
        }
        if (f == MissionItem.FRAME_MISSION && !positional) {
            return null;
        }
        return no(UNSUPPORTED_FRAME, type, i, "frame " + MavNames.frame(f) + " is not supported for "
                + MavNames.command(it.command()) + (positional ? " (a global frame is needed)" : ""));
    }

    /** Altitude above home in metres, or NaN when it cannot be known (AMSL without home). */
    private static double altAboveHome(MissionItem it, HomePosition home) {
        if (isRelativeFrame(it.frame())) {
            return it.z();
        }
        return home == null ? Double.NaN : it.z() - (double) home.altAmslM();
    }

    private ValidationResult altitude(MissionItem it, MissionType type, int i, HomePosition home, boolean checkMin) {
        double rel = altAboveHome(it, home);
        if (Double.isNaN(rel)) {
            return no(INVALID_PARAM7, type, i, "altitude " + num(it.z()) + " m above mean sea level ("
                    + MavNames.frame(it.frame()) + ") cannot be checked without a home position");
        }
        if (rel > limits.maxAltAboveHomeM()) {
            return no(INVALID_PARAM7, type, i, "altitude " + num(rel) + " m above home is above the limit of "
                    + num(limits.maxAltAboveHomeM()) + " m");
        }
        if (checkMin && rel < limits.minAltAboveHomeM()) {
            return no(INVALID_PARAM7, type, i, "altitude " + num(rel) + " m above home is below the minimum of "
                    + num(limits.minAltAboveHomeM()) + " m");
        }
        return null;
    }

    /** Great-circle distance (haversine) in metres. */
    static double distanceM(int lat1E7, int lon1E7, int lat2E7, int lon2E7) {
        double la1 = Math.toRadians(lat1E7 * 1e-7);
        double la2 = Math.toRadians(lat2E7 * 1e-7);
        double dLa = la2 - la1;
        double dLo = Math.toRadians((lon2E7 - (double) lon1E7) * 1e-7);
        double a = Math.sin(dLa / 2) * Math.sin(dLa / 2)
                + Math.cos(la1) * Math.cos(la2) * Math.sin(dLo / 2) * Math.sin(dLo / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The mission list alone (as the mission protocol validates an upload of MAV_MISSION_TYPE_MISSION). */
    public ValidationResult validateMission(List<MissionItem> items, HomePosition home) {
        final MissionType t = MissionType.MISSION;
        ValidationResult r = listChecks(items, t);
        if (!r.ok()) {
            return r;
        }
        int firstPositional = -1;
        int firstNav = -1;
        int lastNav = -1;
        for (int i = 0; i < items.size(); i++) {
            MissionItem it = items.get(i);
            int cmd = it.command();
            if (!isSupportedMissionCommand(cmd)) {
                return no(UNSUPPORTED, t, i, "command " + MavNames.command(cmd) + " (" + cmd
                        + ") is not supported in Hoverla multicopter missions");
            }
            boolean positional = isPositional(it);
            ValidationResult e = frame(it, t, i, positional);
            if (e == null) {
                e = finiteParams(it, t, i);
            }
            if (e == null && positional) {
                e = position(it, t, i);
                if (e == null && isAltitudeChecked(cmd)) {
                    e = altitude(it, t, i, home, true);
                }
                if (firstPositional < 0 && !it.isHere()) {
                    firstPositional = i;
                }
            }
            if (e == null) {
                e = commandParams(it, i, items.size());
            }
            if (e != null) {
                return e;
            }
            if (isNav(cmd)) {
                if (firstNav < 0) {
                    firstNav = i;
                }
                lastNav = i;
            }
        }
        if (home != null && firstPositional >= 0) {
            MissionItem first = items.get(firstPositional);
            double d = distanceM(home.latDegE7(), home.lonDegE7(), first.x(), first.y());
            if (d > limits.maxFirstItemDistanceM()) {
                return no(DENIED, t, firstPositional, "first position is " + num(Math.round(d)) + " m from home, more than "
                        + num(limits.maxFirstItemDistanceM()) + " m");
            }
        }
        if (limits.requireTakeoffFirst() && !items.isEmpty()) {
            if (firstNav < 0 || items.get(firstNav).command() != MavCmd.NAV_TAKEOFF) {
                return no(DENIED, t, Math.max(firstNav, 0), "the first navigation item must be NAV_TAKEOFF"
                        + (firstNav < 0 ? "" : ", not " + MavNames.command(items.get(firstNav).command())));
            }
        }
        if (limits.requireLandLast() && !items.isEmpty()) {
            int c = lastNav < 0 ? -1 : items.get(lastNav).command();
            if (c != MavCmd.NAV_LAND && c != MavCmd.NAV_RETURN_TO_LAUNCH) {
                return no(DENIED, t, Math.max(lastNav, items.size() - 1), "the last navigation item must be NAV_LAND"
                        + " or NAV_RETURN_TO_LAUNCH" + (lastNav < 0 ? "" : ", not " + MavNames.command(c)));
            }
        }
        return ValidationResult.accepted();
    }

    private ValidationResult commandParams(MissionItem it, int i, int count) {
        final MissionType t = MissionType.MISSION;
        float p1 = it.param1();
        float p2 = it.param2();
        switch (it.command()) {
            case MavCmd.DO_JUMP: {
                if (!isWhole(p1) || p1 < 0 || p1 >= count) {
                    String target = isWhole(p1) && Math.abs(p1) < 1e9
                            ? Integer.toString(numbering.missionNumber((int) p1)) : num(p1);
                    return no(INVALID_PARAM1, t, i, "DO_JUMP target " + target + " is not an item of this mission ("
                            + (count == 0 ? "none" : numbering.missionNumber(0) + ".." + numbering.missionNumber(count - 1))
                            + ")");
                }
                if ((int) p1 == i) {
                    return no(INVALID_PARAM1, t, i, "DO_JUMP jumps to itself");
                }
                if (p2 == -1f) {
                    return no(INVALID_PARAM2, t, i, "DO_JUMP repeats forever (-1): the mission would loop with no exit");
                }
                if (!isWhole(p2) || p2 < 0) {
                    return no(INVALID_PARAM2, t, i, "DO_JUMP repeat count " + num(p2) + " must be a whole number >= 0");
                }
                return null;
            }
            case MavCmd.NAV_LOITER_TIME:
                return nonNegative(p1, 1, "loiter time", i);
            case MavCmd.NAV_LOITER_TURNS:
                if (!(p1 > 0)) {
                    return no(INVALID_PARAM1, t, i, "loiter turns " + num(p1) + " must be > 0");
                }
                return null;
            case MavCmd.NAV_DELAY:
                if (p1 == -1f) {
                    return null; // wait until the time of day in param2..4
                }
                return nonNegative(p1, 1, "delay", i);
            case MavCmd.CONDITION_DELAY:
                return nonNegative(p1, 1, "delay", i);
            case MavCmd.CONDITION_DISTANCE:
                return nonNegative(p1, 1, "distance", i);
            case MavCmd.DO_SET_CAM_TRIGG_DIST:
                return nonNegative(p1, 1, "trigger distance", i);
            case MavCmd.CONDITION_YAW:
                if (!(p1 >= 0 && p1 <= 360)) {
                    return no(INVALID_PARAM1, t, i, "yaw " + num(p1) + " deg must be within 0..360");
                }
                if (it.param3() != -1f && it.param3() != 0f && it.param3() != 1f) {
                    return no(INVALID_PARAM3, t, i, "yaw direction " + num(it.param3()) + " must be -1, 0 or 1");
                }
                return null;
            case MavCmd.DO_CHANGE_SPEED:
                if (p2 == -1f || p2 == -2f) {
                    return null; // no change / use default
                }
                if (!(p2 >= 0)) {
                    return no(INVALID_PARAM2, t, i, "speed " + num(p2) + " m/s must be >= 0 (or -1: no change)");
                }
                return null;
            case MavCmd.DO_SET_HOME:
                if (p1 != 0f && p1 != 1f) {
                    return no(INVALID_PARAM1, t, i, "DO_SET_HOME param1 " + num(p1) + " must be 0 or 1");
                }
                return null;
            default:
                return null;
        }
    }

    private static ValidationResult nonNegative(float v, int param, String what, int i) {
        if (!(v >= 0)) {
            return no(MissionResult.invalidParam(param), MissionType.MISSION, i, what + " " + num(v) + " must be >= 0");
        }
        return null;
    }

    private static boolean isFenceCommand(int cmd) {
        return cmd >= MavCmd.NAV_FENCE_RETURN_POINT && cmd <= MavCmd.NAV_FENCE_CIRCLE_EXCLUSION;
    }

    /** The geofence list alone. */
    public ValidationResult validateFence(List<MissionItem> items) {
        final MissionType t = MissionType.FENCE;
        ValidationResult r = listChecks(items, t);
        if (!r.ok()) {
            return r;
        }
        boolean returnPoint = false;
        int i = 0;
        while (i < items.size()) {
            MissionItem it = items.get(i);
            ValidationResult e = fenceItem(it, i);
            if (e != null) {
                return e;
            }
            int cmd = it.command();
            if (cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION || cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
                float n = it.param1();
                if (!isWhole(n) || n < 3) {
                    return no(INVALID_PARAM1, t, i, "polygon vertex count " + num(n) + " must be a whole number >= 3");
                }
                int count = (int) n;
                if (i + count > items.size()) {
                    return no(INVALID, t, i, "polygon of " + count + " vertices starting here is incomplete: "
                            + (items.size() - i) + " fence items follow");
                }
                for (int v = 1; v < count; v++) {
                    MissionItem vi = items.get(i + v);
                    if (vi.command() != cmd) {
                        return no(INVALID, t, i + v, "polygon of " + count + " vertices starting at "
                                + fenceName(items, i) + " is incomplete: vertex " + v + " is "
                                + MavNames.command(vi.command()));
                    }
                    if (vi.param1() != n) {
                        return no(INVALID_PARAM1, t, i + v, "vertex count " + num(vi.param1())
                                + " differs from the " + count + " of the polygon starting at " + fenceName(items, i));
                    }
                    e = fenceItem(vi, i + v);
                    if (e != null) {
                        return e;
                    }
                }
                i += count;
            } else if (cmd == MavCmd.NAV_FENCE_CIRCLE_INCLUSION || cmd == MavCmd.NAV_FENCE_CIRCLE_EXCLUSION) {
                if (!(it.param1() > 0) || Float.isInfinite(it.param1())) {
                    return no(INVALID_PARAM1, t, i, "circle radius " + num(it.param1()) + " m must be > 0");
                }
                i++;
            } else {
                if (returnPoint) {
                    return no(INVALID, t, i, "a second fence return point");
                }
                returnPoint = true;
                i++;
            }
        }
        return ValidationResult.accepted();
    }

    private static ValidationResult fenceItem(MissionItem it, int i) {
        final MissionType t = MissionType.FENCE;
        if (!isFenceCommand(it.command())) {
            return no(UNSUPPORTED, t, i, "command " + MavNames.command(it.command()) + " (" + it.command()
                    + ") is not a fence item");
        }
        ValidationResult e = frame(it, t, i, true);
        if (e == null) {
            e = finiteParams(it, t, i);
        }
        if (e == null) {
            if (it.command() != MavCmd.NAV_FENCE_RETURN_POINT && Float.isNaN(it.z())) {
                // fence vertices and circles carry no altitude; a NaN there is harmless
                MissionItem z0 = new MissionItem(it.seq(), it.frame(), it.command(), it.current(), it.autocontinue(),
                        it.param1(), it.param2(), it.param3(), it.param4(), it.x(), it.y(), 0f, it.type());
                e = position(z0, t, i);
            } else {
                e = position(it, t, i);
            }
        }
        return e;
    }

    /** The rally list alone. */
    public ValidationResult validateRally(List<MissionItem> items, HomePosition home) {
        final MissionType t = MissionType.RALLY;
        ValidationResult r = listChecks(items, t);
        if (!r.ok()) {
            return r;
        }
        for (int i = 0; i < items.size(); i++) {
            MissionItem it = items.get(i);
            if (it.command() != MavCmd.NAV_RALLY_POINT) {
                return no(UNSUPPORTED, t, i, "command " + MavNames.command(it.command()) + " (" + it.command()
                        + ") is not a rally point");
            }
            ValidationResult e = frame(it, t, i, true);
            if (e == null) {
                e = finiteParams(it, t, i);
            }
            if (e == null) {
                e = position(it, t, i);
            }
            if (e == null) {
                e = altitude(it, t, i, home, false);
            }
            if (e != null) {
                return e;
            }
        }
        return ValidationResult.accepted();
    }
}
