package org.hoverla.core.mavlink.dialect;

import io.dronefleet.mavlink.AbstractMavlinkDialect;
import io.dronefleet.mavlink.MavlinkDialect;
import io.dronefleet.mavlink.common.CommonDialect;
import java.util.List;
import java.util.Map;

/**
 * The common dialect plus the standard-modes messages Hoverla defines itself (435–437), for the
 * link layer's packet decoder. Immutable; safe to share.
 */
public final class HoverlaDialect extends AbstractMavlinkDialect {
    private static final List<MavlinkDialect> DEPENDENCIES = List.of(new CommonDialect());
    private static final Map<Integer, Class> MESSAGES = Map.of(
            AvailableModes.ID, AvailableModes.class,
            CurrentMode.ID, CurrentMode.class,
            AvailableModesMonitor.ID, AvailableModesMonitor.class);

    public HoverlaDialect() {
        super("hoverla", DEPENDENCIES, MESSAGES);
    }
}
