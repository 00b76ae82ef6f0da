package org.hoverla.core.boot.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hoverla.core.timing.LoopHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog feeder against a real AF_UNIX datagram socket (systemd's side of sd_notify), with
 * a fake flight loop whose cycle count and timing health the test sets. No wall-clock waits: the
 * test takes the supervisor's looks itself.
 */
class FlightLoopWatchdogTest {
    @TempDir
    Path dir;
    private UnixDatagramReceiver systemd;
    private final FakeLoop loop = new FakeLoop();
    private long nowNs;

    @BeforeEach
    void bind() {
        systemd = new UnixDatagramReceiver(dir.resolve("notify"));
    }

    @AfterEach
    void unbind() {
        systemd.close();
    }

    private FlightLoopWatchdog watchdog() {
        return new FlightLoopWatchdog(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path.toString())),
                2_000_000_000L, () -> nowNs, 10_000_000_000L);
    }

    @Test
    void shouldSendReadyOnceTheFirstCycleRanThenFeedWhileCyclesAdvance() {
        // Given a booted vehicle whose flight loop has not run a cycle yet
        FlightLoopWatchdog dog = watchdog();
        dog.watch(loop);
        // When the supervisor looks before and after the first cycles
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.STARTING);
        assertThat(systemd.drain()).isEmpty();
        loop.cycles = 3;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.READY);
        loop.cycles = 503;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.FED);
        loop.cycles = 1003;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.FED);
        // Then systemd got READY=1, then WATCHDOG=1 at each look
        List<String> got = systemd.drain();
        assertThat(got).hasSize(3);
        assertThat(got.get(0)).startsWith("READY=1");
        assertThat(got.get(1)).startsWith("WATCHDOG=1");
        assertThat(got.get(2)).isEqualTo("WATCHDOG=1");
    }

    @Test
    void shouldStopFeedingWhenTheLoopStallsAndResumeWhenItRuns() {
        // Given a running, fed loop
        FlightLoopWatchdog dog = watchdog();
        dog.watch(loop);
        loop.cycles = 10;
        dog.checkOnce();
        systemd.drain();
        // When the cycle count stops moving for two looks
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.STALLED);
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.STALLED);
        // Then no WATCHDOG=1 is sent, only one STATUS naming the stall
        List<String> stalled = systemd.drain();
        assertThat(stalled).noneMatch(m -> m.contains("WATCHDOG=1"));
        assertThat(stalled).containsExactly("STATUS=flight loop stalled at cycle 10; watchdog not fed");
        // And once cycles advance again the feeding resumes
        loop.cycles = 11;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.FED);
        assertThat(systemd.drain()).singleElement().asString().startsWith("WATCHDOG=1");
    }

    @Test
    void shouldKeepFeedingAndReportWhileTimingIsOutsideItsLimits() {
        // Given a running loop whose measured timing breaks its limits
        FlightLoopWatchdog dog = watchdog();
        dog.watch(loop);
        loop.cycles = 10;
        dog.checkOnce();
        systemd.drain();
        loop.healthy = false;
        loop.cycles = 20;
        // When the supervisor looks
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.TIMING_UNHEALTHY);
        // Then it feeds (a restart would stop the motors; the degradation answers slow timing) and says why
        assertThat(systemd.drain()).containsExactly("WATCHDOG=1\nSTATUS=flight loop timing outside its limits: base p99 412 us");
    }

    @Test
    void shouldFeedACommandedRebootForItsGraceOnly() {
        // Given a fed loop, then a commanded reboot
        FlightLoopWatchdog dog = watchdog();
        dog.watch(loop);
        loop.cycles = 10;
        dog.checkOnce();
        dog.rebooting();
        systemd.drain();
        // When the next boot takes 5 s (within the 10 s grace), then 11 s
        nowNs = 5_000_000_000L;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.REBOOTING);
        FakeLoop next = new FakeLoop();
        dog.watch(next);
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.REBOOTING);
        nowNs = 11_000_000_000L;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.REBOOT_OVERDUE);
        // Then it was fed within the grace and not after; the new loop's first cycle feeds again
        List<String> got = systemd.drain();
        assertThat(got).filteredOn(m -> m.startsWith("WATCHDOG=1")).hasSize(2);
        assertThat(got.get(got.size() - 1)).isEqualTo("STATUS=reboot overran its grace; watchdog not fed");
        next.cycles = 1;
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.FED);
    }

    @Test
    void shouldSayStoppingWhenClosed() {
        // Given a running watchdog thread
        FlightLoopWatchdog dog = watchdog();
        dog.start();
        // When the vehicle stops
        dog.close();
        // Then systemd is told
        assertThat(systemd.drain()).contains("STOPPING=1");
    }

    @Test
    void shouldDoNothingWithoutANotifySocket() {
        // Given a process systemd did not start
        FlightLoopWatchdog dog = FlightLoopWatchdog.fromEnvironment(Map.of(), 42);
        dog.watch(loop);
        loop.cycles = 5;
        // When it looks, Then it concludes but sends nowhere, and no watchdog is set
        assertThat(dog.checkOnce()).isEqualTo(FlightLoopWatchdog.Verdict.READY);
        assertThat(dog.watchdogEnabled()).isFalse();
        dog.close();
    }

    @Test
    void shouldTakeTheWatchdogPeriodOnlyWhenItIsThisProcesss() {
        // Given systemd's variables naming this PID, another PID, or garbage
        Map<String, String> mine = Map.of("NOTIFY_SOCKET", "/run/x", "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "42");
        Map<String, String> other = Map.of("NOTIFY_SOCKET", "/run/x", "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "7");
        Map<String, String> bad = Map.of("NOTIFY_SOCKET", "/run/x", "WATCHDOG_USEC", "soon");
        // Then the looks come every half period, and only for this process
        assertThat(FlightLoopWatchdog.fromEnvironment(mine, 42).checkPeriodNs()).isEqualTo(1_000_000_000L);
        assertThat(FlightLoopWatchdog.fromEnvironment(mine, 42).watchdogEnabled()).isTrue();
        assertThat(FlightLoopWatchdog.fromEnvironment(other, 42).watchdogEnabled()).isFalse();
        assertThat(FlightLoopWatchdog.fromEnvironment(bad, 42).watchdogEnabled()).isFalse();
    }

    @Test
    void shouldAddressAbstractSocketsWithALeadingNul() {
        // Given an abstract-namespace socket name, Then sun_path starts with NUL and has no terminator
        byte[] addr = SystemdNotifier.sockaddrUn("@hoverla/notify");
        assertThat(addr).hasSize(2 + "@hoverla/notify".length());
        assertThat(addr[2]).isZero();
        assertThat(SystemdNotifier.sockaddrUn("/run/systemd/notify")).hasSize(2 + 19 + 1);
    }

    private static final class FakeLoop implements LoopHealth {
        volatile long cycles;
        volatile boolean healthy = true;

        @Override
        public long cycles() {
            return cycles;
        }

        @Override
        public boolean timingHealthy() {
            return healthy;
        }

        @Override
        public String problem() {
            return healthy ? "" : "base p99 412 us";
        }
    }
}
