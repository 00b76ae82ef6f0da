package org.hoverla.core.calibration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.ParamPersistence;

/**
 * The vehicle's {@link CalibrationStore}: its parameters and their file. A read-only parameter
 * (a device id the vehicle sets at boot) is accepted when it already holds the value, since
 * there is nothing to write. Calibration thread; the save may block on the disk.
 */
public final class ParamCalibrationStore implements CalibrationStore {
    private final ParamStore store;
    private final ParamPersistence persistence;

    public ParamCalibrationStore(ParamStore store, ParamPersistence persistence) {
        this.store = store;
        this.persistence = persistence == null ? ParamPersistence.NONE : persistence;
    }

    @Override
    public double read(String name) {
        Param p = store.find(name);
        return p == null ? Double.NaN : p.doubleValue();
    }

    @Override
    public boolean writable(String name) {
        Param p = store.find(name);
        return p != null && !p.isReadOnly();
    }

    @Override
    public void write(Map<String, Double> values) throws IOException {
        List<Param> targets = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            targets.add(check(e.getKey(), e.getValue()));
        }
        double[] old = new double[targets.size()];
        for (int i = 0; i < old.length; i++) {
            old[i] = targets.get(i).doubleValue();
        }
        int i = 0;
        try {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                Param p = targets.get(i);
                double v = e.getValue();
                if (!(p.isReadOnly() && p.doubleValue() == v)) {
                    SetResult r = p.set(v);
                    if (r != SetResult.OK) {
                        throw new IllegalArgumentException(p.name() + ": " + r);
                    }
                }
                i++;
            }
            persistence.save(store);
        } catch (IOException | RuntimeException ex) {
            for (int k = 0; k < targets.size(); k++) {
                Param p = targets.get(k);
                if (!p.isReadOnly()) {
                    p.set(old[k]);
                }
            }
            throw ex;
        }
    }

    private Param check(String name, double value) {
        Param p = store.find(name);
        if (p == null) {
            throw new IllegalArgumentException(name + ": no such parameter");
        }
        if (p.isReadOnly()) {
            if (p.doubleValue() != value) {
                throw new IllegalArgumentException(name + ": read-only");
            }
            return p;
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": not finite");
        }
        if (value < p.min() || value > p.max()) {
            throw new IllegalArgumentException(name + ": " + value + " out of range");
        }
        if (p.type() == ParamType.INT && value != Math.rint(value)) {
            throw new IllegalArgumentException(name + ": not an integer");
        }
        if (!p.values().isEmpty() && !p.values().containsKey((int) value)) {
            throw new IllegalArgumentException(name + ": not one of its values");
        }
        return p;
    }
}
