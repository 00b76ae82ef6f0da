package org.hoverla.core.log;

import java.util.Map;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * The flight log's parameters, prefix {@code SDLOG_} as PX4's logger names them where PX4 has the
 * same setting ({@code SDLOG_MODE}, {@code SDLOG_PROFILE}); the storage limits and the flush
 * interval are Hoverla's own. Table in docs/flight-log.md.
 *
 * <p>Threads: registered on the boot thread; read by the log writer thread when a log starts
 * (mode, profile, limits) and at every flush (interval).
 */
public final class FlightLogParams {
    public static final int MODE_DISABLED = -1;
    public static final int MODE_ARM_TO_DISARM = 0;
    public static final int MODE_BOOT_TO_DISARM = 1;
    public static final int MODE_BOOT_TO_SHUTDOWN = 2;

    /** SDLOG_PROFILE bit: the default topic set at the default rates. */
    public static final int PROFILE_DEFAULT = 1;
    /** SDLOG_PROFILE bit: the estimator's inputs at full rate, so the log replays (PX4's "estimator replay"). */
    public static final int PROFILE_REPLAY = 2;
    /** SDLOG_PROFILE bit: attitude, rates, setpoints and motor outputs at the loop's full rate. */
    public static final int PROFILE_HIGH_RATE = 16;

    public final IntParam mode;
    public final IntParam profile;
    public final IntParam maxLogs;
    public final IntParam minFreeMb;
    public final FloatParam fsyncIntervalS;

    public FlightLogParams(ParamStore store) {
        mode = store.addEnum("SDLOG_MODE", MODE_ARM_TO_DISARM, "Flight log: when a log is written", Map.of(
                MODE_DISABLED, "Disabled: no flight logs",
                MODE_ARM_TO_DISARM, "From arming until disarming",
                MODE_BOOT_TO_DISARM, "From boot until the first disarm, then arming to disarming",
                MODE_BOOT_TO_SHUTDOWN, "From boot until shutdown"));
        profile = store.addInt("SDLOG_PROFILE", PROFILE_DEFAULT | PROFILE_REPLAY, 0, 31, "",
                "Flight log: topic sets (bitmask: 1 default, 2 estimator replay, 16 high rate; Hoverla reads 1, 2, 16)");
        maxLogs = store.addInt("SDLOG_MAX_LOGS", 100, 0, 100_000, "",
                "Flight log: oldest logs are deleted before a new one so that at most this many remain (0: no limit)");
        minFreeMb = store.addInt("SDLOG_MIN_FREE", 64, 0, 1_000_000, "MB",
                "Flight log: oldest logs are deleted before a new one until this much disk is free; a log stops below half of it");
        fsyncIntervalS = store.addFloat("SDLOG_FSYNC_S", 1.0, 0.05, 60.0, "s",
                "Flight log: the log is forced to the disk this often; a power cut loses at most this much flight");
    }
}
