package org.hoverla.sim.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogWriter;

/**
 * A synthetic PX4 log of a vehicle standing still and level, written with {@link UlogWriter}:
 * {@code sensor_combined} at a chosen rate and integration interval, and optionally the reference
 * topics, a magnetometer and a barometer. Test helper; each setter returns {@code this}.
 */
public final class SyntheticLog {
    private static final long START_US = 10_000_000L;
    private double durationS = 20.0;
    private double imuHz = 250.0;
    private double imuDtS = 0.004;
    private int imuRecords = -1;
    private int imuRepeatEvery = 0;
    private boolean imu = true, attitude = true, localPosition = true, mag = true, baro = true;
    private double attFromS = 0, attToS = Double.POSITIVE_INFINITY;
    private double posFromS = 0, posToS = Double.POSITIVE_INFINITY;

    /** IMU records at {@code hz}, each integrating {@code dtS}. */
    public SyntheticLog imu(double hz, double dtS) {
        imuHz = hz;
        imuDtS = dtS;
        return this;
    }

    /** Only this many IMU records. */
    public SyntheticLog imuRecords(int n) {
        imuRecords = n;
        return this;
    }

    /** Every {@code every}-th IMU record is written twice with the same timestamp. */
    public SyntheticLog imuRepeatEvery(int every) {
        imuRepeatEvery = every;
        return this;
    }

    /** {@code vehicle_attitude} (20 Hz) only from {@code fromS} to {@code toS} after the start. */
    public SyntheticLog attitudeBetween(double fromS, double toS) {
        attFromS = fromS;
        attToS = toS;
        return this;
    }

    /** {@code vehicle_local_position} (10 Hz) only from {@code fromS} to {@code toS} after the start. */
    public SyntheticLog localPositionBetween(double fromS, double toS) {
        posFromS = fromS;
        posToS = toS;
        return this;
    }

    public SyntheticLog withoutImu() {
        imu = false;
        return this;
    }

    public SyntheticLog withoutAttitude() {
        attitude = false;
        return this;
    }

    public SyntheticLog withoutLocalPosition() {
        localPosition = false;
        return this;
    }

    public SyntheticLog withoutMagnetometer() {
        mag = false;
        return this;
    }

    public SyntheticLog withoutBarometer() {
        baro = false;
        return this;
    }

    public byte[] bytes() {
        UlogWriter w = new UlogWriter().header(START_US)
                .format("sensor_combined:uint64_t timestamp;float[3] gyro_rad;uint32_t gyro_integral_dt;"
                        + "float[3] accelerometer_m_s2;uint32_t accelerometer_integral_dt;")
                .format("vehicle_attitude:uint64_t timestamp;float[4] q;")
                .format("vehicle_local_position:uint64_t timestamp;float x;float y;float z;")
                .format("vehicle_magnetometer:uint64_t timestamp;float[3] magnetometer_ga;")
                .format("vehicle_air_data:uint64_t timestamp;float baro_alt_meter;")
                .add(0, 1, "sensor_combined").add(0, 2, "vehicle_attitude").add(0, 3, "vehicle_local_position")
                .add(0, 4, "vehicle_magnetometer").add(0, 5, "vehicle_air_data");
        // Interleave the topics in time order, as a logger writes them.
        long imuPeriod = (long) (1e6 / imuHz);
        long nextImu = START_US, nextAtt = START_US, nextPos = START_US, nextMag = START_US, nextBaro = START_US;
        int imuWritten = 0;
        long end = START_US + (long) (durationS * 1e6);
        for (long t = START_US; t <= end; t += 1000) {
            if (imu && t >= nextImu && (imuRecords < 0 || imuWritten < imuRecords)) {
                long dtUs = Math.round(imuDtS * 1e6);
                w.sample(1, t, 0, 0, 0, dtUs, 0, 0, -9.81, dtUs);
                imuWritten++;
                if (imuRepeatEvery > 0 && imuWritten % imuRepeatEvery == 0) {
                    w.sample(1, t, 0, 0, 0, dtUs, 0, 0, -9.81, dtUs);
                }
                nextImu += imuPeriod;
            }
            double s = (t - START_US) * 1e-6;
            if (attitude && t >= nextAtt) {
                if (s >= attFromS - 1e-9 && s <= attToS + 1e-9) {
                    w.sample(2, t, 1, 0, 0, 0);
                }
                nextAtt += 50_000;
            }
            if (localPosition && t >= nextPos) {
                if (s >= posFromS - 1e-9 && s <= posToS + 1e-9) {
                    w.sample(3, t, 0, 0, 0);
                }
                nextPos += 100_000;
            }
            if (mag && t >= nextMag) {
                w.sample(4, t, 0.2, 0.0, 0.4);
                nextMag += 100_000;
            }
            if (baro && t >= nextBaro) {
                w.sample(5, t, 100.0);
                nextBaro += 50_000;
            }
        }
        return w.bytes();
    }

    public UlogFile read() {
        return UlogReader.read(bytes());
    }

    public Path write(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes());
    }
}
