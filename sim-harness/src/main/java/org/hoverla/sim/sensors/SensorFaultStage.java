package org.hoverla.sim.sensors;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.hoverla.core.bus.Copier;
import org.hoverla.core.fault.FailureType;

/**
 * Applies an injected {@link FailureType} to one simulated sensor's samples between the sensor
 * model and the simulated HAL: the flight code sees the failure exactly where a real driver's
 * data would show it.
 * <ul>
 * <li>off: no samples;</li>
 * <li>stuck: the values of the last sample before the failure, with fresh timestamps (a frozen register);</li>
 * <li>garbage: random values (seeded: the same seed gives the same garbage);</li>
 * <li>wrong: plausible but wrong values ({@link Corruption#wrong}, an offset per sensor);</li>
 * <li>slow: one sample in {@link #SLOW_DIVIDER};</li>
 * <li>delayed: each sample {@link #DELAY_NS} late (its own timestamps unchanged, as a late driver delivers it);</li>
 * <li>intermittent: the sensor drops out for whole {@link #INTERMITTENT_WINDOW_NS} windows, about half of them,
 *     chosen by the seed.</li>
 * </ul>
 * Simulation thread; allocation-free after construction.
 */
public final class SensorFaultStage<S> {
    /** Slow: one sample in this many is delivered. */
    public static final int SLOW_DIVIDER = 5;
    /** Delayed: how late each sample arrives. */
    public static final long DELAY_NS = 300_000_000L;
    /** Intermittent: the sensor is up or down for whole windows of this length. */
    public static final long INTERMITTENT_WINDOW_NS = 1_000_000_000L;

    /** What stuck, garbage and wrong mean for one sample type. */
    public interface Corruption<S> {
        /** Overwrites {@code dst}'s measured values with {@code held}'s, keeping {@code dst}'s timestamps. */
        void hold(S dst, S held);

        /** Replaces the measured values with random ones. */
        void garbage(S s, SplittableRandom random);

        /** Makes the measured values plausibly wrong. */
        void wrong(S s);
    }

    private final Copier<S> copier;
    private final Corruption<S> corruption;
    private final SplittableRandom random;
    private final long intermittentSeed;
    private final S held;
    private final Object[] ring;
    private final long[] ringTimeNs;
    private int ringHead;
    private int ringSize;
    private boolean holding;
    private long slowCount;

    /**
     * @param delayCapacity samples the delay line holds: at least the sensor's rate times {@link #DELAY_NS}
     */
    public SensorFaultStage(long seed, Supplier<S> factory, Copier<S> copier, Corruption<S> corruption,
                            int delayCapacity) {
        this.copier = copier;
        this.corruption = corruption;
        this.random = new SplittableRandom(seed);
        this.intermittentSeed = seed * 0x9E3779B97F4A7C15L;
        this.held = factory.get();
        this.ring = new Object[delayCapacity];
        this.ringTimeNs = new long[delayCapacity];
        for (int i = 0; i < delayCapacity; i++) {
            ring[i] = factory.get();
        }
    }

    /**
     * Applies {@code type} to the newest sample in place.
     *
     * @return whether the sample is to be delivered
     */
    @SuppressWarnings("unchecked")
    public boolean apply(FailureType type, long nowNs, S sample) {
        if (type != FailureType.STUCK) {
            holding = false;
        }
        if (type != FailureType.DELAYED) {
            ringSize = 0;
        }
        switch (type) {
            case OK:
                return true;
            case OFF:
                return false;
            case STUCK:
                if (!holding) {
                    copier.copy(held, sample);
                    holding = true;
                }
                corruption.hold(sample, held);
                return true;
            case GARBAGE:
                corruption.garbage(sample, random);
                return true;
            case WRONG:
                corruption.wrong(sample);
                return true;
            case SLOW:
                return slowCount++ % SLOW_DIVIDER == 0;
            case DELAYED: {
                if (ringSize == ring.length) { // full: the oldest is dropped, as an overflowing driver buffer does
                    ringHead = (ringHead + 1) % ring.length;
                    ringSize--;
                }
                int tail = (ringHead + ringSize) % ring.length;
                copier.copy((S) ring[tail], sample);
                ringTimeNs[tail] = nowNs;
                ringSize++;
                if (nowNs - ringTimeNs[ringHead] < DELAY_NS) {
                    return false;
                }
                copier.copy(sample, (S) ring[ringHead]);
                ringHead = (ringHead + 1) % ring.length;
                ringSize--;
                return true;
            }
            case INTERMITTENT:
                return (mix(intermittentSeed + nowNs / INTERMITTENT_WINDOW_NS) & 1L) == 0L;
            default:
                return true;
        }
    }

    /** SplitMix64's finaliser: one well-mixed bit per window, with no state. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
