package org.hoverla.core.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;
import org.junit.jupiter.api.Test;

class BatteryGaugeTest {
    /** A battery monitor that delivers the voltage set last, once. */
    private static final class FakeMonitor implements BatteryMonitor {
        double voltageV;
        double currentA = Double.NaN;
        boolean fresh;

        void read(double v, double a) {
            voltageV = v;
            currentA = a;
            fresh = true;
        }

        @Override
        public boolean poll(BatterySample dst) {
            if (!fresh) {
                return false;
            }
            fresh = false;
            dst.voltageV = voltageV;
            dst.currentA = currentA;
            return true;
        }
    }

    private final FakeMonitor monitor = new FakeMonitor();
    private final BatteryGauge gauge = new BatteryGauge(monitor);

    @Test
    void shouldTakeTheFirstReadingAsItIsThenLowPassTheVoltage() {
        // Given a connected 3S pack read at 12.0 V
        gauge.configure(3, 3.6, 4.05);
        monitor.read(12.0, Double.NaN);
        assertThat(gauge.poll(20_000_000L)).isTrue();
        assertThat(gauge.status().voltageFilteredV).isEqualTo(12.0);
        // When it then reads 10.0 V
        monitor.read(10.0, 5.0);
        assertThat(gauge.poll(40_000_000L)).isTrue();
        // Then the decision voltage moves 5 % of the way and the raw reading is kept as it is
        assertThat(gauge.status().voltageFilteredV).isCloseTo(11.9, within(1e-12));
        assertThat(gauge.status().voltageV).isEqualTo(10.0);
        assertThat(gauge.status().currentA).isEqualTo(5.0);
        assertThat(gauge.status().connected).isTrue();
        assertThat(gauge.status().timestampNs).isEqualTo(40_000_000L);
    }

    @Test
    void shouldReportNothingNewWithoutAReadingOrWithAnImpossibleOne() {
        // Given a gauge that has read 12 V
        monitor.read(12.0, Double.NaN);
        gauge.poll(1L);
        // When no reading arrives, or a NaN, infinite or negative voltage does
        // Then nothing is to be published and the state stays as it was
        assertThat(gauge.poll(2L)).isFalse();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.5}) {
            monitor.read(bad, 1.0);
            assertThat(gauge.poll(3L)).isFalse();
        }
        assertThat(gauge.status().voltageV).isEqualTo(12.0);
        assertThat(gauge.status().timestampNs).isEqualTo(1L);
    }

    @Test
    void shouldJudgeLowVoltageOnTheFilteredVoltageOfAConnectedPackOnly() {
        // Given a pack read at 10.5 V then one dip to 9.0 V
        monitor.read(10.5, Double.NaN);
        gauge.poll(1L);
        monitor.read(9.0, Double.NaN);
        gauge.poll(2L);
        // Then a 10.5 V minimum trips (filtered 10.425 V), a 10.4 V minimum does not: the dip is filtered
        assertThat(gauge.voltageBelow(10.5)).isTrue();
        assertThat(gauge.voltageBelow(10.4)).isFalse();
        // When the pack reads disconnected (at most 1 V)
        monitor.read(0.5, Double.NaN);
        gauge.poll(3L);
        // Then no minimum trips, and the next connected reading restarts the filter
        assertThat(gauge.status().connected).isFalse();
        assertThat(gauge.voltageBelow(100.0)).isFalse();
        monitor.read(12.0, Double.NaN);
        gauge.poll(4L);
        assertThat(gauge.status().voltageFilteredV).isEqualTo(12.0);
    }

    @Test
    void shouldPublishTheStateOfChargeOfAConnectedPackAndNaNOtherwise() {
        // Given a configured 3S pack half-way between empty (3.6 V) and full (4.05 V)
        gauge.configure(3, 3.6, 4.05);
        monitor.read(3 * 3.825, Double.NaN);
        gauge.poll(1L);
        // Then the charge reads 0.5
        assertThat(gauge.status().remainingFraction).isCloseTo(0.5, within(1e-9));
        // When the pack is disconnected, Then the charge is unknown
        monitor.read(0.0, Double.NaN);
        gauge.poll(2L);
        assertThat(gauge.status().remainingFraction).isNaN();
    }

    @Test
    void shouldNotKnowTheChargeWithoutAPackConfiguration() {
        // Given no configuration (0 cells)
        monitor.read(12.0, Double.NaN);
        gauge.poll(1L);
        // Then the voltage is known but the charge is not
        assertThat(gauge.status().connected).isTrue();
        assertThat(gauge.status().remainingFraction).isNaN();
    }

    @Test
    void shouldJudgeAPackConnectedAfterADisconnectionByItsOwnFirstReading() {
        // Given a 3S pack read nearly empty (3.65 V per cell) for a while, then unplugged
        gauge.configure(3, 3.6, 4.05);
        for (int i = 1; i <= 50; i++) {
            monitor.read(3 * 3.65, Double.NaN);
            gauge.poll(i * 20_000_000L);
        }
        monitor.read(0.0, Double.NaN);
        gauge.poll(1_020_000_000L);
        // When a full pack (4.05 V per cell) is plugged in
        monitor.read(3 * 4.05, Double.NaN);
        gauge.poll(1_040_000_000L);
        // Then its first reading says full, not a low-passed mix with the old pack's charge
        assertThat(gauge.status().remainingFraction).isCloseTo(1.0, within(1e-9));
    }
}
