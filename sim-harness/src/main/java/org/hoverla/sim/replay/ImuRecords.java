package org.hoverla.sim.replay;

import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogFormat;
import org.hoverla.core.log.ulog.UlogTopic;

/**
 * The columns of a log's {@code sensor_combined} that the replay uses, in SI units: body rates
 * (rad/s, FRD), specific force (m/s², FRD) and each record's integration interval in seconds.
 *
 * <p>The interval's unit depends on the PX4 version: {@code uint32_t} microseconds in current PX4,
 * {@code float} seconds in older versions (e.g. {@code sample_appended_multiple.ulg}: 0.004). It is read by
 * the field's logged type, not guessed from its value.
 *
 * @param tUs      record timestamps, µs since boot
 * @param gyroDtS  gyro integration interval per record (s)
 * @param accelDtS accelerometer integration interval per record (s)
 */
record ImuRecords(long[] tUs, double[] gx, double[] gy, double[] gz, double[] gyroDtS,
                  double[] ax, double[] ay, double[] az, double[] accelDtS) {

    static final String TOPIC = "sensor_combined";
    static final String[] FIELDS = {"gyro_rad[0]", "gyro_rad[1]", "gyro_rad[2]", "gyro_integral_dt",
            "accelerometer_m_s2[0]", "accelerometer_m_s2[1]", "accelerometer_m_s2[2]", "accelerometer_integral_dt"};

    /** The first missing field of {@link #FIELDS}, or null if the topic has them all. */
    static String missingField(UlogTopic imu) {
        for (String f : FIELDS) {
            if (!imu.hasField(f)) {
                return f;
            }
        }
        return null;
    }

    /** Reads the columns; the topic must have every field of {@link #FIELDS}. */
    static ImuRecords read(UlogFile log, UlogTopic imu) {
        return new ImuRecords(imu.timestamps(), imu.column("gyro_rad[0]"), imu.column("gyro_rad[1]"),
                imu.column("gyro_rad[2]"), seconds(log, imu, "gyro_integral_dt"),
                imu.column("accelerometer_m_s2[0]"), imu.column("accelerometer_m_s2[1]"),
                imu.column("accelerometer_m_s2[2]"), seconds(log, imu, "accelerometer_integral_dt"));
    }

    private static double[] seconds(UlogFile log, UlogTopic imu, String field) {
        double[] v = imu.column(field);
        UlogFormat format = log.formats().get(imu.name());
        boolean floatSeconds = false;
        if (format != null) {
            for (UlogFormat.Field f : format.fields()) {
                if (f.name().equals(field)) {
                    floatSeconds = f.type().equals("float") || f.type().equals("double");
                }
            }
        }
        double scale = floatSeconds ? 1.0 : 1e-6;
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
