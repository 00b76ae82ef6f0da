package org.hoverla.core.boot;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.PwmPulses;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.chip.PwmOutput;

import java.util.concurrent.locks.LockSupport;

/**
 * Motor outputs to ESCs, driver-thread side: at PWM_MAIN_RATE, writes the latest pulses of a
 * {@link PwmMotorOutputs} to a {@link PwmOutput} (e.g. the PCA9685), keeping the ESCs at their
 * disarmed pulse whenever the flight stack is not clearly commanding them. Safety rules:
 * <ol>
 *   <li>Start: the frequency is set and the disarmed pulse written to every channel
 *       <em>before</em> the outputs are enabled; until that succeeds the outputs stay disabled
 *       and the start is retried each period.</li>
 *   <li>Disarmed unless the flight thread's latest pulses say armed (or a motor test runs).</li>
 *   <li>Watchdog: when the flight thread has published nothing for {@link #WATCHDOG_NS} (its
 *       loop stopped or hangs) the disarmed pulses are written until it publishes again.</li>
 *   <li>{@link #close()}: disarmed pulses, then outputs disabled.</li>
 *   <li>Bus errors are counted and the write retried at the next period; nothing is thrown out
 *       of the loop.</li>
 * </ol>
 * Freshness is judged on this thread's own clock from the topic's generation, so the flight
 * clock (lockstep or system) does not matter.
 *
 * <p>Threads: {@link #run()} is the driver thread's loop; tests call {@link #runOnce(long)} to step
 * it without a thread. {@link #stop()} may be called from any thread. Allocation-free per period.
 */
public final class PwmOutputDriver implements Runnable, AutoCloseable {
    /** The flight loop runs at hundreds of Hz; 100 ms without a publication means it stopped. */
    public static final long WATCHDOG_NS = 100_000_000L;

    private final PwmOutput output;
    private final Subscription<PwmPulses> pulsesSub;
    private final PwmPulses latest = new PwmPulses();
    private final int channels;
    private final int rateHz;
    private final long periodNs;
    private final int[] disarmedUs;
    private final int[] toWrite;
    private boolean started;
    private boolean everFresh;
    private long lastFreshNs;
    private boolean lastWasLive;
    private long busErrors;
    private long watchdogTrips;
    private long writes;
    private boolean watchdogTripped;
    private volatile boolean stopRequested;

    public PwmOutputDriver(PwmOutput output, PwmMotorOutputs source) {
        this(output, source.subscribe(), source.initialDisarmedUs(), source.rateHz());
    }

    /**
     * @param disarmedUs the disarmed pulse of each channel (µs) until the flight side sends its own
     * @param rateHz     PWM frequency and write rate
     */
    public PwmOutputDriver(PwmOutput output, Subscription<PwmPulses> pulses, int[] disarmedUs, int rateHz) {
        if (disarmedUs.length > output.channels()) {
            throw new IllegalArgumentException(output.chip() + " has " + output.channels() + " channels, not "
                    + disarmedUs.length);
        }
        if (rateHz <= 0) {
            throw new IllegalArgumentException("PWM rate must be positive: " + rateHz);
        }
        this.output = output;
        this.pulsesSub = pulses;
        this.channels = disarmedUs.length;
        this.disarmedUs = disarmedUs.clone();
        this.toWrite = new int[channels];
        this.rateHz = rateHz;
        this.periodNs = 1_000_000_000L / rateHz;
    }

    /**
     * One period: start if not started, take the latest pulses, write them or the disarmed ones.
     *
     * @param nowNs this thread's clock (any monotonic origin)
     */
    public void runOnce(long nowNs) {
        if (pulsesSub.update(latest)) {
            everFresh = true;
            lastFreshNs = nowNs;
            int n = Math.min(channels, latest.count);
            System.arraycopy(latest.disarmedUs, 0, disarmedUs, 0, n);
        }
        if (!started) {
            start();
            return;
        }
        boolean fresh = everFresh && nowNs - lastFreshNs <= WATCHDOG_NS;
        if (everFresh && !fresh && !watchdogTripped) {
            watchdogTripped = true;
            watchdogTrips++;
        } else if (fresh) {
            watchdogTripped = false;
        }
        boolean live = fresh && latest.live();
        int n = Math.min(channels, latest.count);
        for (int i = 0; i < channels; i++) {
            toWrite[i] = live && i < n ? latest.pulsesUs[i] : disarmedUs[i];
        }
        lastWasLive = live;
        write(toWrite);
    }

    /** The loop: one {@link #runOnce} per period until {@link #stop()}, then {@link #close()}. */
    @Override
    public void run() {
        long next = System.nanoTime();
        while (!stopRequested) {
            runOnce(System.nanoTime());
            next += periodNs;
            long now = System.nanoTime();
            if (next - now < -periodNs) {
                next = now; // fell behind (bus stall): no burst of catch-up writes
            }
            for (long left = next - now; left > 0 && !stopRequested; left = next - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
        close();
    }

    /** Asks {@link #run()} to finish (it closes the outputs on its way out). Any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** Disarmed pulses on every channel, then outputs disabled; bus errors are counted. Driver thread. */
    @Override
    public void close() {
        try {
            output.writePulsesUs(disarmedUs, channels);
        } catch (BusException | RuntimeException e) {
            busErrors++;
        }
        try {
            output.setOutputsEnabled(false);
        } catch (BusException | RuntimeException e) {
            busErrors++;
        }
        started = false;
        lastWasLive = false;
    }

    public boolean started() {
        return started;
    }

    /** True when the last write carried the flight thread's pulses (armed or motor test). */
    public boolean live() {
        return lastWasLive;
    }

    public long busErrors() {
        return busErrors;
    }

    /** Times the flight side went silent for longer than {@link #WATCHDOG_NS}. */
    public long watchdogTrips() {
        return watchdogTrips;
    }

    /** Successful pulse writes. */
    public long writes() {
        return writes;
    }

    public int rateHz() {
        return rateHz;
    }

    private void start() {
        try {
            output.setFrequencyHz(rateHz);
            output.writePulsesUs(disarmedUs, channels); // the ESCs see "stopped" before anything else
            output.setOutputsEnabled(true);
            started = true;
            writes++;
        } catch (BusException | RuntimeException e) {
            busErrors++; // outputs still disabled; retried next period
        }
    }

    private void write(int[] pulses) {
        try {
            output.writePulsesUs(pulses, channels);
            writes++;
        } catch (BusException | RuntimeException e) {
            busErrors++;
        }
    }
}
