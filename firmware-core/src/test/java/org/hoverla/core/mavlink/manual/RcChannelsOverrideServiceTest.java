package org.hoverla.core.mavlink.manual;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.RcChannelsOverride;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

class RcChannelsOverrideServiceTest {
    private final FlightBus bus = new FlightBus();
    private final RcChannelsOverrideService service = new RcChannelsOverrideService(1, bus);
    private final Subscription<RcInputSample> sub = bus.rcOverride.subscribe();
    private final RcInputSample seen = new RcInputSample();

    private static MavlinkMessage<?> message(RcChannelsOverride payload) {
        return org.hoverla.core.mavlink.Frames.from(255, 190, payload);
    }

    @Test
    void shouldCountChannelsAsPx4DoesAndPublishRawPulses() {
        // Given channels 1-4 set, 5-8 UINT16_MAX (ignore), 9-18 0 (ignore above 8)
        RcChannelsOverride m = RcChannelsOverride.builder().targetSystem(1).chan1Raw(1500).chan2Raw(1600)
                .chan3Raw(1000).chan4Raw(1400).chan5Raw(0xFFFF).chan6Raw(0xFFFF).chan7Raw(0xFFFF).chan8Raw(0xFFFF)
                .build();
        // When it arrives
        service.onMessage(new TestLink(0, "udp"), message(m), 42L);
        // Then a 4-channel RC frame, stamped with the vehicle time
        assertThat(sub.update(seen)).isTrue();
        assertThat(seen.channelCount).isEqualTo(4);
        assertThat(seen.channelsUs[1]).isEqualTo(1600);
        assertThat(seen.timestampSampleNs).isEqualTo(42L);
        assertThat(seen.failsafe).isFalse();
    }

    @Test
    void shouldMarkAnIgnoredChannelBelowTheCountAsNoPulseAndDropOtherTargets() {
        // (PX4: 0 on channels 1-8 is a value, not "ignore")
        int[] raw = new int[18];
        java.util.Arrays.fill(raw, 0, 8, 0xFFFF);
        raw[0] = 1500;
        raw[1] = 0xFFFF;
        raw[2] = 1200;
        RcInputSample out = new RcInputSample();
        RcChannelsOverrideService.toFrame(raw, 0, out);
        assertThat(out.channelCount).isEqualTo(3);
        assertThat(out.channelsUs[1]).isZero(); // refused as implausible by the rc_input task
        service.onMessage(new TestLink(0, "udp"), message(RcChannelsOverride.builder().targetSystem(7).build()), 0);
        assertThat(service.otherTarget()).isEqualTo(1);
        assertThat(sub.update(seen)).isFalse();
    }
}
