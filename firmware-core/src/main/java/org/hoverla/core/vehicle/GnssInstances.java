package org.hoverla.core.vehicle;

import java.util.List;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;

/**
 * Several GNSS receivers of one vehicle, as {@link VehicleDevices#gnss()} carries them: the
 * flight stack hands {@link #instances()} to the GNSS frontend, which selects among them by fix
 * quality and health. As a plain {@link GnssReceiver} (for code that wants one) it polls the
 * first, highest-priority instance.
 *
 * <p>Built at boot; {@link #poll} on the flight thread, allocation-free.
 */
public final class GnssInstances implements GnssReceiver {
    private final List<SensorInstance<GnssReceiver>> instances;

    /** @param instances two or more, highest priority first */
    public GnssInstances(List<SensorInstance<GnssReceiver>> instances) {
        if (instances.size() < 2) {
            throw new IllegalArgumentException("GnssInstances is for two or more receivers, got " + instances.size());
        }
        this.instances = List.copyOf(instances);
    }

    public List<SensorInstance<GnssReceiver>> instances() {
        return instances;
    }

    @Override
    public boolean poll(GnssSample dst) {
        return instances.get(0).device().poll(dst);
    }
}
