package org.hoverla.core.vehicle;

import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

import java.util.Map;

/**
 * ESC output parameters of PWM motor outputs (PCA9685 and the like), with PX4's names: the
 * per-channel minimum, maximum and disarmed pulse widths of PX4's {@code pwm_out} driver
 * ({@code src/drivers/pwm_out/module.yaml}, standard_params: disarmed 800..2200 default 1000, min
 * 800..1400 default 1000, max 1600..2200 default 2000), the output rate (PX4's pre-1.13 name
 * PWM_MAIN_RATE; 1.14 calls it PWM_MAIN_TIMx, default 400 Hz, read at boot as PX4 requires a
 * reboot), the spool-up time COM_SPOOLUP_TIME (commander, default 1 s) and COM_MOT_TEST_EN (PX4
 * commander: 1 = MAV_CMD_DO_MOTOR_TEST allowed).
 *
 * <p>Channel i (0-based) drives motor i+1 in the airframe's motor order. PX4's ranges guarantee
 * MIN &lt; MAX on every channel (MIN ≤ 1400 &lt; 1600 ≤ MAX). Handles are read by the flight thread
 * at most once a second ({@link ParamWatch}).
 */
public final class PwmParams {
    /** Channels with parameters (PX4's main outputs 1..8). */
    public static final int CHANNELS = 8;

    public final ParamStore store;
    public final IntParam[] minUs = new IntParam[CHANNELS];
    public final IntParam[] maxUs = new IntParam[CHANNELS];
    public final IntParam[] disarmedUs = new IntParam[CHANNELS];
    /** PWM_MAIN_RATE: output frequency (Hz); read when the outputs start. */
    public final IntParam rateHz;
    /** COM_SPOOLUP_TIME: after arming, outputs ramp from the disarmed value over this time (s). */
    public final FloatParam spoolUpS;
    /** COM_MOT_TEST_EN: MAV_CMD_DO_MOTOR_TEST allowed (1) or denied (0). */
    public final IntParam motorTestEnabled;

    public PwmParams(ParamStore store) {
        this.store = store;
        for (int i = 0; i < CHANNELS; i++) {
            int n = i + 1;
            minUs[i] = store.addInt("PWM_MAIN_MIN" + n, 1000, 800, 1400, "us",
                    "PWM main " + n + ": pulse at zero armed command (ESC minimum)");
            maxUs[i] = store.addInt("PWM_MAIN_MAX" + n, 2000, 1600, 2200, "us",
                    "PWM main " + n + ": pulse at full command (ESC maximum)");
            disarmedUs[i] = store.addInt("PWM_MAIN_DIS" + n, 1000, 800, 2200, "us",
                    "PWM main " + n + ": pulse while disarmed, starting and stopping (ESC stopped)");
        }
        rateHz = store.addInt("PWM_MAIN_RATE", 400, 50, 400, "Hz",
                "PWM main output frequency; applies after a reboot");
        spoolUpS = store.addFloat("COM_SPOOLUP_TIME", 1.0, 0.0, 30.0, "s",
                "After arming, motor outputs ramp from the disarmed pulse to the commanded one over this time");
        motorTestEnabled = store.addEnum("COM_MOT_TEST_EN", 1, "Motor test (MAV_CMD_DO_MOTOR_TEST)", Map.of(
                0, "Disabled",
                1, "Enabled"));
    }
}
