package org.hoverla.core.boot;

import java.util.function.Consumer;
import org.hoverla.core.bus.Copier;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.bus.Topic;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.Imu;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.Magnetometer;

/**
 * The hand-over from one chip backend on a driver thread to the flight thread: a {@link Topic}
 * (a seqlock, so neither side waits or allocates) written by the driver thread through
 * {@link #sink()} and polled by the flight thread through the HAL interface this channel
 * implements. The newest sample wins, as the HAL's {@code poll} contract says.
 *
 * <p>The driver thread stamps each sample's {@code errorCount} with the backend's bus-error
 * count before publishing, so the sensor frontends see bus trouble even while samples still
 * arrive.
 *
 * @param <S> the sample type
 */
public abstract class BackendChannel<S> implements Consumer<S> {
    /** Writes the backend's cumulative bus-error count into a sample (a non-capturing lambda: no allocation). */
    @FunctionalInterface
    interface ErrorStamp<S> {
        void stamp(S sample, long errors);
    }

    private final Publication<S> publication;
    private final Subscription<S> subscription;
    private final ErrorStamp<S> errorStamp;
    private long errorCount;
    private long published;

    BackendChannel(String name, S storage, Copier<S> copier, ErrorStamp<S> errorStamp) {
        Topic<S> topic = new Topic<>(name, storage, copier);
        publication = topic.advertise();
        subscription = topic.subscribe();
        this.errorStamp = errorStamp;
    }

    /** Driver thread: the bus errors of the backend so far, stamped on every later sample. */
    final void setErrorCount(long errors) {
        errorCount = errors;
    }

    /** Driver thread: publishes one sample (the backend's own object; copied into the topic). */
    @Override
    public final void accept(S sample) {
        errorStamp.stamp(sample, errorCount);
        publication.publish(sample);
        published++;
    }

    /** Samples published so far (driver thread's count; read by diagnostics). */
    public final long published() {
        return published;
    }

    /** Flight thread: copies the newest sample when one arrived since the last poll. */
    public final boolean poll(S dst) {
        return subscription.update(dst);
    }

    public static final class ImuChannel extends BackendChannel<ImuSample> implements Imu {
        public ImuChannel(String name) {
            super(name, new ImuSample(), ImuSample::copyFrom, (s, errors) -> s.errorCount = errors);
        }
    }

    public static final class BaroChannel extends BackendChannel<BaroSample> implements Barometer {
        public BaroChannel(String name) {
            super(name, new BaroSample(), BaroSample::copyFrom, (s, errors) -> s.errorCount = errors);
        }
    }

    public static final class MagChannel extends BackendChannel<MagSample> implements Magnetometer {
        public MagChannel(String name) {
            super(name, new MagSample(), MagSample::copyFrom, (s, errors) -> s.errorCount = errors);
        }
    }

    public static final class BatteryChannel extends BackendChannel<BatterySample> implements BatteryMonitor {
        public BatteryChannel(String name) {
            super(name, new BatterySample(), BatterySample::copyFrom, (s, errors) -> s.errorCount = errors);
        }
    }

    public static final class GnssChannel extends BackendChannel<GnssSample> implements GnssReceiver {
        public GnssChannel(String name) {
            super(name, new GnssSample(), GnssSample::copyFrom, (s, errors) -> s.errorCount = errors);
        }
    }
}
