package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;

class GnssFrontendTest {
    private static final long MS = 1_000_000L;

    static final class FakeReceiver extends FakeDevice<GnssSample> implements GnssReceiver {
        FakeReceiver() {
            super(new GnssSample(), GnssSample::copyFrom);
        }

        @Override
        public boolean poll(GnssSample dst) {
            return deliver(dst);
        }
    }

    private final FlightBus bus = new FlightBus();
    private final FakeReceiver a = new FakeReceiver();
    private final FakeReceiver b = new FakeReceiver();
    private final GnssFrontend frontend = new GnssFrontend(List.of(
            new SensorInstance<GnssReceiver>("gpsA", a, 0, Rotation.NONE, 1),
            new SensorInstance<GnssReceiver>("gpsB", b, 0, Rotation.NONE, 0)),
            bus.gnssRaw.advertise(), bus.sensorsStatusGnss.advertise(), bus.events);
    private final Subscription<GnssSample> sampleSub = bus.gnssRaw.subscribe();
    private final Subscription<SensorsStatus> statusSub = bus.sensorsStatusGnss.subscribe();
    private final GnssSample published = new GnssSample();
    private final SensorsStatus status = new SensorsStatus();
    private long nowNs;

    /** 200 ms: both receivers report (fix type, latitudes), the frontend runs at 250 Hz. */
    private void report(int fixType, double latA, double latB) {
        set(a, fixType, latA);
        set(b, fixType, latB);
        for (int i = 0; i < 50; i++) {
            nowNs += 4 * MS;
            frontend.run(nowNs);
        }
        sampleSub.copy(published);
        statusSub.copy(status);
    }

    private void set(FakeReceiver r, int fixType, double lat) {
        r.next.timestampSampleNs = nowNs;
        r.next.fixType = fixType;
        r.next.latDeg = lat;
        r.next.lonDeg = 30.5;
        r.next.altMslM = 180.0;
        r.fresh = true;
    }

    @Test
    void shouldPublishEveryReportOfThePreferredReceiverIncludingOutagesAndRefusedFixes() {
        // Given two receivers with a fix, A preferred
        report(GnssSample.FIX_3D, 50.1, 50.2);
        assertThat(published.latDeg).isEqualTo(50.1);
        // When A loses its fix (an outage: the receiver still reports)
        report(GnssSample.FIX_NONE, Double.NaN, 50.2);
        // Then the no-fix report is published (the estimator's checks must see outages) and A stays healthy
        assertThat(published.fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(status.healthy).isTrue();
        assertThat(status.rejectedSamples).isZero();
        // When A claims a 3D fix with a NaN latitude, then one at latitude 95°
        report(GnssSample.FIX_3D, Double.NaN, 50.2);
        assertThat(GnssFrontend.plausible(published)).isFalse();
        report(GnssSample.FIX_3D, 95.0, 50.2);
        // Then both are counted as refused (and published, marked implausible for the estimator)
        assertThat(status.nonFiniteSamples[0]).isEqualTo(1);
        assertThat(status.outOfRangeSamples[0]).isEqualTo(1);
        assertThat(GnssFrontend.plausible(published)).isFalse();
        assertThat(frontend.selected()).isZero();
    }

    @Test
    void shouldFailOverToTheOtherReceiverWhenOneGoesSilent() {
        // Given A selected
        report(GnssSample.FIX_3D, 50.1, 50.2);
        // When A stops reporting for longer than the 2 s timeout
        a.alive = false;
        for (int i = 0; i < 12; i++) {
            report(GnssSample.FIX_3D, 50.1, 50.2);
        }
        // Then B is published
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(published.latDeg).isEqualTo(50.2);
        assertThat(status.failovers).isEqualTo(1);
        assertThat(status.faults[0]).isEqualTo(SensorsStatus.FAULT_TIMEOUT);
    }
}
