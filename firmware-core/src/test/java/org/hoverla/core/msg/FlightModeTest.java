package org.hoverla.core.msg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlightModeTest {

    @Test
    void shouldDecodeEveryModeFromItsOwnPx4CustomMode() {
        for (FlightMode m : FlightMode.values()) {
            assertThat(FlightMode.fromPx4CustomMode(m.px4CustomMode() & 0xFFFF_FFFFL)).as(m.name()).isEqualTo(m);
        }
    }

    @Test
    void shouldDecodePx4sValuesAsQgcSendsThem() {
        // PX4 px4_custom_mode.h: main mode in bits 16–23, sub mode in bits 24–31
        assertThat(FlightMode.fromPx4CustomMode(0x0003_0000L)).isEqualTo(FlightMode.POSITION);
        assertThat(FlightMode.fromPx4CustomMode(0x0304_0000L)).isEqualTo(FlightMode.HOLD);
        assertThat(FlightMode.fromPx4CustomMode(0x0504_0000L)).isEqualTo(FlightMode.RETURN);
        assertThat(FlightMode.fromPx4CustomMode(0x0604_0000L)).isEqualTo(FlightMode.LAND);
        assertThat(FlightMode.fromPx4CustomMode(0x0204_0000L)).isEqualTo(FlightMode.TAKEOFF);
        assertThat(FlightMode.px4MainModeOf(0xFF04_0000L)).isEqualTo(4);
        assertThat(FlightMode.px4SubModeOf(0xFF04_0000L)).isEqualTo(255);
    }

    @Test
    void shouldIgnorePx4sReservedLowBits() {
        assertThat(FlightMode.fromPx4CustomMode(0x0304_ABCDL)).isEqualTo(FlightMode.HOLD);
    }

    @Test
    void shouldHaveNoModeForPx4ModesHoverlaLacks() {
        assertThat(FlightMode.fromPx4CustomMode(0x0001_0000L)).as("MANUAL").isNull();
        assertThat(FlightMode.fromPx4CustomMode(0x0005_0000L)).as("ACRO").isNull();
        assertThat(FlightMode.fromPx4CustomMode(0x0704_0000L)).as("AUTO_FOLLOW_TARGET").isNull();
        assertThat(FlightMode.fromPx4CustomMode(0x0009_0000L)).as("undefined main mode").isNull();
        assertThat(FlightMode.fromPx4CustomMode(0L)).as("all zero").isNull();
    }
}
