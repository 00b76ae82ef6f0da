package org.hoverla.core.boot;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.chip.DeviceId;
import org.hoverla.hal.chip.SensorBackend;

/**
 * A stationary GNSS receiver for fake boards on a bench: a 3-D fix at a fixed position at 5 Hz,
 * 12 satellites, with 0.3 m of seeded position noise and 0.03 m/s of velocity noise so that the
 * estimator sees live data. Real receivers (UBX, NMEA over a UART) are the GNSS issue's; this
 * lets the vehicle runtime pass its GNSS pre-arm checks on a bench without one.
 */
public final class FixedGnss implements SensorBackend<GnssSample> {
    private static final double M_PER_DEG_LAT = 111_320.0;
    private final double latDeg;
    private final double lonDeg;
    private final double altM;
    private final SplittableRandom random;
    private final GnssSample sample = new GnssSample();

    public FixedGnss(double latDeg, double lonDeg, double altM, long seed) {
        this.latDeg = latDeg;
        this.lonDeg = lonDeg;
        this.altM = altM;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String chip() {
        return "fixed";
    }

    @Override
    public int deviceId() {
        return DeviceId.of(DeviceId.BUS_TYPE_SIMULATION, 0, 0, 0);
    }

    @Override
    public long periodNs() {
        return 200_000_000L;
    }

    @Override
    public int read(long nowNs, Consumer<GnssSample> sink) {
        sample.timestampSampleNs = nowNs;
        sample.fixType = GnssSample.FIX_3D;
        sample.satellitesUsed = 12;
        sample.latDeg = latDeg + gaussian(0.3) / M_PER_DEG_LAT;
        sample.lonDeg = lonDeg + gaussian(0.3) / (M_PER_DEG_LAT * Math.cos(Math.toRadians(latDeg)));
        sample.altMslM = altM + gaussian(0.5);
        sample.velNMps = gaussian(0.03);
        sample.velEMps = gaussian(0.03);
        sample.velDMps = gaussian(0.05);
        sample.ephM = 0.8;
        sample.epvM = 1.2;
        sample.sAccMps = 0.15;
        sample.hdop = 0.7;
        sample.vdop = 1.0;
        sample.velocityValid = true;
        sample.jammingIndicator = 5;
        sample.jammingState = GnssSample.JAMMING_OK;
        sample.spoofingState = 1;
        sink.accept(sample);
        return 1;
    }

    private double gaussian(double sigma) {
        // Box-Muller without allocation.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return sigma * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public long busErrors() {
        return 0;
    }

    @Override
    public long stuckReads() {
        return 0;
    }
}
