package org.hoverla.sim.replay;

import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogTopic;

/** GNSS columns from vehicle_gps_position or sensor_gps, in degrees and metres. */
final class GnssRecords {
    String topic;
    long[] t;
    double[] lat, lon, alt, fix, eph, sVar, vn, ve, vd, velValid;

    static GnssRecords find(UlogFile log) {
        for (String name : new String[] {"vehicle_gps_position", "sensor_gps"}) {
            for (UlogTopic tp : log.instances(name)) {
                if (tp.size() == 0 || !tp.hasField("fix_type")) {
                    continue;
                }
                GnssRecords g = new GnssRecords();
                g.topic = name + "[" + tp.multiId() + "]";
                g.t = tp.timestamps();
                if (tp.hasField("latitude_deg")) {
                    g.lat = tp.column("latitude_deg");
                    g.lon = tp.column("longitude_deg");
                    g.alt = tp.column("altitude_msl_m");
                } else if (tp.hasField("lat")) {
                    g.lat = scale(tp.column("lat"), 1e-7);
                    g.lon = scale(tp.column("lon"), 1e-7);
                    g.alt = scale(tp.column("alt"), 1e-3);
                } else {
                    continue;
                }
                g.fix = tp.column("fix_type");
                g.eph = col(tp, "eph", g.t.length, 2.0);
                g.sVar = col(tp, "s_variance_m_s", g.t.length, 0.5);
                g.vn = col(tp, "vel_n_m_s", g.t.length, Double.NaN);
                g.ve = col(tp, "vel_e_m_s", g.t.length, Double.NaN);
                g.vd = col(tp, "vel_d_m_s", g.t.length, Double.NaN);
                g.velValid = col(tp, "vel_ned_valid", g.t.length, 1.0);
                if (g.firstGood() >= 0) {
                    return g;
                }
            }
        }
        return null;
    }

    boolean good(int i) {
        return fix[i] >= 3 && Double.isFinite(lat[i]) && Double.isFinite(lon[i]) && Double.isFinite(alt[i])
                && !(lat[i] == 0 && lon[i] == 0) && Math.abs(lat[i]) <= 90 && Math.abs(lon[i]) <= 180;
    }

    boolean velValid(int i) {
        return velValid[i] != 0 && Double.isFinite(vn[i]) && Double.isFinite(ve[i]) && Double.isFinite(vd[i]);
    }

    int firstGood() {
        for (int i = 0; i < t.length; i++) {
            if (good(i)) {
                return i;
            }
        }
        return -1;
    }

    private static double[] col(UlogTopic tp, String f, int n, double dflt) {
        if (tp.hasField(f)) {
            return tp.column(f);
        }
        double[] d = new double[n];
        java.util.Arrays.fill(d, dflt);
        return d;
    }

    private static double[] scale(double[] v, double s) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return v;
    }
}
