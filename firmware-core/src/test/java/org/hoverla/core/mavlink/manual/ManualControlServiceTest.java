package org.hoverla.core.mavlink.manual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dronefleet.mavlink.common.ManualControl;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.vehicle.FlightBus;
import org.junit.jupiter.api.Test;

class ManualControlServiceTest {
    private static final int UNUSED = Short.MAX_VALUE;

    private final FlightBus bus = new FlightBus();
    private final ManualControlService service = new ManualControlService(1, bus);
    private final Subscription<ManualControlSetpoint> sub = bus.manualControlMavlink.subscribe();
    private final ManualControlSetpoint in = new ManualControlSetpoint();
    private final TestLink link = new TestLink(0, "udp");

    private void send(int target, int x, int y, int z, int r, long nowNs) {
        service.onMessage(link, Frames.from(255, 190, ManualControl.builder().target(target).x(x).y(y).z(z).r(r)
                .buttons(0b101).build()), nowNs);
    }

    @Test
    void shouldScaleAxesAsPx4WithThrottleFromZeroToOneThousand() {
        // Given QGC's joystick: half forward, a quarter left, throttle 750 of 0..1000, full yaw right
        // When it arrives addressed to this system
        send(1, 500, -250, 750, 1000, 42);
        // Then the sticks are normalised (PX4 handle_message_manual_control) and stamped
        assertThat(sub.update(in)).isTrue();
        assertThat(in.timestampNs).isEqualTo(42);
        assertThat(in.count).isEqualTo(1);
        assertThat(in.pitchNorm).isCloseTo(0.5, within(1e-9));
        assertThat(in.rollNorm).isCloseTo(-0.25, within(1e-9));
        assertThat(in.throttleNorm).isCloseTo(0.75, within(1e-9));
        assertThat(in.yawNorm).isCloseTo(1.0, within(1e-9));
        assertThat(in.buttons).isEqualTo(0b101);
        assertThat(service.accepted()).isEqualTo(1);
    }

    @Test
    void shouldAcceptBroadcastAndIgnoreAndCountOtherSystems() {
        // When one message is broadcast (target 0) and one is for system 2
        send(0, 100, 0, 500, 0, 1);
        send(2, 900, 0, 500, 0, 2);
        // Then only the broadcast became input; the other was counted, nothing published
        assertThat(sub.update(in)).isTrue();
        assertThat(in.pitchNorm).isCloseTo(0.1, within(1e-9));
        assertThat(sub.update(in)).isFalse();
        assertThat(service.accepted()).isEqualTo(1);
        assertThat(service.otherTarget()).isEqualTo(1);
    }

    @Test
    void shouldReadUnusedAxesAsCentredAndClampOutOfRangeValues() {
        // When every axis says INT16_MAX ("invalid/unused", mavlink.io)
        send(1, UNUSED, UNUSED, UNUSED, UNUSED, 1);
        sub.update(in);
        // Then the sticks are centred: no motion, throttle at hold
        assertThat(in.pitchNorm).isZero();
        assertThat(in.rollNorm).isZero();
        assertThat(in.yawNorm).isZero();
        assertThat(in.throttleNorm).isEqualTo(0.5);
        // When values lie beyond the range (a negative throttle, axes past ±1000)
        send(1, 32000, -32768, -1000, -5000, 2);
        sub.update(in);
        // Then they are clamped to the stick travel
        assertThat(in.pitchNorm).isEqualTo(1.0);
        assertThat(in.rollNorm).isEqualTo(-1.0);
        assertThat(in.throttleNorm).isZero();
        assertThat(in.yawNorm).isEqualTo(-1.0);
        assertThat(service.accepted()).isEqualTo(2);
    }
}
