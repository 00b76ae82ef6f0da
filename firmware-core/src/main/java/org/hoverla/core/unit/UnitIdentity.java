package org.hoverla.core.unit;

import java.util.List;

/**
 * Who this unit is: its stable UID and what it is built from.
 *
 * @param uid       the vehicle UID (AUTOPILOT_VERSION uid), 48+ bits, stable across reboots
 * @param boardName the board file's {@code name}
 * @param boardFile the board file's path as given (or the profile name)
 * @param hostSerial the companion computer's serial (Raspberry Pi: /proc/cpuinfo Serial), "" when none
 * @param chips     one line per device: name, chip, bus, address, chip id as read
 */
public record UnitIdentity(long uid, String boardName, String boardFile, String hostSerial, List<ChipIdentity> chips) {
    public UnitIdentity {
        chips = List.copyOf(chips);
    }

    /** One probed device. {@code chipId} is the id register's value as read ("" when the chip has none). */
    public record ChipIdentity(String device, String chip, String bus, String address, int deviceId, String chipId) {
    }
}
