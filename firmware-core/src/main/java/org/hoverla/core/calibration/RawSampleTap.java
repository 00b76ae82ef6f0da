package org.hoverla.core.calibration;

import org.hoverla.core.bus.SpscQueue;

/**
 * The hand-over of raw sensor samples from the flight thread's sensor frontends to a running
 * calibration (or self-test), which runs on another thread on a vehicle and on the simulator's
 * own thread in lockstep. Off by default: the frontends test {@link #enabled()} (one volatile
 * read) and copy nothing while no calibration listens. When the consumer falls behind, samples
 * are dropped and counted, never waited for.
 *
 * <p>Producer: the flight thread only (frontends run there in sequence). Consumer: one thread.
 * Allocation-free after construction.
 */
public final class RawSampleTap {
    /** Two seconds of one 1 kHz IMU, plus magnetometer and barometer samples. */
    public static final int CAPACITY = 4096;

    private final SpscQueue<RawSample> queue = new SpscQueue<>(CAPACITY, RawSample::new, RawSample::copyFrom);
    private final RawSample scratch = new RawSample();
    private volatile boolean enabled;

    /** Consumer side: start copying samples (call before reading). */
    public void enable() {
        RawSample drop = new RawSample();
        while (queue.poll(drop)) {
            // stale samples of an earlier session
        }
        enabled = true;
    }

    /** Consumer side: stop copying. */
    public void disable() {
        enabled = false;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Consumer side. @return whether a sample was copied into {@code dst} */
    public boolean poll(RawSample dst) {
        return queue.poll(dst);
    }

    /** Samples dropped because the consumer fell behind. */
    public long dropped() {
        return queue.dropped();
    }

    /** Producer side (flight thread): an IMU sample in sensor axes. */
    public void offerImu(int instance, int deviceId, long timeNs, double gx, double gy, double gz,
                         double ax, double ay, double az, double temperatureC) {
        RawSample s = scratch;
        s.sensor = RawSample.IMU;
        s.instance = instance;
        s.deviceId = deviceId;
        s.timeNs = timeNs;
        s.v[0] = gx;
        s.v[1] = gy;
        s.v[2] = gz;
        s.v[3] = ax;
        s.v[4] = ay;
        s.v[5] = az;
        s.temperatureC = temperatureC;
        queue.offer(s);
    }

    /** Producer side (flight thread): a magnetometer sample in sensor axes (gauss). */
    public void offerMag(int instance, int deviceId, long timeNs, double x, double y, double z, double temperatureC) {
        RawSample s = scratch;
        s.sensor = RawSample.MAG;
        s.instance = instance;
        s.deviceId = deviceId;
        s.timeNs = timeNs;
        s.v[0] = x;
        s.v[1] = y;
        s.v[2] = z;
        s.v[3] = 0.0;
        s.v[4] = 0.0;
        s.v[5] = 0.0;
        s.temperatureC = temperatureC;
        queue.offer(s);
    }

    /** Producer side (flight thread): a barometer sample (Pa). */
    public void offerBaro(int instance, int deviceId, long timeNs, double pressurePa, double temperatureC) {
        RawSample s = scratch;
        s.sensor = RawSample.BARO;
        s.instance = instance;
        s.deviceId = deviceId;
        s.timeNs = timeNs;
        s.v[0] = pressurePa;
        for (int i = 1; i < 6; i++) {
            s.v[i] = 0.0;
        }
        s.temperatureC = temperatureC;
        queue.offer(s);
    }
}
