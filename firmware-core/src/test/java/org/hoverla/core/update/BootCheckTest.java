package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hoverla.core.boot.BoardConfig;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.FakeBuses;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.selftest.SelfTestCheck;
import org.hoverla.core.selftest.SelfTestReport;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.unit.UnitRecords;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot check in a scratch root with a fake clock: the v1..v4 story (v2 committed, v3's
 * self-test fails on a board file declaring a sensor the unit does not carry, v4 crash-loops), a
 * failing health window, a corrupt state, and the edges of the window and the rollback.
 */
class BootCheckTest {
    private static final long S = 1_000_000_000L;
    private static final Supplier<Instant> WALL = () -> Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path root;

    private UpdateLayout layout;
    private final SimClock clock = new SimClock(1_000 * S);
    private final List<String> log = new ArrayList<>();
    /** The loop-timing verdict the health window reads: "" = within the limits. */
    private String verdict = "";

    @BeforeEach
    void setUp() {
        layout = new UpdateLayout(root);
    }

    // ------------------------------------------------------------------ the story

    @Test
    void shouldCommitV2RollBackV3OnItsSelfTestAndRollBackV4OnACrashLoop() throws Exception {
        // Given v1 installed and committed, with its parameter file live and snapshotted
        install("v1");
        layout.switchCurrent("v1");
        writeLiveParams("MPC_XY_P", 1.5);
        Files.createDirectories(layout.paramsSnapshot("v1").getParent());
        Files.copy(layout.paramsFile(), layout.paramsSnapshot("v1"));
        new UpdateState("v1", null, true, "v1", 0, null).write(layout.stateFile());

        // And v2 installed on top (current switched, not committed)
        installOnTop("v2", "v1");

        // When v2 starts: its self-test on the bench-fake board passes, then 30 healthy seconds
        BootCheck v2 = check("v2", BoardFile.load("bench-fake"));
        BootCheck.Decision started = v2.onStart();
        assertThat(started.phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isEqualTo(1);
        assertThat(v2.preArmFailure()).isEqualTo(BootCheck.PREARM_ON_TRIAL);
        v2.beginHealthWindow(UpdateParams.HEALTH_S_DEFAULT);
        BootCheck.Decision last = null;
        for (int s = 1; s <= 29; s++) {
            clock.advance(S);
            last = v2.tick();
            assertThat(last.phase()).as("second %d", s).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        }
        clock.advance(S);
        last = v2.tick();

        // Then v2 is committed, last good, its parameters snapshotted, and arming allowed
        assertThat(last.phase()).isEqualTo(BootCheck.Phase.COMMITTED);
        assertThat(v2.preArmFailure()).isEmpty();
        UpdateState afterV2 = UpdateState.read(layout.stateFile());
        assertThat(afterV2.current()).isEqualTo("v2");
        assertThat(afterV2.committed()).isTrue();
        assertThat(afterV2.lastGood()).isEqualTo("v2");
        assertThat(afterV2.trialBoots()).isZero();
        assertThat(afterV2.lastEvent().kind()).isEqualTo("commit");
        byte[] v2Params = Files.readAllBytes(layout.paramsFile());
        assertThat(Files.readAllBytes(layout.paramsSnapshot("v2"))).isEqualTo(v2Params);

        // Given v3 installed on top of v2, and its first start changing the live parameters
        installOnTop("v3", "v2");
        writeLiveParams("MPC_XY_P", 2.5);
        assertThat(Files.readAllBytes(layout.paramsFile())).isNotEqualTo(v2Params);

        // When v3 starts with its board file, which declares a barometer the unit does not carry
        BootCheck v3 = check("v3", BoardFile.load(resource("update/bench-fake-v3.yaml")));
        BootCheck.Decision rolled = v3.onStart();

        // Then the self-test names the missing chip, and the unit is back on v2 with v2's parameters, byte for byte
        assertThat(rolled.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(rolled.exit()).isTrue();
        assertThat(rolled.target()).isEqualTo("v2");
        assertThat(rolled.message()).contains("self-test failed: baro1:bmp388 chip id no answer (limit = 0x50)")
                .contains("no acknowledge (device absent)");
        assertThat(layout.currentVersion()).isEqualTo("v2");
        assertThat(Files.readAllBytes(layout.paramsFile())).isEqualTo(v2Params);
        UpdateState afterV3 = UpdateState.read(layout.stateFile());
        assertThat(afterV3.current()).isEqualTo("v2");
        assertThat(afterV3.previous()).isEqualTo("v3");
        assertThat(afterV3.committed()).isTrue();
        assertThat(afterV3.lastGood()).isEqualTo("v2");
        assertThat(afterV3.trialBoots()).isZero();
        assertThat(afterV3.lastEvent().kind()).isEqualTo("rollback");
        assertThat(afterV3.lastEvent().from()).isEqualTo("v3");
        assertThat(afterV3.lastEvent().to()).isEqualTo("v2");
        assertThat(afterV3.lastEvent().reason()).startsWith("self-test failed: baro1:bmp388 chip id");
        assertThat(Files.isDirectory(layout.versionDir("v3"))).as("the failed version is kept").isTrue();

        // Given v4 installed on top of v2
        installOnTop("v4", "v2");

        // When v4 starts three times without ever committing (each start dies in its health window)
        for (int start = 1; start <= 3; start++) {
            BootCheck v4 = check("v4", BoardFile.load("bench-fake"));
            assertThat(v4.onStart().phase()).as("start %d", start).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
            assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isEqualTo(start);
            v4.beginHealthWindow(30);
            clock.advance(5 * S);
            v4.tick();
        }
        // And a fourth time
        BootCheck.Decision loop = check("v4", BoardFile.load("bench-fake")).onStart();

        // Then the fourth start rolls back to the last good version, v2, with v2's parameters
        assertThat(loop.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(loop.target()).isEqualTo("v2");
        assertThat(loop.message()).contains("crash loop: 4 starts of v4 without passing the boot check");
        assertThat(layout.currentVersion()).isEqualTo("v2");
        assertThat(Files.readAllBytes(layout.paramsFile())).isEqualTo(v2Params);
        UpdateState afterV4 = UpdateState.read(layout.stateFile());
        assertThat(afterV4.current()).isEqualTo("v2");
        assertThat(afterV4.previous()).isEqualTo("v4");
        assertThat(afterV4.lastEvent().reason()).isEqualTo("crash loop: 4 starts of v4 without passing the boot check");

        // And the unit record holds the commit and both rollbacks, the self-test result with v2's and v3's
        List<ObjectNode> record = UnitRecords.read(UnitRecords.defaultFile(layout.stateDir()));
        List<JsonNode> updates = record.stream().filter(e -> e.path("event").asText().equals("update"))
                .map(e -> (JsonNode) e.path("payload")).toList();
        assertThat(updates).extracting(p -> p.path("kind").asText() + " " + p.path("from").asText() + "->"
                + p.path("to").asText()).containsExactly("commit v1->v2", "rollback v3->v2", "rollback v4->v2");
        assertThat(updates.get(0).path("selftest").path("passed").asBoolean()).isTrue();
        assertThat(updates.get(1).path("selftest").path("passed").asBoolean()).isFalse();
        assertThat(updates.get(2).has("selftest")).as("no self-test ran at the crash-loop start").isFalse();
    }

    // ------------------------------------------------------------------ health window

    @Test
    void shouldRollBackWhenASecondOfTheHealthWindowBreaksALoopTimingLimit() throws Exception {
        // Given v2 on trial over a committed v1, its self-test passed
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        assertThat(v2.onStart().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        v2.beginHealthWindow(30);

        // When 11 good seconds are followed by one that breaks the stall limit
        for (int s = 1; s <= 11; s++) {
            clock.advance(S);
            assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        }
        clock.advance(S);
        verdict = "loop stall 81234 us > 50000 us";
        BootCheck.Decision d = v2.tick();

        // Then it rolls back to v1, naming the limit, the figure and when
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(d.message()).contains("health window failed: loop stall 81234 us > 50000 us (12 s into a 30 s health window)");
        assertThat(layout.currentVersion()).isEqualTo("v1");
        assertThat(UpdateState.read(layout.stateFile()).lastEvent().reason())
                .startsWith("health window failed: loop stall 81234 us > 50000 us (12 s into a 30 s health window)");
        // And later ticks change nothing
        clock.advance(S);
        assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
    }

    @Test
    void shouldAdoptAStartThePackagesLauncherCountedWithoutCountingItAgain() throws Exception {
        // Given v2 on trial, and this start counted by the package's launcher (hoverla boot-check --count-start)
        committedV1ThenV2OnTop();
        assertThat(check("v2", failing()).countStart().phase()).isEqualTo(BootCheck.Phase.TRIAL_COUNTED);
        assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isEqualTo(1);

        // When the release's own run adopts it and runs its self-test
        BootCheck v2 = check("v2", passing());
        assertThat(v2.adoptCountedStart().phase()).isEqualTo(BootCheck.Phase.TRIAL_COUNTED);
        BootCheck.Decision d = v2.onStart();

        // Then the start is counted once, and the health window follows the self-test
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isEqualTo(1);
    }

    @Test
    void shouldRollBackWhenTheHealthWindowGetsNoVerdictsUntilItsDeadline() throws Exception {
        // Given v2 in its 30 s health window, and the loop timing giving no verdict at all (a stalled timing thread)
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        assertThat(v2.onStart().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        v2.beginHealthWindow(30);
        verdict = null;

        // When three window lengths pass, Then it is still on trial; one second later it rolls back to v1
        clock.advance(BootCheck.WINDOW_DEADLINE_FACTOR * 30 * S);
        assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        clock.advance(S);
        BootCheck.Decision d = v2.tick();
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(d.message()).contains("health window not completed: 0 of 30 healthy seconds after 90 s");
        assertThat(layout.currentVersion()).isEqualTo("v1");
    }

    @Test
    void shouldNeitherCommitNorRollBackAVersionSupersededDuringItsHealthWindow() throws Exception {
        // Given v2 in its health window, and v3 installed meanwhile (the unit is disarmed, so an install may run)
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        assertThat(v2.onStart().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        v2.beginHealthWindow(5);
        installOnTop("v3", "v2");

        // When the window would commit v2
        BootCheck.Decision d = null;
        for (int s = 1; s <= 5; s++) {
            clock.advance(S);
            d = v2.tick();
        }

        // Then v3 stays current and on trial, v2 is not committed over it, and arming stays refused until the restart
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.STUCK);
        assertThat(v2.preArmFailure()).isEqualTo(BootCheck.PREARM_UPDATE_PENDING);
        assertThat(layout.currentVersion()).isEqualTo("v3");
        UpdateState s = UpdateState.read(layout.stateFile());
        assertThat(s.current()).isEqualTo("v3");
        assertThat(s.committed()).isFalse();
    }

    @Test
    void shouldRestoreTheTargetsParametersAgainAfterTheStopWhenTheVehicleSavedLate() throws Exception {
        // Given v2 committed with its snapshot, and v3 on trial in its health window
        committedV1ThenV2OnTop();
        writeLiveParams("MPC_XY_P", 1.5);
        Files.createDirectories(layout.paramsSnapshot("v2").getParent());
        Files.copy(layout.paramsFile(), layout.paramsSnapshot("v2"));
        new UpdateState("v2", "v1", true, "v2", 0, null).write(layout.stateFile());
        installOnTop("v3", "v2");
        BootCheck v3 = check("v3", passing());
        v3.onStart();
        v3.beginHealthWindow(30);

        // When a bad second rolls it back, and the still-running v3 then saves a PARAM_SET
        verdict = "loop stall 60000 us > 50000 us";
        clock.advance(S);
        assertThat(v3.tick().phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        writeLiveParams("MPC_XY_P", 2.5);
        v3.restoreParamsAfterStop();

        // Then once stopped, the live file is v2's snapshot again, byte for byte
        assertThat(Files.readAllBytes(layout.paramsFile())).isEqualTo(Files.readAllBytes(layout.paramsSnapshot("v2")));
    }

    @Test
    void shouldToleratePartOfARunOfBadSecondsWhenUpdBadSAllowsItButNeverCommitOnThem() throws Exception {
        // Given v2 on trial with a 10 s window that rolls back after 3 bad seconds in a row (UPD_BAD_S 3)
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        v2.onStart();
        v2.beginHealthWindow(10, 3);

        // When 8 good seconds are followed by 2 bad ones
        for (int s = 1; s <= 8; s++) {
            clock.advance(S);
            v2.tick();
        }
        verdict = "loop p99 period error 1519 us > 1000 us";
        for (int s = 1; s <= 2; s++) {
            clock.advance(S);
            assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        }

        // Then the good count started over: 9 good seconds later it is still on trial, the 10th commits
        assertThat(v2.goodSeconds()).isZero();
        verdict = "";
        for (int s = 1; s <= 9; s++) {
            clock.advance(S);
            assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        }
        clock.advance(S);
        assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.COMMITTED);
    }

    @Test
    void shouldRollBackOnTheThirdBadSecondInARowWhenUpdBadSIsThree() throws Exception {
        // Given v2 on trial, UPD_BAD_S 3
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        v2.onStart();
        v2.beginHealthWindow(30, 3);

        // When three seconds in a row break a limit
        verdict = "loop deadline misses 2.5% > 2.0%";
        clock.advance(S);
        v2.tick();
        clock.advance(S);
        v2.tick();
        clock.advance(S);
        BootCheck.Decision d = v2.tick();

        // Then the third rolls back, saying so
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(d.message()).contains("health window failed: loop deadline misses 2.5% > 2.0% (3 s into a 30 s health window, "
                + "3 bad seconds in a row)");
    }

    @Test
    void shouldSnapshotAnEmptySetWhenTheCommittedVersionRanOnDefaultsSoARollbackRestoresThem() throws Exception {
        // Given v2 on trial with no parameter file at all (every parameter at its default)
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        v2.onStart();
        v2.beginHealthWindow(5);

        // When it commits
        for (int s = 1; s <= 5; s++) {
            clock.advance(S);
            v2.tick();
        }
        assertThat(v2.phase()).isEqualTo(BootCheck.Phase.COMMITTED);

        // Then its snapshot is a sound, empty set: loaded, it changes nothing
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        double before = params.store.find("MPC_XY_P").doubleValue();
        var loaded = new ParamFile(layout.paramsSnapshot("v2")).load(store);
        assertThat(loaded.warnings()).isEmpty();
        assertThat(store.find("MPC_XY_P").doubleValue()).isEqualTo(before);

        // And when v3 fails later, the live file v3 wrote is replaced by that empty set
        installOnTop("v3", "v2");
        writeLiveParams("MPC_XY_P", 2.5);
        check("v3", failing()).onStart();
        assertThat(Files.readAllBytes(layout.paramsFile())).isEqualTo(Files.readAllBytes(layout.paramsSnapshot("v2")));
    }

    @Test
    void shouldCountOnlyWholeSecondsOfTheClockTowardsTheCommit() throws Exception {
        // Given v2 on trial with a 5 s health window
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        v2.onStart();
        v2.beginHealthWindow(5);

        // When the monitor ticks a hundred times within 4.9 s of the clock
        for (int i = 0; i < 100; i++) {
            clock.advance(49_000_000L);
            v2.tick();
        }

        // Then it has not committed (4 whole seconds), and the fifth second commits
        assertThat(v2.phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        assertThat(v2.goodSeconds()).isEqualTo(4);
        clock.advance(S);
        assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.COMMITTED);
    }

    @Test
    void shouldNotCountASecondWithoutAVerdict() throws Exception {
        // Given v2 on trial with a 3 s window
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        v2.onStart();
        v2.beginHealthWindow(3);

        // When 10 s pass without a new verdict (the vehicle rebooting, the timing thread late)
        verdict = null;
        for (int s = 1; s <= 10; s++) {
            clock.advance(S);
            assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        }

        // Then none of them counted; three judged seconds commit
        assertThat(v2.goodSeconds()).isZero();
        verdict = "";
        for (int s = 1; s <= 3; s++) {
            clock.advance(S);
            v2.tick();
        }
        assertThat(v2.phase()).isEqualTo(BootCheck.Phase.COMMITTED);
    }

    @Test
    void shouldNotJudgeTheWindowBeforeItIsOpened() throws Exception {
        // Given v2 on trial, its self-test passed, the vehicle not yet running
        committedV1ThenV2OnTop();
        BootCheck v2 = check("v2", passing());
        v2.onStart();

        // When ticks come with a broken verdict before the window opens
        verdict = "loop stall 1 s";
        clock.advance(3 * S);

        // Then nothing is decided
        assertThat(v2.tick().phase()).isEqualTo(BootCheck.Phase.HEALTH_WINDOW);
        assertThat(layout.currentVersion()).isEqualTo("v2");
    }

    // ------------------------------------------------------------------ state

    @Test
    void shouldBootTheLinkedVersionUncheckedWhenTheStateIsCorrupt() throws Exception {
        // Given v2 linked, and a state file torn in the middle
        committedV1ThenV2OnTop();
        Files.writeString(layout.stateFile(), "{\"current\": \"v2\", \"commit");
        byte[] torn = Files.readAllBytes(layout.stateFile());

        // When v2 starts
        BootCheck.Decision d = check("v2", failing()).onStart();

        // Then it runs as linked, with a clear line, and nothing is rewritten or switched
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.NORMAL);
        assertThat(d.exit()).isFalse();
        assertThat(d.message()).startsWith("update state unusable, boot check skipped, running v2 as linked: ")
                .contains("not a valid update state");
        assertThat(log).anyMatch(l -> l.startsWith("boot check: update state unusable"));
        assertThat(layout.currentVersion()).isEqualTo("v2");
        assertThat(Files.readAllBytes(layout.stateFile())).isEqualTo(torn);
    }

    @Test
    void shouldRunACommittedVersionWithoutCountingOrTesting() throws Exception {
        // Given v1 committed
        install("v1");
        layout.switchCurrent("v1");
        new UpdateState("v1", null, true, "v1", 0, null).write(layout.stateFile());
        byte[] before = Files.readAllBytes(layout.stateFile());

        // When it starts with a self-test that would fail
        BootCheck.Decision d = check("v1", failing()).onStart();

        // Then it runs normally, arming allowed, the state untouched
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.NORMAL);
        assertThat(d.message()).isEmpty();
        assertThat(Files.readAllBytes(layout.stateFile())).isEqualTo(before);
    }

    @Test
    void shouldRunNormallyWithoutAnyUpdateState() {
        // Given a root no update ever touched
        // When the vehicle starts
        BootCheck.Decision d = check(null, failing()).onStart();

        // Then it runs normally and writes nothing
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.NORMAL);
        assertThat(Files.exists(layout.stateFile())).isFalse();
    }

    @Test
    void shouldSkipTheCheckWhenTheStateNamesAnotherVersionThanTheOneRunning() throws Exception {
        // Given a state naming v2 on trial while v1 runs (a switch interrupted before the state was written)
        committedV1ThenV2OnTop();
        layout.switchCurrent("v1");

        // When v1 starts
        BootCheck.Decision d = check("v1", failing()).onStart();

        // Then the recovery makes the link's version the state's (the link wins), it runs, says why, and counts nothing
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.NORMAL);
        assertThat(log).anyMatch(l -> l.contains("update recovery: the install of v2 was interrupted before current was"
                + " switched; v1 stays"));
        assertThat(UpdateState.read(layout.stateFile()).current()).isEqualTo("v1");
        assertThat(UpdateState.read(layout.stateFile()).trialBoots()).isZero();
    }

    @Test
    void shouldStayAndRefuseArmingWhenThereIsNoVersionToRollBackTo() throws Exception {
        // Given v1 installed and on trial with nothing before it
        install("v1");
        layout.switchCurrent("v1");
        new UpdateState("v1", null, false, null, 0, null).write(layout.stateFile());

        // When its self-test fails
        BootCheck check = check("v1", failing());
        BootCheck.Decision d = check.onStart();

        // Then it keeps running v1, refuses arming, and records why
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.STUCK);
        assertThat(d.exit()).isFalse();
        assertThat(check.preArmFailure()).isEqualTo(BootCheck.PREARM_STUCK);
        assertThat(layout.currentVersion()).isEqualTo("v1");
        UpdateState s = UpdateState.read(layout.stateFile());
        assertThat(s.lastEvent().kind()).isEqualTo("rollback");
        assertThat(s.lastEvent().to()).isNull();
        assertThat(s.lastEvent().reason()).contains("no version to roll back to");
    }

    @Test
    void shouldRollBackToThePackagesOwnJarWhenTheFirstUpdateOfAPackageInstallFails() throws Exception {
        // Given a unit installed from the package (opt/hoverla/lib/hoverla-vehicle.jar, no versions yet), its
        // parameters snapshotted by the installer as 0.1.0's, and the first update 0.2.0 on trial
        Files.createDirectories(layout.installDir().resolve("lib"));
        Files.writeString(layout.installDir().resolve("lib/hoverla-vehicle.jar"), "package jar");
        writeLiveParams("MPC_XY_P", 1.5);
        byte[] packageParams = Files.readAllBytes(layout.paramsFile());
        Files.createDirectories(layout.paramsSnapshot("0.1.0").getParent());
        Files.copy(layout.paramsFile(), layout.paramsSnapshot("0.1.0"));
        install("0.2.0");
        layout.switchCurrent("0.2.0");
        new UpdateState("0.2.0", null, false, null, 0,
                new UpdateState.Event("install", "0.1.0", "0.2.0", null, "", WALL.get().toString())).write(layout.stateFile());
        writeLiveParams("MPC_XY_P", 2.5);

        // When its self-test fails
        BootCheck.Decision d = check("0.2.0", failing()).onStart();

        // Then the current link is gone (the package's launcher runs its own jar), with the package's parameters
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(d.exit()).isTrue();
        assertThat(d.target()).isEqualTo("0.1.0");
        assertThat(Files.exists(layout.currentLink(), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readAllBytes(layout.paramsFile())).isEqualTo(packageParams);
        UpdateState s = UpdateState.read(layout.stateFile());
        assertThat(s.current()).isNull();
        assertThat(s.committed()).isTrue();
        assertThat(s.lastEvent().kind()).isEqualTo("rollback");
        assertThat(s.lastEvent().reason()).contains("back on the package's own jar");
    }

    @Test
    void shouldRollBackToPreviousWhenNoVersionWasEverMarkedGood() throws Exception {
        // Given v2 on trial over v1, with no last_good and no parameter snapshot of v1
        install("v1");
        install("v2");
        layout.switchCurrent("v2");
        writeLiveParams("MPC_XY_P", 3.0);
        byte[] live = Files.readAllBytes(layout.paramsFile());
        new UpdateState("v2", "v1", false, null, 0, null).write(layout.stateFile());

        // When its self-test fails
        BootCheck.Decision d = check("v2", failing()).onStart();

        // Then it is back on v1, the parameter file kept and the reason saying so
        assertThat(d.phase()).isEqualTo(BootCheck.Phase.ROLLED_BACK);
        assertThat(d.target()).isEqualTo("v1");
        assertThat(d.message()).contains("no parameter snapshot of v1, the parameter file is kept");
        assertThat(Files.readAllBytes(layout.paramsFile())).isEqualTo(live);
        assertThat(UpdateState.read(layout.stateFile()).lastGood()).isEqualTo("v1");
    }

    @Test
    void shouldNameTheFirstFailedCheckWithFigureLimitAndReason() {
        // Given a failed check
        SelfTestCheck c = new SelfTestCheck("imu0:icm42688p", "gyro noise", false, "0.51 °/s RMS", "≤ 0.1 °/s RMS",
                "noise beyond the datasheet");

        // When it is described, Then device, check, figure, limit and reason are on one line
        assertThat(BootCheck.describe(c))
                .isEqualTo("imu0:icm42688p gyro noise 0.51 °/s RMS (limit ≤ 0.1 °/s RMS): noise beyond the datasheet");
    }

    // ------------------------------------------------------------------ helpers

    private BootCheck check(String running, BootCheck.SelfTestRunner selfTest) {
        return new BootCheck(layout, running, layout.paramsFile(), clock::nanoTime, WALL, selfTest, () -> verdict,
                log::add);
    }

    /** The real self-test of a board on its fake buses, on the fake clock. */
    private BootCheck check(String running, BoardConfig board) {
        return check(running, () -> BootSelfTest.run(board,
                () -> FakeBuses.create(7, clock::nanoTime, clock::advance, FakeBuses.faults(board)), clock::nanoTime,
                layout.paramsFile(), log::add));
    }

    private static BootCheck.SelfTestRunner passing() {
        return () -> new SelfTestReport("test", 0, List.of(new SelfTestCheck("imu0:x", "chip id", true, "0x47", "= 0x47", "")));
    }

    private static BootCheck.SelfTestRunner failing() {
        return () -> new SelfTestReport("test", 0, List.of(
                new SelfTestCheck("imu0:x", "chip id", false, "no answer", "= 0x47", "absent")));
    }

    private void committedV1ThenV2OnTop() throws IOException {
        install("v1");
        layout.switchCurrent("v1");
        new UpdateState("v1", null, true, "v1", 0, null).write(layout.stateFile());
        installOnTop("v2", "v1");
    }

    /** What the installer leaves: the version's directory, current switched, the state on trial. */
    private void installOnTop(String version, String from) throws IOException {
        install(version);
        layout.switchCurrent(version);
        UpdateState s = UpdateState.read(layout.stateFile());
        new UpdateState(version, from, false, s.lastGood(), 0,
                new UpdateState.Event("install", from, version, "0123456789ABCDEF", "", WALL.get().toString()))
                .write(layout.stateFile());
    }

    private void install(String version) throws IOException {
        Path dir = layout.versionDir(version);
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("manifest.json"), "{\"version\": \"" + version + "\"}\n");
        Files.write(dir.resolve("lib/hoverla-vehicle.jar"), version.getBytes(StandardCharsets.UTF_8));
    }

    /** A real parameter file (header, CRC) with one value changed from its default. */
    private void writeLiveParams(String name, double value) throws IOException {
        ParamStore store = new ParamStore();
        new FlightParams(store);
        assertThat(store.set(name, value)).isEqualTo(SetResult.OK);
        Files.createDirectories(layout.stateDir());
        new ParamFile(layout.paramsFile()).save(store);
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(BootCheckTest.class.getClassLoader().getResource(name).toURI()).toString();
    }
}
