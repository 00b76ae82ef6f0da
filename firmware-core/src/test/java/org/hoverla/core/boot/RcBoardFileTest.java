package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.core.boot.DeviceConfig.Role;
import org.junit.jupiter.api.Test;

/** Board-file entries of serial RC receivers: defaults, and line-numbered errors for bad entries. */
class RcBoardFileTest {
    private static final String HEAD = """
            board: rc
            buses: linux
            devices:
              - role: imu
                chip: mpu6050
                i2c: {bus: 1, address: 0x68}
            """;

    private static BoardConfig parse(String rc) throws BoardFileException {
        return BoardFile.parse("rc.yaml", HEAD + rc, false);
    }

    @Test
    void shouldDefaultCrsfTo420000BaudWithPx4LinkTimeoutAndTelemetry() throws Exception {
        // When a CRSF entry names only its port
        BoardConfig b = parse("""
                  - role: rc
                    chip: crsf
                    uart: {path: /dev/ttyAMA0}
                """);
        // Then it is an RC device at 420000 baud, 500 ms link timeout, telemetry on
        DeviceConfig rc = b.devices().get(1);
        assertThat(rc.role()).isEqualTo(Role.RC);
        assertThat(rc.bus()).isEqualTo(new DeviceConfig.Bus.Uart("/dev/ttyAMA0", 420_000));
        assertThat(rc.option("link_timeout_ms", 0)).isEqualTo(500.0);
        assertThat(rc.option("telemetry", 0)).isEqualTo(1.0);
        assertThat(rc.line()).isEqualTo(7);
    }

    @Test
    void shouldDefaultSbusTo100000Baud() throws Exception {
        BoardConfig b = parse("""
                  - role: rc
                    chip: sbus
                    uart: {path: /dev/ttyAMA1}
                """);
        assertThat(b.devices().get(1).bus()).isEqualTo(new DeviceConfig.Bus.Uart("/dev/ttyAMA1", 100_000));
    }

    @Test
    void shouldAcceptAnotherCrsfRateAReceiverCanBeSetTo() throws Exception {
        BoardConfig b = parse("""
                  - role: rc
                    chip: crsf
                    uart: {path: /dev/ttyUSB0, baud: 921600}
                """);
        assertThat(b.devices().get(1).bus()).isEqualTo(new DeviceConfig.Bus.Uart("/dev/ttyUSB0", 921_600));
    }

    @Test
    void shouldRefuseSbusAtAnyRateBut100000NamingTheLine() {
        assertThatThrownBy(() -> parse("""
                  - role: rc
                    chip: sbus
                    uart: {path: /dev/ttyAMA0, baud: 115200}
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("rc.yaml:9:")
                .hasMessageContaining("SBUS runs at 100000 baud only, not 115200");
    }

    @Test
    void shouldRefuseARateNoCrsfReceiverUses() {
        assertThatThrownBy(() -> parse("""
                  - role: rc
                    chip: crsf
                    uart: {path: /dev/ttyAMA0, baud: 38400}
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("rc.yaml:9:")
                .hasMessageContaining("38400 is not a CRSF rate");
    }

    @Test
    void shouldRefuseTwoRcReceivers() {
        assertThatThrownBy(() -> parse("""
                  - role: rc
                    chip: crsf
                    uart: {path: /dev/ttyAMA0}
                  - role: rc
                    chip: sbus
                    uart: {path: /dev/ttyAMA1}
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("more than one rc device");
    }

    @Test
    void shouldRefuseAnRcReceiverWithoutItsSerialPort() {
        assertThatThrownBy(() -> parse("""
                  - role: rc
                    chip: crsf
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("rc.yaml:7:")
                .hasMessageContaining("crsf needs its bus: uart");
    }

    @Test
    void shouldRefuseTelemetryOnSbusAndATimeoutOutOfRange() {
        assertThatThrownBy(() -> parse("""
                  - role: rc
                    chip: sbus
                    uart: {path: /dev/ttyAMA0}
                    options: {telemetry: 1}
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("rc.yaml:10:")
                .hasMessageContaining("unknown key 'telemetry'");
        assertThatThrownBy(() -> parse("""
                  - role: rc
                    chip: crsf
                    uart: {path: /dev/ttyAMA0}
                    options: {link_timeout_ms: 10}
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("rc.yaml:10:")
                .hasMessageContaining("outside 50.0 .. 5000.0");
    }

    @Test
    void shouldRefuseAnRcChipUnderAnotherRoleAndListRcChips() {
        assertThatThrownBy(() -> parse("""
                  - role: gnss
                    chip: crsf
                    uart: {path: /dev/ttyAMA0}
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("rc.yaml:8:")
                .hasMessageContaining("crsf is a rc chip, not a gnss");
        assertThatThrownBy(() -> parse("""
                  - role: radio
                    chip: crsf
                """)).isInstanceOf(BoardFileException.class)
                .hasMessageContaining("(imu, baro, mag, gnss, battery, pwm, rc)");
    }
}
