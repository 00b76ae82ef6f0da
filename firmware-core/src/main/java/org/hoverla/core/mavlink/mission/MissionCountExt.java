package org.hoverla.core.mavlink.mission;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;

/**
 * MAVLink {@code MISSION_COUNT} (id 44, CRC_EXTRA 221) with the MAVLink 2 extension
 * {@code opaque_id} that {@code io.dronefleet.mavlink} 1.1.11's {@code MissionCount} lacks.
 * Sent by the vehicle on download; the wire layout is the library's plus four bytes, so any
 * receiver (with or without the extension) decodes it.
 *
 * <p>Fields in XML order: {@code uint8 target_system}, {@code uint8 target_component},
 * {@code uint16 count}; extensions {@code uint8 mission_type}, {@code uint32 opaque_id}.
 */
@MavlinkMessageInfo(id = 44, crc = 221, description = "Number of items in a plan, with the plan's opaque id.")
public final class MissionCountExt {
    public static final int ID = 44;
    public static final int CRC_EXTRA = 221;

    private final int targetSystem;
    private final int targetComponent;
    private final int count;
    private final int missionType;
    private final long opaqueId;

    private MissionCountExt(int targetSystem, int targetComponent, int count, int missionType, long opaqueId) {
        this.targetSystem = targetSystem;
        this.targetComponent = targetComponent;
        this.count = count;
        this.missionType = missionType;
        this.opaqueId = opaqueId;
    }

    @MavlinkMessageBuilder
    public static Builder builder() {
        return new Builder();
    }

    @MavlinkFieldInfo(position = 1, unitSize = 1, description = "System ID")
    public final int targetSystem() {
        return targetSystem;
    }

    @MavlinkFieldInfo(position = 2, unitSize = 1, description = "Component ID")
    public final int targetComponent() {
        return targetComponent;
    }

    @MavlinkFieldInfo(position = 3, unitSize = 2, description = "Number of mission items in the sequence")
    public final int count() {
        return count;
    }

    @MavlinkFieldInfo(position = 5, unitSize = 1, extension = true, description = "Mission type.")
    public final int missionType() {
        return missionType;
    }

    @MavlinkFieldInfo(position = 6, unitSize = 4, extension = true, description = "Id of current on-vehicle plan (on download).")
    public final long opaqueId() {
        return opaqueId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MissionCountExt)) {
            return false;
        }
        MissionCountExt m = (MissionCountExt) o;
        return targetSystem == m.targetSystem && targetComponent == m.targetComponent && count == m.count
                && missionType == m.missionType && opaqueId == m.opaqueId;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(targetSystem, targetComponent, count, missionType, opaqueId);
    }

    @Override
    public String toString() {
        return "MissionCountExt{targetSystem=" + targetSystem + ", targetComponent=" + targetComponent + ", count="
                + count + ", missionType=" + missionType + ", opaqueId=" + opaqueId + "}";
    }

    /** Builder; the library's deserializer uses it too. */
    public static final class Builder {
        private int targetSystem;
        private int targetComponent;
        private int count;
        private int missionType;
        private long opaqueId;

        @MavlinkFieldInfo(position = 1, unitSize = 1, description = "System ID")
        public final Builder targetSystem(int v) {
            targetSystem = v;
            return this;
        }

        @MavlinkFieldInfo(position = 2, unitSize = 1, description = "Component ID")
        public final Builder targetComponent(int v) {
            targetComponent = v;
            return this;
        }

        @MavlinkFieldInfo(position = 3, unitSize = 2, description = "Number of mission items in the sequence")
        public final Builder count(int v) {
            count = v;
            return this;
        }

        @MavlinkFieldInfo(position = 5, unitSize = 1, extension = true, description = "Mission type.")
        public final Builder missionType(int v) {
            missionType = v;
            return this;
        }

        @MavlinkFieldInfo(position = 6, unitSize = 4, extension = true, description = "Id of current on-vehicle plan (on download).")
        public final Builder opaqueId(long v) {
            opaqueId = v;
            return this;
        }

        public final MissionCountExt build() {
            return new MissionCountExt(targetSystem, targetComponent, count, missionType, opaqueId);
        }
    }
}
