package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.rc.CrsfTelemetryState;
import org.junit.jupiter.api.Test;

/** The flight state CRSF telemetry reads from the flight bus on the RC driver thread. */
class CrsfFlightTelemetryTest {

    @Test
    void shouldSendNothingBeforeTheFlightThreadPublished() {
        // Given a flight bus nobody published on yet
        CrsfTelemetryState t = new CrsfTelemetryState();
        new CrsfFlightTelemetry(new FlightBus()).snapshot(t);
        // Then no part is valid
        assertThat(t.batteryValid).isFalse();
        assertThat(t.attitudeValid).isFalse();
        assertThat(t.flightMode).isNull();
    }

    @Test
    void shouldReadBatteryAttitudeAndModeFromTheFlightBus() {
        // Given a published battery, attitude (roll 0.2, pitch -0.1, yaw 1.0 rad) and mode
        FlightBus bus = new FlightBus();
        CrsfFlightTelemetry telemetry = new CrsfFlightTelemetry(bus);
        BatteryStatus b = new BatteryStatus();
        b.connected = true;
        b.voltageV = 16.4;
        b.currentA = 9.5;
        b.remainingFraction = 0.734;
        bus.batteryStatus.advertise().publish(b);
        VehicleAttitude a = new VehicleAttitude();
        a.q.setEuler(0.2, -0.1, 1.0);
        bus.attitude.advertise().publish(a);
        VehicleStatus s = new VehicleStatus();
        s.mode = FlightMode.HOLD;
        bus.vehicleStatus.advertise().publish(s);
        // When the driver takes a snapshot
        CrsfTelemetryState t = new CrsfTelemetryState();
        telemetry.snapshot(t);
        // Then it carries them in the telemetry's units
        assertThat(t.batteryValid).isTrue();
        assertThat(t.voltageV).isEqualTo(16.4f);
        assertThat(t.currentA).isEqualTo(9.5f);
        assertThat(t.remainingPct).isEqualTo(73);
        assertThat(t.attitudeValid).isTrue();
        assertThat((double) t.rollRad).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) t.pitchRad).isCloseTo(-0.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) t.yawRad).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(t.flightMode).isEqualTo("Hold");
    }

    @Test
    void shouldNameModesAsPx4DoesWhereItNamesThem() {
        assertThat(CrsfFlightTelemetry.text(FlightMode.POSITION)).isEqualTo("Position");
        assertThat(CrsfFlightTelemetry.text(FlightMode.ALTITUDE)).isEqualTo("Altitude");
        assertThat(CrsfFlightTelemetry.text(FlightMode.MISSION)).isEqualTo("Mission");
        assertThat(CrsfFlightTelemetry.text(FlightMode.RETURN)).isEqualTo("Return");
        assertThat(CrsfFlightTelemetry.text(FlightMode.OFFBOARD)).isEqualTo("Offboard");
        assertThat(CrsfFlightTelemetry.text(FlightMode.TAKEOFF)).isEqualTo("Takeoff");
    }

    @Test
    void shouldNotAllocateTakingSnapshots() {
        // Given a flight thread publishing a new status and attitude before every snapshot
        FlightBus bus = new FlightBus();
        CrsfFlightTelemetry telemetry = new CrsfFlightTelemetry(bus);
        Publication<VehicleStatus> status = bus.vehicleStatus.advertise();
        Publication<VehicleAttitude> attitude = bus.attitude.advertise();
        VehicleStatus s = new VehicleStatus();
        VehicleAttitude a = new VehicleAttitude();
        a.q.setIdentity();
        CrsfTelemetryState t = new CrsfTelemetryState();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            status.publish(s);
            attitude.publish(a);
            telemetry.snapshot(t);
        }
        long smallest = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                s.mode = (i & 1) == 0 ? FlightMode.POSITION : FlightMode.MISSION;
                status.publish(s);
                attitude.publish(a);
                telemetry.snapshot(t);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        // Then nothing is allocated
        assertThat(smallest).isZero();
    }
}
