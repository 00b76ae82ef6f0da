package org.hoverla.core.mavlink.mission;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;

/**
 * MAVLink {@code MISSION_CURRENT} (id 42, CRC_EXTRA 28) with the MAVLink 2 extensions
 * {@code mission_id}, {@code fence_id}, {@code rally_points_id} that
 * {@code io.dronefleet.mavlink} 1.1.11's {@code MissionCurrent} lacks (it has {@code total},
 * {@code mission_state}, {@code mission_mode}).
 *
 * <p>Fields in XML order: {@code uint16 seq}; extensions {@code uint16 total},
 * {@code uint8 mission_state}, {@code uint8 mission_mode}, {@code uint32 mission_id},
 * {@code uint32 fence_id}, {@code uint32 rally_points_id}.
 */
@MavlinkMessageInfo(id = 42, crc = 28, description = "The current target mission item, mission state and plan ids.")
public final class MissionCurrentExt {
    public static final int ID = 42;
    public static final int CRC_EXTRA = 28;
    /** {@code total} when no mission is on the vehicle. */
    public static final int TOTAL_NO_MISSION = 0xFFFF;

    private final int seq;
    private final int total;
    private final int missionState;
    private final int missionMode;
    private final long missionId;
    private final long fenceId;
    private final long rallyPointsId;

    private MissionCurrentExt(int seq, int total, int missionState, int missionMode, long missionId, long fenceId,
                              long rallyPointsId) {
        this.seq = seq;
        this.total = total;
        this.missionState = missionState;
        this.missionMode = missionMode;
        this.missionId = missionId;
        this.fenceId = fenceId;
        this.rallyPointsId = rallyPointsId;
    }

    @MavlinkMessageBuilder
    public static Builder builder() {
        return new Builder();
    }

    @MavlinkFieldInfo(position = 1, unitSize = 2, description = "Sequence")
    public final int seq() {
        return seq;
    }

    @MavlinkFieldInfo(position = 3, unitSize = 2, extension = true, description = "Total number of mission items.")
    public final int total() {
        return total;
    }

    @MavlinkFieldInfo(position = 4, unitSize = 1, extension = true, description = "Mission state machine state.")
    public final int missionState() {
        return missionState;
    }

    @MavlinkFieldInfo(position = 5, unitSize = 1, extension = true, description = "Mission mode.")
    public final int missionMode() {
        return missionMode;
    }

    @MavlinkFieldInfo(position = 6, unitSize = 4, extension = true, description = "Id of current on-vehicle mission plan.")
    public final long missionId() {
        return missionId;
    }

    @MavlinkFieldInfo(position = 7, unitSize = 4, extension = true, description = "Id of current on-vehicle fence plan.")
    public final long fenceId() {
        return fenceId;
    }

    @MavlinkFieldInfo(position = 8, unitSize = 4, extension = true, description = "Id of current on-vehicle rally point plan.")
    public final long rallyPointsId() {
        return rallyPointsId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MissionCurrentExt)) {
            return false;
        }
        MissionCurrentExt m = (MissionCurrentExt) o;
        return seq == m.seq && total == m.total && missionState == m.missionState && missionMode == m.missionMode
                && missionId == m.missionId && fenceId == m.fenceId && rallyPointsId == m.rallyPointsId;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(seq, total, missionState, missionMode, missionId, fenceId, rallyPointsId);
    }

    @Override
    public String toString() {
        return "MissionCurrentExt{seq=" + seq + ", total=" + total + ", missionState=" + missionState
                + ", missionMode=" + missionMode + ", missionId=" + missionId + ", fenceId=" + fenceId
                + ", rallyPointsId=" + rallyPointsId + "}";
    }

    /** Builder; the library's deserializer uses it too. */
    public static final class Builder {
        private int seq;
        private int total;
        private int missionState;
        private int missionMode;
        private long missionId;
        private long fenceId;
        private long rallyPointsId;

        @MavlinkFieldInfo(position = 1, unitSize = 2, description = "Sequence")
        public final Builder seq(int v) {
            seq = v;
            return this;
        }

        @MavlinkFieldInfo(position = 3, unitSize = 2, extension = true, description = "Total number of mission items.")
        public final Builder total(int v) {
            total = v;
            return this;
        }

        @MavlinkFieldInfo(position = 4, unitSize = 1, extension = true, description = "Mission state machine state.")
        public final Builder missionState(int v) {
            missionState = v;
            return this;
        }

        @MavlinkFieldInfo(position = 5, unitSize = 1, extension = true, description = "Mission mode.")
        public final Builder missionMode(int v) {
            missionMode = v;
            return this;
        }

        @MavlinkFieldInfo(position = 6, unitSize = 4, extension = true, description = "Id of current on-vehicle mission plan.")
        public final Builder missionId(long v) {
            missionId = v;
            return this;
        }

        @MavlinkFieldInfo(position = 7, unitSize = 4, extension = true, description = "Id of current on-vehicle fence plan.")
        public final Builder fenceId(long v) {
            fenceId = v;
            return this;
        }

        @MavlinkFieldInfo(position = 8, unitSize = 4, extension = true, description = "Id of current on-vehicle rally point plan.")
        public final Builder rallyPointsId(long v) {
            rallyPointsId = v;
            return this;
        }

        public final MissionCurrentExt build() {
            return new MissionCurrentExt(seq, total, missionState, missionMode, missionId, fenceId, rallyPointsId);
        }
    }
}
