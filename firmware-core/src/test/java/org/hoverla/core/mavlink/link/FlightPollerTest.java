package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pollers of the flight thread's outputs run on the MAVLink thread, and a failing one does not stop the others. */
class FlightPollerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicLong fakeNow = new AtomicLong(5_000_000_000L);
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, fakeNow::get);

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** Stands in for the commander: a flag it sets, and the answer the MAVLink thread collects. */
    private static final class Answer implements FlightPoller {
        final AtomicBoolean commandHandedOver = new AtomicBoolean();
        final AtomicBoolean published = new AtomicBoolean();
        final AtomicReference<Thread> collectedOn = new AtomicReference<>();
        final AtomicLong collectedAtNs = new AtomicLong(-1);

        @Override
        public boolean pending() {
            return commandHandedOver.get() && collectedOn.get() == null;
        }

        @Override
        public void poll(long nowNs) {
            if (published.get() && collectedOn.get() == null) {
                collectedAtNs.set(nowNs);
                collectedOn.set(Thread.currentThread());
            }
        }
    }

    @Test
    void shouldCollectAnAnswerPublishedByAnotherThreadOnTheMavlinkThread() throws Exception {
        // Given: a started manager with a poller awaiting an answer
        Answer answer = new Answer();
        manager.addPoller(answer);
        manager.start();
        Thread mavlinkThread = manager.eventLoop().submit(Thread::currentThread).get();
        answer.commandHandedOver.set(true);

        // When: another thread (the flight thread) publishes, waking no one
        Thread flight = new Thread(() -> answer.published.set(true), "flight");
        flight.start();
        flight.join();

        // Then: the MAVLink thread collects it, with the vehicle clock's time
        await().atMost(WAIT).until(() -> answer.collectedOn.get() != null);
        assertThat(answer.collectedOn.get()).isSameAs(mavlinkThread);
        assertThat(answer.collectedAtNs.get()).isEqualTo(5_000_000_000L);
        assertThat(answer.pending()).isFalse();
    }

    @Test
    void shouldCountAFailingPollerAndKeepRunningTheOthers() throws Exception {
        // Given: a poller that always throws, registered before a working one
        manager.addPoller(new FlightPoller() {
            @Override
            public boolean pending() {
                throw new IllegalStateException("broken pending");
            }

            @Override
            public void poll(long nowNs) {
                throw new IllegalStateException("broken poll");
            }
        });
        Answer answer = new Answer();
        manager.addPoller(answer);
        manager.start();

        // When
        answer.commandHandedOver.set(true);
        answer.published.set(true);

        // Then
        await().atMost(WAIT).until(() -> answer.collectedOn.get() != null);
        assertThat(manager.serviceErrors()).isPositive();
        assertThat(manager.eventLoop().isShuttingDown()).isFalse();
    }
}
