package org.hoverla.core.mavlink.telemetry;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.minimal.MavAutopilot;
import io.dronefleet.mavlink.minimal.MavModeFlag;
import io.dronefleet.mavlink.minimal.MavState;
import io.dronefleet.mavlink.minimal.MavType;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.Arrays;
import java.util.function.Supplier;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.vehicle.FlightBus;

/**
 * The MAVLink heartbeat microservice: sends this vehicle's HEARTBEAT on every link at 1 Hz and
 * records ground-station heartbeats per link for the link-loss failsafe.
 *
 * <p>Fields sent: {@code type} and {@code autopilot} from {@link VehicleIdentity};
 * {@code custom_mode} = {@link FlightMode#px4CustomMode()}; {@code base_mode} as PX4's commander
 * sets it ({@code get_mavlink_mode_state}): CUSTOM_MODE_ENABLED always, SAFETY_ARMED when armed,
 * STABILIZE_ENABLED in every Hoverla mode (all are stabilised), MANUAL_INPUT_ENABLED for Position
 * and Altitude, AUTO_ENABLED and GUIDED_ENABLED for the AUTO modes and for Offboard (PX4 sets
 * AUTO for Offboard too); {@code system_status} STANDBY disarmed, ACTIVE armed, CRITICAL or
 * EMERGENCY from the {@link FailsafeLevel} input, and UNINIT until the commander has published
 * a status. {@code mavlink_version} 3.
 *
 * <p>Threading: MAVLink thread only (onMessage, tick); {@link #lastGcsHeartbeatNs()} may be read
 * by another thread (volatile).
 */
public final class HeartbeatService implements MavlinkService {
    /** Heartbeat period (1 Hz, the MAVLink heartbeat protocol's default). */
    public static final long PERIOD_NS = 1_000_000_000L;
    /** Returned when no ground-station heartbeat was ever received. */
    public static final long NEVER = Long.MIN_VALUE;

    static final int FLAG_CUSTOM_MODE_ENABLED = 1;
    static final int FLAG_AUTO_ENABLED = 4;
    static final int FLAG_GUIDED_ENABLED = 8;
    static final int FLAG_STABILIZE_ENABLED = 16;
    static final int FLAG_MANUAL_INPUT_ENABLED = 64;
    static final int FLAG_SAFETY_ARMED = 128;

    private final VehicleIdentity identity;
    private final MavlinkOutput out;
    private final Supplier<FailsafeLevel> failsafe;
    private final Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();
    private final EnumValue<MavType> type;
    private final EnumValue<MavAutopilot> autopilot;

    private long nextDueNs = Long.MIN_VALUE;
    private long[] gcsHeartbeatNsByLink = new long[8];
    private volatile long lastGcsHeartbeatNs = NEVER;

    /**
     * @param bus      the vehicle's topics (reads {@code vehicle_status}); subscribes now
     * @param identity who we are
     * @param out      where heartbeats go (broadcast to every link)
     * @param failsafe current failsafe level, read once per heartbeat on the MAVLink thread;
     *                 {@code null} = always NONE until the failsafe owner wires one
     */
    public HeartbeatService(FlightBus bus, VehicleIdentity identity, MavlinkOutput out, Supplier<FailsafeLevel> failsafe) {
        this.identity = identity;
        this.out = out;
        this.failsafe = failsafe != null ? failsafe : () -> FailsafeLevel.NONE;
        this.statusSub = bus.vehicleStatus.subscribe();
        this.type = EnumValues.of(MavType.class, identity.mavType());
        this.autopilot = EnumValues.of(MavAutopilot.class, identity.autopilot());
        Arrays.fill(gcsHeartbeatNsByLink, NEVER);
    }

    @Override
    public void tick(long nowNs) {
        if (nextDueNs != Long.MIN_VALUE && nowNs < nextDueNs) {
            return;
        }
        // drift-free deadlines; a late tick skips missed beats instead of bursting
        nextDueNs = nextDueNs == Long.MIN_VALUE ? nowNs + PERIOD_NS : nextDueNs + PERIOD_NS;
        if (nextDueNs <= nowNs) {
            nextDueNs = nowNs + PERIOD_NS;
        }
        out.send(null, build());
    }

    /** The heartbeat as it would be sent now (reads the newest vehicle status). */
    public Heartbeat build() {
        boolean known = statusSub.copy(status);
        boolean armed = status.armed();
        return Heartbeat.builder()
                .type(type)
                .autopilot(autopilot)
                .baseMode(EnumValues.of(MavModeFlag.class, baseMode(status.mode, armed)))
                .customMode(status.mode.px4CustomMode() & 0xFFFF_FFFFL)
                .systemStatus(systemStatus(known, armed, failsafe.get()))
                .mavlinkVersion(3)
                .build();
    }

    /** {@code base_mode} bits for a mode, as PX4 sets them (see class comment). */
    public static int baseMode(FlightMode mode, boolean armed) {
        int flags = FLAG_CUSTOM_MODE_ENABLED | FLAG_STABILIZE_ENABLED;
        if (armed) {
            flags |= FLAG_SAFETY_ARMED;
        }
        if (mode.isAuto() || mode == FlightMode.OFFBOARD) {
            flags |= FLAG_AUTO_ENABLED | FLAG_GUIDED_ENABLED;
        } else {
            flags |= FLAG_MANUAL_INPUT_ENABLED;
        }
        return flags;
    }

    private static MavState systemStatus(boolean known, boolean armed, FailsafeLevel level) {
        if (!known) {
            return MavState.MAV_STATE_UNINIT;
        }
        if (level == FailsafeLevel.EMERGENCY) {
            return MavState.MAV_STATE_EMERGENCY;
        }
        if (level == FailsafeLevel.CRITICAL) {
            return MavState.MAV_STATE_CRITICAL;
        }
        return armed ? MavState.MAV_STATE_ACTIVE : MavState.MAV_STATE_STANDBY;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Object payload = message.getPayload();
        if (payload instanceof Heartbeat) {
            onHeartbeat(source, (Heartbeat) payload, nowNs);
        }
    }

    /** Records a heartbeat received on {@code source}; only MAV_TYPE_GCS heartbeats count. */
    public void onHeartbeat(MavlinkLink source, Heartbeat hb, long nowNs) {
        if (hb.type() == null || hb.type().value() != VehicleIdentity.MAV_TYPE_GCS) {
            return;
        }
        int id = source.id();
        if (id >= gcsHeartbeatNsByLink.length) {
            long[] grown = Arrays.copyOf(gcsHeartbeatNsByLink, Math.max(id + 1, gcsHeartbeatNsByLink.length * 2));
            Arrays.fill(grown, gcsHeartbeatNsByLink.length, grown.length, NEVER);
            gcsHeartbeatNsByLink = grown;
        }
        gcsHeartbeatNsByLink[id] = nowNs;
        if (lastGcsHeartbeatNs == NEVER || nowNs > lastGcsHeartbeatNs) {
            lastGcsHeartbeatNs = nowNs;
        }
    }

    /**
     * Time (vehicle clock, ns) of the newest ground-station heartbeat on any link, or
     * {@link #NEVER}. The link-loss failsafe compares it with its timeout; safe from any thread.
     */
    public long lastGcsHeartbeatNs() {
        return lastGcsHeartbeatNs;
    }

    /** Newest ground-station heartbeat on one link, or {@link #NEVER}. MAVLink thread only. */
    public long lastGcsHeartbeatNs(MavlinkLink link) {
        int id = link.id();
        return id < gcsHeartbeatNsByLink.length ? gcsHeartbeatNsByLink[id] : NEVER;
    }
}
