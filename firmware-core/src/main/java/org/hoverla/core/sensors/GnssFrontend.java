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
 * <p><b>Several receivers.</b> Health alone cannot choose between receivers: one that reports
 * without a fix is healthy. The selection therefore ranks healthy receivers by their latest
 * report first ({@link #rank}: the fix type, no fix lowest, RTK fixed highest) and takes a higher
 * rank after it lasted {@link InstanceSelector#DEFAULT_RANK_HOLD_NS}; at equal rank a receiver
 * that is {@link #clearlyBetter} (two more satellites and no worse eph, or as many satellites
 * and half the eph) for {@link InstanceSelector#DEFAULT_MARGIN_HOLD_NS} takes over; board
 * priority breaks ties. This is PX4's single-receiver selection with SENS_GPS_PRIME = -1 (no
 * blending: "the best receiver will be used", sensors/vehicle_gps_position/params.c) with
 * ArduPilot's hysteresis (AP_GPS::update_primary: a better fix status wins, at equal status
 * two more satellites are needed), and no blending. A receiver that stops reporting fails over
 * at once ({@link #TIMEOUT_NS}); every change is a STATUSTEXT.
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
    private final InstanceSelector.Quality quality = new InstanceSelector.Quality() {
        @Override
        public int rank(int i) {
            return GnssFrontend.rank(samples[i]);
        }

        @Override
        public boolean clearlyBetter(int candidate, int current) {
            return GnssFrontend.clearlyBetter(samples[candidate], samples[current]);
        }
    };

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
    InstanceSelector.Quality quality() {
        return count > 1 ? quality : null;
    }

    /**
     * A report's fix class for the selection: {@link GnssSample#fixType} (0 none, 2 2-D, 3 3-D,
     * 4 DGNSS, 5 RTK float, 6 RTK fixed), 0 for a report the frontend refuses.
     */
    public static int rank(GnssSample g) {
        if (!plausible(g) || g.fixType < GnssSample.FIX_2D) {
            return 0;
        }
        return g.fixType;
    }

    /**
     * Whether {@code a} is better than {@code b} by a margin, at the same fix class: at least two
     * more satellites used and an eph no worse, or at least as many satellites and half the eph.
     */
    public static boolean clearlyBetter(GnssSample a, GnssSample b) {
        boolean ephKnown = Double.isFinite(a.ephM) && Double.isFinite(b.ephM);
        boolean ephNoWorse = !ephKnown || a.ephM <= b.ephM;
        if (a.satellitesUsed >= b.satellitesUsed + 2 && ephNoWorse) {
            return true;
        }
        return ephKnown && a.satellitesUsed >= b.satellitesUsed && a.ephM < 0.5 * b.ephM;
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
