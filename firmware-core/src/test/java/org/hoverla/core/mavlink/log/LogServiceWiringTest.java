package org.hoverla.core.mavlink.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.LogErase;
import java.nio.file.Path;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.log.LogDirectory;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log service as the vehicle's MAVLink interface registers it: no logs until told, armed from the bus. */
class LogServiceWiringTest {

    @TempDir
    Path root;

    @Test
    void shouldServeNoLogsUntilADirectoryIsGivenAndTakeArmedFromTheVehicleStatus() {
        // Given a vehicle interface as the boot code builds it
        FlightBus bus = new FlightBus();
        MavlinkVehicleInterface mav = new MavlinkVehicleInterface(
                new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L), bus, new ParamStore(),
                ParamPersistence.NONE, new SimClock(), null, null);
        LogService logs = mav.logs();
        assertThat(mav.links().services()).contains(logs);
        assertThat(logs.directory()).isNull();

        // When a directory is handed over and LOG_ERASE arrives while the commander says armed
        LogDirectory dir = new LogDirectory(root);
        mav.logDirectory(dir);
        Publication<VehicleStatus> pub = bus.vehicleStatus.advertise();
        VehicleStatus armed = new VehicleStatus();
        armed.armingState = ArmingState.ARMED;
        pub.publish(armed);
        logs.onMessage(new TestLink(0, "udp:test"),
                Frames.from(255, 190, LogErase.builder().targetSystem(1).targetComponent(1).build()), 0);

        // Then the directory is the one served, and the erase is refused as armed
        assertThat(logs.directory()).isSameAs(dir);
        assertThat(logs.counters().erasesRefusedArmed()).isEqualTo(1);
        mav.close();
    }
}
