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
    /** The wall clock bounding non-blocking polling; it moves only when a test moves it. */
    private final AtomicLong fakeWallNs = new AtomicLong(1_000_000_000_000L);

    {
        manager.wallNanos(fakeWallNs::get);
    }

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

    /**
     * Non-blocking turns counted after a task has run on the MAVLink thread: every turn that
     * began after the caller's last change has then checked the pollers.
     */
    private long nonBlockingTurnsAfterATurn() throws Exception {
        manager.eventLoop().submit(() -> { }).get();
        return manager.eventLoop().submit(manager::nonBlockingTurns).get();
    }

    /** The count over several more turns of the loop (each submitted task wakes it for one). */
    private void assertNoMoreNonBlockingTurns(long count) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(nonBlockingTurnsAfterATurn()).isEqualTo(count);
        }
    }

    @Test
    void shouldPollWithoutBlockingWhileAnAnswerIsPendingAndStopOnceItIsCollected() throws Exception {
        // Given: a started manager, nothing pending
        Answer answer = new Answer();
        manager.addPoller(answer);
        manager.start();
        long idle = nonBlockingTurnsAfterATurn();
        assertNoMoreNonBlockingTurns(idle);

        // When: a command is handed over and the flight thread has not answered yet
        answer.commandHandedOver.set(true);

        // Then: the loop keeps turning without blocking (many turns, not one per 20 ms tick)
        await().atMost(WAIT).until(() -> manager.nonBlockingTurns() > idle + 100);

        // When: the answer is published and collected
        answer.published.set(true);
        await().atMost(WAIT).until(() -> answer.collectedOn.get() != null);

        // Then: the loop blocks again: no further non-blocking turn
        long afterAnswer = nonBlockingTurnsAfterATurn();
        assertNoMoreNonBlockingTurns(afterAnswer);
        assertThat(answer.pending()).isFalse();
    }

    @Test
    void shouldFallBackToBlockingAfterASecondOfWallTimePendingAndPollFastAgainForTheNextCommand()
            throws Exception {
        // Given: a command pending on a started manager, polled without blocking
        Answer stuck = new Answer();
        manager.addPoller(stuck);
        manager.start();
        stuck.commandHandedOver.set(true);
        long before = nonBlockingTurnsAfterATurn();
        await().atMost(WAIT).until(() -> manager.nonBlockingTurns() > before + 10);

        // When: more than the bound passes on the wall clock with the command still pending
        // (the vehicle clock, fakeNow, stands still: a stopped SITL never times the command out)
        fakeWallNs.addAndGet(MavlinkLinkManager.MAX_PENDING_POLL_WALL_NS + 1);

        // Then: the loop blocks again although the poller is still pending
        long spent = nonBlockingTurnsAfterATurn();
        assertNoMoreNonBlockingTurns(spent);
        assertThat(stuck.pending()).isTrue();

        // When: pending clears (the answer is collected) and a new command becomes pending
        stuck.published.set(true);
        await().atMost(WAIT).until(() -> stuck.collectedOn.get() != null);
        nonBlockingTurnsAfterATurn();
        Answer next = new Answer();
        manager.addPoller(next);
        next.commandHandedOver.set(true);

        // Then: the fast mode is back
        await().atMost(WAIT).until(() -> manager.nonBlockingTurns() > spent + 10);
        assertThat(next.pending()).isTrue();
    }
}
