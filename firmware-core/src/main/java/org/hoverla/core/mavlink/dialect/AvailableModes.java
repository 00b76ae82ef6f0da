package org.hoverla.core.mavlink.dialect;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import java.util.Objects;

/**
 * MAVLink {@code AVAILABLE_MODES} (id 435, common.xml, standard-modes protocol): one flight mode
 * the vehicle offers. Sent once per mode when a ground station asks with
 * {@code MAV_CMD_REQUEST_MESSAGE} (param2 = 0 for all modes, or the 1-based index of one).
 *
 * <p>Fields in XML order: {@code uint8 number_modes}, {@code uint8 mode_index}, {@code uint8
 * standard_mode} ({@link StandardModes MAV_STANDARD_MODE}), {@code uint32 custom_mode}, {@code
 * uint32 properties} ({@code MAV_MODE_PROPERTY} bitmask), {@code char[35] mode_name}; no
 * extensions. On the wire the uint32 fields come first (MAVLink sorts by type size), 46 bytes.
 * CRC_EXTRA 134 (computed by {@link CrcExtra} from this field list and checked in tests against
 * the generated C headers).
 *
 * <p>Defined with {@code io.dronefleet.mavlink} annotations so the library's reflection
 * serializer encodes and decodes it like its own messages. Immutable; build with {@link #builder()}.
 */
@MavlinkMessageInfo(id = 435, crc = 134,
        description = "Information about a flight mode (standard-modes protocol).")
public final class AvailableModes {
    public static final int ID = 435;
    public static final int CRC_EXTRA = 134;
    /** Length of {@code mode_name} including the null terminator. */
    public static final int MODE_NAME_LEN = 35;

    private final int numberModes;
    private final int modeIndex;
    private final int standardMode;
    private final long customMode;
    private final long properties;
    private final String modeName;

    private AvailableModes(int numberModes, int modeIndex, int standardMode, long customMode,
                           long properties, String modeName) {
        this.numberModes = numberModes;
        this.modeIndex = modeIndex;
        this.standardMode = standardMode;
        this.customMode = customMode;
        this.properties = properties;
        this.modeName = modeName;
    }

    @MavlinkMessageBuilder
    public static Builder builder() {
        return new Builder();
    }

    /** The total number of available modes for the current vehicle type. */
    @MavlinkFieldInfo(position = 1, unitSize = 1, description = "The total number of available modes for the current vehicle type.")
    public final int numberModes() {
        return numberModes;
    }

    /** The index of this mode within {@code number_modes}, from 1. */
    @MavlinkFieldInfo(position = 2, unitSize = 1, description = "The current mode index within number_modes, indexed from 1.")
    public final int modeIndex() {
        return modeIndex;
    }

    /** {@code MAV_STANDARD_MODE}, 0 for a custom-only mode. */
    @MavlinkFieldInfo(position = 3, unitSize = 1, description = "Standard mode.")
    public final int standardMode() {
        return standardMode;
    }

    /** The autopilot-specific custom mode (PX4 encoding for Hoverla). */
    @MavlinkFieldInfo(position = 4, unitSize = 4, description = "A bitfield for use for autopilot-specific flags")
    public final long customMode() {
        return customMode;
    }

    /** {@code MAV_MODE_PROPERTY} flags. */
    @MavlinkFieldInfo(position = 5, unitSize = 4, description = "Mode properties.")
    public final long properties() {
        return properties;
    }

    /** Name of the mode (up to 34 characters plus the terminator). */
    @MavlinkFieldInfo(position = 6, unitSize = 1, arraySize = MODE_NAME_LEN, description = "Name of custom mode, with null termination character. Should be omitted for standard modes.")
    public final String modeName() {
        return modeName;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AvailableModes)) {
            return false;
        }
        AvailableModes that = (AvailableModes) o;
        return numberModes == that.numberModes && modeIndex == that.modeIndex
                && standardMode == that.standardMode && customMode == that.customMode
                && properties == that.properties && Objects.equals(modeName, that.modeName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(numberModes, modeIndex, standardMode, customMode, properties, modeName);
    }

    @Override
    public String toString() {
        return "AvailableModes{numberModes=" + numberModes + ", modeIndex=" + modeIndex
                + ", standardMode=" + standardMode + ", customMode=" + customMode
                + ", properties=" + properties + ", modeName=" + modeName + "}";
    }

    /** Builder for {@link AvailableModes}; the library's deserializer uses it too. */
    public static final class Builder {
        private int numberModes;
        private int modeIndex;
        private int standardMode;
        private long customMode;
        private long properties;
        private String modeName;

        @MavlinkFieldInfo(position = 1, unitSize = 1, description = "The total number of available modes for the current vehicle type.")
        public final Builder numberModes(int numberModes) {
            this.numberModes = numberModes;
            return this;
        }

        @MavlinkFieldInfo(position = 2, unitSize = 1, description = "The current mode index within number_modes, indexed from 1.")
        public final Builder modeIndex(int modeIndex) {
            this.modeIndex = modeIndex;
            return this;
        }

        @MavlinkFieldInfo(position = 3, unitSize = 1, description = "Standard mode.")
        public final Builder standardMode(int standardMode) {
            this.standardMode = standardMode;
            return this;
        }

        @MavlinkFieldInfo(position = 4, unitSize = 4, description = "A bitfield for use for autopilot-specific flags")
        public final Builder customMode(long customMode) {
            this.customMode = customMode;
            return this;
        }

        @MavlinkFieldInfo(position = 5, unitSize = 4, description = "Mode properties.")
        public final Builder properties(long properties) {
            this.properties = properties;
            return this;
        }

        @MavlinkFieldInfo(position = 6, unitSize = 1, arraySize = MODE_NAME_LEN, description = "Name of custom mode, with null termination character. Should be omitted for standard modes.")
        public final Builder modeName(String modeName) {
            this.modeName = modeName;
            return this;
        }

        public final AvailableModes build() {
            return new AvailableModes(numberModes, modeIndex, standardMode, customMode, properties, modeName);
        }
    }
}
