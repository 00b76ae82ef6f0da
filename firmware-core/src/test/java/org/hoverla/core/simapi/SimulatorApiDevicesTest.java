package org.hoverla.core.simapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.ImuSample;
import org.junit.jupiter.api.Test;

/** The external-simulator devices: battery model, motor output rules, allocation-free hand-over. */
class SimulatorApiDevicesTest {
    private final SimulatorApiDevices devices = new SimulatorApiDevices(4, 3, 4.05, 3.6, 60.0, 0.5);
    private final BatterySample battery = new BatterySample();

    @Test
    void shouldDrainTheBatteryOnlyWhileArmedAndStopAtTheMinimum() {
        // Given a full pack, disarmed for 10 s
        devices.updateBattery(0);
        devices.updateBattery(10_000_000_000L);
        assertThat(devices.battery.poll(battery)).isTrue();
        assertThat(battery.voltageV).isCloseTo(3 * 4.05, within(1e-9));
        // When armed for 15 s (a quarter of the 60 s drain)
        devices.motors.write(new double[] {0.5, 0.5, 0.5, 0.5}, true);
        devices.updateBattery(25_000_000_000L);
        // Then the state of charge fell to 0.75 and the voltage with it
        assertThat(devices.batteryStateOfCharge()).isCloseTo(0.75, within(1e-9));
        assertThat(devices.battery.poll(battery)).isTrue();
        assertThat(battery.voltageV).isCloseTo(3 * (3.6 + 0.75 * 0.45), within(1e-9));
        assertThat(battery.currentA).isNaN();
        // and after a long armed time it stops at the minimum
        devices.updateBattery(500_000_000_000L);
        assertThat(devices.batteryStateOfCharge()).isEqualTo(0.5);
    }

    @Test
    void shouldStopMotorsWhenDisarmedAndClampCommands() {
        // When written armed with out-of-range and NaN commands
        devices.motors.write(new double[] {1.5, -0.2, Double.NaN, 0.3}, true);
        // Then they are clamped to 0..1, NaN stopped
        assertThat(devices.motors.command(0)).isEqualTo(1.0);
        assertThat(devices.motors.command(1)).isZero();
        assertThat(devices.motors.command(2)).isZero();
        assertThat(devices.motors.command(3)).isEqualTo(0.3);
        // and disarmed means every motor stopped
        devices.motors.write(new double[] {0.5, 0.5, 0.5, 0.5}, false);
        assertThat(devices.motors.command(0)).isZero();
        assertThat(devices.motors.armed()).isFalse();
    }

    @Test
    void shouldRefuseImpossibleConfigurations() {
        assertThatThrownBy(() -> new SimulatorApiDevices(0, 3, 4.05, 3.6, 60, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("motor count");
        assertThatThrownBy(() -> new SimulatorApiDevices(4, 3, 3.0, 3.6, 60, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("battery");
    }

    @Test
    void shouldHandSamplesToTheFlightThreadWithoutAllocating() {
        // Given the hand-over warmed up (a method the JIT compiles whole)
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ImuSample in = new ImuSample();
        ImuSample dst = new ImuSample();
        double[] commands = {0.1, 0.2, 0.3, 0.4};
        for (int w = 0; w < 20; w++) {
            window(in, dst, commands);
        }
        // When samples go through it and motors are written, window after window
        long fewest = Long.MAX_VALUE;
        for (int w = 0; w < 10; w++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            window(in, dst, commands);
            fewest = Math.min(fewest, bean.getCurrentThreadAllocatedBytes() - before);
        }
        // Then some window allocated nothing (an allocation per call would show in every window;
        // the JIT's one-off compilation garbage in only one)
        assertThat(fewest).isZero();
        assertThat(dst.timestampSampleNs).isEqualTo(9_999);
    }

    private void window(ImuSample in, ImuSample dst, double[] commands) {
        for (int i = 0; i < 10_000; i++) {
            in.timestampSampleNs = i;
            devices.imuPub.publish(in);
            devices.imu.poll(dst);
            devices.barometer.poll(null);
            devices.motors.write(commands, true);
        }
    }
}
