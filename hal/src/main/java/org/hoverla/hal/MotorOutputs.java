package org.hoverla.hal;

/**
 * Motor controllers (ESCs). Called by the flight thread once per cycle; must not allocate,
 * lock or block. Commands are normalised: 0 = stopped (disarmed), 1 = full throttle.
 */
public interface MotorOutputs {
    /** Number of motors this output drives. */
    int motorCount();

    /**
     * Sends one command per motor.
     *
     * @param commandsNorm values in [0, 1], one per motor, in the airframe's motor order
     * @param armed        false forces every motor to its disarmed (stopped) value
     */
    void write(double[] commandsNorm, boolean armed);

    /**
     * Motor test while disarmed (MAV_CMD_DO_MOTOR_TEST): motor {@code motor} runs at
     * {@code commandsNorm[motor]}, every other motor stays at its disarmed (stopped) value; the
     * caller passes 0 for them. The default suits outputs where command 0 is stopped (simulated
     * motors) and writes the commands as armed; ESC outputs, whose armed 0 is their spinning
     * minimum, override it.
     */
    default void writeTest(double[] commandsNorm, int motor) {
        write(commandsNorm, true);
    }

    /**
     * ESC calibration while disarmed: every motor at the armed mapping of its command (1 = the
     * maximum pulse, 0 = the minimum pulse, for the ESCs to learn their range). The default suits
     * outputs without pulses (simulated motors) and writes the commands as armed; ESC outputs
     * override it.
     */
    default void writeCalibration(double[] commandsNorm) {
        write(commandsNorm, true);
    }
}
