package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.Barometer;
import org.junit.jupiter.api.Test;

class BaroFrontendTest {
    private static final long MS = 1_000_000L;
    private static final int ID_A = 0x650011;
    private static final int ID_B = 0x650012;

    static final class FakeBaro extends FakeDevice<BaroSample> implements Barometer {
        FakeBaro() {
            super(new BaroSample(), BaroSample::copyFrom);
        }

        @Override
        public boolean poll(BaroSample dst) {
            return deliver(dst);
        }
    }

    private final FlightBus bus = new FlightBus();
    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final FakeBaro baroA = new FakeBaro();
    private final FakeBaro baroB = new FakeBaro();
    private final SplittableRandom rng = new SplittableRandom(5);
    private final Subscription<BaroSample> sampleSub = bus.sensorBaro.subscribe();
    private final Subscription<SensorsStatus> statusSub = bus.sensorsStatusBaro.subscribe();
    private final BaroSample published = new BaroSample();
    private final SensorsStatus status = new SensorsStatus();
    private BaroFrontend frontend;
    private long nowNs;

    private void build(int priorityA, int priorityB) {
        frontend = new BaroFrontend(List.of(new SensorInstance<Barometer>("baroA", baroA, ID_A, Rotation.NONE, priorityA),
                new SensorInstance<Barometer>("baroB", baroB, ID_B, Rotation.NONE, priorityB)), bus.sensorBaro.advertise(),
                bus.sensorsStatusBaro.advertise(), bus.events, params);
    }

    /** 20 ms: both barometers sample (plus 1 Pa noise), the frontend runs at 250 Hz in between. */
    private void samples(int n, double pressureA, double pressureB) {
        for (int k = 0; k < n; k++) {
            set(baroA, pressureA + rng.nextGaussian());
            set(baroB, pressureB + rng.nextGaussian());
            for (int i = 0; i < 5; i++) {
                nowNs += 4 * MS;
                frontend.run(nowNs);
            }
        }
        sampleSub.copy(published);
        statusSub.copy(status);
    }

    private void set(FakeBaro b, double pressurePa) {
        b.next.timestampSampleNs = nowNs;
        b.next.pressurePa = pressurePa;
        b.next.temperatureC = 25.0;
        b.fresh = true;
    }

    @Test
    void shouldPublishThePreferredBarometerAndApplyOnlyItsOwnOffset() {
        // Given CAL_BARO0 taken on barometer B (offset +30 Pa), A preferred
        store.set("CAL_BARO0_ID", ID_B);
        store.set("CAL_BARO0_OFF", 30.0);
        build(10, 0);
        // When both read about 100 kPa + their own offset
        samples(50, 100_000.0, 100_030.0);
        // Then A is published as it reads
        assertThat(frontend.selected()).isZero();
        assertThat(published.pressurePa).isCloseTo(100_000.0, within(5.0));
        // When A dies, B takes over, corrected by its offset
        baroA.alive = false;
        samples(50, 100_000.0, 100_030.0);
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(published.pressurePa).isCloseTo(100_000.0, within(5.0));
        assertThat(status.failovers).isEqualTo(1);
        assertThat(status.timeouts[0]).isEqualTo(1);
        VehicleEvent e = new VehicleEvent();
        assertThat(bus.events.poll(e)).isTrue();
        assertThat(e.text).isEqualTo("Baro baroA failed, switched to baroB");
    }

    @Test
    void shouldRefuseImplausiblePressuresAndFailOverFromAStuckBarometer() {
        // Given two barometers, A preferred
        build(10, 0);
        samples(20, 100_000.0, 100_000.0);
        // When A reads NaN once and 5 kPa once (out of range)
        set(baroA, Double.NaN);
        nowNs += 4 * MS;
        frontend.run(nowNs);
        set(baroA, 5_000.0);
        nowNs += 4 * MS;
        frontend.run(nowNs);
        statusSub.copy(status);
        sampleSub.copy(published);
        // Then both are counted, neither published
        assertThat(status.nonFiniteSamples[0]).isEqualTo(1);
        assertThat(status.outOfRangeSamples[0]).isEqualTo(1);
        assertThat(published.pressurePa).isBetween(BaroFrontend.MIN_PRESSURE_PA, BaroFrontend.MAX_PRESSURE_PA);
        assertThat(frontend.selected()).isZero();
        // When A freezes (the same pressure and temperature every sample)
        for (int k = 0; k < 30; k++) {
            baroA.next.timestampSampleNs = nowNs;
            baroA.next.pressurePa = 100_000.0;
            baroA.fresh = true;
            set(baroB, 100_000.0 + rng.nextGaussian());
            for (int i = 0; i < 5; i++) {
                nowNs += 4 * MS;
                frontend.run(nowNs);
            }
        }
        statusSub.copy(status);
        // Then it is stuck, counted, and B took over
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(status.faults[0]).isEqualTo(SensorsStatus.FAULT_STUCK);
        assertThat(status.stuckSamples[0]).isPositive();
    }

    @Test
    void shouldReportUnhealthyWhenTheOnlyBarometerFailsAndStillPublishNothingBogus() {
        // Given one barometer
        frontend = new BaroFrontend(List.of(new SensorInstance<Barometer>("baro0", baroA, ID_A, Rotation.NONE, 0)),
                bus.sensorBaro.advertise(), bus.sensorsStatusBaro.advertise(), bus.events, params);
        samples(10, 100_000.0, 0.0);
        assertThat(status.healthy).isTrue();
        // When it goes silent
        baroA.alive = false;
        samples(20, 100_000.0, 0.0);
        // Then the role is unhealthy, the instance stays selected, and the operator is told once
        assertThat(status.healthy).isFalse();
        assertThat(status.selected).isZero();
        VehicleEvent e = new VehicleEvent();
        assertThat(bus.events.poll(e)).isTrue();
        assertThat(e.text).isEqualTo("Baro baro0 failed, no healthy Baro left");
        assertThat(bus.events.poll(e)).isFalse();
    }

    @Test
    void shouldPublishOnlyAStatusWithoutBarometers() {
        // Given a vehicle without a barometer
        frontend = new BaroFrontend(List.of(), bus.sensorBaro.advertise(), bus.sensorsStatusBaro.advertise(), null,
                params);
        // When it runs
        frontend.run(4 * MS);
        statusSub.copy(status);
        // Then it says so
        assertThat(status.instanceCount).isZero();
        assertThat(status.healthy).isFalse();
        assertThat(bus.sensorBaro.generation()).isZero();
    }
}
