package org.hoverla.core.log.ulog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A small ULog in Hoverla's log schema (PX4 topic and field names, docs/flight-log.md), built
 * with the synthetic {@link UlogWriter} until the real logger lands: flag bits, info of every
 * type the spec lists, parameters, a nested type with trailing padding, two instances of one
 * topic, logged strings at several levels (plain and tagged), an in-flight parameter change, a
 * dropout and sync messages. Tests of the log commands and of the independent reader use it.
 */
public final class SyntheticFlightLog {
    /** Header timestamp: logging started 5 s after boot. */
    public static final long START_US = 5_000_000L;
    /** Samples of sensor_combined (100 Hz over 1 s). */
    public static final int IMU_SAMPLES = 101;

    private SyntheticFlightLog() {
    }

    /** The whole file. */
    public static byte[] bytes() {
        UlogWriter w = new UlogWriter().header(START_US).flags((byte) 0);
        w.format("sensor_combined:uint64_t timestamp;float[3] gyro_rad;uint32_t gyro_integral_dt;"
                + "int32_t accelerometer_timestamp_relative;float[3] accelerometer_m_s2;uint32_t accelerometer_integral_dt;"
                + "uint8_t accelerometer_clipping;uint8_t[3] _padding0;");
        w.format("vehicle_attitude:uint64_t timestamp;uint64_t timestamp_sample;float[4] q;float[4] delta_q_reset;"
                + "uint8_t quat_reset_counter;uint8_t[7] _padding0;");
        w.format("battery_status:uint64_t timestamp;float voltage_v;float current_a;float remaining;bool connected;"
                + "uint8_t[3] _padding0;");
        w.format("position_setpoint:uint64_t timestamp;double lat;double lon;float alt;bool valid;uint8_t[3] _padding0;");
        w.format("position_setpoint_triplet:uint64_t timestamp;position_setpoint previous;position_setpoint current;");
        w.format("loop_timing:uint64_t timestamp;uint32_t cycles;uint32_t deadline_misses;uint32_t overruns;"
                + "uint32_t lateness_max_us;uint32_t[4] lateness_hist_us;");
        w.msg('I', info("char[7] sys_name", ascii("Hoverla")));
        w.msg('I', info("char[5] ver_sw", ascii("1a2b3")));
        w.msg('I', info("uint32_t ver_sw_release", le(4).putInt(0x000F00FF).array()));
        w.msg('I', info("char[12] sys_uuid", ascii("000021356dda")));
        w.msg('I', info("char[10] ver_hw", ascii("bench-fake")));
        w.msg('I', info("int32_t time_ref_utc", le(4).putInt(-3600).array()));
        w.msg('I', info("float sys_load", le(4).putFloat(0.25f).array()));
        w.msg('M', multi(false, "char[5] perf", ascii("perf1")));
        w.msg('M', multi(true, "char[5] perf", ascii("-more")));
        w.msg('P', info("float MC_ROLL_P", le(4).putFloat(6.5f).array()));
        w.msg('P', info("int32_t SDLOG_MODE", le(4).putInt(0).array()));
        w.msg('P', info("float MPC_XY_VEL_MAX", le(4).putFloat(12f).array()));

        w.add(0, 0, "sensor_combined").add(0, 1, "vehicle_attitude").add(0, 2, "battery_status")
                .add(1, 3, "battery_status").add(0, 4, "position_setpoint_triplet").add(0, 5, "loop_timing");
        w.msg('L', logging('6', START_US + 1_000, "[commander] Takeoff detected"));
        for (int i = 0; i < IMU_SAMPLES; i++) {
            long t = START_US + 10_000L * i;
            w.sample(0, t, 0.01 * i, -0.02, 0.003, 4000, 0, 0.1, -0.2, -9.81, 4000, 0);
            if (i % 4 == 0) {
                double half = 0.001 * i;
                w.sample(1, t, t - 500, Math.cos(half), 0, 0, Math.sin(half), 0, 0, 0, 0, 0);
            }
            if (i % 20 == 0) {
                w.sample(2, t, 16.2 - 0.001 * i, 12.5, 0.9, 1);
                w.sample(3, t, 16.1 - 0.001 * i, 0.0, 0.8, 1);
                w.data(4, triplet(t));
                w.sample(5, t, 1000L * (i + 1), i / 20, 0, 120 + i, 900, 80, 15, 5);
            }
            if (i == 50) {
                w.msg('P', info("float MC_ROLL_P", le(4).putFloat(7.0f).array()));
                w.msg('O', le(2).putShort((short) 35).array());
                w.sync();
                w.msg('C', tagged('4', 3, t, "Low battery, return advised"));
            }
        }
        w.msg('L', logging('3', START_US + 1_000_000, "Failsafe: lost GCS link"));
        w.msg('L', logging('6', START_US + 1_000_000, "Disarmed by landing"));
        return w.bytes();
    }

    private static byte[] triplet(long t) {
        ByteBuffer b = le(8 + 2 * 32);
        b.putLong(t);
        for (int i = 0; i < 2; i++) {
            b.putLong(t).putDouble(i == 0 ? 50.45 : 50.4501).putDouble(30.52).putFloat(120f + i).put((byte) 1).put(new byte[3]);
        }
        return b.array();
    }

    /** INFO / PARAMETER payload: key_len, key, value. */
    public static byte[] info(String key, byte[] value) {
        byte[] k = ascii(key);
        return le(1 + k.length + value.length).put((byte) k.length).put(k).put(value).array();
    }

    private static byte[] multi(boolean continued, String key, byte[] value) {
        byte[] kv = info(key, value);
        return le(1 + kv.length).put((byte) (continued ? 1 : 0)).put(kv).array();
    }

    /** LOGGING ('L') payload; levels are the characters '0'..'7' as in the spec. */
    public static byte[] logging(char level, long timestampUs, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return le(9 + t.length).put((byte) level).putLong(timestampUs).put(t).array();
    }

    private static byte[] tagged(char level, int tag, long timestampUs, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return le(11 + t.length).put((byte) level).putShort((short) tag).putLong(timestampUs).put(t).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
