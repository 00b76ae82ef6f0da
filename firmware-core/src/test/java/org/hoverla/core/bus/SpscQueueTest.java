package org.hoverla.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hoverla.core.msg.VehicleCommand;
import org.junit.jupiter.api.Test;

class SpscQueueTest {
    @Test
    void shouldDeliverInOrderAndCountDropsWhenFull() {
        // Given a queue of four slots
        SpscQueue<VehicleCommand> q = new SpscQueue<>(4, VehicleCommand::new, VehicleCommand::copyFrom);
        VehicleCommand c = new VehicleCommand();
        // When six commands are offered
        for (int i = 0; i < 6; i++) {
            c.sequence = i;
            boolean accepted = q.offer(c);
            assertThat(accepted).isEqualTo(i < 4);
        }
        // Then the first four come out in order and two were dropped
        assertThat(q.dropped()).isEqualTo(2);
        VehicleCommand out = new VehicleCommand();
        for (int i = 0; i < 4; i++) {
            assertThat(q.poll(out)).isTrue();
            assertThat(out.sequence).isEqualTo(i);
        }
        assertThat(q.poll(out)).isFalse();
        assertThat(q.size()).isZero();
    }

    @Test
    void shouldCopyNotShareTheProducersObject() {
        SpscQueue<VehicleCommand> q = new SpscQueue<>(2, VehicleCommand::new, VehicleCommand::copyFrom);
        VehicleCommand c = new VehicleCommand();
        c.param1 = 1.0;
        q.offer(c);
        c.param1 = 2.0;
        VehicleCommand out = new VehicleCommand();
        q.poll(out);
        assertThat(out.param1).isEqualTo(1.0);
    }

    @Test
    void shouldPassEveryElementAcrossThreads() throws Exception {
        SpscQueue<VehicleCommand> q = new SpscQueue<>(64, VehicleCommand::new, VehicleCommand::copyFrom);
        int n = 200_000;
        Thread producer = new Thread(() -> {
            VehicleCommand c = new VehicleCommand();
            for (int i = 0; i < n; ) {
                c.sequence = i;
                c.param1 = i * 2.0;
                if (q.offer(c)) {
                    i++;
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        VehicleCommand out = new VehicleCommand();
        long expected = 0;
        long bad = 0;
        long spins = 0;
        while (expected < n && spins < 2_000_000_000L) {
            if (q.poll(out)) {
                if (out.sequence != expected || out.param1 != expected * 2.0) {
                    bad++;
                }
                expected++;
            } else {
                spins++;
                Thread.onSpinWait();
            }
        }
        producer.join();
        assertThat(expected).isEqualTo(n);
        assertThat(bad).isZero();
    }

    @Test
    void shouldRefuseACapacityThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new SpscQueue<>(3, VehicleCommand::new, VehicleCommand::copyFrom))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
