package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.hoverla.core.sensors.GnssFrontendTest.FakeReceiver;
import org.junit.jupiter.api.Test;

/**
 * Two receivers, A preferred by the board: the GNSS frontend selects by fix quality first
 * (fix type, then satellites/eph) with holds against flapping, fails over when one dies, and
 * says so each time.
 */
class GnssReceiverSelectionTest {
    private static final long MS = 1_000_000L;

    private final FlightBus bus = new FlightBus();
    private final FakeReceiver a = new FakeReceiver();
    private final FakeReceiver b = new FakeReceiver();
    private final GnssFrontend frontend = new GnssFrontend(List.of(
            new SensorInstance<GnssReceiver>("gpsA", a, 0, Rotation.NONE, 1),
            new SensorInstance<GnssReceiver>("gpsB", b, 0, Rotation.NONE, 0)),
            bus.gnssRaw.advertise(), bus.sensorsStatusGnss.advertise(), bus.events);
    private final List<String> events = new ArrayList<>();
    private final VehicleEvent event = new VehicleEvent();
    private long nowNs;

    private static void set(FakeReceiver r, int fixType, int sats, double ephM) {
        r.next.fixType = fixType;
        r.next.satellitesUsed = sats;
        r.next.ephM = ephM;
        r.next.latDeg = fixType >= GnssSample.FIX_2D ? 50.45 : Double.NaN;
        r.next.lonDeg = fixType >= GnssSample.FIX_2D ? 30.52 : Double.NaN;
        r.next.altMslM = 180.0;
    }

    /** {@code ms} of 5 Hz reports from both (where alive), the frontend at 250 Hz. */
    private void run(long ms) {
        for (long t = 0; t < ms; t += 4) {
            nowNs += 4 * MS;
            if (t % 200 == 0) {
                a.next.timestampSampleNs = nowNs;
                b.next.timestampSampleNs = nowNs;
                a.fresh = true;
                b.fresh = true;
            }
            frontend.run(nowNs);
            while (bus.events.poll(event)) {
                events.add(event.text);
            }
        }
    }

    @Test
    void shouldTakeTheReceiverWithAFixOnlyAfterThePrimaryLostItsForTheHold() {
        // Given both with a 3-D fix: A, preferred, is selected
        set(a, GnssSample.FIX_3D, 10, 1.5);
        set(b, GnssSample.FIX_3D, 10, 1.5);
        run(1_000);
        assertThat(frontend.selected()).isZero();

        // When A loses its fix for 0.6 s (it still reports: it stays healthy)
        set(a, GnssSample.FIX_NONE, 0, 99);
        run(600);
        // Then nothing switches yet (rank hold 1 s)
        assertThat(frontend.selected()).isZero();
        set(a, GnssSample.FIX_3D, 10, 1.5);
        run(1_000);
        assertThat(frontend.selected()).isZero();

        // When A loses it for good
        set(a, GnssSample.FIX_NONE, 0, 99);
        run(1_500);
        // Then B takes over, with one message
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(events).containsExactly("GNSS gpsB better than gpsA, switched to gpsB");

        // When A gets its fix back, it returns only after the 5 s recovery hold of equal quality
        set(a, GnssSample.FIX_3D, 10, 1.5);
        run(4_000);
        assertThat(frontend.selected()).isEqualTo(1);
        run(2_000);
        assertThat(frontend.selected()).isZero();
        assertThat(events).hasSize(2).last().isEqualTo("GNSS gpsA recovered, switched back from gpsB");
    }

    @Test
    void shouldPreferAnRtkFixAndClearlyMoreSatellitesButNotOneMore() {
        // Given A 3-D with 8 satellites and B 3-D with 9 (not a clear margin)
        set(a, GnssSample.FIX_3D, 8, 2.0);
        set(b, GnssSample.FIX_3D, 9, 2.0);
        run(15_000);
        // Then A stays
        assertThat(frontend.selected()).isZero();

        // When B has 14 satellites and the same eph, for 10 s (margin hold)
        set(b, GnssSample.FIX_3D, 14, 2.0);
        run(9_000);
        assertThat(frontend.selected()).isZero();
        run(1_500);
        // Then B takes over
        assertThat(frontend.selected()).isEqualTo(1);

        // When A gets an RTK fixed solution (fix type 6)
        set(a, 6, 12, 0.02);
        run(1_500);
        // Then A is taken at the rank hold, not the 5 s recovery hold
        assertThat(frontend.selected()).isZero();
        assertThat(events).containsExactly("GNSS gpsB better than gpsA, switched to gpsB",
                "GNSS gpsA better than gpsB, switched to gpsA");
    }

    @Test
    void shouldFailOverAtOnceWhenTheSelectedReceiverDiesEvenToAWorseFix() {
        // Given A (3-D) selected and B with only a 2-D fix
        set(a, GnssSample.FIX_3D, 10, 1.5);
        set(b, GnssSample.FIX_2D, 5, 5.0);
        run(1_000);
        assertThat(frontend.selected()).isZero();
        // When A stops reporting (unplugged)
        a.alive = false;
        run(2_500);
        // Then B, the only healthy one, is selected after the 2 s timeout, with the failover message
        assertThat(frontend.selected()).isEqualTo(1);
        assertThat(events).containsExactly("GNSS gpsA failed, switched to gpsB");
    }

    @Test
    void shouldStartOnTheReceiverWithTheBetterFix() {
        // Given at start-up A reports no fix and B a 3-D fix
        set(a, GnssSample.FIX_NONE, 0, 99);
        set(b, GnssSample.FIX_3D, 9, 2.0);
        run(500);
        // Then B is chosen, priority notwithstanding
        assertThat(frontend.selected()).isEqualTo(1);
    }

    @Test
    void shouldNotAllocateWhileSelectingAmongReceivers() {
        // Given two receivers whose fixes keep changing (selection rules evaluated every run)
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        set(a, GnssSample.FIX_3D, 10, 1.5);
        set(b, GnssSample.FIX_3D, 12, 1.0);
        run(20_000);
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            // When the frontend runs 10 s of cycles with both reporting (events drained outside)
            for (int k = 0; k < 2_500; k++) {
                nowNs += 4 * MS;
                if (k % 50 == 0) {
                    a.next.satellitesUsed = 8 + k % 7;
                    a.next.timestampSampleNs = nowNs;
                    b.next.timestampSampleNs = nowNs;
                    a.fresh = true;
                    b.fresh = true;
                }
                frontend.run(nowNs);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
            while (bus.events.poll(event)) {
                events.add(event.text);
            }
        }
        // Then nothing was allocated on the flight thread
        assertThat(smallest).isZero();
    }
}
