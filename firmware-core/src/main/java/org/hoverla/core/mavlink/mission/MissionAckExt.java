package org.hoverla.core.mavlink.mission;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;

/**
 * MAVLink {@code MISSION_ACK} (id 47, CRC_EXTRA 153) with the MAVLink 2 extension
 * {@code opaque_id} that {@code io.dronefleet.mavlink} 1.1.11's {@code MissionAck} lacks: the
 * id of the newly accepted plan, in the final acknowledgement of an upload.
 *
 * <p>Fields in XML order: {@code uint8 target_system}, {@code uint8 target_component},
 * {@code uint8 type} (MAV_MISSION_RESULT); extensions {@code uint8 mission_type},
 * {@code uint32 opaque_id}.
 */
@MavlinkMessageInfo(id = 47, crc = 153, description = "Acknowledgment message during waypoint handling, with the plan's opaque id.")
public final class MissionAckExt {
    public static final int ID = 47;
    public static final int CRC_EXTRA = 153;

    private final int targetSystem;
    private final int targetComponent;
    private final int type;
    private final int missionType;
    private final long opaqueId;

    private MissionAckExt(int targetSystem, int targetComponent, int type, int missionType, long opaqueId) {
        this.targetSystem = targetSystem;
        this.targetComponent = targetComponent;
        this.type = type;
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

    /** The MAV_MISSION_RESULT. */
    @MavlinkFieldInfo(position = 3, unitSize = 1, description = "Mission result.")
    public final int type() {
        return type;
    }

    @MavlinkFieldInfo(position = 5, unitSize = 1, extension = true, description = "Mission type.")
    public final int missionType() {
        return missionType;
    }

    @MavlinkFieldInfo(position = 6, unitSize = 4, extension = true, description = "Id of new on-vehicle plan (on upload).")
    public final long opaqueId() {
        return opaqueId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MissionAckExt)) {
            return false;
        }
        MissionAckExt m = (MissionAckExt) o;
        return targetSystem == m.targetSystem && targetComponent == m.targetComponent && type == m.type
                && missionType == m.missionType && opaqueId == m.opaqueId;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(targetSystem, targetComponent, type, missionType, opaqueId);
    }

    @Override
    public String toString() {
        return "MissionAckExt{targetSystem=" + targetSystem + ", targetComponent=" + targetComponent + ", type=" + type
                + ", missionType=" + missionType + ", opaqueId=" + opaqueId + "}";
    }

    /** Builder; the library's deserializer uses it too. */
    public static final class Builder {
        private int targetSystem;
        private int targetComponent;
        private int type;
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

        @MavlinkFieldInfo(position = 3, unitSize = 1, description = "Mission result.")
        public final Builder type(int v) {
            type = v;
            return this;
        }

        @MavlinkFieldInfo(position = 5, unitSize = 1, extension = true, description = "Mission type.")
        public final Builder missionType(int v) {
            missionType = v;
            return this;
        }

        @MavlinkFieldInfo(position = 6, unitSize = 4, extension = true, description = "Id of new on-vehicle plan (on upload).")
        public final Builder opaqueId(long v) {
            opaqueId = v;
            return this;
        }

        public final MissionAckExt build() {
            return new MissionAckExt(targetSystem, targetComponent, type, missionType, opaqueId);
        }
    }
}
