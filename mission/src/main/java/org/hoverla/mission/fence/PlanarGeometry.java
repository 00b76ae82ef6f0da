package org.hoverla.mission.fence;

/**
 * Plane geometry on local north/east metres for the fence: primitive-only, allocation-free.
 * {@code n} is north (the "y" of the usual formulas), {@code e} is east ("x").
 */
final class PlanarGeometry {
    private PlanarGeometry() {
    }

    /**
     * Crossing-number point-in-polygon test (W. R. Franklin, PNPOLY): a ray towards +east crosses
     * the boundary an odd number of times iff the point is inside. Correct for concave polygons and
     * either winding; the half-open test {@code (n_i > n) != (n_j > n)} counts a vertex on the ray
     * once. Points exactly on an edge may fall either way.
     */
    static boolean insidePolygon(double[] vn, double[] ve, int start, int len, double n, double e) {
        boolean inside = false;
        for (int i = 0, j = len - 1; i < len; j = i++) {
            double ni = vn[start + i];
            double nj = vn[start + j];
            if ((ni > n) != (nj > n)) {
                double ei = ve[start + i];
                double ej = ve[start + j];
                double eCross = ei + (n - ni) * (ej - ei) / (nj - ni);
                if (e < eCross) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    /** Distance from a point to the closed polygon outline (all edges, including last → first). */
    static double distanceToOutline(double[] vn, double[] ve, int start, int len, double n, double e) {
        double best2 = Double.POSITIVE_INFINITY;
        for (int i = 0, j = len - 1; i < len; j = i++) {
            double d2 = distanceSquaredToSegment(n, e, vn[start + j], ve[start + j], vn[start + i], ve[start + i]);
            if (d2 < best2) {
                best2 = d2;
            }
        }
        return Math.sqrt(best2);
    }

    /** Squared distance from point p to segment ab. */
    static double distanceSquaredToSegment(double pn, double pe, double an, double ae, double bn, double be) {
        double dn = bn - an;
        double de = be - ae;
        double len2 = dn * dn + de * de;
        double t = len2 > 0.0 ? ((pn - an) * dn + (pe - ae) * de) / len2 : 0.0;
        if (t < 0.0) {
            t = 0.0;
        } else if (t > 1.0) {
            t = 1.0;
        }
        double cn = an + t * dn - pn;
        double ce = ae + t * de - pe;
        return cn * cn + ce * ce;
    }

    /** Sign of the cross product (b − a) × (c − a): > 0 left turn, < 0 right turn, 0 collinear. */
    static double orient(double an, double ae, double bn, double be, double cn, double ce) {
        return (be - ae) * (cn - an) - (bn - an) * (ce - ae);
    }

    /** Whether closed segments ab and cd share a point (crossing or touching). */
    static boolean segmentsIntersect(double an, double ae, double bn, double be,
                                     double cn, double ce, double dn, double de) {
        double o1 = orient(an, ae, bn, be, cn, ce);
        double o2 = orient(an, ae, bn, be, dn, de);
        double o3 = orient(cn, ce, dn, de, an, ae);
        double o4 = orient(cn, ce, dn, de, bn, be);
        if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
            return true;
        }
        return (o1 == 0 && onSegment(an, ae, bn, be, cn, ce))
                || (o2 == 0 && onSegment(an, ae, bn, be, dn, de))
                || (o3 == 0 && onSegment(cn, ce, dn, de, an, ae))
                || (o4 == 0 && onSegment(cn, ce, dn, de, bn, be));
    }

    /** For p collinear with ab: whether p lies within ab's bounding box. */
    private static boolean onSegment(double an, double ae, double bn, double be, double pn, double pe) {
        return pn >= Math.min(an, bn) && pn <= Math.max(an, bn) && pe >= Math.min(ae, be) && pe <= Math.max(ae, be);
    }

    /**
     * The smallest parameter t ∈ [0, 1] at which segment p(t) = a + t (b − a) meets closed segment
     * cd, or +∞ if it does not.
     */
    static double firstHitParameter(double an, double ae, double bn, double be,
                                    double cn, double ce, double dn, double de) {
        double rn = bn - an;
        double re = be - ae;
        double sn = dn - cn;
        double se = de - ce;
        double denom = re * sn - rn * se; // r × s with (e, n) as (x, y)
        double qn = cn - an;
        double qe = ce - ae;
        if (denom == 0.0) {
            // Parallel. Collinear and overlapping: the first overlap point along ab.
            if (re * qn - rn * qe != 0.0) {
                return Double.POSITIVE_INFINITY;
            }
            double r2 = rn * rn + re * re;
            if (r2 == 0.0) {
                return Double.POSITIVE_INFINITY;
            }
            double tc = (qn * rn + qe * re) / r2;
            double td = ((dn - an) * rn + (de - ae) * re) / r2;
            double lo = Math.max(0.0, Math.min(tc, td));
            double hi = Math.min(1.0, Math.max(tc, td));
            return lo <= hi ? lo : Double.POSITIVE_INFINITY;
        }
        double t = (qe * sn - qn * se) / denom;
        double u = (qe * rn - qn * re) / denom;
        if (t >= 0.0 && t <= 1.0 && u >= 0.0 && u <= 1.0) {
            return t;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Twice the signed area (shoelace): > 0 counter-clockwise in (east, north) axes. */
    static double twiceSignedArea(double[] vn, double[] ve, int start, int len) {
        double sum = 0.0;
        for (int i = 0, j = len - 1; i < len; j = i++) {
            sum += ve[start + j] * vn[start + i] - ve[start + i] * vn[start + j];
        }
        return sum;
    }
}
