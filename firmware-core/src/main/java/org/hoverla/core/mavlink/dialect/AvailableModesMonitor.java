package org.hoverla.core.mavlink.dialect;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;

/**
 * MAVLink {@code AVAILABLE_MODES_MONITOR} (id 437, common.xml): a sequence number that changes
 * when the set of available modes changes. Hoverla's mode set is fixed at build time, so the
 * vehicle never needs to emit it (the protocol asks for it only after a first change); the class
 * exists so the link layer can decode it and for completeness. {@code uint8 seq}; CRC_EXTRA 30.
 */
@MavlinkMessageInfo(id = 437, crc = 30, description = "A change to the sequence number indicates that the set of AVAILABLE_MODES has changed.")
public final class AvailableModesMonitor {
    public static final int ID = 437;
    public static final int CRC_EXTRA = 30;

    private final int seq;

    private AvailableModesMonitor(int seq) {
        this.seq = seq;
    }

    @MavlinkMessageBuilder
    public static Builder builder() {
        return new Builder();
    }

    @MavlinkFieldInfo(position = 1, unitSize = 1, description = "Sequence number.")
    public final int seq() {
        return seq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvailableModesMonitor && ((AvailableModesMonitor) o).seq == seq;
    }

    @Override
    public int hashCode() {
        return seq;
    }

    @Override
    public String toString() {
        return "AvailableModesMonitor{seq=" + seq + "}";
    }

    /** Builder for {@link AvailableModesMonitor}. */
    public static final class Builder {
        private int seq;

        @MavlinkFieldInfo(position = 1, unitSize = 1, description = "Sequence number.")
        public final Builder seq(int seq) {
            this.seq = seq;
            return this;
        }

        public final AvailableModesMonitor build() {
            return new AvailableModesMonitor(seq);
        }
    }
}
