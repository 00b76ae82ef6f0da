package org.hoverla.core.sensors;

import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.SensorInstance;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.Barometer;

/**
 * The barometer frontend: polls every barometer instance, refuses non-finite pressures and
 * pressures outside {@value #MIN_PRESSURE_PA}..{@value #MAX_PRESSURE_PA} Pa (beyond any
 * altitude a multicopter flies: a fault, not weather), subtracts the calibration offset
 * ({@code CAL_BARO<n>_OFF} of the slot whose id matches the instance's device id), tracks each
 * instance's health ({@link InstanceHealth}: timeout {@link #TIMEOUT_NS}, stuck after
 * {@link #STUCK_SAMPLES}, bus errors) and publishes the selected instance's accepted samples on
 * {@code sensor_baro} ({@link InstanceSelector}: highest-priority healthy, failover, hold before
 * returning), and {@code sensors_status_baro} every run. A barometer has no axes, so the
 * mounting rotation does not apply. A vehicle without a barometer publishes only the status
 * (instance count 0).
 *
 * <p>Flight thread; allocation-free.
 */
public final class BaroFrontend extends InstanceFrontend {
    public static final double MIN_PRESSURE_PA = 20_000.0;
    public static final double MAX_PRESSURE_PA = 120_000.0;
    /** As the estimator's barometer timeout: six missed samples at 20 Hz, fifteen at 50 Hz. */
    public static final long TIMEOUT_NS = 300_000_000L;
    /**
     * A barometer's noise (about 1 Pa at the usual oversampling, resolution a fraction of that)
     * changes pressure or temperature every sample; 20 identical samples in a row (0.4 s at
     * 50 Hz) mean a frozen sensor or driver.
     */
    public static final int STUCK_SAMPLES = 20;

    private final Publication<BaroSample> samplePub;
    private final ParamWatch paramWatch;
    private final CalibrationParams calParams;
    private final Barometer[] devices;
    private final BaroSample[] samples;
    private final SensorCalibration[] cal;
    private final double[] previousPressure;
    private final double[] previousTemperature;
    private final boolean[] havePrevious;
    private final BaroSample out = new BaroSample();

    /**
     * @param events the vehicle's operator-message queue, or null
     * @throws IllegalArgumentException with more than {@link SensorsStatus#MAX_INSTANCES} instances
     */
    public BaroFrontend(List<SensorInstance<Barometer>> instances, Publication<BaroSample> samplePub,
                        Publication<SensorsStatus> statusPub, SpscQueue<VehicleEvent> events, FlightParams params) {
        super(instances, "Baro", "barometer", "instances", false, TIMEOUT_NS, STUCK_SAMPLES, statusPub, events);
        this.samplePub = samplePub;
        this.paramWatch = new ParamWatch(params.store);
        this.calParams = new CalibrationParams(params.store, CalibrationParams.BARO);
        devices = new Barometer[count];
        samples = new BaroSample[count];
        cal = new SensorCalibration[count];
        previousPressure = new double[count];
        previousTemperature = new double[count];
        havePrevious = new boolean[count];
        for (int i = 0; i < count; i++) {
            devices[i] = instances.get(i).device();
            samples[i] = new BaroSample();
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
        SensorCalibration c = cal[s];
        if (!c.isIdentity()) {
            out.pressurePa = c.applyScalar(out.pressurePa);
        }
        samplePub.publish(out);
    }

    private boolean accept(int i, long nowNs) {
        BaroSample s = samples[i];
        InstanceHealth h = health[i];
        h.onErrorCount(s.errorCount);
        double p = s.pressurePa;
        if (!Double.isFinite(p)) {
            h.onNonFinite();
            return false;
        }
        if (p < MIN_PRESSURE_PA || p > MAX_PRESSURE_PA) {
            h.onOutOfRange();
            return false;
        }
        // Temperature compared bit-for-bit so a NaN temperature (unknown) still compares equal.
        boolean same = havePrevious[i] && p == previousPressure[i]
                && Double.doubleToLongBits(s.temperatureC) == Double.doubleToLongBits(previousTemperature[i]);
        previousPressure[i] = p;
        previousTemperature[i] = s.temperatureC;
        havePrevious[i] = true;
        h.onAccepted(nowNs, same);
        if (rawTap != null && rawTap.enabled()) {
            rawTap.offerBaro(i, deviceIds[i], nowNs, p, s.temperatureC);
        }
        return true;
    }
}
