package org.hoverla.core.vehicle;

import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.rc.RcCalibration;

import java.util.Map;
import java.util.TreeMap;

/**
 * The RC receiver's parameters, with PX4's names, types, defaults and ranges, so that
 * QGroundControl's Radio and Flight Modes pages drive them (docs/rc-input.md lists what QGC
 * reads and writes):
 * <ul>
 *   <li>calibration, PX4 {@code src/modules/rc_update/params.c}: {@code RCn_MIN} (800..1500,
 *       1000 µs), {@code RCn_TRIM} (800..2200, 1500), {@code RCn_MAX} (1500..2200, 2000),
 *       {@code RCn_REV} (−1 reverse, 1 normal), {@code RCn_DZ} (0..100 µs; 10 on channels 1–8,
 *       0 above), all FLOAT as PX4 has them, for n = 1..18, and {@code RC_CHAN_CNT} (0..18,
 *       written by QGC's calibration; 0 means "not calibrated": RC sticks are then not used, as
 *       PX4's {@code _rc_calibrated});</li>
 *   <li>the channel map {@code RC_MAP_ROLL/PITCH/YAW/THROTTLE/FLTMODE/ARM_SW/KILL_SW} (0 =
 *       unassigned) and the switch thresholds {@code RC_ARMSWITCH_TH}, {@code RC_KILLSWITCH_TH}
 *       (−1..1, 0.75; negative inverts);</li>
 *   <li>commander / manual_control: {@code COM_FLTMODE1..6} (PX4's values, those Hoverla has a
 *       mode for), {@code COM_ARM_SWISBTN}, {@code MAN_ARM_GESTURE}, {@code COM_RC_ARM_HYST},
 *       {@code COM_KILL_DISARM}, {@code COM_DISARM_MAN}.</li>
 * </ul>
 * {@code COM_RC_IN_MODE} and {@code COM_RC_LOSS_T} stay in {@link SetupParams} (their handles
 * predate this class). Read by the flight thread through {@link ParamWatch} (at most 1 Hz) and
 * copied into {@link RcCalibration} there; registered on the boot thread.
 */
public final class RcParams {
    public static final int CHANNELS = RcCalibration.MAX_CHANNELS;
    /** PX4 COM_FLTMODEn values (commander module.yaml); -1 = unassigned. */
    public static final int FLTMODE_UNASSIGNED = -1;
    public static final int FLTMODE_ALTITUDE = 1;
    public static final int FLTMODE_POSITION = 2;
    public static final int FLTMODE_MISSION = 3;
    public static final int FLTMODE_HOLD = 4;
    public static final int FLTMODE_RETURN = 5;
    public static final int FLTMODE_OFFBOARD = 7;
    public static final int FLTMODE_STABILIZED = 8;
    public static final int FLTMODE_TAKEOFF = 10;
    public static final int FLTMODE_LAND = 11;

    public final FloatParam[] minUs = new FloatParam[CHANNELS];
    public final FloatParam[] trimUs = new FloatParam[CHANNELS];
    public final FloatParam[] maxUs = new FloatParam[CHANNELS];
    public final FloatParam[] rev = new FloatParam[CHANNELS];
    public final FloatParam[] dzUs = new FloatParam[CHANNELS];
    public final IntParam channelCount;
    public final IntParam mapRoll;
    public final IntParam mapPitch;
    public final IntParam mapYaw;
    public final IntParam mapThrottle;
    public final IntParam mapFlightMode;
    public final IntParam mapArmSwitch;
    public final IntParam mapKillSwitch;
    public final FloatParam armSwitchTh;
    public final FloatParam killSwitchTh;
    public final IntParam[] flightModes = new IntParam[RcCalibration.MODE_SLOTS];
    public final IntParam armSwitchIsButton;
    public final IntParam armGesture;
    public final IntParam armHysteresisMs;
    public final FloatParam killDisarmS;
    public final IntParam disarmInManualThrust;

    RcParams(ParamStore store) {
        for (int i = 0; i < CHANNELS; i++) {
            int n = i + 1;
            minUs[i] = store.addFloat("RC" + n + "_MIN", 1000.0, 800.0, 1500.0, "us", "RC channel " + n + " minimum");
            trimUs[i] = store.addFloat("RC" + n + "_TRIM", 1500.0, 800.0, 2200.0, "us",
                    "RC channel " + n + " trim (centre; QGC writes the minimum for the throttle, read as the centre)");
            maxUs[i] = store.addFloat("RC" + n + "_MAX", 2000.0, 1500.0, 2200.0, "us", "RC channel " + n + " maximum");
            rev[i] = store.addFloat("RC" + n + "_REV", 1.0, -1.0, 1.0, "",
                    "RC channel " + n + " reverse: -1 reversed, 1 normal");
            // PX4 params.c: 10 us on channels 1-8 (sticks), 0 on 9-18 (switches)
            dzUs[i] = store.addFloat("RC" + n + "_DZ", n <= 8 ? 10.0 : 0.0, 0.0, 100.0, "us",
                    "RC channel " + n + " dead zone around the trim");
        }
        channelCount = store.addInt("RC_CHAN_CNT", 0, 0, CHANNELS, "",
                "Calibrated RC channel count (QGC's radio calibration writes it); 0 = RC not calibrated, sticks unused");
        mapRoll = channelMap(store, "RC_MAP_ROLL", "Roll control channel");
        mapPitch = channelMap(store, "RC_MAP_PITCH", "Pitch control channel");
        mapYaw = channelMap(store, "RC_MAP_YAW", "Yaw control channel");
        mapThrottle = channelMap(store, "RC_MAP_THROTTLE", "Throttle control channel");
        mapFlightMode = channelMap(store, "RC_MAP_FLTMODE", "Flight mode switch channel (six slots, COM_FLTMODE1..6)");
        mapArmSwitch = channelMap(store, "RC_MAP_ARM_SW", "Arm switch channel (disables the arm stick gesture)");
        mapKillSwitch = channelMap(store, "RC_MAP_KILL_SW", "Kill switch channel: motors stop while on");
        armSwitchTh = store.addFloat("RC_ARMSWITCH_TH", RcCalibration.DEFAULT_SWITCH_TH, -1.0, 1.0, "",
                "Arm switch threshold (0..1 of the channel range; negative inverts)");
        killSwitchTh = store.addFloat("RC_KILLSWITCH_TH", RcCalibration.DEFAULT_SWITCH_TH, -1.0, 1.0, "",
                "Kill switch threshold (0..1 of the channel range; negative inverts)");
        Map<Integer, String> modes = new TreeMap<>();
        modes.put(FLTMODE_UNASSIGNED, "Unassigned");
        modes.put(FLTMODE_ALTITUDE, "Altitude");
        modes.put(FLTMODE_POSITION, "Position");
        modes.put(FLTMODE_MISSION, "Mission");
        modes.put(FLTMODE_HOLD, "Hold");
        modes.put(FLTMODE_RETURN, "Return");
        modes.put(FLTMODE_OFFBOARD, "Offboard");
        modes.put(FLTMODE_STABILIZED, "Stabilized");
        modes.put(FLTMODE_TAKEOFF, "Takeoff");
        modes.put(FLTMODE_LAND, "Land");
        for (int i = 0; i < flightModes.length; i++) {
            flightModes[i] = store.addEnum("COM_FLTMODE" + (i + 1), FLTMODE_UNASSIGNED,
                    "Flight mode of mode-switch slot " + (i + 1) + " (RC_MAP_FLTMODE)", modes);
        }
        armSwitchIsButton = store.addEnum("COM_ARM_SWISBTN", 0, "Arm switch is a momentary button", Map.of(
                0, "Switch: on arms, off disarms",
                1, "Button: each press toggles arming"));
        armGesture = store.addEnum("MAN_ARM_GESTURE", 1,
                "Arm/disarm stick gesture: throttle low and yaw right arms, yaw left disarms (off with an arm switch)",
                Map.of(0, "Disabled", 1, "Enabled"));
        armHysteresisMs = store.addInt("COM_RC_ARM_HYST", 1000, 100, 1500, "ms",
                "How long the arm/disarm gesture or arm button must be held");
        killDisarmS = store.addFloat("COM_KILL_DISARM", 5.0, 0.0, 30.0, "s",
                "Disarm this long after the kill switch stopped the motors (switching back earlier restores them)");
        disarmInManualThrust = store.addEnum("COM_DISARM_MAN", 1,
                "Allow stick/switch disarm in the air in manual-thrust modes (Hoverla has none yet)", Map.of(
                        0, "Disabled", 1, "Enabled"));
    }

    private static IntParam channelMap(ParamStore store, String name, String description) {
        Map<Integer, String> channels = new TreeMap<>();
        channels.put(0, "Unassigned");
        for (int c = 1; c <= CHANNELS; c++) {
            channels.put(c, "Channel " + c);
        }
        return store.addEnum(name, 0, description, channels);
    }

    /** The mode of a COM_FLTMODEn value, or null for unassigned (and values Hoverla has no mode for). */
    public static FlightMode flightModeOf(int fltmode) {
        switch (fltmode) {
            case FLTMODE_STABILIZED:
                return FlightMode.STABILIZED;
            case FLTMODE_ALTITUDE:
                return FlightMode.ALTITUDE;
            case FLTMODE_POSITION:
                return FlightMode.POSITION;
            case FLTMODE_MISSION:
                return FlightMode.MISSION;
            case FLTMODE_HOLD:
                return FlightMode.HOLD;
            case FLTMODE_RETURN:
                return FlightMode.RETURN;
            case FLTMODE_OFFBOARD:
                return FlightMode.OFFBOARD;
            case FLTMODE_TAKEOFF:
                return FlightMode.TAKEOFF;
            case FLTMODE_LAND:
                return FlightMode.LAND;
            default:
                return null;
        }
    }

    /**
     * Copies the calibration into {@code calibration} (flight thread, when the store changed).
     * Pulses are rounded to whole microseconds, RcCalibration's unit. A map is used only with
     * RC_CHAN_CNT &gt; 0 (PX4's {@code _rc_calibrated}); the arrays are caller-owned scratch.
     *
     * @return entries RcCalibration rejected (inconsistent min/trim/max)
     */
    public int applyTo(RcCalibration calibration, int[] minScratch, int[] trimScratch, int[] maxScratch,
                       float[] revScratch, int[] dzScratch, int[] mapScratch) {
        for (int i = 0; i < CHANNELS; i++) {
            minScratch[i] = (int) Math.round(minUs[i].get());
            trimScratch[i] = (int) Math.round(trimUs[i].get());
            maxScratch[i] = (int) Math.round(maxUs[i].get());
            revScratch[i] = (float) rev[i].get();
            dzScratch[i] = (int) Math.round(dzUs[i].get());
        }
        mapScratch[RcCalibration.ROLL] = mapRoll.get();
        mapScratch[RcCalibration.PITCH] = mapPitch.get();
        mapScratch[RcCalibration.YAW] = mapYaw.get();
        mapScratch[RcCalibration.THROTTLE] = mapThrottle.get();
        mapScratch[RcCalibration.FLTMODE] = mapFlightMode.get();
        mapScratch[RcCalibration.ARM_SW] = mapArmSwitch.get();
        mapScratch[RcCalibration.KILL_SW] = mapKillSwitch.get();
        return calibration.configure(minScratch, trimScratch, maxScratch, revScratch, dzScratch, mapScratch,
                (float) armSwitchTh.get(), (float) killSwitchTh.get());
    }
}
