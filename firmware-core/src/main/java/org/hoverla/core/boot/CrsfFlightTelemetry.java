package org.hoverla.core.boot;

import java.util.Locale;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.rc.CrsfTelemetryState;
import org.hoverla.hal.rc.SerialRcReceiver;

/**
 * The flight state CRSF telemetry sends (battery, attitude, flight mode), read on the RC driver
 * thread from the flight bus topics the flight thread publishes: {@code battery_status}, {@code
 * vehicle_attitude}, {@code vehicle_status}. Topics are seqlocks, so the flight thread never waits
 * for this reader and nothing is allocated: the mode texts are made once here.
 *
 * <p>Mode texts follow PX4's {@code crsf_rc} driver where PX4 names the mode ("Position",
 * "Altitude", "Mission", "Return", "Offboard"); where PX4 says only "Auto" (hold, takeoff, land)
 * the mode's own name is sent, which tells the pilot more on the transmitter's screen.
 */
final class CrsfFlightTelemetry implements SerialRcReceiver.TelemetrySource {
    private final Subscription<BatteryStatus> batterySub;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleStatus> statusSub;
    private final BatteryStatus battery = new BatteryStatus();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleStatus status = new VehicleStatus();
    private final String[] modeTexts;
    private boolean batterySeen;
    private boolean attitudeSeen;
    private boolean statusSeen;

    CrsfFlightTelemetry(FlightBus bus) {
        batterySub = bus.batteryStatus.subscribe();
        attitudeSub = bus.attitude.subscribe();
        statusSub = bus.vehicleStatus.subscribe();
        FlightMode[] modes = FlightMode.values();
        modeTexts = new String[modes.length];
        for (FlightMode m : modes) {
            modeTexts[m.ordinal()] = text(m);
        }
    }

    static String text(FlightMode mode) {
        switch (mode.name()) {
            case "POSITION":
                return "Position";
            case "ALTITUDE":
                return "Altitude";
            case "MISSION":
                return "Mission";
            case "RETURN":
                return "Return";
            case "OFFBOARD":
                return "Offboard";
            default:
                String n = mode.name().replace('_', ' ').toLowerCase(Locale.ROOT);
                return Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }
    }

    @Override
    public void snapshot(CrsfTelemetryState dst) {
        batterySeen |= batterySub.update(battery);
        attitudeSeen |= attitudeSub.update(attitude);
        statusSeen |= statusSub.update(status);
        dst.batteryValid = batterySeen && battery.connected && battery.voltageV > 0;
        dst.voltageV = (float) battery.voltageV;
        dst.currentA = Double.isFinite(battery.currentA) ? (float) battery.currentA : 0f;
        dst.capacityUsedMah = 0; // battery_status carries no drawn charge yet
        dst.remainingPct = Double.isFinite(battery.remainingFraction)
                ? (int) Math.round(Math.max(0, Math.min(1, battery.remainingFraction)) * 100) : 0;
        dst.attitudeValid = attitudeSeen && attitude.q.isFinite();
        if (dst.attitudeValid) {
            dst.rollRad = (float) attitude.q.roll();
            dst.pitchRad = (float) attitude.q.pitch();
            dst.yawRad = (float) attitude.q.yaw();
        }
        dst.flightMode = statusSeen && status.mode != null ? modeTexts[status.mode.ordinal()] : null;
    }
}
