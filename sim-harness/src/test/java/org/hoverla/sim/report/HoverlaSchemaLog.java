package org.hoverla.sim.report;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hoverla.core.log.ulog.UlogWriter;

/**
 * A synthetic flight log in the topic schema Hoverla's logger writes (PX4's topic and field names
 * plus {@code loop_timing}), built with {@link UlogWriter}: a climb to 10 m, a 20 m leg north and a
 * descent, with setpoints, motors, battery, estimator innovations, vehicle_status mode, arming and
 * failsafe changes, logged messages and the loop-timing histogram. Test helper; setters return this.
 */
final class HoverlaSchemaLog {
    static final long START_US = 5_000_000L;
    static final String EDGES = "25,50,75,100,150,200,300,500,750,1000,1500,2000,3000,5000,10000";

    private double durationS = 60.0;
    private double rateHz = 50.0;
    private final Set<String> without = new LinkedHashSet<>();
    private final List<String[]> messages = new ArrayList<>();
    private boolean edges = true;

    HoverlaSchemaLog durationS(double s) {
        durationS = s;
        return this;
    }

    /** Sample rate of every topic (vehicle_status and loop_timing at a tenth of it). */
    HoverlaSchemaLog rateHz(double hz) {
        rateHz = hz;
        return this;
    }

    /** Leaves a topic out. */
    HoverlaSchemaLog without(String topic) {
        without.add(topic);
        return this;
    }

    HoverlaSchemaLog withoutEdges() {
        edges = false;
        return this;
    }

    /** Adds an in-flight parameter change (float) at {@code atS} after the start. */
    HoverlaSchemaLog parameterChange(double atS, String name, float value) {
        messages.add(new String[] {String.valueOf(atS), "\u0000P" + name + "=" + value});
        return this;
    }

    /** Adds a logged string ('L') at {@code atS} after the start. */
    HoverlaSchemaLog message(double atS, String text) {
        messages.add(new String[] {String.valueOf(atS), text});
        return this;
    }

    byte[] bytes() {
        UlogWriter w = new UlogWriter().header(START_US);
        info(w, "sys_name", "Hoverla");
        info(w, "ver_sw", "0123456789abcdef0123456789abcdef01234567");
        info(w, "sys_board", "sitl");
        info(w, "sys_uuid", "HOVERLA-TEST-0001");
        if (edges) {
            info(w, UlogFlightReport.LOOP_TIMING_EDGES_INFO, EDGES);
        }
        String[][] topics = {
            {"vehicle_local_position", "uint64_t timestamp;float x;float y;float z;float vx;float vy;float vz;float heading"},
            {"vehicle_attitude", "uint64_t timestamp;float[4] q"},
            {"vehicle_attitude_setpoint", "uint64_t timestamp;float[4] q_d;float[3] thrust_body"},
            {"vehicle_angular_velocity", "uint64_t timestamp;float[3] xyz"},
            {"vehicle_rates_setpoint", "uint64_t timestamp;float roll;float pitch;float yaw;float[3] thrust_body"},
            {"actuator_motors", "uint64_t timestamp;float[12] control"},
            {"actuator_outputs", "uint64_t timestamp;uint32_t noutputs;float[16] output"},
            {"battery_status", "uint64_t timestamp;float voltage_v;float current_a;float remaining"},
            {"estimator_innovations", "uint64_t timestamp;float[2] gps_hpos;float gps_vpos;float[2] gps_hvel;float gps_vvel;"
                    + "float baro_vpos;float[3] mag_field;float heading"},
            {"estimator_innovation_test_ratios", "uint64_t timestamp;float[2] gps_hpos;float gps_vpos;float[2] gps_hvel;"
                    + "float gps_vvel;float baro_vpos;float[3] mag_field;float heading"},
            {"vehicle_status", "uint64_t timestamp;uint8_t arming_state;uint8_t nav_state;bool failsafe;uint8_t[5] _padding0"},
            {"loop_timing", "uint64_t timestamp;uint32_t cycles;uint32_t deadline_misses;uint32_t overruns;"
                    + "float lateness_max_us;uint32_t[16] lateness_hist"},
        };
        int id = 0;
        List<String> present = new ArrayList<>();
        for (String[] t : topics) {
            if (!without.contains(t[0])) {
                w.format(t[0] + ":" + t[1]);
                w.add(0, id++, t[0]);
                present.add(t[0]);
            }
        }
        int n = (int) Math.round(durationS * rateHz);
        int msg = 0;
        messages.sort((a, b) -> Double.compare(Double.parseDouble(a[0]), Double.parseDouble(b[0])));
        long[] hist = new long[16];
        for (int i = 0; i < n; i++) {
            double t = i / rateHz;
            long ts = START_US + (long) (t * 1e6);
            while (msg < messages.size() && Double.parseDouble(messages.get(msg)[0]) <= t) {
                logging(w, ts, messages.get(msg++)[1]);
            }
            double phase = t / durationS;
            double up = phase < 0.1 ? 0 : phase < 0.3 ? (phase - 0.1) / 0.2 * 10 : phase < 0.8 ? 10 : Math.max(0, 10 - (phase - 0.8) / 0.15 * 10);
            double north = phase < 0.3 ? 0 : phase < 0.6 ? (phase - 0.3) / 0.3 * 20 : 20;
            double roll = 0.05 * Math.sin(t * 1.3);
            double pitch = 0.04 * Math.cos(t * 0.7);
            double yaw = 0.3;
            double[] q = quat(roll, pitch, yaw);
            double[] qd = quat(roll * 0.9, pitch * 0.9, yaw);
            int k = 0;
            for (String name : present) {
                int msgId = k++;
                switch (name) {
                    case "vehicle_local_position" -> w.sample(msgId, ts, north, 0.5 * Math.sin(t), -up, 0.5, 0.1, 0.0, yaw);
                    case "vehicle_attitude" -> w.sample(msgId, ts, q[0], q[1], q[2], q[3]);
                    case "vehicle_attitude_setpoint" -> w.sample(msgId, ts, qd[0], qd[1], qd[2], qd[3], 0, 0, -0.5);
                    case "vehicle_angular_velocity" -> w.sample(msgId, ts, 0.1 * Math.sin(t * 3), 0.05, -0.02);
                    case "vehicle_rates_setpoint" -> w.sample(msgId, ts, 0.1 * Math.sin(t * 3 + 0.1), 0.04, -0.01, 0, 0, -0.5);
                    case "actuator_motors" -> {
                        double[] v = new double[13];
                        v[0] = ts;
                        for (int m = 1; m <= 12; m++) {
                            v[m] = m <= 4 ? 0.5 + 0.02 * m : Double.NaN;
                        }
                        w.sample(msgId, v);
                    }
                    case "actuator_outputs" -> {
                        double[] v = new double[18];
                        v[0] = ts;
                        v[1] = 4;
                        for (int m = 0; m < 4; m++) {
                            v[2 + m] = 1500 + 10 * m;
                        }
                        w.sample(msgId, v);
                    }
                    case "battery_status" -> w.sample(msgId, ts, 16.8 - 1.2 * phase, 12 + Math.sin(t), 1 - 0.4 * phase);
                    case "estimator_innovations" -> w.sample(msgId, ts, 0.1, -0.1, 0.2, 0.05, -0.05, 0.02, 0.3, 0.01, 0.02, 0.03, 0.01);
                    case "estimator_innovation_test_ratios" -> w.sample(msgId, ts, 0.2, 0.2, 0.3, 0.1, 0.1, 0.1, 0.5, 0.05, 0.05, 0.05, 0.02);
                    case "vehicle_status" -> {
                        if (i % 10 == 0) {
                            int arming = phase < 0.05 || phase > 0.97 ? 1 : 2;
                            int nav = phase < 0.1 ? 4 : phase < 0.3 ? 17 : phase < 0.8 ? 3 : 18;
                            boolean failsafe = phase > 0.7 && phase < 0.8;
                            w.sample(msgId, ts, arming, nav, failsafe ? 1 : 0);
                        }
                    }
                    case "loop_timing" -> {
                        if (i % 10 == 0) {
                            // Counts of this interval only, as the logger's LoopTimingLog writes them.
                            long added = (long) (1000 * 10 / rateHz);
                            java.util.Arrays.fill(hist, 0L);
                            hist[0] = added * 90 / 100;
                            hist[1] = added * 8 / 100;
                            hist[2] = added - added * 90 / 100 - added * 8 / 100;
                            if (i == n / 2) {
                                // one cycle of this interval was 3.5 ms late
                                hist[0]--;
                                hist[13]++;
                            }
                            double[] v = new double[5 + hist.length];
                            v[0] = ts;
                            v[1] = added;
                            v[2] = hist[13];
                            v[4] = i == n / 2 ? 3500 : 180;
                            for (int b = 0; b < hist.length; b++) {
                                v[5 + b] = hist[b];
                            }
                            w.sample(msgId, v);
                        }
                    }
                    default -> throw new IllegalStateException(name);
                }
            }
        }
        while (msg < messages.size()) {
            logging(w, START_US + (long) (durationS * 1e6), messages.get(msg++)[1]);
        }
        return w.bytes();
    }

    /** ZYX Euler angles (rad) to a quaternion w, x, y, z. */
    static double[] quat(double roll, double pitch, double yaw) {
        double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
        double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
        double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
        return new double[] {cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy,
            cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy};
    }

    /** INFO ('I'): key length, "char[N] name", value. */
    static void info(UlogWriter w, String name, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] key = ("char[" + v.length + "] " + name).getBytes(StandardCharsets.US_ASCII);
        w.msg('I', ByteBuffer.allocate(1 + key.length + v.length).put((byte) key.length).put(key).put(v).array());
    }

    /** LOGGING ('L') at level INFO ('6'), or a PARAMETER ('P') for the entries parameterChange() made. */
    static void logging(UlogWriter w, long ts, String text) {
        if (text.startsWith("\u0000P")) {
            String[] nv = text.substring(2).split("=");
            byte[] key = ("float " + nv[0]).getBytes(StandardCharsets.US_ASCII);
            w.msg('P', ByteBuffer.allocate(1 + key.length + 4).order(ByteOrder.LITTLE_ENDIAN).put((byte) key.length)
                    .put(key).putFloat(Float.parseFloat(nv[1])).array());
            return;
        }
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        w.msg('L', ByteBuffer.allocate(9 + t.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) '6').putLong(ts).put(t).array());
    }
}
