package org.hoverla.core.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSerialTest {
    @TempDir
    Path root;

    private void write(String relative, String text) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldReadTheRaspberryPiSerialFromCpuinfo() throws IOException {
        // Given a Raspberry Pi 4's /proc/cpuinfo (the Serial line after the per-core blocks)
        write("proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 108.00\n\nHardware\t: BCM2835\nRevision\t: c03114\n"
                + "Serial\t\t: 10000000A3B4C5D6\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n");

        // When the serial is read
        // Then it is the Serial value, trimmed and lowercased
        assertThat(HostSerial.read(root)).isEqualTo("10000000a3b4c5d6");
    }

    @Test
    void shouldFallBackToTheDeviceTreeSerialWithItsTrailingNul() throws IOException {
        // Given a kernel that no longer prints Serial in cpuinfo, and the device tree's NUL-terminated copy
        write("proc/cpuinfo", "processor\t: 0\nmodel name\t: ARMv8 Processor rev 1 (v8l)\n");
        write("sys/firmware/devicetree/base/serial-number", "00000000a3b4c5d6\0");

        // Then the device tree's serial is used
        assertThat(HostSerial.read(root)).isEqualTo("00000000a3b4c5d6");
    }

    @Test
    void shouldReportNoSerialOnAMachineWithoutOneOrWithAllZeros() throws IOException {
        // Given an x86 machine: cpuinfo without Serial and no device tree
        write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\n");
        assertThat(HostSerial.read(root)).isEmpty();

        // Given an emulator that reports an all-zero serial (two such machines would share an identity)
        write("proc/cpuinfo", "Serial\t\t: 0000000000000000\n");
        assertThat(HostSerial.read(root)).isEmpty();

        // Given nothing at all
        assertThat(HostSerial.read(root.resolve("missing"))).isEmpty();
    }

    @Test
    void shouldIgnoreNonPrintableSerials() {
        assertThat(HostSerial.normalise("ab\u0001cd")).isEmpty();
        assertThat(HostSerial.normalise("  ab12 \n")).isEqualTo("ab12");
        assertThat(HostSerial.cpuinfoSerial("Serialish : x\nSerial : 42\n")).isEqualTo(" 42");
    }
}
