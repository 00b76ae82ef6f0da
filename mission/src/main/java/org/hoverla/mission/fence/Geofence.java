package org.hoverla.mission.fence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hoverla.mission.MavCmd;
import org.hoverla.mission.MissionItem;

/**
 * A geofence: the inclusion and exclusion polygons and circles of a plan's FENCE items, plus the
 * altitude band and distance limit PX4 keeps as parameters, in local metres about a reference
 * (home). Queries take local NED positions relative to that reference.
 *
 * <h2>Semantics</h2>
 * The allowed volume is the set of points that are
 * <ul>
 * <li>inside <b>every</b> inclusion zone (polygon or circle, and the {@link FenceLimits#maxHorizontalDistM}
 * circle about home) — the intersection, not the union: PX4's navigator ANDs the test of every
 * zone ({@code Geofence::isInsidePolygonOrCircle}) and ArduPilot documents that the vehicle "can
 * operate only within the complete overlap area of all of the inclusion fences". So two
 * disjoint inclusion zones allow nothing, and {@link #checkAgainstHome()} reports it;</li>
 * <li>outside every exclusion zone;</li>
 * <li>between {@link FenceLimits#minAltM} and {@link FenceLimits#maxAltM} above home.</li>
 * </ul>
 * With no horizontal zone at all, the horizontal plane is unrestricted. Fence item altitudes are
 * ignored, as PX4 does. Polygon edges are straight lines in the local plane (not great circles);
 * at fence scales (kilometres) the difference is centimetres.
 *
 * <h2>Items</h2>
 * {@code NAV_FENCE_POLYGON_VERTEX_INCLUSION/EXCLUSION}: consecutive items with the same command and
 * {@code param1} = vertex count (≥ 3) form one polygon, in either winding; concave polygons are
 * fine, self-intersecting ones are refused (MAVLink: "must not be self-intersecting").
 * {@code NAV_FENCE_CIRCLE_INCLUSION/EXCLUSION}: centre at x/y, {@code param1} = radius m.
 * {@code NAV_FENCE_RETURN_POINT}: at most one. Items must use a global frame.
 *
 * <h2>Threads and allocation</h2>
 * Immutable after {@link #build}. {@link #contains}, {@link #pointInside}, {@link #signedDistanceM},
 * {@link #breachPredicted}, {@link #segmentInside} and {@link #allowedLegFraction} read only
 * preallocated primitive arrays: they neither allocate nor throw, and any thread (the flight thread
 * included) may call them. Non-finite inputs give the conservative answer (outside / breach / NaN).
 * Cost is linear in the total vertex count.
 */
public final class Geofence {
    /** Frames that carry latitude/longitude; fence altitudes are ignored, so all of them will do. */
    private static final int[] GLOBAL_FRAMES = {
        MissionItem.FRAME_GLOBAL, MissionItem.FRAME_GLOBAL_RELATIVE_ALT, MissionItem.FRAME_GLOBAL_INT,
        MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT, MissionItem.FRAME_GLOBAL_TERRAIN_ALT,
        MissionItem.FRAME_GLOBAL_TERRAIN_ALT_INT,
    };

    private final LocalProjection projection;

    // Polygons: vertices of polygon k are vertN/vertE[polyStart[k] .. polyStart[k] + polyLen[k] - 1].
    private final int polyCount;
    private final double[] vertN;
    private final double[] vertE;
    private final int[] polyStart;
    private final int[] polyLen;
    private final boolean[] polyInclusion;
    private final double[] polyMinN;
    private final double[] polyMaxN;
    private final double[] polyMinE;
    private final double[] polyMaxE;

    // Circles, including the maxHorizontalDist circle about the reference when that limit is set.
    private final int circleCount;
    private final double[] circN;
    private final double[] circE;
    private final double[] circR;
    private final boolean[] circInclusion;

    private final double minAltM;
    private final double maxAltM;
    private final FenceLimits limits;

    private final boolean hasReturnPoint;
    private final double returnNorthM;
    private final double returnEastM;
    private final double returnAltM;

    private Geofence(Parsed p, LocalProjection projection, FenceLimits limits) {
        this.projection = projection;
        this.limits = limits;
        this.minAltM = limits.minAltM();
        this.maxAltM = limits.maxAltM();

        polyCount = p.polygons.size();
        int total = 0;
        for (double[][] poly : p.polygons) {
            total += poly[0].length;
        }
        vertN = new double[total];
        vertE = new double[total];
        polyStart = new int[polyCount];
        polyLen = new int[polyCount];
        polyInclusion = new boolean[polyCount];
        polyMinN = new double[polyCount];
        polyMaxN = new double[polyCount];
        polyMinE = new double[polyCount];
        polyMaxE = new double[polyCount];
        int at = 0;
        for (int k = 0; k < polyCount; k++) {
            double[][] poly = p.polygons.get(k);
            int len = poly[0].length;
            polyStart[k] = at;
            polyLen[k] = len;
            polyInclusion[k] = p.polygonInclusion.get(k);
            double minN = Double.POSITIVE_INFINITY;
            double maxN = Double.NEGATIVE_INFINITY;
            double minE = Double.POSITIVE_INFINITY;
            double maxE = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < len; i++) {
                double n = poly[0][i];
                double e = poly[1][i];
                vertN[at + i] = n;
                vertE[at + i] = e;
                minN = Math.min(minN, n);
                maxN = Math.max(maxN, n);
                minE = Math.min(minE, e);
                maxE = Math.max(maxE, e);
            }
            polyMinN[k] = minN;
            polyMaxN[k] = maxN;
            polyMinE[k] = minE;
            polyMaxE[k] = maxE;
            at += len;
        }

        boolean distLimit = limits.maxHorizontalDistM() != Double.POSITIVE_INFINITY;
        circleCount = p.circles.size() + (distLimit ? 1 : 0);
        circN = new double[circleCount];
        circE = new double[circleCount];
        circR = new double[circleCount];
        circInclusion = new boolean[circleCount];
        for (int c = 0; c < p.circles.size(); c++) {
            double[] circle = p.circles.get(c);
            circN[c] = circle[0];
            circE[c] = circle[1];
            circR[c] = circle[2];
            circInclusion[c] = p.circleInclusion.get(c);
        }
        if (distLimit) {
            int c = circleCount - 1;
            circN[c] = 0.0;
            circE[c] = 0.0;
            circR[c] = limits.maxHorizontalDistM();
            circInclusion[c] = true;
        }

        hasReturnPoint = p.returnPoint != null;
        returnNorthM = hasReturnPoint ? p.returnPoint[0] : Double.NaN;
        returnEastM = hasReturnPoint ? p.returnPoint[1] : Double.NaN;
        returnAltM = hasReturnPoint ? p.returnPoint[2] : Double.NaN;
    }

    // ---------------------------------------------------------------------------------------------
    // Construction (may allocate)

    /**
     * Builds the fence of a plan's FENCE items about a reference (home).
     *
     * @param fenceItems the plan's fence list, in sequence order ({@code MissionPlan#fence()})
     * @param refLatDeg  reference (home) latitude, degrees
     * @param refLonDeg  reference (home) longitude, degrees
     * @param limits     altitude band and distance limit ({@link FenceLimits#NONE} for none)
     * @throws IllegalArgumentException with a message naming the offending item for malformed items
     */
    public static Geofence build(List<MissionItem> fenceItems, double refLatDeg, double refLonDeg,
                                 FenceLimits limits) {
        if (fenceItems == null || limits == null) {
            throw new IllegalArgumentException("fence items and limits are required");
        }
        LocalProjection projection = new LocalProjection(refLatDeg, refLonDeg);
        return new Geofence(parse(fenceItems, projection), projection, limits);
    }

    /** An empty fence (only the limits apply). */
    public static Geofence of(double refLatDeg, double refLonDeg, FenceLimits limits) {
        return build(List.of(), refLatDeg, refLonDeg, limits);
    }

    /**
     * Checks fence items without building: null if {@link #build} would accept them, otherwise the
     * reason it would refuse them.
     */
    public static String validate(List<MissionItem> fenceItems, double refLatDeg, double refLonDeg) {
        try {
            parse(fenceItems, new LocalProjection(refLatDeg, refLonDeg));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Checks fence items about the first item's position (for a plan without a home yet). */
    public static String validate(List<MissionItem> fenceItems) {
        if (fenceItems == null) {
            return "fence items are required";
        }
        if (fenceItems.isEmpty()) {
            return null;
        }
        MissionItem first = fenceItems.get(0);
        if (!(Math.abs(first.latDeg()) <= 90.0 && Math.abs(first.lonDeg()) <= 180.0)) {
            return "item 0: latitude/longitude out of range: " + first.latDeg() + ", " + first.lonDeg();
        }
        return validate(fenceItems, first.latDeg(), first.lonDeg());
    }

    /** Intermediate result of parsing: local coordinates, still in lists. */
    private static final class Parsed {
        final List<double[][]> polygons = new ArrayList<>();
        final List<Boolean> polygonInclusion = new ArrayList<>();
        final List<double[]> circles = new ArrayList<>();
        final List<Boolean> circleInclusion = new ArrayList<>();
        double[] returnPoint;
    }

    private static Parsed parse(List<MissionItem> items, LocalProjection projection) {
        if (items == null) {
            throw new IllegalArgumentException("fence items are required");
        }
        Parsed out = new Parsed();
        double[] ne = new double[2];
        int n = items.size();
        int i = 0;
        while (i < n) {
            MissionItem item = items.get(i);
            int cmd = item.command();
            checkPosition(i, item);
            switch (cmd) {
                case MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION:
                case MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION: {
                    boolean inclusion = cmd == MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION;
                    String kind = inclusion ? "inclusion" : "exclusion";
                    float p1 = item.param1();
                    if (!(Float.isFinite(p1) && p1 == Math.rint(p1))) {
                        throw new IllegalArgumentException("item " + i + ": " + kind
                                + " polygon vertex count (param1) must be a whole number, got " + p1);
                    }
                    int count = (int) p1;
                    if (count < 3) {
                        throw new IllegalArgumentException("item " + i + ": " + kind
                                + " polygon needs at least 3 vertices, param1 says " + count);
                    }
                    if (i + count > n) {
                        throw new IllegalArgumentException("item " + i + ": " + kind + " polygon of " + count
                                + " vertices needs items " + i + ".." + (i + count - 1) + " but the fence has only "
                                + n + " items (vertex count mismatch)");
                    }
                    double[] pn = new double[count];
                    double[] pe = new double[count];
                    for (int v = 0; v < count; v++) {
                        MissionItem vertex = items.get(i + v);
                        if (vertex.command() != cmd) {
                            throw new IllegalArgumentException("item " + (i + v) + ": expected vertex " + (v + 1)
                                    + " of " + count + " of the " + kind + " polygon starting at item " + i
                                    + " (command " + cmd + "), found command " + vertex.command()
                                    + " (vertex count mismatch)");
                        }
                        if (vertex.param1() != p1) {
                            throw new IllegalArgumentException("item " + (i + v) + ": vertex count mismatch: param1 = "
                                    + vertex.param1() + " but the " + kind + " polygon starting at item " + i
                                    + " has " + count + " vertices");
                        }
                        checkPosition(i + v, vertex);
                        projection.projectTo(vertex.latDeg(), vertex.lonDeg(), ne);
                        pn[v] = ne[0];
                        pe[v] = ne[1];
                    }
                    out.polygons.add(cleanPolygon(i, kind, pn, pe));
                    out.polygonInclusion.add(inclusion);
                    i += count;
                    break;
                }
                case MavCmd.NAV_FENCE_CIRCLE_INCLUSION:
                case MavCmd.NAV_FENCE_CIRCLE_EXCLUSION: {
                    boolean inclusion = cmd == MavCmd.NAV_FENCE_CIRCLE_INCLUSION;
                    float radius = item.param1();
                    if (!(Float.isFinite(radius) && radius > 0.0f)) {
                        throw new IllegalArgumentException("item " + i + ": " + (inclusion ? "inclusion" : "exclusion")
                                + " circle radius (param1) must be positive and finite, got " + radius + " m");
                    }
                    projection.projectTo(item.latDeg(), item.lonDeg(), ne);
                    out.circles.add(new double[] {ne[0], ne[1], radius});
                    out.circleInclusion.add(inclusion);
                    i++;
                    break;
                }
                case MavCmd.NAV_FENCE_RETURN_POINT:
                    if (out.returnPoint != null) {
                        throw new IllegalArgumentException("item " + i + ": a second fence return point; only one is allowed");
                    }
                    projection.projectTo(item.latDeg(), item.lonDeg(), ne);
                    out.returnPoint = new double[] {ne[0], ne[1], item.z()};
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("item " + i + ": command " + cmd + " is not a fence item");
            }
        }
        return out;
    }

    private static void checkPosition(int index, MissionItem item) {
        boolean global = false;
        for (int f : GLOBAL_FRAMES) {
            global |= item.frame() == f;
        }
        if (!global) {
            throw new IllegalArgumentException("item " + index + ": frame " + item.frame()
                    + " is not a global frame; fence items carry latitude/longitude");
        }
        if (!(Math.abs(item.latDeg()) <= 90.0 && Math.abs(item.lonDeg()) <= 180.0)) {
            throw new IllegalArgumentException("item " + index + ": latitude/longitude out of range: "
                    + item.latDeg() + ", " + item.lonDeg());
        }
    }

    /**
     * Drops repeated consecutive vertices (and a closing vertex equal to the first, which some
     * tools add), then refuses polygons that are degenerate or self-intersecting.
     */
    private static double[][] cleanPolygon(int firstItem, String kind, double[] pn, double[] pe) {
        int len = 0;
        double[] cn = new double[pn.length];
        double[] ce = new double[pe.length];
        for (int v = 0; v < pn.length; v++) {
            if (len > 0 && cn[len - 1] == pn[v] && ce[len - 1] == pe[v]) {
                continue;
            }
            cn[len] = pn[v];
            ce[len] = pe[v];
            len++;
        }
        if (len > 1 && cn[len - 1] == cn[0] && ce[len - 1] == ce[0]) {
            len--;
        }
        String where = "item " + firstItem + ": " + kind + " polygon";
        if (len < 3) {
            throw new IllegalArgumentException(where + " has fewer than 3 distinct vertices");
        }
        double[] n = Arrays.copyOf(cn, len);
        double[] e = Arrays.copyOf(ce, len);
        if (PlanarGeometry.twiceSignedArea(n, e, 0, len) == 0.0) {
            throw new IllegalArgumentException(where + " has zero area (collinear vertices)");
        }
        // Edge a is (a, a+1); non-adjacent edges must not meet. O(n²) at build time only.
        for (int a = 0; a < len; a++) {
            int a2 = (a + 1) % len;
            for (int b = a + 1; b < len; b++) {
                int b2 = (b + 1) % len;
                if (b == a2 || b2 == a) {
                    continue; // adjacent edges share a vertex
                }
                if (PlanarGeometry.segmentsIntersect(n[a], e[a], n[a2], e[a2], n[b], e[b], n[b2], e[b2])) {
                    throw new IllegalArgumentException(where + " is self-intersecting: edge " + (a + 1) + "-"
                            + (a2 + 1) + " meets edge " + (b + 1) + "-" + (b2 + 1));
                }
            }
        }
        return new double[][] {n, e};
    }

    /**
     * Build-time check against home, as PX4 refuses fences that do not contain home: null if the
     * reference (home) is horizontally allowed, otherwise which zone excludes it. Allocates.
     */
    public String checkAgainstHome() {
        for (int k = 0; k < polyCount; k++) {
            boolean inside = PlanarGeometry.insidePolygon(vertN, vertE, polyStart[k], polyLen[k], 0.0, 0.0);
            if (inside != polyInclusion[k]) {
                return (polyInclusion[k] ? "home is outside inclusion polygon " : "home is inside exclusion polygon ")
                        + (k + 1);
            }
        }
        for (int c = 0; c < circleCount; c++) {
            boolean inside = circN[c] * circN[c] + circE[c] * circE[c] <= circR[c] * circR[c];
            if (inside != circInclusion[c]) {
                return (circInclusion[c] ? "home is outside inclusion circle " : "home is inside exclusion circle ")
                        + (c + 1);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Hot-path queries (no allocation)

    /**
     * Whether a point is inside the allowed volume.
     *
     * @param northM north of the reference, m
     * @param eastM  east of the reference, m
     * @param downM  down from the reference (home) altitude, m (altitude above home = −downM)
     */
    public boolean contains(double northM, double eastM, double downM) {
        return verticalInside(downM) && horizontalInside(northM, eastM);
    }

    /** Same as {@link #contains}: the point form used when validating setpoints. */
    public boolean pointInside(double northM, double eastM, double downM) {
        return contains(northM, eastM, downM);
    }

    /** Whether a down position (m below home) is within the altitude band. NaN → false. */
    public boolean verticalInside(double downM) {
        double altM = -downM;
        return altM >= minAltM && altM <= maxAltM;
    }

    /** Whether a horizontal position is allowed by every zone. NaN → false. */
    public boolean horizontalInside(double northM, double eastM) {
        if (!(Double.isFinite(northM) && Double.isFinite(eastM))) {
            return false;
        }
        for (int k = 0; k < polyCount; k++) {
            if (insidePolygon(k, northM, eastM) != polyInclusion[k]) {
                return false;
            }
        }
        for (int c = 0; c < circleCount; c++) {
            double dn = northM - circN[c];
            double de = eastM - circE[c];
            double d2 = dn * dn + de * de;
            double r2 = circR[c] * circR[c];
            if (circInclusion[c] ? d2 > r2 : d2 < r2) {
                return false;
            }
        }
        return true;
    }

    /**
     * Horizontal signed distance to the fence: positive inside the allowed area (the distance to the
     * nearest boundary, exact), negative outside (minus the largest single-zone violation, which never
     * overstates how far the allowed area is), +∞ when there is no horizontal zone, NaN for NaN input.
     * Altitude limits are not included.
     */
    public double signedDistanceM(double northM, double eastM) {
        if (!(Double.isFinite(northM) && Double.isFinite(eastM))) {
            return Double.NaN;
        }
        double sd = Double.POSITIVE_INFINITY;
        for (int k = 0; k < polyCount; k++) {
            double d = PlanarGeometry.distanceToOutline(vertN, vertE, polyStart[k], polyLen[k], northM, eastM);
            boolean good = insidePolygon(k, northM, eastM) == polyInclusion[k];
            double v = good ? d : -d;
            if (v < sd) {
                sd = v;
            }
        }
        for (int c = 0; c < circleCount; c++) {
            double dn = northM - circN[c];
            double de = eastM - circE[c];
            double dc = Math.sqrt(dn * dn + de * de);
            double v = circInclusion[c] ? circR[c] - dc : dc - circR[c];
            if (v < sd) {
                sd = v;
            }
        }
        return sd;
    }

    /**
     * Vertical signed distance: positive inside the altitude band (distance to the nearer limit),
     * negative outside; +∞ with no altitude limit.
     */
    public double verticalSignedDistanceM(double downM) {
        double altM = -downM;
        return Math.min(maxAltM - altM, altM - minAltM);
    }

    /**
     * Whether braking now at {@code maxDecelMps2} would still leave the allowed volume, or come within
     * {@code marginM} of its boundary. The stopping point is p + v·|v| / (2a), taken separately in the
     * horizontal plane (along the horizontal velocity) and in the vertical, each axis braking at
     * {@code maxDecelMps2}. True when the vehicle is already outside; when the stopping point is less
     * than {@code marginM} inside horizontally or vertically; or when the straight path to it crosses
     * any zone boundary (a thin exclusion zone between here and the stopping point). Non-finite input
     * or a non-positive deceleration give true.
     *
     * @param maxDecelMps2 braking deceleration the vehicle can hold, m/s², > 0
     * @param marginM      distance to keep from the boundary, m
     */
    public boolean breachPredicted(double northM, double eastM, double downM,
                                   double velNorthMps, double velEastMps, double velDownMps,
                                   double maxDecelMps2, double marginM) {
        if (!(maxDecelMps2 > 0.0 && Double.isFinite(maxDecelMps2) && Double.isFinite(marginM)
                && Double.isFinite(velNorthMps) && Double.isFinite(velEastMps) && Double.isFinite(velDownMps))) {
            return true;
        }
        if (!contains(northM, eastM, downM)) {
            return true;
        }
        double k = 0.5 / maxDecelMps2;
        double speedH = Math.sqrt(velNorthMps * velNorthMps + velEastMps * velEastMps);
        double stopN = northM + velNorthMps * speedH * k;
        double stopE = eastM + velEastMps * speedH * k;
        double stopD = downM + velDownMps * Math.abs(velDownMps) * k;
        if (verticalSignedDistanceM(stopD) < marginM) {
            return true;
        }
        if (polyCount + circleCount == 0) {
            return false;
        }
        return signedDistanceM(stopN, stopE) < marginM || crossesBoundary(northM, eastM, stopN, stopE);
    }

    /**
     * Whether the straight leg from point 1 to point 2 lies entirely in the allowed volume: both ends
     * inside and no zone boundary crossed or touched on the way (altitude is linear along the leg, so
     * the band holds if it holds at both ends). For validating mission legs and repositions.
     */
    public boolean segmentInside(double n1, double e1, double d1, double n2, double e2, double d2) {
        return contains(n1, e1, d1) && contains(n2, e2, d2) && !crossesBoundary(n1, e1, n2, e2);
    }

    /**
     * How much of the straight leg from point 1 to point 2 can be flown before leaving the allowed
     * volume: 1 if all of it, 0 if point 1 is outside, else the parameter t of the first boundary
     * crossing (horizontal or vertical). A setpoint that would leave the fence is clamped to
     * p1 + t·(p2 − p1), less whatever margin the caller keeps (e.g. t − margin / legLength).
     */
    public double allowedLegFraction(double n1, double e1, double d1, double n2, double e2, double d2) {
        if (!contains(n1, e1, d1) || !(Double.isFinite(n2) && Double.isFinite(e2) && Double.isFinite(d2))) {
            return 0.0;
        }
        double t = 1.0;
        // Vertical: altitude a(t) = a1 + t (a2 − a1) leaves [min, max].
        double a1 = -d1;
        double a2 = -d2;
        if (a2 > maxAltM) {
            t = Math.min(t, (maxAltM - a1) / (a2 - a1));
        } else if (a2 < minAltM) {
            t = Math.min(t, (minAltM - a1) / (a2 - a1));
        }
        // Horizontal: starting inside every inclusion and outside every exclusion, the first boundary
        // met (of any zone) is where the leg leaves the allowed area.
        for (int k = 0; k < polyCount; k++) {
            if (!segmentMayTouchBox(k, n1, e1, n2, e2)) {
                continue;
            }
            int s = polyStart[k];
            int len = polyLen[k];
            for (int i = 0, j = len - 1; i < len; j = i++) {
                double hit = PlanarGeometry.firstHitParameter(n1, e1, n2, e2,
                        vertN[s + j], vertE[s + j], vertN[s + i], vertE[s + i]);
                if (hit < t) {
                    t = hit;
                }
            }
        }
        double rn = n2 - n1;
        double re = e2 - e1;
        double a = rn * rn + re * re;
        if (a > 0.0) {
            for (int c = 0; c < circleCount; c++) {
                double fn = n1 - circN[c];
                double fe = e1 - circE[c];
                double b = 2.0 * (fn * rn + fe * re);
                double cc = fn * fn + fe * fe - circR[c] * circR[c];
                double disc = b * b - 4.0 * a * cc;
                if (disc < 0.0) {
                    continue;
                }
                double sq = Math.sqrt(disc);
                // Inclusion: we start inside, so we leave at the larger root; exclusion: enter at the smaller.
                double hit = circInclusion[c] ? (-b + sq) / (2.0 * a) : (-b - sq) / (2.0 * a);
                if (hit >= 0.0 && hit < t) {
                    t = hit;
                }
            }
        }
        return Math.max(0.0, t);
    }

    /** Whether the horizontal segment meets any polygon edge or enters any exclusion circle. */
    private boolean crossesBoundary(double n1, double e1, double n2, double e2) {
        for (int k = 0; k < polyCount; k++) {
            if (!segmentMayTouchBox(k, n1, e1, n2, e2)) {
                continue;
            }
            int s = polyStart[k];
            int len = polyLen[k];
            for (int i = 0, j = len - 1; i < len; j = i++) {
                if (PlanarGeometry.segmentsIntersect(n1, e1, n2, e2,
                        vertN[s + j], vertE[s + j], vertN[s + i], vertE[s + i])) {
                    return true;
                }
            }
        }
        for (int c = 0; c < circleCount; c++) {
            // Inclusion circles are convex: both ends inside (checked by the callers) means all inside.
            if (!circInclusion[c]
                    && PlanarGeometry.distanceSquaredToSegment(circN[c], circE[c], n1, e1, n2, e2)
                    < circR[c] * circR[c]) {
                return true;
            }
        }
        return false;
    }

    private boolean insidePolygon(int k, double n, double e) {
        if (n < polyMinN[k] || n > polyMaxN[k] || e < polyMinE[k] || e > polyMaxE[k]) {
            return false;
        }
        return PlanarGeometry.insidePolygon(vertN, vertE, polyStart[k], polyLen[k], n, e);
    }

    private boolean segmentMayTouchBox(int k, double n1, double e1, double n2, double e2) {
        return !(Math.max(n1, n2) < polyMinN[k] || Math.min(n1, n2) > polyMaxN[k]
                || Math.max(e1, e2) < polyMinE[k] || Math.min(e1, e2) > polyMaxE[k]);
    }

    // ---------------------------------------------------------------------------------------------
    // Introspection

    /** The projection between lat/lon and this fence's local frame. */
    public LocalProjection projection() {
        return projection;
    }

    public FenceLimits limits() {
        return limits;
    }

    /** Number of polygons from the plan. */
    public int polygonCount() {
        return polyCount;
    }

    /** Number of circles, including the {@link FenceLimits#maxHorizontalDistM} circle when set (last). */
    public int circleCount() {
        return circleCount;
    }

    public boolean isInclusionPolygon(int index) {
        return polyInclusion[index];
    }

    /** Vertices kept for a polygon: repeated consecutive (and closing) vertices are dropped at build. */
    public int polygonVertexCount(int index) {
        return polyLen[index];
    }

    public boolean isInclusionCircle(int index) {
        return circInclusion[index];
    }

    /** Circle centre north of the reference, m. */
    public double circleNorthM(int index) {
        return circN[index];
    }

    /** Circle centre east of the reference, m. */
    public double circleEastM(int index) {
        return circE[index];
    }

    public double circleRadiusM(int index) {
        return circR[index];
    }

    /** Whether any horizontal zone (polygon, circle or distance limit) exists. */
    public boolean hasHorizontalZones() {
        return polyCount + circleCount > 0;
    }

    /** Whether the plan had a NAV_FENCE_RETURN_POINT. */
    public boolean hasReturnPoint() {
        return hasReturnPoint;
    }

    /** Return point north of the reference, m (NaN without one). */
    public double returnPointNorthM() {
        return returnNorthM;
    }

    /** Return point east of the reference, m (NaN without one). */
    public double returnPointEastM() {
        return returnEastM;
    }

    /** Return point altitude (the item's z, in the item's frame), m (NaN without one). */
    public double returnPointAltM() {
        return returnAltM;
    }
}
