package org.hoverla.core.vehicle;

import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.sensors.CalibrationParamSet;
import org.hoverla.core.sensors.CalibrationParams;

import java.util.Map;

/**
 * The PX4 parameters that QGroundControl's PX4 setup pages read (Sensors, Radio, Flight Modes,
 * Safety, Power; see docs/px4-parameters.md) and that describe something Hoverla does not let
 * an operator change: every one is read-only, so a ground station can show it but a write is
 * refused ({@code READ_ONLY}, answered as the parameter protocol defines). Each has PX4's name,
 * type and value meaning, and a value that is true of Hoverla today:
 * <ul>
 *   <li>features that do not exist yet (manual control from RC, battery failsafes, loiter
 *       before landing on return): their "off" value, and a description saying so.</li>
 * </ul>
 * The manual-control-loss failsafe and stick override parameters (NAV_RCL_ACT, COM_RCL_EXCEPT,
 * COM_RC_OVERRIDE, COM_RC_STICK_OV) are writable and act (failsafe/ManualControlLossFailsafe).
 * <ul>
 * </ul>
 * When a feature arrives, its parameter becomes writable and gains a consumer in the same change.
 * The calibration slots QGC's Sensors page reads ({@code CAL_GYRO0_ID}, {@code CAL_ACC0_ID},
 * {@code CAL_MAG0_ID}, {@code CAL_MAG1_ID}, {@code CAL_MAG2_ID}) are writable, as on PX4 (a
 * calibration writes them), and registered by {@link CalibrationParamSet}; the fields here are
 * the same handles.
 *
 * <p>Threads: registered on the boot thread.
 */
public final class SetupParams {

    /** PX4 {@code DeviceBusType} (drivers/device/Device.hpp). */
    public static final int BUS_TYPE_I2C = 1;
    public static final int BUS_TYPE_SPI = 2;
    public static final int BUS_TYPE_SIMULATION = 4;

    private static final Map<Integer, String> UNASSIGNED_CHANNEL = Map.of(0, "Unassigned");
    /** COM_RC_IN_MODE values (PX4 commander): which manual input flies (rc/ManualInputSelector). */
    public static final int RC_IN_MODE_RC = 0;
    public static final int RC_IN_MODE_MAVLINK = 1;
    public static final int RC_IN_MODE_FALLBACK = 2;
    public static final int RC_IN_MODE_KEEP_FIRST = 3;
    public static final int RC_IN_MODE_DISABLED = 4;

    private static final String NO_RC = "; read-only: Hoverla does not use this RC function";

    // Sensors page (QGC SensorsComponent::setupComplete: CAL_GYRO0_ID, CAL_ACC0_ID, CAL_MAG0_ID != 0);
    // calibration slots, writable (CalibrationParamSet)
    public final IntParam gyroDeviceId;
    public final IntParam accelDeviceId;
    public final IntParam magDeviceId;
    public final IntParam mag1DeviceId;
    public final IntParam mag2DeviceId;
    public final IntParam magRotation;
    public final IntParam boardRotation;

    // Radio and Flight Modes pages
    // (the RC calibration, channel map and COM_FLTMODEn are in RcParams)
    public final IntParam rcInMode;
    public final IntParam rcMapFlaps;
    public final IntParam rcMapAux1;
    public final IntParam rcMapAux2;
    // Mode switches of PX4's older single-purpose switch scheme; QGC's Flight Modes page reads them
    public final IntParam rcMapModeSwitch;
    public final IntParam rcMapPositionSwitch;
    public final IntParam rcMapLoiterSwitch;
    public final IntParam rcMapReturnSwitch;

    // Safety page
    public final IntParam rcLossAction;
    public final IntParam rcLossExceptions;
    public final IntParam stickOverrideModes;
    public final FloatParam stickOverridePct;
    public final FloatParam rcLossTimeoutS;
    // COM_LOW_BAT_ACT and BAT_*_THR are writable in failsafe/FailsafeParams (the battery failsafe).
    public final FloatParam returnLandDelayS;
    public final FloatParam returnDescendAltM;

    // Power page
    public final IntParam batterySource;
    public final FloatParam batteryLoadDropV;

    SetupParams(ParamStore store, CalibrationParamSet calibration) {
        gyroDeviceId = calibration.slot(CalibrationParams.GYRO, 0).id();
        accelDeviceId = calibration.slot(CalibrationParams.ACCEL, 0).id();
        magDeviceId = calibration.slot(CalibrationParams.MAG, 0).id();
        mag1DeviceId = calibration.slot(CalibrationParams.MAG, 1).id();
        mag2DeviceId = calibration.slot(CalibrationParams.MAG, 2).id();
        magRotation = store.addEnum("CAL_MAG0_ROT", -1,
                "Magnetometer 0 rotation; read-only: the magnetometer is internal, aligned with the board", Map.of(
                        -1, "Internal mag"), true);
        boardRotation = store.addEnum("SENS_BOARD_ROT", 0,
                "Flight controller orientation; read-only: Hoverla supports the board aligned with the frame", Map.of(
                        0, "No rotation"), true);

        // PX4 COM_RC_IN_MODE (commander params), PX4's values and default 3: the first valid source
        // (RC receiver or MAVLink MANUAL_CONTROL) keeps control until reboot. A board whose radio is
        // not calibrated (RC_CHAN_CNT 0) has no valid RC, so a ground-station joystick flies.
        rcInMode = store.addEnum("COM_RC_IN_MODE", RC_IN_MODE_KEEP_FIRST,
                "Manual control input: RC receiver, MAVLink MANUAL_CONTROL (ground-station joystick), or both", Map.of(
                        RC_IN_MODE_RC, "RC Transmitter only",
                        RC_IN_MODE_MAVLINK, "Joystick only",
                        RC_IN_MODE_FALLBACK, "RC and Joystick with fallback",
                        RC_IN_MODE_KEEP_FIRST, "RC or Joystick keep first",
                        RC_IN_MODE_DISABLED, "Stick input disabled"));
        rcMapFlaps = store.addEnum("RC_MAP_FLAPS", 0, "Flaps channel" + NO_RC, UNASSIGNED_CHANNEL, true);
        rcMapAux1 = store.addEnum("RC_MAP_AUX1", 0, "Auxiliary channel 1" + NO_RC, UNASSIGNED_CHANNEL, true);
        rcMapAux2 = store.addEnum("RC_MAP_AUX2", 0, "Auxiliary channel 2" + NO_RC, UNASSIGNED_CHANNEL, true);
        rcMapModeSwitch = store.addEnum("RC_MAP_MODE_SW", 0, "Mode switch channel" + NO_RC, UNASSIGNED_CHANNEL, true);
        rcMapPositionSwitch = store.addEnum("RC_MAP_POSCTL_SW", 0, "Position mode switch channel" + NO_RC,
                UNASSIGNED_CHANNEL, true);
        rcMapLoiterSwitch = store.addEnum("RC_MAP_LOITER_SW", 0, "Hold mode switch channel" + NO_RC,
                UNASSIGNED_CHANNEL, true);
        rcMapReturnSwitch = store.addEnum("RC_MAP_RETURN_SW", 0, "Return mode switch channel" + NO_RC,
                UNASSIGNED_CHANNEL, true);

        // PX4 NAV_RCL_ACT values (commander_params.c); 4 (Lockdown in older PX4) is not offered.
        // Default 0 keeps the behaviour before the failsafe existed (brake and hold in the manual
        // modes); PX4's default is 2 (Return). Acted on by failsafe/ManualControlLossFailsafe.
        rcLossAction = store.addEnum("NAV_RCL_ACT", 0,
                "Manual control loss failsafe: action after COM_RC_LOSS_T without RC or joystick input, once input"
                        + " was present since arming", Map.of(
                        0, "Disabled", 1, "Hold mode", 2, "Return mode", 3, "Land mode", 5, "Terminate", 6, "Disarm"));
        // PX4 COM_RCL_EXCEPT bitmask: bit 0 Mission, bit 1 Hold (and Takeoff), bit 2 Offboard.
        rcLossExceptions = store.addEnum("COM_RCL_EXCEPT", 0,
                "Modes in which manual control loss is announced but not acted on (bit 0 Mission, bit 1 Hold,"
                        + " bit 2 Offboard)", Map.of(
                        0, "None", 1, "Mission", 2, "Hold", 3, "Mission, Hold", 4, "Offboard", 5, "Mission, Offboard",
                        6, "Hold, Offboard", 7, "Mission, Hold, Offboard"));
        // PX4 COM_RC_OVERRIDE bitmask (default 1) and COM_RC_STICK_OV (default 30 %).
        stickOverrideModes = store.addEnum("COM_RC_OVERRIDE", 1,
                "Stick override: sticks moved beyond COM_RC_STICK_OV switch to Position mode (bit 0 auto modes,"
                        + " bit 1 Offboard)", Map.of(
                        0, "Disabled", 1, "Auto modes", 2, "Offboard", 3, "Auto modes and Offboard"));
        stickOverridePct = store.addFloat("COM_RC_STICK_OV", 30.0, 5.0, 80.0, "%",
                "Stick override threshold: stick travel (percent of half travel) from its rest position that takes over");
        // PX4 COM_RC_LOSS_T: manual input (RC or MAVLink) older than this is lost (ManualInputSelector).
        rcLossTimeoutS = store.addFloat("COM_RC_LOSS_T", 0.5, 0.0, 35.0, "s",
                "Manual control loss timeout: RC or joystick input older than this counts as lost");
        // Return mode lands as soon as it is over home (NavigatorTask): PX4's RTL_LAND_DELAY 0.
        returnLandDelayS = store.addFloat("RTL_LAND_DELAY", 0.0, 0.0, 0.0, "s",
                "Return: delay over home before landing; read-only: Hoverla lands at once", true);
        returnDescendAltM = store.addFloat("RTL_DESCEND_ALT", 30.0, 30.0, 30.0, "m",
                "Return: loiter altitude over home; read-only and unused: Hoverla does not loiter (RTL_LAND_DELAY 0)", true);

        batterySource = store.addEnum("BAT1_SOURCE", 0,
                "Battery 1 measurement source; read-only: the battery monitor of the vehicle's power module", Map.of(
                        0, "Power Module"), true);
        // PX4 subtracts a fixed per-cell drop under load (used when BAT1_R_INTERNAL < 0); Hoverla's
        // BatteryStateOfCharge learns the pack's resistance from current steps instead, so 0.
        batteryLoadDropV = store.addFloat("BAT1_V_LOAD_DROP", 0.0, 0.0, 0.0, "V",
                "Battery 1 voltage drop per cell under load; read-only and unused: Hoverla learns the pack's resistance"
                        + " from current steps instead", true);
    }

    /**
     * PX4's sensor device id ({@code union DeviceId} in drivers/device/Device.hpp): bus type in
     * bits 0–2, bus number in bits 3–7, address in bits 8–15, device type in bits 16–23.
     *
     * @throws IllegalArgumentException if a field does not fit its bits
     */
    public static int deviceId(int busType, int bus, int address, int devType) {
        if (busType < 0 || busType > 7 || bus < 0 || bus > 31 || address < 0 || address > 255
                || devType < 0 || devType > 255) {
            throw new IllegalArgumentException("device id field out of range: bus type " + busType + ", bus " + bus
                    + ", address " + address + ", device type " + devType);
        }
        return busType | (bus << 3) | (address << 8) | (devType << 16);
    }
}
