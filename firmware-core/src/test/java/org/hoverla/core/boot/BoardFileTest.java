package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.hoverla.core.boot.DeviceConfig.Role;
import org.hoverla.core.sensors.Rotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoardFileTest {
    private static final String GOOD = """
            board: test
            buses: linux
            devices:
              - role: imu
                chip: icm42688p
                spi: {bus: 0, cs: 0}
                rotation: ROTATION_YAW_180
                priority: 100
              - role: baro
                chip: ms5611
                i2c: {bus: 1, address: 0x76}
              - role: battery
                chip: ads1115
                i2c: {bus: 1, address: 0x48}
                options: {voltage_scale: 10.1}
            """;

    @Test
    void shouldReadEveryFieldOfAGoodBoard() throws Exception {
        // When a valid board is parsed
        BoardConfig b = BoardFile.parse("t.yaml", GOOD, false);
        // Then devices, buses, rotations, priorities and options are as written, with defaults filled in
        assertThat(b.name()).isEqualTo("test");
        assertThat(b.buses()).isEqualTo(BoardConfig.Buses.LINUX);
        assertThat(b.devices()).hasSize(3);
        DeviceConfig imu = b.devices().get(0);
        assertThat(imu.role()).isEqualTo(Role.IMU);
        assertThat(imu.bus()).isEqualTo(new DeviceConfig.Bus.Spi(0, 0));
        assertThat(imu.rotation()).isEqualTo(Rotation.YAW_180);
        assertThat(imu.priority()).isEqualTo(100);
        assertThat(imu.line()).isEqualTo(4);
        assertThat(b.devices().get(1).bus()).isEqualTo(new DeviceConfig.Bus.I2c(1, 0x76));
        assertThat(b.devices().get(1).priority()).isEqualTo(50);
        assertThat(b.devices().get(2).option("voltage_scale", 0)).isEqualTo(10.1);
        assertThat(b.devices().get(2).option("voltage_channel", -9)).isEqualTo(0.0);
    }

    @Test
    void shouldReadTheSameBoardWrittenAsJson() throws Exception {
        String json = """
                {"board": "j", "buses": "fake",
                 "devices": [{"role": "imu", "chip": "mpu6050", "i2c": {"bus": 1, "address": 104}, "rotation": 8}]}
                """;
        BoardConfig b = BoardFile.parse("t.json", json, true);
        assertThat(b.devices().get(0).rotation()).isEqualTo(Rotation.ROLL_180);
        assertThat(b.devices().get(0).bus()).isEqualTo(new DeviceConfig.Bus.I2c(1, 0x68));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pilotpi", "pilotpi-dual-gnss", "diy-i2c", "bench-fake", "bench-fake-faulty", "sitl", "simulator-api"})
    void shouldParseEveryShippedProfile(String name) throws Exception {
        BoardConfig b = BoardFile.profile(name);
        assertThat(b.name()).isEqualTo(name);
    }

    @Test
    void shouldAcceptUpToFourGnssReceivers() throws Exception {
        // Given the shipped dual-GNSS profile
        BoardConfig dual = BoardFile.profile("pilotpi-dual-gnss");
        // Then both receivers are there, the HAT's preferred
        List<DeviceConfig> gnss = dual.devices().stream().filter(d -> d.role() == Role.GNSS).toList();
        assertThat(gnss).hasSize(2);
        assertThat(gnss.get(0).priority()).isGreaterThan(gnss.get(1).priority());
        // And a fifth receiver is refused with the reason
        StringBuilder five = new StringBuilder(GOOD);
        for (int i = 0; i < 5; i++) {
            five.append("  - role: gnss\n    chip: nmea\n    uart: {path: /dev/ttyUSB").append(i).append(", baud: 9600}\n");
        }
        assertThat(error(five.toString())).contains("more than 4 gnss devices");
    }

    private static String error(String text) {
        try {
            BoardFile.parse("b.yaml", text, false);
        } catch (BoardFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void shouldNameTheLineAndSuggestTheKeyForATypo() {
        String msg = error(GOOD.replace("    rotation: ROTATION_YAW_180", "    rotaton: ROTATION_YAW_180"));
        assertThat(msg).startsWith("b.yaml:7: devices[0].rotaton: unknown key 'rotaton' (did you mean 'rotation'?)");
    }

    @Test
    void shouldRefuseAnUnknownChipListingTheChipsOfItsRole() {
        String msg = error(GOOD.replace("chip: ms5611", "chip: ms5612"));
        assertThat(msg).startsWith("b.yaml:10: devices[1].chip: unknown chip 'ms5612'").contains("ms5611, bmp280, bmp388");
    }

    @Test
    void shouldRefuseAChipInTheWrongRole() {
        assertThat(error(GOOD.replace("chip: ms5611", "chip: ist8310")))
                .startsWith("b.yaml:10: devices[1].chip: ist8310 is a mag chip, not a baro");
    }

    @Test
    void shouldRefuseDuplicateAddressesNamingTheOtherDevice() {
        String msg = error(GOOD.replace("address: 0x48", "address: 0x76").replace("chip: ads1115", "chip: bmp280")
                .replace("role: battery", "role: baro").replace("    options: {voltage_scale: 10.1}\n", ""));
        assertThat(msg).startsWith("b.yaml:12: devices[2]: duplicate address: i2c bus 1 address 0x76 is already taken "
                + "by the device on line 9");
    }

    @Test
    void shouldRefuseImpossibleRotations() {
        assertThat(error(GOOD.replace("ROTATION_YAW_180", "ROTATION_YAW_181")))
                .startsWith("b.yaml:7: devices[0].rotation: 'ROTATION_YAW_181' is not a PX4 rotation name");
        assertThat(error(GOOD.replace("ROTATION_YAW_180", "48")))
                .startsWith("b.yaml:7: devices[0].rotation: rotation 48 is not a PX4 rotation (0..47)");
    }

    @Test
    void shouldRefuseAChipOnABusItCannotUseOrAnAddressItDoesNotAnswer() {
        assertThat(error(GOOD.replace("spi: {bus: 0, cs: 0}", "i2c: {bus: 1, address: 0x68}")))
                .contains("devices[0].i2c: icm42688p is not an I2C chip here (use spi)");
        assertThat(error(GOOD.replace("address: 0x76", "address: 0x70")))
                .contains("devices[1].i2c.address: ms5611 answers only at [0x76, 0x77], not 0x70");
    }

    @Test
    void shouldRefuseOptionsOutOfRangeOrUnknown() {
        assertThat(error(GOOD.replace("voltage_scale: 10.1", "voltage_scale: 0.5")))
                .contains("devices[2].options.voltage_scale: 0.5 is outside 1.0 .. 100.0");
        assertThat(error(GOOD.replace("voltage_scale: 10.1", "voltage_scal: 10.1")))
                .contains("unknown key 'voltage_scal' (did you mean 'voltage_scale'?)");
    }

    @Test
    void shouldRefuseABoardWithoutAnImuOrWithBrokenSyntax() {
        assertThat(error("board: x\nbuses: linux\ndevices:\n  - role: baro\n    chip: bmp280\n    i2c: {bus: 1, address: 0x76}\n"))
                .contains("the board has no IMU");
        assertThat(error("board: x\nbuses: [linux\n")).startsWith("b.yaml:").contains("not valid YAML");
        assertThat(error("board: x\nbuses: usb\n")).isEqualTo("b.yaml:2: buses: 'usb' is not one of linux, fake, "
                + "simulation, simulator-api");
        assertThat(error("buses: linux\n")).contains("missing 'board'");
    }

    @Test
    void shouldReadASerialReceiverAndRefuseBadPortsAndRates() throws Exception {
        String gnss = "  - role: gnss\n    chip: ublox\n    uart: {path: /dev/ttyAMA0, baud: 38400}\n";
        BoardConfig b = BoardFile.parse("b.yaml", GOOD + gnss, false);
        assertThat(b.devices().get(3).bus()).isEqualTo(new DeviceConfig.Bus.Uart("/dev/ttyAMA0", 38400));
        assertThat(error(GOOD + gnss.replace("38400", "38401"))).contains("devices[3].uart.baud: 38401 is not a standard rate");
        assertThat(error(GOOD + gnss + gnss.replace("ublox", "nmea").replace("38400", "9600")))
                .contains("duplicate address: serial port /dev/ttyAMA0 is already taken by the device on line 16");
        assertThat(error(GOOD + "  - role: gnss\n    chip: ublox\n")).contains("ublox needs its bus: uart: {path:");
        assertThat(error(GOOD.replace("spi: {bus: 0, cs: 0}", "uart: {path: /dev/ttyS0, baud: 9600}")))
                .contains("devices[0].uart: icm42688p is not a serial device");
    }

    @Test
    void shouldKeepTheBenchGnssOffRealBuses() {
        assertThat(error(GOOD + "  - role: gnss\n    chip: fixed\n")).contains("fixed exists only on fake boards");
    }
}
