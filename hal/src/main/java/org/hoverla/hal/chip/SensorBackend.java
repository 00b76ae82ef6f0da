package org.hoverla.hal.chip;

import java.util.function.Consumer;
import org.hoverla.hal.bus.BusException;

/**
 * One chip, probed and configured, read by a driver thread at {@link #periodNs()}. Chip backends
 * know nothing of rotation, calibration or failover (the sensor frontends in firmware-core do
 * that); they turn register bytes into SI samples, stamp them with their sample time and report
 * their own health.
 *
 * @param <S> the sample type ({@code ImuSample}, {@code BaroSample}, {@code MagSample}, {@code BatterySample})
 */
public interface SensorBackend<S> {
    /** Chip name as board files spell it, e.g. {@code "bmp280"}. */
    String chip();

    /** PX4-encoded device id ({@link DeviceId}). */
    int deviceId();

    /** How often the driver thread should call {@link #read}. */
    long periodNs();

    /**
     * Reads what the chip has ready (a FIFO's samples, or one conversion) and hands each sample to
     * {@code sink}; the sample object is the backend's own and is reused, so the sink copies it.
     * Driver thread only; never allocates after construction.
     *
     * @param nowNs the vehicle clock when the read started, for sample time stamps
     * @return the number of samples handed over (0 when nothing new was ready)
     * @throws BusException on NACKs, short reads or a bus error; the caller counts and retries
     */
    int read(long nowNs, Consumer<S> sink) throws BusException;

    /** Health as the backend sees it: false after bus errors or stuck data until good reads resume. */
    boolean healthy();

    /** Bus errors (NACKs, short reads, I/O) so far. */
    long busErrors();

    /** Reads whose raw data repeated the previous read exactly where noise makes that implausible. */
    long stuckReads();
}
