package org.hoverla.core.unit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The companion computer's hardware serial number, the one fact about a unit that survives a
 * re-flashed SD card.
 *
 * <p>Where it is read, first found wins:
 * <ol>
 *   <li>{@code /proc/cpuinfo}, the {@code Serial} line: the Raspberry Pi firmware puts the SoC's
 *       OTP serial there on every Pi model (e.g. {@code Serial : 10000000a3b4c5d6}; 64-bit kernels
 *       on Pi 4/5 show 16 hex digits);</li>
 *   <li>{@code /sys/firmware/devicetree/base/serial-number}: the device tree's copy on Pi kernels
 *       that no longer print it in cpuinfo, and on other device-tree boards (a NUL-terminated
 *       string).</li>
 * </ol>
 * Neither exists on an x86 development machine or in most containers: the serial is then "". An
 * all-zero serial (what some emulators and boards without OTP report) counts as none: two such
 * machines would otherwise share one identity. {@code /etc/machine-id} is deliberately not used:
 * it is made at install time and changes on a re-install, which is what the serial is for.
 *
 * <p>Any thread; reads the files on every call (boot and CLI only).
 */
public final class HostSerial {
    private HostSerial() {
    }

    /** The serial of this machine, lowercased, or "" when it has none. */
    public static String read() {
        return read(Path.of("/"));
    }

    /**
     * The serial as found under {@code root} (a test seam: a directory laid out like {@code /}
     * with {@code proc/cpuinfo} and {@code sys/firmware/devicetree/base/serial-number}).
     */
    public static String read(Path root) {
        String fromCpuinfo = normalise(cpuinfoSerial(readText(root.resolve("proc/cpuinfo"))));
        if (!fromCpuinfo.isEmpty()) {
            return fromCpuinfo;
        }
        return normalise(readText(root.resolve("sys/firmware/devicetree/base/serial-number")));
    }

    /** The value of the {@code Serial} line of a cpuinfo text, or "" when there is none. */
    static String cpuinfoSerial(String cpuinfo) {
        if (cpuinfo == null) {
            return "";
        }
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("Serial")) {
                return line.substring(colon + 1);
            }
        }
        return "";
    }

    /** Trimmed, NULs dropped, lowercased; "" for nothing, non-printable text or all zeros. */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.replace("\0", "").trim().toLowerCase(Locale.ROOT);
        boolean allZero = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return "";
            }
            if (c != '0') {
                allZero = false;
            }
        }
        return allZero ? "" : s;
    }

    private static String readText(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : null;
        } catch (IOException | RuntimeException e) {
            // Unreadable counts as absent: the UID then falls back to the kept random one.
            return null;
        }
    }
}
