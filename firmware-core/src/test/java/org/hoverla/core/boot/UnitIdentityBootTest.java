package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.AutopilotVersion;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.MavlinkCapabilities;
import org.hoverla.core.mavlink.telemetry.AutopilotVersionService;
import org.hoverla.core.sched.TaskErrorPolicy;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.unit.UnitIdentityFile;
import org.hoverla.core.unit.UnitRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit identity as a boot builds it: the bench-fake board's devices probed on the register-file
 * fakes, their chip ids, and AUTOPILOT_VERSION carrying the unit's uid, uid2 and the record's commit.
 */
class UnitIdentityBootTest {
    private final SimClock clock = new SimClock();
    private Vehicle vehicle;

    @TempDir
    Path state;

    @AfterEach
    void close() {
        if (vehicle != null) {
            vehicle.close();
        }
    }

    private Vehicle boot() throws Exception {
        clock.advance(1_000_000_000L);
        Chips.Buses buses = FakeBuses.create(7, clock::nanoTime, clock::advance);
        BoardConfig board = BoardFile.profile("bench-fake");
        vehicle = Vehicle.builder().clock(clock).executionTimer(clock).errorPolicy(TaskErrorPolicy.RETHROW)
                .devices(params -> BoardDevices.open(board, params, clock, buses, line -> { }))
                .build();
        return vehicle;
    }

    @Test
    void shouldRecordEveryProbedDeviceWithTheChipIdItsProbeChecked() throws Exception {
        // Given the bench-fake board booted on its fakes
        List<UnitIdentity.ChipIdentity> probed = boot().devices().probed();

        // Then every device of the board file is there in file order, with bus, address, device id and chip id
        assertThat(probed).extracting(UnitIdentity.ChipIdentity::device)
                .containsExactly("imu0", "imu1", "mag2", "baro3", "battery4", "pwm5", "gnss6");
        assertThat(probed.get(0)).isEqualTo(new UnitIdentity.ChipIdentity("imu0", "icm42688p", "spi0", "cs0",
                vehicle.devices().devices().imus().get(0).deviceId(), "0x47"));
        assertThat(probed.get(1).chipId()).isEqualTo("0x68");
        assertThat(probed.get(2).chipId()).isEqualTo("0x10");
        assertThat(probed.get(2).address()).isEqualTo("0x0f");
        assertThat(probed.get(3).chipId()).isEmpty(); // the MS5611 has no id register (its PROM CRC is checked)
        assertThat(probed.get(4).chipId()).isEqualTo("0x5449/0x2260");
        assertThat(probed.get(3).deviceId()).isNotZero();
    }

    @Test
    void shouldCarryTheUnitsUidUid2AndTheRecordsCommitInAutopilotVersion() throws Exception {
        // Given a booted unit, its identity kept as a boot keeps it
        Vehicle v = boot();
        List<String> log = new ArrayList<>();
        VehicleBoot.Options o = new VehicleBoot.Options(BoardFile.profile("bench-fake"), null, s -> { }, List.of(),
                0x21356dda8276L, state, log::add, () -> 0);
        byte[] uid2 = VehicleBoot.recordIdentity(o, v.devices().probed()).uid2();
        UnitIdentity kept = UnitIdentityFile.read(state);

        // When AUTOPILOT_VERSION is built from the boot's MAVLink identity
        AutopilotVersion av = new AutopilotVersionService(VehicleBoot.identity(v.params(), o.uid(), uid2),
                MavlinkCapabilities.MAVLINK2).build();

        // Then uid and uid2 are the unit's, and flight_custom_version is the commit the record carries
        assertThat(kept.uid()).isEqualTo(0x21356dda8276L);
        assertThat(kept.chips()).isEqualTo(v.devices().probed());
        assertThat(av.uid()).isEqualTo(new BigInteger("21356dda8276", 16));
        assertThat(av.uid2()).isEqualTo(kept.uid2());
        assertThat(UnitRecords.customVersionHex(av.flightCustomVersion()))
                .isEqualTo(UnitRecords.firmwareJson().path("flight_custom_version").asText());
        String commit = UnitRecords.firmwareJson().path("git_commit").asText();
        assertThat(UnitRecords.firmwareJson().path("flight_custom_version").asText())
                .isEqualTo(commit.isEmpty() ? "0000000000000000" : commit.substring(0, 16));
        assertThat(log).anyMatch(l -> l.startsWith("unit: uid 000021356dda8276"));

        // And a second boot with the same devices leaves the snapshot as it was
        assertThat(UnitIdentityFile.write(state, kept)).isFalse();
    }

    @Test
    void shouldAppendEachDoneCalibrationToTheUnitRecordAndNothingForACancelledOne() throws Exception {
        // Given a booted unit whose calibrations are recorded in its state directory
        Vehicle v = boot();
        VehicleBoot.Options o = new VehicleBoot.Options(BoardFile.profile("bench-fake"), null, s -> { }, List.of(),
                0x21356dda8276L, state, line -> { }, () -> 0);
        VehicleBoot.recordCalibrations(o, v, VehicleBoot.recordIdentity(o, v.devices().probed()));

        // When a gyro calibration runs to its end at rest, and then a level calibration is cancelled
        assertThat(v.calibration().start(org.hoverla.core.calibration.CalibrationKind.GYRO, clock.nanoTime())).isTrue();
        for (int i = 0; i < 10_000 && v.calibration().running(); i++) {
            stepOneMillisecond(v);
        }
        assertThat(v.calibration().start(org.hoverla.core.calibration.CalibrationKind.LEVEL, clock.nanoTime())).isTrue();
        stepOneMillisecond(v);
        v.calibration().cancel(clock.nanoTime());

        // Then the record holds one calibration entry: the gyro's, with what it wrote
        List<com.fasterxml.jackson.databind.node.ObjectNode> entries = UnitRecords.read(UnitRecords.defaultFile(state));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("event").asText()).isEqualTo("calibration");
        assertThat(entries.get(0).path("payload").path("kind").asText()).isEqualTo("gyro");
        assertThat(entries.get(0).path("payload").path("written").has("CAL_GYRO0_XOFF")).isTrue();
        assertThat(entries.get(0).path("unit").toString()).contains("21356dda8276");
    }

    /** One millisecond in lockstep: the drivers' due reads, one flight cycle, one calibration step. */
    private void stepOneMillisecond(Vehicle v) {
        clock.advance(1_000_000L);
        long now = clock.nanoTime();
        for (DriverThread d : v.devices().drivers()) {
            d.runOnce(now);
        }
        v.scheduler().runCycle(now);
        v.calibration().step(now);
    }
}
