package org.hoverla.sim.realtime;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.bus.Topic;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;

/**
 * The RC receiver of the real-time simulator: what a serial RC driver thread would publish, the
 * simulated transmitter publishes here (a seqlock {@link Topic}, as the backend channels), and
 * the flight thread polls it. Silent unless something publishes.
 *
 * <p>Threads: {@link #accept} on the physics thread; {@link #poll} on the flight thread.
 */
public final class RcChannel implements RcReceiver {
    private final Publication<RcInputSample> publication;
    private final Subscription<RcInputSample> subscription;

    public RcChannel(String name) {
        Topic<RcInputSample> topic = new Topic<>(name, new RcInputSample(), RcInputSample::copyFrom);
        publication = topic.advertise();
        subscription = topic.subscribe();
    }

    /** Physics thread: publishes one frame. */
    public void accept(RcInputSample sample) {
        publication.publish(sample);
    }

    @Override
    public boolean poll(RcInputSample dst) {
        return subscription.update(dst);
    }
}
