package org.hoverla.core.boot;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.control.PwmMapping;
import org.hoverla.core.msg.PwmPulses;
import org.hoverla.core.time.Clock;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.PwmParams;
import org.hoverla.hal.MotorOutputs;

/**
 * Motor outputs to ESCs on a PWM generator, flight-thread side: maps each normalised command to a
 * pulse width (PWM_MAIN_MINn/MAXn, PWM_MAIN_DISn while disarmed, the COM_SPOOLUP_TIME ramp after
 * arming; {@link PwmMapping}) and stores the latest pulses into a cross-thread latest-value topic.
 * It never touches the bus: a {@link PwmOutputDriver} on its own thread writes them to the chip, and
 * writes the disarmed pulses whenever these stop coming.
 *
 * <p>Flight thread: {@link #write} and {@link #writeTest} never allocate, lock or block. The
 * parameters are re-applied at most once a second. Boot code builds it and the driver, and reads
 * {@link #rateHz()} (PWM_MAIN_RATE at construction, applied after a reboot as in PX4).
 */
public final class PwmMotorOutputs implements MotorOutputs {
    private final int motorCount;
    private final PwmParams params;
    private final Clock clock;
    private final ParamWatch paramWatch;
    private final PwmMapping mapping;
    private final Topic<PwmPulses> topic = new Topic<>("pwm_pulses", new PwmPulses(), PwmPulses::copyFrom);
    private final Publication<PwmPulses> publication = topic.advertise();
    private final PwmPulses pulses = new PwmPulses();
    private final int rateHz;
    private double spoolUpS;
    private boolean wasArmed;
    private long armedSinceNs;

    /**
     * @param motorCount motors driven, on channels 0..motorCount-1 (at most {@link PwmParams#CHANNELS})
     * @param clock      the flight clock (times the spool-up ramp)
     */
    public PwmMotorOutputs(int motorCount, PwmParams params, Clock clock) {
        if (motorCount < 1 || motorCount > PwmParams.CHANNELS) {
            throw new IllegalArgumentException("PWM motor outputs drive 1.." + PwmParams.CHANNELS + " motors, not " + motorCount);
        }
        this.motorCount = motorCount;
        this.params = params;
        this.clock = clock;
        this.paramWatch = new ParamWatch(params.store);
        this.mapping = new PwmMapping(motorCount);
        this.rateHz = params.rateHz.get();
        applyParams();
        pulses.count = motorCount;
    }

    @Override
    public int motorCount() {
        return motorCount;
    }

    /** PWM_MAIN_RATE when built (Hz). */
    public int rateHz() {
        return rateHz;
    }

    /** The disarmed pulse of every motor channel when built (µs): what the driver writes first. */
    public int[] initialDisarmedUs() {
        int[] d = new int[motorCount];
        for (int i = 0; i < motorCount; i++) {
            d[i] = mapping.disarmedUs(i);
        }
        return d;
    }

    /** A reader of the pulses for the driver thread (boot time). */
    public Subscription<PwmPulses> subscribe() {
        return topic.subscribe();
    }

    @Override
    public void write(double[] commandsNorm, boolean armed) {
        long nowNs = clock.nanoTime();
        refreshParams(nowNs);
        if (armed && !wasArmed) {
            armedSinceNs = nowNs;
        }
        wasArmed = armed;
        double progress = PwmMapping.spoolUpProgress(nowNs - armedSinceNs, spoolUpS);
        for (int i = 0; i < motorCount; i++) {
            pulses.pulsesUs[i] = armed ? mapping.spoolUpUs(i, commandsNorm[i], progress) : mapping.disarmedUs(i);
        }
        pulses.armed = armed;
        pulses.testChannel = -1;
        publish(nowNs);
    }

    /** Motor test: only {@code motor} leaves its disarmed pulse, at the armed mapping of its command. */
    @Override
    public void writeTest(double[] commandsNorm, int motor) {
        long nowNs = clock.nanoTime();
        refreshParams(nowNs);
        wasArmed = false;
        for (int i = 0; i < motorCount; i++) {
            pulses.pulsesUs[i] = i == motor ? mapping.armedUs(i, commandsNorm[i]) : mapping.disarmedUs(i);
        }
        pulses.armed = false;
        pulses.testChannel = motor >= 0 && motor < motorCount ? motor : -1;
        publish(nowNs);
    }

    /** ESC calibration: every channel at the armed mapping of its command (0 → PWM_MAIN_MINn, 1 → PWM_MAIN_MAXn). */
    @Override
    public void writeCalibration(double[] commandsNorm) {
        long nowNs = clock.nanoTime();
        refreshParams(nowNs);
        wasArmed = false;
        for (int i = 0; i < motorCount; i++) {
            pulses.pulsesUs[i] = mapping.armedUs(i, commandsNorm[i]);
        }
        pulses.armed = false;
        pulses.testChannel = -1;
        publish(nowNs);
    }

    private void publish(long nowNs) {
        pulses.timestampNs = nowNs;
        publication.publish(pulses);
    }

    private void refreshParams(long nowNs) {
        if (paramWatch.due(nowNs)) {
            applyParams();
        }
    }

    private void applyParams() {
        for (int i = 0; i < motorCount; i++) {
            // PX4's ranges keep MIN (≤ 1400) below MAX (≥ 1600), so set() cannot refuse here.
            mapping.set(i, params.minUs[i].get(), params.maxUs[i].get(), params.disarmedUs[i].get());
            pulses.disarmedUs[i] = mapping.disarmedUs(i);
        }
        spoolUpS = params.spoolUpS.get();
    }
}
