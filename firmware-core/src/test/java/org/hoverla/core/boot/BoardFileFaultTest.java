package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.hal.fake.FakeMpu6050;
import org.hoverla.hal.fake.FakePca9685;
import org.junit.jupiter.api.Test;

/** Faults on fake devices in board files ({@code fault:}), and the fakes FakeBuses makes from them. */
class BoardFileFaultTest {
    private static final String BOARD = """
            board: f
            buses: fake
            devices:
              - role: imu
                chip: mpu6050
                i2c: {bus: 1, address: 0x68}
                fault: %s
              - role: pwm
                chip: pca9685
                i2c: {bus: 1, address: 0x40}
            """;

    @Test
    void shouldReadAFaultOnAFakeDevice() throws Exception {
        // Given a fake board whose IMU reads a wrong id
        BoardConfig b = BoardFile.parse("f.yaml", BOARD.formatted("wrong-id"), false);

        // Then the device carries the fault and the other device none
        assertThat(b.devices().get(0).fault()).isEqualTo(FakeFault.WRONG_ID);
        assertThat(b.devices().get(1).fault()).isNull();
    }

    @Test
    void shouldRefuseAnUnknownFaultWithItsLineAndTheFaults() {
        assertThatThrownBy(() -> BoardFile.parse("f.yaml", BOARD.formatted("broken"), false))
                .hasMessage("f.yaml:7: devices[0].fault: unknown fault 'broken'; faults: wrong-id, stuck-data, "
                        + "bus-errors, noisy, dead-output, self-test, absent");
    }

    @Test
    void shouldRefuseAFaultTheChipsFakeDoesNotModel() {
        assertThatThrownBy(() -> BoardFile.parse("f.yaml", BOARD.formatted("dead-output"), false))
                .hasMessage("f.yaml:7: devices[0].fault: fault dead-output is not modelled for mpu6050 (it is for: pca9685)");
    }

    @Test
    void shouldRefuseAFaultOnRealBuses() {
        assertThatThrownBy(() -> BoardFile.parse("f.yaml", BOARD.formatted("noisy").replace("buses: fake", "buses: linux"),
                false)).hasMessage("f.yaml:7: devices[0].fault: faults are injected into fake devices only (buses: fake)");
    }

    @Test
    void shouldGiveTheFakeAtTheFaultyAddressItsFault() throws Exception {
        // Given a board whose PWM chip has a dead output and whose IMU reads a wrong id
        BoardConfig b = BoardFile.parse("f.yaml", BOARD.formatted("wrong-id").replace(
                "address: 0x40}", "address: 0x40}\n    fault: dead-output"), false);
        Chips.Buses buses = FakeBuses.create(1, b);

        // When the fakes are made
        FakeMpu6050 imu = (FakeMpu6050) buses.i2c(1, 0x68, "mpu6050");
        FakePca9685 pwm = (FakePca9685) buses.i2c(1, 0x40, "pca9685");
        FakeMpu6050 other = (FakeMpu6050) buses.i2c(1, 0x69, "mpu6050");

        // Then the IMU's WHO_AM_I reads one more than a genuine part, the other address is healthy
        byte[] id = new byte[1];
        imu.readRegisters(0x75, id, 0, 1);
        assertThat(id[0] & 0xFF).isEqualTo(0x69);
        other.readRegisters(0x75, id, 0, 1);
        assertThat(id[0] & 0xFF).isEqualTo(0x68);
        // And channel 0's registers of the PWM chip keep nothing written
        pwm.writeRegister(0x06 + 2, 0x33);
        pwm.writeRegister(0x06 + 4 + 2, 0x33);
        assertThat(pwm.peek(0x06 + 2)).isZero();
        assertThat(pwm.peek(0x06 + 4 + 2)).isEqualTo(0x33);
    }

    @Test
    void shouldMakeAnAbsentChipAcknowledgeNothing() throws Exception {
        // Given a board declaring an IMU the unit does not carry
        BoardConfig b = BoardFile.parse("f.yaml", BOARD.formatted("absent"), false);
        Chips.Buses buses = FakeBuses.create(1, b);

        // When its fake is read
        FakeMpu6050 imu = (FakeMpu6050) buses.i2c(1, 0x68, "mpu6050");

        // Then every transfer fails as a missing I2C chip's does: no acknowledge
        assertThatThrownBy(() -> imu.readRegisters(0x75, new byte[1], 0, 1))
                .isInstanceOf(org.hoverla.hal.bus.BusException.class).hasMessageContaining("no acknowledge (device absent)");
    }
}
