package org.hoverla.core.boot;

import java.util.List;

/**
 * A parsed, validated board file: what devices the vehicle has and how to reach them.
 *
 * @param name        the board's name (shows in AUTOPILOT_VERSION's board and the boot log)
 * @param description free text
 * @param source      the file (or shipped profile) it came from, for messages
 * @param buses       how devices are reached: real Linux buses through Pi4J, the register-file
 *                    fakes of {@code org.hoverla.hal.fake}, Hoverla's own simulator, or an external
 *                    simulator over PX4's simulator MAVLink API
 * @param simulatorHost   for {@link Buses#SIMULATOR_API}: where the simulator listens
 * @param simulatorPort   for {@link Buses#SIMULATOR_API}: its TCP port (PX4: 4560)
 * @param devices     every device, in file order
 * @param mavlink     MAVLink link specs the vehicle opens (as {@code sim --mavlink}); empty = none
 */
public record BoardConfig(String name, String description, String source, Buses buses, String simulatorHost,
                          int simulatorPort, List<DeviceConfig> devices, List<String> mavlink) {

    public enum Buses {
        LINUX, FAKE, SIMULATION, SIMULATOR_API;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public List<DeviceConfig> devices(DeviceConfig.Role role) {
        return devices.stream().filter(d -> d.role() == role).toList();
    }
}
