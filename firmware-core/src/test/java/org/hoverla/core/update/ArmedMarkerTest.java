package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArmedMarkerTest {
    @TempDir
    Path state;

    @Test
    void shouldWriteTheMarkerWhileArmedAndRemoveItOnDisarm() throws Exception {
        // Given a writer for this process
        ArmedMarker m = new ArmedMarker(state);
        // When armed, Then the marker names this live process and the reader believes it
        m.set(true);
        assertThat(Files.readString(ArmedMarker.file(state))).startsWith(ProcessHandle.current().pid() + " ");
        assertThat(ArmedMarker.armedBy(state)).contains("pid " + ProcessHandle.current().pid());
        // When disarmed, Then it is gone
        m.set(false);
        assertThat(Files.exists(ArmedMarker.file(state))).isFalse();
        assertThat(ArmedMarker.armedBy(state)).isEmpty();
    }

    @Test
    void shouldRemoveAStaleMarkerAtTheWritersFirstCall() throws Exception {
        // Given a marker left by an earlier vehicle process
        Files.createDirectories(ArmedMarker.file(state).getParent());
        Files.writeString(ArmedMarker.file(state), ProcessHandle.current().pid() + " 0\n");
        // When a new writer starts disarmed, Then the marker is removed
        new ArmedMarker(state).set(false);
        assertThat(Files.exists(ArmedMarker.file(state))).isFalse();
    }

    @Test
    void shouldIgnoreAMarkerWhoseProcessIsGoneOrWasReplaced() throws Exception {
        // Given a marker naming a process that has exited
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Files.createDirectories(ArmedMarker.file(state).getParent());
        Files.writeString(ArmedMarker.file(state), p.pid() + " 1\n");
        // Then it does not count as armed
        assertThat(ArmedMarker.armedBy(state)).isEmpty();
        // And a marker naming this pid with another start time (a reused pid) does not either
        Files.writeString(ArmedMarker.file(state), ProcessHandle.current().pid() + " 1\n");
        assertThat(ArmedMarker.armedBy(state)).isEmpty();
        // But an unreadable marker counts as armed (fail safe)
        Files.writeString(ArmedMarker.file(state), "garbage\n");
        assertThat(ArmedMarker.armedBy(state)).contains("unreadable marker " + ArmedMarker.file(state));
    }

    @Test
    void shouldMirrorTheArmingStateFromItsOwnThread() throws Exception {
        // Given a watcher whose arming source counts its polls
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch[] afterPoll = {new CountDownLatch(2)};
        Thread t = ArmedMarker.watch(state, () -> {
            polls.incrementAndGet();
            afterPoll[0].countDown();
            return armed.get();
        }, stop::get, s -> { });
        assertThat(t.getName()).isEqualTo("armed-marker");
        assertThat(t.isDaemon()).isTrue();
        // When armed: by the second poll the first one's state is on disk
        assertThat(afterPoll[0].await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ArmedMarker.armedBy(state)).isPresent();
        // When disarmed: two polls later the marker is gone
        afterPoll[0] = new CountDownLatch(2);
        armed.set(false);
        assertThat(afterPoll[0].await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ArmedMarker.armedBy(state)).isEmpty();
        // When stopped, Then the thread ends with no marker left
        armed.set(true);
        stop.set(true);
        t.join(30_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(Files.exists(ArmedMarker.file(state))).isFalse();
    }
}
