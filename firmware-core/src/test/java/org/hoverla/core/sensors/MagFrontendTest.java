package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.Magnetometer;
import org.junit.jupiter.api.Test;

class MagFrontendTest {
    private static final long MS = 1_000_000L;
    private static final int ID = 0x071E11;

    private final FlightBus bus = new FlightBus();
    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final MagSample next = new MagSample();
    private boolean fresh;
    private final Magnetometer device = dst -> {
        if (!fresh) {
            return false;
        }
        fresh = false;
        dst.copyFrom(next);
        return true;
    };
    private final Subscription<MagSample> sampleSub = bus.sensorMag.subscribe();
    private final Subscription<SensorsStatus> statusSub = bus.sensorsStatusMag.subscribe();
    private final MagSample published = new MagSample();
    private final SensorsStatus status = new SensorsStatus();
    private long nowNs;
    private int jitter;

    private MagFrontend build(int deviceId, Rotation rotation) {
        return new MagFrontend(List.of(new SensorInstance<>("mag0", device, deviceId, rotation, 0)),
                bus.sensorMag.advertise(), bus.sensorsStatusMag.advertise(), null, params);
    }

    private void sample(MagFrontend frontend, double x, double y, double z) {
        nowNs += 10 * MS;
        next.timestampSampleNs = nowNs;
        // a least-significant-bit of noise so the sensor never looks stuck
        double lsb = (jitter++ % 2) * 1e-6;
        next.fieldXGauss = x + lsb;
        next.fieldYGauss = y;
        next.fieldZGauss = z;
        fresh = true;
        frontend.run(nowNs);
        sampleSub.copy(published);
        statusSub.copy(status);
    }

    @Test
    void shouldCalibrateInSensorAxesThenRotateToTheBody() {
        // Given CAL_MAG0 for this device: offsets (0.1, 0, 0), scale 2 on y; mounted ROLL_180
        store.set("CAL_MAG0_ID", ID);
        store.set("CAL_MAG0_XOFF", 0.1);
        store.set("CAL_MAG0_YSCALE", 2.0);
        MagFrontend frontend = build(ID, Rotation.ROLL_180);
        // When the sensor reads (0.3, 0.05, -0.4) G
        sample(frontend, 0.3, 0.05, -0.4);
        // Then the body field is ROLL_180 of (0.3 − 0.1, 0.05 · 2, −0.4) = (0.2, −0.1, 0.4)
        assertThat(published.fieldXGauss).isCloseTo(0.2, within(1e-5));
        assertThat(published.fieldYGauss).isCloseTo(-0.1, within(1e-9));
        assertThat(published.fieldZGauss).isCloseTo(0.4, within(1e-9));
        assertThat(published.timestampSampleNs).isEqualTo(nowNs);
    }

    @Test
    void shouldApplyTheSoftIronOffDiagonalTermsOfItsSlot() {
        // Given CAL_MAG2 (slot 2) for this device: hard iron (0, 0.05, 0), scale 1.1 on z, XODIAG (x,y) 0.1, ZODIAG (y,z) -0.05
        store.set("CAL_MAG2_ID", ID);
        store.set("CAL_MAG2_YOFF", 0.05);
        store.set("CAL_MAG2_ZSCALE", 1.1);
        store.set("CAL_MAG2_XODIAG", 0.1);
        store.set("CAL_MAG2_ZODIAG", -0.05);
        MagFrontend frontend = build(ID, Rotation.NONE);
        // When the sensor reads (0.3, 0.1, -0.4) G, i.e. (0.3, 0.05, -0.4) without the hard iron
        sample(frontend, 0.3, 0.1, -0.4);
        // Then the field is M · (0.3, 0.05, -0.4) with M = [[1, 0.1, 0], [0.1, 1, -0.05], [0, -0.05, 1.1]]
        assertThat(published.fieldXGauss).isCloseTo(0.3 + 0.1 * 0.05, within(1e-9));
        assertThat(published.fieldYGauss).isCloseTo(0.1 * 0.3 + 0.05 + 0.05 * 0.4, within(1e-9));
        assertThat(published.fieldZGauss).isCloseTo(-0.05 * 0.05 - 1.1 * 0.4, within(1e-9));
    }

    @Test
    void shouldIgnoreACalibrationTakenOnAnotherDevice() {
        // Given CAL_MAG0 taken on another device id
        store.set("CAL_MAG0_ID", ID + 1);
        store.set("CAL_MAG0_XOFF", 0.1);
        MagFrontend frontend = build(ID, Rotation.NONE);
        // When the sensor reads (0.3, 0.05, -0.4)
        sample(frontend, 0.3, 0.05, -0.4);
        // Then it is published unchanged
        assertThat(published.fieldXGauss).isCloseTo(0.3, within(1e-5));
        assertThat(published.fieldZGauss).isEqualTo(-0.4);
    }

    @Test
    void shouldRefuseNonFiniteAndImplausibleFields() {
        // Given a working magnetometer
        MagFrontend frontend = build(ID, Rotation.NONE);
        sample(frontend, 0.2, 0.0, 0.4);
        // When it reads NaN, 10 G (a magnet) and 0 G (a dead sensor)
        sample(frontend, Double.NaN, 0.0, 0.4);
        sample(frontend, 10.0, 0.0, 0.0);
        sample(frontend, 0.0, 0.0, 0.0);
        // Then each is counted and the last good field is still the published one
        assertThat(status.nonFiniteSamples[0]).isEqualTo(1);
        assertThat(status.outOfRangeSamples[0]).isEqualTo(2);
        assertThat(published.fieldXGauss).isCloseTo(0.2, within(1e-5));
        assertThat(status.healthy).isTrue();
    }
}
