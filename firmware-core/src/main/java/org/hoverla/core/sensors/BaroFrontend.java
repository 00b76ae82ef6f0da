package org.hoverla.core.sensors;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.sched.FlightTask;
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
public final class BaroFrontend implements FlightTask {
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
    private final Publication<SensorsStatus> statusPub;
    private final ParamWatch paramWatch;
    private final CalibrationParams calParams;
    private final FrontendEvents events;
    private final int count;
    private final Barometer[] devices;
    private final int[] deviceIds;
    private final BaroSample[] samples;
    private final SensorCalibration[] cal;
    private final InstanceHealth[] health;
    private final InstanceSelector selector;
    private final boolean[] fresh;
    private final double[] previousPressure;
    private final double[] previousTemperature;
    private final boolean[] havePrevious;
    private final BaroSample out = new BaroSample();
    private final SensorsStatus status = new SensorsStatus();

    /**
     * @param events the vehicle's operator-message queue, or null
     * @throws IllegalArgumentException with more than {@link SensorsStatus#MAX_INSTANCES} instances
     */
    public BaroFrontend(List<SensorInstance<Barometer>> instances, Publication<BaroSample> samplePub,
                        Publication<SensorsStatus> statusPub, SpscQueue<VehicleEvent> events, FlightParams params) {
        count = instances.size();
        if (count > SensorsStatus.MAX_INSTANCES) {
            throw new IllegalArgumentException("the barometer frontend takes at most " + SensorsStatus.MAX_INSTANCES
                    + " instances, got " + count);
        }
        this.samplePub = samplePub;
        this.statusPub = statusPub;
        this.paramWatch = new ParamWatch(params.store);
        this.calParams = new CalibrationParams(params.store, CalibrationParams.BARO);
        devices = new Barometer[count];
        deviceIds = new int[count];
        int[] priorities = new int[count];
        samples = new BaroSample[count];
        cal = new SensorCalibration[count];
        health = new InstanceHealth[count];
        fresh = new boolean[count];
        previousPressure = new double[count];
        previousTemperature = new double[count];
        havePrevious = new boolean[count];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SensorInstance<Barometer> in = instances.get(i);
            devices[i] = in.device();
            deviceIds[i] = in.deviceId();
            priorities[i] = in.priority();
            samples[i] = new BaroSample();
            cal[i] = new SensorCalibration();
            health[i] = new InstanceHealth(TIMEOUT_NS, STUCK_SAMPLES);
            names.add(in.name());
            status.deviceId[i] = in.deviceId();
            status.priority[i] = in.priority();
        }
        status.instanceCount = count;
        selector = new InstanceSelector(priorities, InstanceSelector.DEFAULT_RECOVERY_HOLD_NS);
        this.events = new FrontendEvents(events, "Baro", names);
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch.due(nowNs)) {
            for (int i = 0; i < count; i++) {
                calParams.load(deviceIds[i], cal[i]);
            }
        }
        for (int i = 0; i < count; i++) {
            fresh[i] = devices[i].poll(samples[i]) && accept(i, nowNs);
            health[i].evaluate(nowNs);
        }
        int change = selector.select(nowNs, health);
        events.report(change, selector, nowNs);
        int s = selector.selected();
        if (s >= 0 && fresh[s]) {
            out.copyFrom(samples[s]);
            SensorCalibration c = cal[s];
            if (!c.isIdentity()) {
                out.pressurePa = c.apply(0, out.pressurePa);
            }
            samplePub.publish(out);
        }
        SensorStatusWriter.fill(status, nowNs, selector, health, deviceIds);
        statusPub.publish(status);
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
        return true;
    }

    /** The instance whose data is published, -1 before any was healthy. */
    public int selected() {
        return selector.selected();
    }

    public InstanceHealth health(int instance) {
        return health[instance];
    }

    public long failovers() {
        return selector.failovers();
    }
}
