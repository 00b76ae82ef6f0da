package org.hoverla.core.mavlink.dialect;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;

/**
 * MAVLink {@code CURRENT_MODE} (id 436, common.xml, standard-modes protocol): the current mode,
 * emitted on every mode change and streamed at a low rate.
 *
 * <p>Fields in XML order: {@code uint8 standard_mode}, {@code uint32 custom_mode}, {@code uint32
 * intended_custom_mode} (0 = unknown); no extensions; 9 bytes, CRC_EXTRA 193.
 */
@MavlinkMessageInfo(id = 436, crc = 193, description = "Get the current mode.")
public final class CurrentMode {
    public static final int ID = 436;
    public static final int CRC_EXTRA = 193;

    private final int standardMode;
    private final long customMode;
    private final long intendedCustomMode;

    private CurrentMode(int standardMode, long customMode, long intendedCustomMode) {
        this.standardMode = standardMode;
        this.customMode = customMode;
        this.intendedCustomMode = intendedCustomMode;
    }

    @MavlinkMessageBuilder
    public static Builder builder() {
        return new Builder();
    }

    @MavlinkFieldInfo(position = 1, unitSize = 1, description = "Standard mode.")
    public final int standardMode() {
        return standardMode;
    }

    @MavlinkFieldInfo(position = 2, unitSize = 4, description = "A bitfield for use for autopilot-specific flags")
    public final long customMode() {
        return customMode;
    }

    @MavlinkFieldInfo(position = 3, unitSize = 4, description = "The custom_mode of the mode that was last commanded by the user. 0 = unknown.")
    public final long intendedCustomMode() {
        return intendedCustomMode;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CurrentMode)) {
            return false;
        }
        CurrentMode that = (CurrentMode) o;
        return standardMode == that.standardMode && customMode == that.customMode
                && intendedCustomMode == that.intendedCustomMode;
    }

    @Override
    public int hashCode() {
        return (int) (31 * (31 * standardMode + customMode) + intendedCustomMode);
    }

    @Override
    public String toString() {
        return "CurrentMode{standardMode=" + standardMode + ", customMode=" + customMode
                + ", intendedCustomMode=" + intendedCustomMode + "}";
    }

    /** Builder for {@link CurrentMode}; the library's deserializer uses it too. */
    public static final class Builder {
        private int standardMode;
        private long customMode;
        private long intendedCustomMode;

        @MavlinkFieldInfo(position = 1, unitSize = 1, description = "Standard mode.")
        public final Builder standardMode(int standardMode) {
            this.standardMode = standardMode;
            return this;
        }

        @MavlinkFieldInfo(position = 2, unitSize = 4, description = "A bitfield for use for autopilot-specific flags")
        public final Builder customMode(long customMode) {
            this.customMode = customMode;
            return this;
        }

        @MavlinkFieldInfo(position = 3, unitSize = 4, description = "The custom_mode of the mode that was last commanded by the user. 0 = unknown.")
        public final Builder intendedCustomMode(long intendedCustomMode) {
            this.intendedCustomMode = intendedCustomMode;
            return this;
        }

        public final CurrentMode build() {
            return new CurrentMode(standardMode, customMode, intendedCustomMode);
        }
    }
}
