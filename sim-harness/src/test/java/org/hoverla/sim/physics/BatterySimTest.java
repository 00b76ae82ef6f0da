package org.hoverla.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hoverla.hal.BatterySample;
import org.junit.jupiter.api.Test;

class BatterySimTest {
    private static final Airframe AF = Airframe.defaultQuadX();

    @Test
    void shouldStartFullAtOpenCircuitVoltage() {
        // Given a new battery
        BatterySim b = new BatterySim(AF);
        // Then it is full at 3 x 4.2 V
        assertThat(b.remainingFraction()).isEqualTo(1.0);
        assertThat(b.voltageV()).isCloseTo(12.6, within(1e-9));
    }

    @Test
    void shouldIntegrateCurrentAndSagUnderLoad() {
        // Given a full battery
        BatterySim b = new BatterySim(AF);
        // When 10 A is drawn for 15 minutes
        for (int i = 0; i < 900_000; i++) {
            b.update(0.001, 10.0);
        }
        // Then 2.5 Ah of 5 Ah is used and the voltage sags by I R below the OCV
        assertThat(b.remainingFraction()).isCloseTo(0.5, within(1e-6));
        assertThat(b.consumedAh()).isCloseTo(2.5, within(1e-6));
        assertThat(b.voltageV()).isCloseTo(AF.openCircuitVoltageV(0.5) - 10.0 * 0.018, within(1e-6));
        // And the sample reports it
        BatterySample s = new BatterySample();
        b.sample(123L, s);
        assertThat(s.timestampSampleNs).isEqualTo(123L);
        assertThat(s.voltageV).isEqualTo(b.voltageV());
        assertThat(s.currentA).isEqualTo(10.0);
    }

    @Test
    void shouldNotGoBelowEmpty() {
        // Given a nearly empty battery
        BatterySim b = new BatterySim(AF);
        b.reset(0.01);
        // When a large current is drawn for long
        for (int i = 0; i < 100_000; i++) {
            b.update(0.01, 50.0);
        }
        // Then it stops at zero with a non-negative voltage
        assertThat(b.remainingFraction()).isEqualTo(0.0);
        assertThat(b.voltageV()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void shouldRunAHoverFlightOfRealisticLength() {
        // Given the sim hovering, its current feeding the battery
        MulticopterSim sim = new MulticopterSim(AF, 0.0);
        sim.resetState(new org.hoverla.core.math.Vec3(0, 0, -5), new org.hoverla.core.math.Vec3(),
                new org.hoverla.core.math.Quat(), new org.hoverla.core.math.Vec3());
        sim.setMotorSpeedsRadps(new double[] {600, 600, 600, 600});
        BatterySim b = new BatterySim(AF);
        double[] u = {AF.hoverThrottleNorm(), AF.hoverThrottleNorm(), AF.hoverThrottleNorm(), AF.hoverThrottleNorm()};
        // When it hovers for 5 min at 1 kHz (voltage feeding back into the rotor speed)
        for (int i = 0; i < 300_000; i++) {
            sim.step(0.001, u, b.voltageV(), null);
            b.update(0.001, sim.totalCurrentA());
        }
        // Then roughly a quarter of the pack is used (hover endurance ~ 18-20 min)
        assertThat(1.0 - b.remainingFraction()).isBetween(0.2, 0.35);
    }
}
