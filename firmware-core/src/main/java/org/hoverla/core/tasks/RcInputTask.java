package org.hoverla.core.tasks;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;

/**
 * RC receiver frontend: polls the receiver and publishes plausible frames (channel count within
 * the HAL's limit, pulse widths 800–2200 µs); implausible frames are counted and dropped. Stick
 * mapping and RC-loss failsafes come with the manual-flight and failsafe work; today the frames
 * feed telemetry (RC_CHANNELS).
 */
public final class RcInputTask implements FlightTask {
    private static final int MIN_PULSE_US = 800;
    private static final int MAX_PULSE_US = 2200;

    private final RcReceiver receiver;
    private final Publication<RcInputSample> pub;
    private final RcInputSample sample = new RcInputSample();
    private long rejectedFrames;

    public RcInputTask(RcReceiver receiver, Publication<RcInputSample> pub) {
        this.receiver = receiver;
        this.pub = pub;
    }

    @Override
    public void run(long nowNs) {
        if (!receiver.poll(sample)) {
            return;
        }
        if (sample.channelCount < 0 || sample.channelCount > RcInputSample.MAX_CHANNELS) {
            rejectedFrames++;
            return;
        }
        for (int i = 0; i < sample.channelCount; i++) {
            int us = sample.channelsUs[i];
            if (us < MIN_PULSE_US || us > MAX_PULSE_US) {
                rejectedFrames++;
                return;
            }
        }
        pub.publish(sample);
    }

    public long rejectedFrames() {
        return rejectedFrames;
    }
}
