package org.hoverla.sim.realtime;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.time.Clock;
import org.hoverla.hal.MotorOutputs;

/**
 * The simulated ESCs of the real-time simulator, flight-thread side: the motor task's commands go
 * into a cross-thread latest-value {@link Topic} (a seqlock, as {@code PwmMotorOutputs} hands
 * pulses to its PWM driver thread), and the physics thread takes the newest with
 * {@link #poll(MotorCommand)}. Commands are clamped to [0, 1] and zero while disarmed, as the
 * lockstep simulator's motors do. Each write also marks a cycle in the {@link CycleIntervalLog}.
 *
 * <p>Threads: {@link #write} on the flight thread (allocation-free, never blocks);
 * {@link #poll} on the physics thread.
 */
public final class MotorCommandChannel implements MotorOutputs {
    /** One set of motor commands as the physics applies them. */
    public static final class MotorCommand {
        /** Per motor, 0..1. */
        public final double[] commandsNorm;
        public boolean armed;
        /** When the flight thread wrote them (vehicle clock), ns. */
        public long timestampNs;

        public MotorCommand(int motorCount) {
            commandsNorm = new double[motorCount];
        }

        public void copyFrom(MotorCommand src) {
            System.arraycopy(src.commandsNorm, 0, commandsNorm, 0, commandsNorm.length);
            armed = src.armed;
            timestampNs = src.timestampNs;
        }
    }

    private final Clock clock;
    private final CycleIntervalLog cycles;
    private final MotorCommand staged;
    private final Publication<MotorCommand> publication;
    private final Subscription<MotorCommand> subscription;
    private long writes;

    /**
     * @param motorCount the airframe's motors
     * @param clock      the vehicle clock (stamps the commands and the cycle log)
     * @param cycles     where each write is recorded as a cycle start
     */
    public MotorCommandChannel(int motorCount, Clock clock, CycleIntervalLog cycles) {
        if (motorCount < 1) {
            throw new IllegalArgumentException("motor count must be at least 1, not " + motorCount);
        }
        this.clock = clock;
        this.cycles = cycles;
        this.staged = new MotorCommand(motorCount);
        Topic<MotorCommand> topic = new Topic<>("sim_motor_commands", new MotorCommand(motorCount), MotorCommand::copyFrom);
        publication = topic.advertise();
        subscription = topic.subscribe();
    }

    @Override
    public int motorCount() {
        return staged.commandsNorm.length;
    }

    /** Flight thread: publishes the commands for the physics. Allocation-free. */
    @Override
    public void write(double[] commandsNorm, boolean armed) {
        long now = clock.nanoTime();
        double[] c = staged.commandsNorm;
        for (int i = 0; i < c.length; i++) {
            double v = armed ? commandsNorm[i] : 0.0;
            c[i] = v >= 0.0 ? (v <= 1.0 ? v : 1.0) : 0.0; // NaN → 0
        }
        staged.armed = armed;
        staged.timestampNs = now;
        publication.publish(staged);
        writes++;
        cycles.record(now);
    }

    /** Physics thread: copies the newest commands into {@code dst} when new ones arrived. */
    public boolean poll(MotorCommand dst) {
        return subscription.update(dst);
    }

    /** @return writes so far (flight thread's count; a recent value from other threads) */
    public long writes() {
        return writes;
    }
}
