package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import java.util.Objects;

/** A message class outside the library's dialects, annotated the library's way (id 60123). */
@MavlinkMessageInfo(id = 60123, crc = 77, description = "test only")
public final class TestExtraMessage {
    private final int number;
    private final long flags;
    private final String name;

    public TestExtraMessage(int number, long flags, String name) {
        this.number = number;
        this.flags = flags;
        this.name = name;
    }

    @MavlinkMessageBuilder
    public static Builder builder() {
        return new Builder();
    }

    @MavlinkFieldInfo(position = 1, unitSize = 1)
    public int number() {
        return number;
    }

    @MavlinkFieldInfo(position = 2, unitSize = 4)
    public long flags() {
        return flags;
    }

    @MavlinkFieldInfo(position = 3, unitSize = 1, arraySize = 8)
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestExtraMessage t && t.number == number && t.flags == flags && Objects.equals(t.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, flags, name);
    }

    @Override
    public String toString() {
        return "TestExtraMessage{" + number + "," + flags + "," + name + "}";
    }

    public static final class Builder {
        private int number;
        private long flags;
        private String name;

        @MavlinkFieldInfo(position = 1, unitSize = 1)
        public Builder number(int v) {
            number = v;
            return this;
        }

        @MavlinkFieldInfo(position = 2, unitSize = 4)
        public Builder flags(long v) {
            flags = v;
            return this;
        }

        @MavlinkFieldInfo(position = 3, unitSize = 1, arraySize = 8)
        public Builder name(String v) {
            name = v;
            return this;
        }

        public TestExtraMessage build() {
            return new TestExtraMessage(number, flags, name);
        }
    }
}
