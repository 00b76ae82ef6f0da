package org.hoverla.core.boot;

import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;

/**
 * Stand-ins for roles a board does not have: they never deliver a sample, so the frontends see
 * the device as missing (and the pre-arm checks say so), exactly as with a dead device.
 */
final class AbsentDevices {
    private AbsentDevices() {
    }

    static final GnssReceiver NO_GNSS = (GnssSample dst) -> false;
    static final BatteryMonitor NO_BATTERY = (BatterySample dst) -> false;
    static final RcReceiver NO_RC = (RcInputSample dst) -> false;

    /** Motor outputs for a board without a PWM device (a bench without ESCs): nothing is driven. */
    static MotorOutputs noMotors(int count) {
        return new MotorOutputs() {
            @Override
            public int motorCount() {
                return count;
            }

            @Override
            public void write(double[] commandsNorm, boolean armed) {
                // No ESCs on this board.
            }
        };
    }
}
