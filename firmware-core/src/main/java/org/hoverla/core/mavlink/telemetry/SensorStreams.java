package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.common.HighresImu;
import io.dronefleet.mavlink.common.HighresImuUpdatedFlags;
import io.dronefleet.mavlink.common.ScaledImu;
import io.dronefleet.mavlink.common.ScaledPressure;
import java.math.BigInteger;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.estimation.Atmosphere;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.VehicleImu;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.MagSample;

/**
 * The sensor streams MAVSDK's telemetry plugin subscribes to ({@code telemetry_impl.cpp}:
 * {@code set_rate_scaled_imu}, {@code set_rate_imu} = HIGHRES_IMU, {@code set_rate_scaled_pressure}),
 * built from the IMU, barometer and magnetometer data the flight stack has: {@code vehicle_imu}
 * (the IMU integrated over one estimator interval, so accelerations and rates are that
 * interval's averages), {@code sensor_baro} and {@code sensor_mag} (the selected instance's
 * accepted readings, calibrated, as the sensor frontends hand them to the estimator). Field semantics as PX4's {@code SCALED_IMU.hpp}, {@code HIGHRES_IMU.hpp}
 * and {@code SCALED_PRESSURE.hpp}: accelerometer specific force and body rates in FRD.
 *
 * <p>RAW_IMU is not served: it carries raw ADC counts, which neither the drivers nor the
 * simulated twins produce (PX4 answers a RAW_IMU interval request FAILED for the same reason);
 * its SET_MESSAGE_INTERVAL is refused UNSUPPORTED.
 *
 * <p>SI inside; the unit conversions (mG, mrad/s, mgauss, hPa, cdegC) happen here, the MAVLink
 * edge. Each builder returns null while its source has never published. MAVLink thread only.
 */
final class SensorStreams {
    static final double STANDARD_GRAVITY = 9.80665;
    /** HIGHRES_IMU fields_updated: acc 0x7, gyro 0x38, mag 0x1C0, abs pressure 0x200, pressure alt 0x800, temperature 0x1000. */
    static final int HIGHRES_ACCEL_GYRO = 0x3F;
    static final int HIGHRES_MAG = 0x1C0;
    static final int HIGHRES_ABS_PRESSURE = 0x200;
    static final int HIGHRES_PRESSURE_ALT = 0x800;
    static final int HIGHRES_TEMPERATURE = 0x1000;

    private final long bootNs;
    private final Subscription<VehicleImu> imuSub;
    private final Subscription<BaroSample> baroSub;
    private final Subscription<MagSample> magSub;
    private final VehicleImu imu = new VehicleImu();
    private final BaroSample baro = new BaroSample();
    private final MagSample mag = new MagSample();

    SensorStreams(FlightBus bus, long bootNs) {
        this.bootNs = bootNs;
        imuSub = bus.vehicleImu.subscribe();
        baroSub = bus.sensorBaro.subscribe();
        magSub = bus.sensorMag.subscribe();
    }

    /** The newest IMU interval; false when none (or an empty interval) exists. */
    private boolean imu() {
        return fresh(imuSub, imu) && imu.dtS > 0.0;
    }

    /** SCALED_IMU (26): mG, mrad/s, mgauss; temperature 0 = not provided (vehicle_imu carries none). */
    ScaledImu scaledImu() {
        if (!imu()) {
            return null;
        }
        boolean haveMag = fresh(magSub, mag);
        double k = 1.0 / imu.dtS;
        return ScaledImu.builder()
                .timeBootMs(Math.max(0L, (imu.timestampSampleNs - bootNs) / 1_000_000L) & 0xFFFF_FFFFL)
                .xacc(milliG(imu.deltaVelocityFrdMps.x * k))
                .yacc(milliG(imu.deltaVelocityFrdMps.y * k))
                .zacc(milliG(imu.deltaVelocityFrdMps.z * k))
                .xgyro(milli(imu.deltaAngleFrdRad.x * k))
                .ygyro(milli(imu.deltaAngleFrdRad.y * k))
                .zgyro(milli(imu.deltaAngleFrdRad.z * k))
                .xmag(haveMag ? milli(mag.fieldXGauss) : 0)
                .ymag(haveMag ? milli(mag.fieldYGauss) : 0)
                .zmag(haveMag ? milli(mag.fieldZGauss) : 0)
                .temperature(0)
                .build();
    }

    /**
     * HIGHRES_IMU (105): SI floats (m/s², rad/s, gauss, hPa, m, °C); {@code fields_updated} names
     * the fields that hold a reading, the others are 0.
     */
    HighresImu highresImu() {
        if (!imu()) {
            return null;
        }
        boolean haveMag = fresh(magSub, mag);
        boolean haveBaro = fresh(baroSub, baro) && Double.isFinite(baro.pressurePa) && baro.pressurePa > 0.0;
        boolean haveTemp = haveBaro && Double.isFinite(baro.temperatureC);
        int fields = HIGHRES_ACCEL_GYRO | (haveMag ? HIGHRES_MAG : 0)
                | (haveBaro ? HIGHRES_ABS_PRESSURE | HIGHRES_PRESSURE_ALT : 0) | (haveTemp ? HIGHRES_TEMPERATURE : 0);
        double k = 1.0 / imu.dtS;
        return HighresImu.builder()
                .timeUsec(BigInteger.valueOf(Math.max(0L, (imu.timestampSampleNs - bootNs) / 1_000L)))
                .xacc((float) (imu.deltaVelocityFrdMps.x * k))
                .yacc((float) (imu.deltaVelocityFrdMps.y * k))
                .zacc((float) (imu.deltaVelocityFrdMps.z * k))
                .xgyro((float) (imu.deltaAngleFrdRad.x * k))
                .ygyro((float) (imu.deltaAngleFrdRad.y * k))
                .zgyro((float) (imu.deltaAngleFrdRad.z * k))
                .xmag(haveMag ? (float) mag.fieldXGauss : 0f)
                .ymag(haveMag ? (float) mag.fieldYGauss : 0f)
                .zmag(haveMag ? (float) mag.fieldZGauss : 0f)
                .absPressure(haveBaro ? (float) (baro.pressurePa / 100.0) : 0f)
                .diffPressure(0f) // no airspeed sensor
                .pressureAlt(haveBaro ? (float) Atmosphere.pressureToAltitudeM(baro.pressurePa) : 0f)
                .temperature(haveTemp ? (float) baro.temperatureC : 0f)
                .fieldsUpdated(EnumValues.of(HighresImuUpdatedFlags.class, fields))
                .id(0)
                .build();
    }

    /**
     * SCALED_PRESSURE (29): absolute pressure in hPa, the barometer's temperature in cdegC (0 means
     * "not available", so a reading of exactly 0 °C is sent as 1, as the message defines); no
     * differential-pressure sensor: press_diff 0, temperature_press_diff 0.
     */
    ScaledPressure scaledPressure() {
        if (!fresh(baroSub, baro) || !Double.isFinite(baro.pressurePa)) {
            return null;
        }
        return ScaledPressure.builder()
                .timeBootMs(Math.max(0L, (baro.timestampSampleNs - bootNs) / 1_000_000L) & 0xFFFF_FFFFL)
                .pressAbs((float) (baro.pressurePa / 100.0))
                .pressDiff(0f)
                .temperature(centiDegrees(baro.temperatureC))
                .temperaturePressDiff(0)
                .build();
    }

    /** Specific force (m/s²) to milli-g, int16. */
    static int milliG(double mps2) {
        return int16(mps2 / STANDARD_GRAVITY * 1000.0);
    }

    /** A value (rad/s or gauss) in thousandths, int16. */
    static int milli(double v) {
        return int16(v * 1000.0);
    }

    /** °C to cdegC, int16; 0 is "not available", so a true 0 °C becomes 1. */
    static int centiDegrees(double c) {
        if (!Double.isFinite(c)) {
            return 0;
        }
        int cdeg = int16(c * 100.0);
        return cdeg == 0 ? 1 : cdeg;
    }

    private static int int16(double v) {
        if (!Double.isFinite(v)) {
            return 0;
        }
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }

    private static <M> boolean fresh(Subscription<M> sub, M dst) {
        if (sub.topic().generation() == 0L) {
            return false;
        }
        sub.update(dst);
        return true;
    }
}
