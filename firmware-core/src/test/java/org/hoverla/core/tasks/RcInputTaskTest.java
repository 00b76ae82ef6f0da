package org.hoverla.core.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

class RcInputTaskTest {
    private final FlightBus bus = new FlightBus();
    private final RcInputSample frame = new RcInputSample();
    private boolean fresh;
    private final RcInputTask task = new RcInputTask(dst -> {
        if (!fresh) {
            return false;
        }
        dst.copyFrom(frame);
        fresh = false;
        return true;
    }, bus.rcInput.advertise());
    private final Subscription<RcInputSample> sub = bus.rcInput.subscribe();
    private final RcInputSample seen = new RcInputSample();

    private void deliver(int count, int us) {
        frame.channelCount = count;
        for (int i = 0; i < RcInputSample.MAX_CHANNELS; i++) {
            frame.channelsUs[i] = us;
        }
        fresh = true;
        task.run(0);
    }

    @Test
    void shouldPublishPlausibleFramesAndCountTheRest() {
        deliver(8, 1500);
        assertThat(sub.update(seen)).isTrue();
        assertThat(seen.channelCount).isEqualTo(8);
        deliver(8, 3000);
        deliver(40, 1500);
        deliver(-1, 1500);
        assertThat(sub.update(seen)).isFalse();
        assertThat(task.rejectedFrames()).isEqualTo(3);
        task.run(1);
        assertThat(sub.update(seen)).isFalse();
    }
}
