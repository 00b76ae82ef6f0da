package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.AutopilotVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.mission.MissionService;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.offboard.OffboardService;
import org.hoverla.core.mavlink.param.ParamService;
import org.hoverla.core.mavlink.telemetry.TelemetryService;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.junit.jupiter.api.Test;

/**
 * AUTOPILOT_VERSION.capabilities against the services a fully built vehicle interface really
 * registers. The table says which service class makes each bit true; a new service with a bit
 * (as the FTP server declares {@link MavlinkCapabilities#FTP}) adds one row here.
 */
class CapabilitiesFromServicesTest {

    /** Each announced bit and the registered service class that must provide it (null: the link layer). */
    private static final Map<Long, Class<?>> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put(MavlinkCapabilities.MAVLINK2, null);
        PROVIDERS.put(MavlinkCapabilities.COMMAND_INT, CommandService.class);
        PROVIDERS.put(MavlinkCapabilities.FLIGHT_TERMINATION, CommandService.class);
        PROVIDERS.put(ParamService.ENCODING_CAPABILITY, ParamService.class);
        PROVIDERS.put(MavlinkCapabilities.SET_POSITION_TARGET_LOCAL_NED, OffboardService.class);
        PROVIDERS.put(MavlinkCapabilities.SET_POSITION_TARGET_GLOBAL_INT, OffboardService.class);
        PROVIDERS.put(MavlinkCapabilities.SET_ATTITUDE_TARGET, OffboardService.class);
        PROVIDERS.put(MavlinkCapabilities.MISSION_INT, MissionService.class);
        PROVIDERS.put(MavlinkCapabilities.MISSION_FENCE, MissionService.class);
        PROVIDERS.put(MavlinkCapabilities.MISSION_RALLY, MissionService.class);
        PROVIDERS.put(MavlinkCapabilities.FTP, org.hoverla.core.mavlink.ftp.FtpService.class);
    }

    private static MavlinkVehicleInterface fullInterface(FlightBus bus) {
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L);
        return new MavlinkVehicleInterface(id, bus, store, ParamPersistence.NONE, new SimClock(), null, null,
                new PlanInstaller(bus, params), PlanStore.NONE);
    }

    @Test
    void shouldAnnounceExactlyTheBitsOfTheRegisteredServices() {
        // Given a vehicle interface built as the SITL builds it (with the mission service)
        FlightBus bus = new FlightBus();
        try (MavlinkVehicleInterface mav = fullInterface(bus)) {
            MavlinkLinkManager links = mav.links();
            long announced = mav.autopilotVersion().build().capabilities().value() & 0xFFFF_FFFFL;
            List<MavlinkService> services = links.services();

            // Then every announced bit is in the table, and its providing service is registered
            for (String name : MavlinkCapabilities.names(announced)) {
                long bit = bitNamed(name);
                assertThat(PROVIDERS).as("announced bit %s has no row in the table", name).containsKey(bit);
                Class<?> provider = PROVIDERS.get(bit);
                if (provider != null) {
                    assertThat(services).as("bit %s announced without its service %s", name, provider.getSimpleName())
                            .anySatisfy(s -> {
                                assertThat(s).isInstanceOf(provider);
                                assertThat(s.capabilities() & bit).isNotZero();
                            });
                }
            }
            // And every bit of the table is announced: a registered service without its bit fails here
            for (Map.Entry<Long, Class<?>> row : PROVIDERS.entrySet()) {
                assertThat(announced & row.getKey()).as("%s not announced",
                        MavlinkCapabilities.names(row.getKey())).isNotZero();
            }
            // And every registered service's own bits are announced
            for (MavlinkService s : services) {
                assertThat(announced & s.capabilities()).isEqualTo(s.capabilities());
            }
        }
    }

    @Test
    void shouldAnnounceNoMissionBitsWithoutTheMissionService() {
        // Given an interface built without a plan installer (no mission service)
        FlightBus bus = new FlightBus();
        ParamStore store = new ParamStore();
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L);
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(id, bus, store, ParamPersistence.NONE,
                new SimClock(), null, null)) {
            // When AUTOPILOT_VERSION is built
            AutopilotVersion v = mav.autopilotVersion().build();
            long caps = v.capabilities().value() & 0xFFFF_FFFFL;

            // Then no mission bit, but the others are there
            assertThat(caps & (MavlinkCapabilities.MISSION_INT | MavlinkCapabilities.MISSION_FENCE
                    | MavlinkCapabilities.MISSION_RALLY)).isZero();
            assertThat(caps & MavlinkCapabilities.COMMAND_INT).isNotZero();
            assertThat(mav.missions()).isNull();
        }
    }

    @Test
    void shouldAnnounceABitAsSoonAsAServiceDeclaringItIsAdded() {
        // Given a built interface
        FlightBus bus = new FlightBus();
        try (MavlinkVehicleInterface mav = fullInterface(bus)) {
            assertThat(mav.autopilotVersion().capabilities() & MavlinkCapabilities.TERRAIN).isZero();

            // When a service declaring a bit no registered service has is added (TERRAIN)
            mav.links().addService(new MavlinkService() {
                @Override
                public void onMessage(MavlinkLink source, io.dronefleet.mavlink.MavlinkMessage<?> message, long nowNs) {
                }

                @Override
                public long capabilities() {
                    return MavlinkCapabilities.TERRAIN;
                }
            });

            // Then AUTOPILOT_VERSION announces it
            long caps = mav.autopilotVersion().build().capabilities().value() & 0xFFFF_FFFFL;
            assertThat(caps & MavlinkCapabilities.TERRAIN).isNotZero();
        }
    }

    private static long bitNamed(String name) {
        List<Long> found = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            List<String> n = MavlinkCapabilities.names(1L << i);
            if (n.size() == 1 && n.get(0).equals(name)) {
                found.add(1L << i);
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
