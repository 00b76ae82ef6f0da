package org.hoverla.core.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitIdentityTest {
    @TempDir
    Path state;

    static final List<UnitIdentity.ChipIdentity> CHIPS = List.of(
            new UnitIdentity.ChipIdentity("imu0", "icm42688p", "spi0", "cs0", 0x260002, "0x47"),
            new UnitIdentity.ChipIdentity("baro1", "ms5611", "i2c1", "0x76", 0x3d7609, ""));

    @Test
    void shouldKeepTheUidAGroundStationAlreadySaw() throws IOException {
        // Given a unit set up before the UID was derived: a random UID kept in STATE_DIR/uid
        Files.writeString(state.resolve("uid"), "21356dda8276\n", StandardCharsets.US_ASCII);

        // When the UID is resolved on a Pi with a serial
        long uid = UnitIdentity.resolveUid(state, "10000000a3b4c5d6");

        // Then the kept one wins
        assertThat(uid).isEqualTo(0x21356dda8276L);
    }

    @Test
    void shouldDeriveTheSameUidFromTheHostSerialAfterTheStateDirectoryIsWiped() throws IOException {
        // Given a Pi with a serial and an empty state directory
        long first = UnitIdentity.resolveUid(state, "10000000a3b4c5d6");
        assertThat(Files.readString(state.resolve("uid")).trim()).isEqualTo(Long.toHexString(first));

        // When the state directory is wiped (a re-flashed SD card) and the UID resolved again
        Files.delete(state.resolve("uid"));
        long again = UnitIdentity.resolveUid(state, "10000000a3b4c5d6");

        // Then it is the same 48-bit UID, and another Pi gets another one
        assertThat(again).isEqualTo(first).isEqualTo(UnitIdentity.derivedUid("10000000a3b4c5d6"));
        assertThat(first & ~0xFFFF_FFFF_FFFFL).isZero();
        assertThat(first).isNotZero();
        assertThat(UnitIdentity.derivedUid("10000000a3b4c5d7")).isNotEqualTo(first);
        assertThat(new UnitIdentity(first, "b", "f", "10000000a3b4c5d6", List.of()).uidFromHostSerial()).isTrue();
    }

    @Test
    void shouldMakeARandomUidOnceWhereThereIsNoSerial() throws IOException {
        // Given a development machine (no serial)
        long first = UnitIdentity.resolveUid(state, "");

        // Then the UID is kept for the next boots
        assertThat(UnitIdentity.resolveUid(state, "")).isEqualTo(first);
        assertThat(UnitIdentity.keptUid(state)).isEqualTo(first);
        assertThat(new UnitIdentity(first, "b", "f", "", List.of()).uidFromHostSerial()).isFalse();
    }

    @Test
    void shouldRefuseACorruptUidFileNamingIt() throws IOException {
        Files.writeString(state.resolve("uid"), "not hex\n");
        assertThatThrownBy(() -> UnitIdentity.resolveUid(state, "10000000a3b4c5d6"))
                .isInstanceOf(IOException.class).hasMessageContaining("uid").hasMessageContaining("not a hexadecimal UID");
    }

    @Test
    void shouldFingerprintTheUnitInUid2() {
        // Given one unit
        UnitIdentity unit = new UnitIdentity(0x21356dda8276L, "pilotpi", "pilotpi", "10000000a3b4c5d6", CHIPS);

        // Then uid2 is 18 bytes, the same every time it is computed
        assertThat(unit.uid2()).hasSize(18).isEqualTo(new UnitIdentity(0x21356dda8276L, "pilotpi", "other/path.yaml",
                "10000000a3b4c5d6", CHIPS).uid2());
        assertThat(unit.uid2Hex()).hasSize(36);
        assertThat(unit.uidHex()).isEqualTo("000021356dda8276");

        // And it changes with the computer, the board or a chip model, not with the board file's path
        List<UnitIdentity.ChipIdentity> otherImu = List.of(
                new UnitIdentity.ChipIdentity("imu0", "mpu6050", "i2c1", "0x68", 0x336809, "0x68"), CHIPS.get(1));
        assertThat(new UnitIdentity(unit.uid(), "pilotpi", "pilotpi", "10000000ffffffff", CHIPS).uid2()).isNotEqualTo(unit.uid2());
        assertThat(new UnitIdentity(unit.uid(), "diy-i2c", "pilotpi", "10000000a3b4c5d6", CHIPS).uid2()).isNotEqualTo(unit.uid2());
        assertThat(new UnitIdentity(unit.uid(), "pilotpi", "pilotpi", "10000000a3b4c5d6", otherImu).uid2()).isNotEqualTo(unit.uid2());
        assertThat(new UnitIdentity(unit.uid() + 1, "pilotpi", "pilotpi", "10000000a3b4c5d6", CHIPS).uid2()).isNotEqualTo(unit.uid2());
    }
}
