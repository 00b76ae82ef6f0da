package org.hoverla.core.sensors;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.Magnetometer;

/**
 * The magnetometer frontend: polls every magnetometer instance, corrects each sample
 * (hard-iron offsets and the symmetric soft-iron matrix of the {@code CAL_MAG<n>} slot whose id
 * matches the instance's device id, in sensor axes: {@link SensorCalibration}; then the mounting
 * rotation to body FRD), refuses
 * non-finite samples and fields whose magnitude is outside {@value #MIN_FIELD_GAUSS}..
 * {@value #MAX_FIELD_GAUSS} G (the Earth's field is 0.25–0.65 G; beyond these it is a fault or
 * a magnet, not the heading reference), tracks each instance's health ({@link InstanceHealth}:
 * timeout {@link #TIMEOUT_NS}, stuck after {@link #STUCK_SAMPLES}, bus errors) and publishes the
 * selected instance's accepted samples on {@code sensor_mag} ({@link InstanceSelector}), and
 * {@code sensors_status_mag} every run. The board level trim ({@code SENS_BOARD_*_OFF}) is the
 * IMU's and is not applied here (PX4 applies it to every magnetometer too; Hoverla's board file
 * gives each magnetometer its own orientation relative to the airframe, and an external one on a
 * mast does not tilt with the IMU). A vehicle without a magnetometer publishes only the status
 * (instance count 0).
 *
 * <p>Flight thread; allocation-free.
 */
public final class MagFrontend extends InstanceFrontend {
    public static final double MIN_FIELD_GAUSS = 0.05;
    public static final double MAX_FIELD_GAUSS = 4.0;
    /** As the estimator's magnetometer timeout: thirty missed samples at 100 Hz. */
    public static final long TIMEOUT_NS = 300_000_000L;
    /** Identical readings on all three axes this many times in a row mean a frozen sensor (0.2 s at 100 Hz). */
    public static final int STUCK_SAMPLES = 20;

    private final Publication<MagSample> samplePub;
    private final ParamWatch paramWatch;
    private final CalibrationParams calParams;
    private final Magnetometer[] devices;
    private final Rotation[] rotations;
    private final MagSample[] samples;
    private final SensorCalibration[] cal;
    /** Corrected body-frame field per instance (x, y, z gauss). */
    private final double[][] body;
    private final double[][] previousRaw;
    private final boolean[] havePrevious;
    private final MagSample out = new MagSample();

    /**
     * @param events the vehicle's operator-message queue, or null
     * @throws IllegalArgumentException with more than {@link SensorsStatus#MAX_INSTANCES} instances
     */
    public MagFrontend(List<SensorInstance<Magnetometer>> instances, Publication<MagSample> samplePub,
                       Publication<SensorsStatus> statusPub, SpscQueue<VehicleEvent> events, FlightParams params) {
        super(instances, "Mag", "magnetometer", "instances", false, TIMEOUT_NS, STUCK_SAMPLES, statusPub, events);
        this.samplePub = samplePub;
        this.paramWatch = new ParamWatch(params.store);
        this.calParams = new CalibrationParams(params.store, CalibrationParams.MAG);
        devices = new Magnetometer[count];
        rotations = new Rotation[count];
        samples = new MagSample[count];
        cal = new SensorCalibration[count];
        body = new double[count][3];
        previousRaw = new double[count][3];
        havePrevious = new boolean[count];
        for (int i = 0; i < count; i++) {
            SensorInstance<Magnetometer> in = instances.get(i);
            devices[i] = in.device();
            rotations[i] = in.rotation();
            samples[i] = new MagSample();
            cal[i] = new SensorCalibration();
        }
    }

    @Override
    void beforeInstances(long nowNs) {
        if (paramWatch.due(nowNs)) {
            calParams.loadAll(deviceIds, cal);
        }
    }

    @Override
    boolean receive(int i, long nowNs) {
        return devices[i].poll(samples[i]) && accept(i, nowNs);
    }

    @Override
    void publishSelected(int s, long nowNs) {
        out.copyFrom(samples[s]);
        out.fieldXGauss = body[s][0];
        out.fieldYGauss = body[s][1];
        out.fieldZGauss = body[s][2];
        samplePub.publish(out);
    }

    private boolean accept(int i, long nowNs) {
        MagSample s = samples[i];
        InstanceHealth h = health[i];
        h.onErrorCount(s.errorCount);
        double x = s.fieldXGauss;
        double y = s.fieldYGauss;
        double z = s.fieldZGauss;
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
            h.onNonFinite();
            return false;
        }
        double[] p = previousRaw[i];
        boolean same = havePrevious[i] && x == p[0] && y == p[1] && z == p[2];
        // Calibrated in sensor axes first; a refused sample's leftovers in body[i] are never published.
        double[] b = body[i];
        b[0] = x;
        b[1] = y;
        b[2] = z;
        cal[i].applyInPlace(b, 0);
        double norm = Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
        if (!(norm >= MIN_FIELD_GAUSS && norm <= MAX_FIELD_GAUSS)) {
            h.onOutOfRange();
            return false;
        }
        p[0] = x;
        p[1] = y;
        p[2] = z;
        havePrevious[i] = true;
        h.onAccepted(nowNs, same);
        if (rawTap != null && rawTap.enabled()) {
            rawTap.offerMag(i, deviceIds[i], nowNs, x, y, z, s.temperatureC);
        }
        rotations[i].toBodyInPlace(b, 0);
        return true;
    }
}
