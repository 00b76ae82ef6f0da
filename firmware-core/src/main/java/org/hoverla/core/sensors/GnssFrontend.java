package org.hoverla.core.sensors;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;

/**
 * The GNSS frontend: polls every receiver, judges each report ({@link #plausible}: a 3D fix
 * with a NaN, infinite or impossible coordinate or velocity is refused and counted; reports
 * without a fix are plausible, an outage is not a fault of the receiver), tracks each
 * receiver's health ({@link InstanceHealth}: timeout {@link #TIMEOUT_NS}, bus errors; no stuck
 * check, as a receiver at rest may repeat its solution) and publishes every report of the
 * selected receiver on {@code sensor_gps} ({@link InstanceSelector}), and
 * {@code sensors_status_gnss} every run. Every report is published, refused ones included,
 * because the estimator's GNSS quality checks (PX4 ekf2's gps checks) must see outages and bad
 * fixes to restart their pass timer; the estimator uses a fix only when {@link #plausible}.
 * Whether a fix is good enough to navigate on is the estimator's decision, not this one's.
 * Rotation and calibration do not apply to a position.
 *
 * <p>Flight thread; allocation-free.
 */
public final class GnssFrontend extends InstanceFrontend {
    /**
     * A receiver silent for 2 s is unhealthy: it tolerates receivers that report at 1 Hz
     * (NMEA default) with jitter, while the estimator already stops trusting GNSS after 1 s.
     */
    public static final long TIMEOUT_NS = 2_000_000_000L;

    private final Publication<GnssSample> samplePub;
    private final GnssReceiver[] devices;
    private final GnssSample[] samples;

    /**
     * @param events the vehicle's operator-message queue, or null
     * @throws IllegalArgumentException with more than {@link SensorsStatus#MAX_INSTANCES} receivers
     */
    public GnssFrontend(List<SensorInstance<GnssReceiver>> instances, Publication<GnssSample> samplePub,
                        Publication<SensorsStatus> statusPub, SpscQueue<VehicleEvent> events) {
        super(instances, "GNSS", "GNSS", "receivers", false, TIMEOUT_NS, 0, statusPub, events);
        this.samplePub = samplePub;
        devices = new GnssReceiver[count];
        samples = new GnssSample[count];
        for (int i = 0; i < count; i++) {
            devices[i] = instances.get(i).device();
            samples[i] = new GnssSample();
        }
    }

    /** Every new report counts as fresh, refused ones included (see the class comment). */
    @Override
    boolean receive(int i, long nowNs) {
        boolean fresh = devices[i].poll(samples[i]);
        if (fresh) {
            judge(i, nowNs);
        }
        return fresh;
    }

    @Override
    void publishSelected(int s, long nowNs) {
        samplePub.publish(samples[s]);
    }

    private void judge(int i, long nowNs) {
        GnssSample g = samples[i];
        InstanceHealth h = health[i];
        h.onErrorCount(g.errorCount);
        if (plausible(g)) {
            h.onAccepted(nowNs, false);
        } else if (finite(g)) {
            h.onOutOfRange();
        } else {
            h.onNonFinite();
        }
    }

    /**
     * Whether a report can be used as what it claims: a report without a 3D fix always (it
     * claims no position); a 3D fix when latitude, longitude, altitude and velocity are finite
     * and the coordinates are on the globe.
     */
    public static boolean plausible(GnssSample g) {
        return g.fixType < GnssSample.FIX_3D
                || (finite(g) && Math.abs(g.latDeg) <= 90.0 && Math.abs(g.lonDeg) <= 180.0);
    }

    private static boolean finite(GnssSample g) {
        return Double.isFinite(g.latDeg) && Double.isFinite(g.lonDeg) && Double.isFinite(g.altMslM)
                && Double.isFinite(g.velNMps) && Double.isFinite(g.velEMps) && Double.isFinite(g.velDMps);
    }
}
