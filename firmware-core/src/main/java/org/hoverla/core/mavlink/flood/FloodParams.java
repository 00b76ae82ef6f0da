package org.hoverla.core.mavlink.flood;

import java.util.Map;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * The flood limits an operator may change (docs/link-floods.md): on/off, one scale factor for
 * every per-class rate and burst, and each link's total rate. Read by {@link FloodGuard} at most
 * once per second on the MAVLink thread.
 */
public final class FloodParams {
    public final IntParam enabled;
    public final FloatParam scale;
    public final IntParam totalRate;

    public FloodParams(ParamStore store) {
        enabled = store.addEnum("MAV_FLOOD_EN", 1,
                "MAVLink flood limits: per-link, per-message-class rate limits applied before routing and delivery",
                Map.of(0, "Disabled", 1, "Enabled"));
        scale = store.addFloat("MAV_FLOOD_SCALE", 1.0, 0.1, 100.0, "",
                "MAVLink flood limits: factor on every per-class rate and burst (raise for a very fast companion link)");
        totalRate = store.addInt("MAV_FLOOD_TOTAL", FloodGuard.DEFAULT_TOTAL_RATE, 100, 1_000_000, "1/s",
                "MAVLink flood limits: most frames per second one link may send to the vehicle or through it");
    }

    /** The parameters in {@code store}, registering them if absent. */
    public static FloodParams of(ParamStore store) {
        return store.find("MAV_FLOOD_EN") instanceof IntParam ? new FloodParams(store, true) : new FloodParams(store);
    }

    private FloodParams(ParamStore store, boolean existing) {
        enabled = (IntParam) store.find("MAV_FLOOD_EN");
        scale = (FloatParam) store.find("MAV_FLOOD_SCALE");
        totalRate = (IntParam) store.find("MAV_FLOOD_TOTAL");
    }
}
