package org.hoverla.core.fault;

import java.util.Map;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/** SYS_FAILURE_EN: PX4's gate for MAV_CMD_INJECT_FAILURE (docs/fault-injection.md). */
public final class FailureInjectionParams {
    public final IntParam enabled;

    public FailureInjectionParams(ParamStore store) {
        enabled = store.addEnum("SYS_FAILURE_EN", 0,
                "Failure injection (MAV_CMD_INJECT_FAILURE): off refuses every request; never enable on a vehicle "
                        + "that carries people or property at risk",
                Map.of(0, "Disabled", 1, "Enabled"));
    }
}
