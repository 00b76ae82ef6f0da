package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.control.MotorTest;
import org.hoverla.core.control.PwmMapping;
import org.hoverla.core.control.ThrustCurve;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.ActuatorOutputs;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.PwmParams;
import org.hoverla.hal.MotorOutputs;

/**
 * Turns per-motor thrust into motor commands (thrust curve, idle when armed) and writes them to
 * the motor controllers. Disarmed always writes zero, whatever the mixer produced, except for the
 * motor under a MAV_CMD_DO_MOTOR_TEST the commander accepted: while disarmed and until the test's
 * end, that motor alone runs at the test throttle ({@link MotorOutputs#writeTest}); a PWM-type
 * throttle becomes the command that gives that pulse within PWM_MAIN_MINn..MAXn.
 */
public final class MotorOutputTask implements FlightTask {
    private final Subscription<ActuatorMotors> motorsSub;
    private final Subscription<VehicleStatus> statusSub;
    private final MotorOutputs outputs;
    private final Publication<ActuatorOutputs> outputsPub;
    private final FlightParams params;
    private final ParamWatch paramWatch;

    private final ActuatorMotors motors = new ActuatorMotors();
    private final VehicleStatus status = new VehicleStatus();
    private final ActuatorOutputs published = new ActuatorOutputs();
    private final double[] commands;
    private double expo;
    private double idle;
    private final PwmMapping pwmMapping = new PwmMapping(PwmParams.CHANNELS);
    /** ESC calibration's request (FlightBus.escCalibration), or null. */
    private java.util.concurrent.atomic.AtomicInteger escCalibration;

    public MotorOutputTask(Subscription<ActuatorMotors> motorsSub, Subscription<VehicleStatus> statusSub,
                           MotorOutputs outputs, Publication<ActuatorOutputs> outputsPub, FlightParams params) {
        this.motorsSub = motorsSub;
        this.statusSub = statusSub;
        this.outputs = outputs;
        this.outputsPub = outputsPub;
        this.params = params;
        this.paramWatch = new ParamWatch(params.store);
        this.commands = new double[outputs.motorCount()];
        published.count = commands.length;
    }

    /**
     * Lets ESC calibration drive every output while disarmed: 1 = all at the maximum pulse,
     * 2 = all at the minimum pulse, 0 = normal. Boot thread.
     */
    public void escCalibration(java.util.concurrent.atomic.AtomicInteger request) {
        this.escCalibration = request;
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            expo = params.thrustExpo.get();
            idle = params.motorIdle.get();
            PwmParams pwm = params.pwm;
            for (int i = 0; i < PwmParams.CHANNELS; i++) {
                pwmMapping.set(i, pwm.minUs[i].get(), pwm.maxUs[i].get(), pwm.disarmedUs[i].get());
            }
        }
        statusSub.update(status);
        motorsSub.update(motors);
        // The kill switch's lockdown stops the motors at once: outputs as disarmed while still armed.
        boolean armed = status.armed() && !status.lockdown;
        int esc = escCalibration == null ? 0 : escCalibration.get();
        if (esc != 0 && !status.armed() && !status.lockdown) {
            runEscCalibration(esc == 1 ? 1.0 : 0.0, nowNs);
            return;
        }
        int tested = status.motorTestMotor;
        if (!status.armed() && !status.lockdown && tested >= 0 && tested < commands.length && nowNs < status.motorTestEndNs) {
            runMotorTest(tested, nowNs);
            return;
        }
        int n = Math.min(commands.length, motors.count);
        for (int i = 0; i < commands.length; i++) {
            double command = 0.0;
            if (armed && i < n) {
                command = ThrustCurve.thrustToCommand(motors.thrustNorm[i], expo);
                if (!(command >= idle)) { // also replaces NaN
                    command = idle;
                }
                if (command > 1.0) {
                    command = 1.0;
                }
            }
            commands[i] = command;
            published.commandNorm[i] = command;
        }
        outputs.write(commands, armed);
        published.timestampNs = nowNs;
        published.armed = armed;
        outputsPub.publish(published);
    }

    private void runEscCalibration(double command, long nowNs) {
        for (int i = 0; i < commands.length; i++) {
            commands[i] = command;
            published.commandNorm[i] = command;
        }
        outputs.writeCalibration(commands);
        published.timestampNs = nowNs;
        published.armed = false;
        outputsPub.publish(published);
    }

    private void runMotorTest(int tested, long nowNs) {
        double value = status.motorTestValue;
        double command = status.motorTestThrottleType == MotorTest.THROTTLE_PWM && tested < PwmParams.CHANNELS
                ? pwmMapping.commandForUs(tested, value)
                : (value >= 0.0 ? Math.min(value, 1.0) : 0.0);
        for (int i = 0; i < commands.length; i++) {
            commands[i] = i == tested ? command : 0.0;
            published.commandNorm[i] = commands[i];
        }
        outputs.writeTest(commands, tested);
        published.timestampNs = nowNs;
        published.armed = false;
        outputsPub.publish(published);
    }
}
