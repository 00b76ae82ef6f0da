package org.hoverla.core.sensors;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.msg.SensorsStatus;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.SensorInstance;

/**
 * What every sensor-role frontend does the same way each run: poll and judge every instance
 * ({@link #receive}, the role's own), re-evaluate each instance's {@link InstanceHealth},
 * select one ({@link InstanceSelector}), send the operator message of a failover or return
 * ({@link FrontendEvents}), hand the selected instance's fresh sample to the role
 * ({@link #publishSelected}) and publish the role's {@link SensorsStatus}. The role keeps its
 * devices, sample conversion, plausibility limits and topics.
 *
 * <p>Flight thread; allocation-free (the hooks are plain virtual calls).
 */
public abstract class InstanceFrontend implements FlightTask {
    /** Number of instances. */
    final int count;
    /** Per instance, as in the board file. */
    final int[] deviceIds;
    /** Per instance; the role's plausibility checks report to it. */
    final InstanceHealth[] health;
    private final InstanceSelector selector;
    private final FrontendEvents events;
    private final boolean[] fresh;
    private final Publication<SensorsStatus> statusPub;
    private final SensorsStatus status = new SensorsStatus();
    /** Raw samples for a running calibration or self-test; null when the stack has none. */
    org.hoverla.core.calibration.RawSampleTap rawTap;

    /**
     * @param role         the role's name in operator messages ("IMU", "Baro", ...)
     * @param description  the role's name in the instance-count error ("IMU", "barometer", ...)
     * @param unit         what an instance is called there ("instances", "receivers")
     * @param required     whether at least one instance is needed
     * @param stuckSamples see {@link InstanceHealth}; 0 disables the stuck check
     * @param events       the vehicle's operator-message queue, or null
     * @throws IllegalArgumentException with more than {@link SensorsStatus#MAX_INSTANCES}
     *                                  instances, or none when one is required
     */
    /**
     * Hands this frontend's accepted raw samples (sensor axes, before calibration) to a running
     * calibration while {@code tap} is enabled. Boot thread, before the loop starts.
     */
    public void tapRawSamples(org.hoverla.core.calibration.RawSampleTap tap) {
        this.rawTap = tap;
    }

    InstanceFrontend(List<? extends SensorInstance<?>> instances, String role, String description, String unit,
                     boolean required, long timeoutNs, int stuckSamples, Publication<SensorsStatus> statusPub,
                     SpscQueue<VehicleEvent> events) {
        count = instances.size();
        if (count > SensorsStatus.MAX_INSTANCES || (required && count == 0)) {
            throw new IllegalArgumentException("the " + description + " frontend takes "
                    + (required ? "1.." : "at most ") + SensorsStatus.MAX_INSTANCES + " " + unit + ", got " + count);
        }
        this.statusPub = statusPub;
        deviceIds = new int[count];
        int[] priorities = new int[count];
        health = new InstanceHealth[count];
        fresh = new boolean[count];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SensorInstance<?> in = instances.get(i);
            deviceIds[i] = in.deviceId();
            priorities[i] = in.priority();
            health[i] = new InstanceHealth(timeoutNs, stuckSamples);
            names.add(in.name());
            status.deviceId[i] = in.deviceId();
            status.priority[i] = in.priority();
        }
        status.instanceCount = count;
        selector = new InstanceSelector(priorities, InstanceSelector.DEFAULT_RECOVERY_HOLD_NS);
        this.events = new FrontendEvents(events, role, names);
    }

    @Override
    public final void run(long nowNs) {
        beforeInstances(nowNs);
        for (int i = 0; i < count; i++) {
            fresh[i] = receive(i, nowNs);
            health[i].evaluate(nowNs);
        }
        int change = selector.select(nowNs, health, quality());
        events.report(change, selector, nowNs);
        int s = selector.selected();
        if (s >= 0 && fresh[s]) {
            publishSelected(s, nowNs);
        }
        SensorStatusWriter.fill(status, nowNs, selector, health, deviceIds);
        statusPub.publish(status);
    }

    /**
     * What ranks healthy instances before priority ({@link InstanceSelector.Quality}), or null
     * (the default) for priority and health alone. Called every run; return a field.
     */
    InstanceSelector.Quality quality() {
        return null;
    }

    /** First thing each run, before any instance is polled (parameter reloads); nothing by default. */
    void beforeInstances(long nowNs) {
    }

    /**
     * Polls instance {@code i} and judges a new sample, reporting to {@code health[i]}.
     *
     * @return whether the instance has a sample to publish, should it be the selected one
     */
    abstract boolean receive(int i, long nowNs);

    /** Publishes the fresh sample of the selected instance {@code i}. */
    abstract void publishSelected(int i, long nowNs);

    /** The instance whose data is published, -1 before any was healthy. */
    public final int selected() {
        return selector.selected();
    }

    public final InstanceHealth health(int instance) {
        return health[instance];
    }

    public final long failovers() {
        return selector.failovers();
    }
}
