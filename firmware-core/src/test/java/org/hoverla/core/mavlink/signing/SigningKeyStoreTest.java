package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {
    @TempDir
    Path dir;

    private static final byte[] KEY = SigningKeyStore.keyFromPassphrase("store test");

    @Test
    void shouldSaveTheKeyMode0600AndLoadItBack() throws Exception {
        // Given a store in a state directory that does not exist yet
        SigningKeyStore store = SigningKeyStore.inStateDir(dir.resolve("state"));
        // When a key is saved
        store.saveKey(KEY);
        // Then the file is 0600, holds 64 hex digits, loads back, and no temporary file is left
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.keyFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(store.keyFile())).isEqualTo(HexFormat.of().formatHex(KEY) + "\n");
        assertThat(store.loadKey()).isEqualTo(KEY);
        try (Stream<Path> files = Files.list(store.keyFile().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("signing.key");
        }
    }

    @Test
    void shouldReplaceAKeyAtomicallyKeepingTheMode() throws Exception {
        // Given a saved key / When another replaces it
        SigningKeyStore store = new SigningKeyStore(dir.resolve("signing.key"));
        store.saveKey(KEY);
        byte[] other = SigningKeyStore.randomKey();
        store.saveKey(other);
        // Then the new key is there, still 0600
        assertThat(store.loadKey()).isEqualTo(other);
        assertThat(store.keyFileMode()).isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseAKeyFileOthersCanRead() throws Exception {
        // Given a key file made readable by the group and others
        SigningKeyStore store = new SigningKeyStore(dir.resolve("signing.key"));
        store.saveKey(KEY);
        Files.setPosixFilePermissions(store.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        // When loaded / Then refused with the fix in the message, never the key
        assertThatThrownBy(store::loadKey).isInstanceOf(SigningKeyStore.KeyFileException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(KEY)));
        // And a group-writable one too
        Files.setPosixFilePermissions(store.keyFile(), PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(store::loadKey).isInstanceOf(SigningKeyStore.KeyFileException.class);
    }

    @Test
    void shouldRefuseAMalformedOrAllZeroKeyFile() throws Exception {
        SigningKeyStore store = new SigningKeyStore(dir.resolve("signing.key"));
        SigningKeyStore.writeOwnerOnly(store.keyFile(), "not hex at all\n".getBytes());
        assertThatThrownBy(store::loadKey).hasMessageContaining("not a signing key");
        SigningKeyStore.writeOwnerOnly(store.keyFile(), ("00".repeat(32) + "\n").getBytes());
        assertThatThrownBy(store::loadKey).hasMessageContaining("all-zero");
    }

    @Test
    void shouldReturnNoKeyWhenThereIsNoFile() throws Exception {
        SigningKeyStore store = new SigningKeyStore(dir.resolve("signing.key"));
        assertThat(store.loadKey()).isNull();
        assertThat(store.keyFileMode()).isEqualTo("absent");
        assertThat(store.deleteKey()).isFalse();
    }

    @Test
    void shouldKeepTheTimestampMonotonicAcrossSavesAndRestarts() throws Exception {
        // Given a stored timestamp
        SigningKeyStore store = new SigningKeyStore(dir.resolve("signing.key"));
        store.saveTimestamp(5_000_000_000L);
        // When a smaller one is saved (a second writer, a clock that went back) / Then the larger stays
        store.saveTimestamp(4_000_000_000L);
        assertThat(store.loadTimestamp()).isEqualTo(5_000_000_000L);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.timestampFile())))
                .isEqualTo("rw-------");
        // When a vehicle restarts with a wall clock in 2015 (no RTC)
        SigningRig rig = new SigningRig();
        rig.wallUs.set(MavlinkSignature.EPOCH_2015_UNIX_MS * 1000L);
        rig.signing.restoreTimestamp(store.restartTimestamp());
        rig.signing.installKey(KEY, 0);
        // Then its timestamp is above the stored one plus the margin: it never goes back
        assertThat(rig.signing.localTimestamp()).isGreaterThan(5_000_000_000L + SigningKeyStore.RESTART_MARGIN);
    }

    @Test
    void shouldNameAKeyByTheFirstEightHexDigitsOfItsSha256() {
        byte[] key = HexFormat.of().parseHex(MavlinkSignatureTest.KEY_HEX);
        // Given node-mavlink's vector key / Then its id is python3's hashlib.sha256(key).hexdigest()[:8]
        assertThat(SigningKeyStore.keyId(key)).isEqualTo("eb584929");
    }

    @Test
    void shouldDeleteTheKeyButKeepTheTimestamp() throws Exception {
        SigningKeyStore store = new SigningKeyStore(dir.resolve("signing.key"));
        store.saveKey(KEY);
        store.saveTimestamp(42L);
        assertThat(store.deleteKey()).isTrue();
        assertThat(store.loadKey()).isNull();
        assertThat(store.loadTimestamp()).isEqualTo(42L);
    }
}
