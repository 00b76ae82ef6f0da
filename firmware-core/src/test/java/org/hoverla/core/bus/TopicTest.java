package org.hoverla.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hoverla.core.msg.VehicleAngularVelocity;
import org.junit.jupiter.api.Test;

class TopicTest {
    private final Topic<VehicleAngularVelocity> topic =
            new Topic<>("vehicle_angular_velocity", new VehicleAngularVelocity(), VehicleAngularVelocity::copyFrom);

    @Test
    void shouldCopyOnlyWhenChanged() {
        // Given a topic with one writer and one reader
        Publication<VehicleAngularVelocity> pub = topic.advertise();
        Subscription<VehicleAngularVelocity> sub = topic.subscribe();
        VehicleAngularVelocity in = new VehicleAngularVelocity();
        VehicleAngularVelocity out = new VehicleAngularVelocity();

        // Then nothing is there before the first publication
        assertThat(sub.update(out)).isFalse();
        assertThat(topic.generation()).isZero();

        // When a message is published
        in.rateFrdRadps.set(1, 2, 3);
        in.timestampNs = 42;
        pub.publish(in);

        // Then the reader gets it once
        assertThat(sub.update(out)).isTrue();
        assertThat(out.rateFrdRadps.y).isEqualTo(2.0);
        assertThat(out.timestampNs).isEqualTo(42);
        assertThat(sub.update(out)).isFalse();
        assertThat(topic.generation()).isEqualTo(1);
    }

    @Test
    void shouldGiveEachSubscriptionItsOwnCursor() {
        Publication<VehicleAngularVelocity> pub = topic.advertise();
        Subscription<VehicleAngularVelocity> a = topic.subscribe();
        Subscription<VehicleAngularVelocity> b = topic.subscribe();
        VehicleAngularVelocity m = new VehicleAngularVelocity();
        pub.publish(m);
        assertThat(a.update(m)).isTrue();
        assertThat(b.updated()).isTrue();
        assertThat(b.update(m)).isTrue();
        assertThat(a.update(m)).isFalse();
    }

    @Test
    void shouldRefuseASecondPublisher() {
        topic.advertise();
        assertThatThrownBy(topic::advertise).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vehicle_angular_velocity");
    }

    @Test
    void shouldNeverLetAReaderSeeATornMessage() throws Exception {
        // Given a writer thread that publishes x = y = z = k for increasing k
        Publication<VehicleAngularVelocity> pub = topic.advertise();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            VehicleAngularVelocity m = new VehicleAngularVelocity();
            for (long k = 1; k <= 2_000_000 && !stop.get(); k++) {
                m.rateFrdRadps.set(k, k, k);
                m.timestampNs = k;
                pub.publish(m);
            }
        });
        Subscription<VehicleAngularVelocity> sub = topic.subscribe();
        VehicleAngularVelocity out = new VehicleAngularVelocity();
        AtomicLong torn = new AtomicLong();
        writer.start();
        // When this thread reads as fast as it can (bounded number of reads)
        long lastSeen = 0;
        for (int i = 0; i < 2_000_000; i++) {
            if (sub.update(out)) {
                long k = out.timestampNs;
                if (out.rateFrdRadps.x != k || out.rateFrdRadps.y != k || out.rateFrdRadps.z != k || k < lastSeen) {
                    torn.incrementAndGet();
                }
                lastSeen = k;
            }
        }
        stop.set(true);
        writer.join();
        // Then every message read was whole and never older than the previous one
        assertThat(torn.get()).isZero();
        assertThat(lastSeen).isPositive();
    }
}
