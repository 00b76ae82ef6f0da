package org.hoverla.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hoverla.core.release.ReleaseManifest;
import org.junit.jupiter.api.Test;

class UpdatePolicyTest {
    @Test
    void shouldOrderVersionsAsSemVer() {
        // Given a running 0.2.0, Then newer passes, older and same need --allow-downgrade
        assertThat(UpdatePolicy.versionOrder("0.2.0", "0.3.0", false)).isNull();
        assertThat(UpdatePolicy.versionOrder("0.2.0", "0.10.0", false)).isNull();
        assertThat(UpdatePolicy.versionOrder("0.2.0-rc1", "0.2.0", false)).isNull();
        assertThat(UpdatePolicy.versionOrder("0.2.0", "0.2.0-rc1", false))
                .isEqualTo("0.2.0-rc1 is older than the running 0.2.0; pass --allow-downgrade to install it anyway");
        assertThat(UpdatePolicy.versionOrder("0.2.0", "0.1.0", false))
                .isEqualTo("0.1.0 is older than the running 0.2.0; pass --allow-downgrade to install it anyway");
        assertThat(UpdatePolicy.versionOrder("0.2.0", "0.2.0", false))
                .isEqualTo("0.2.0 is the running version; pass --allow-downgrade to install it again");
        assertThat(UpdatePolicy.versionOrder("0.2.0", "0.1.0", true)).isNull();
        // And a first install (nothing running) passes
        assertThat(UpdatePolicy.versionOrder(null, "0.1.0", false)).isNull();
    }

    @Test
    void shouldHonourTheOldestVersionABundleUpdatesFrom() {
        assertThat(UpdatePolicy.minFrom("0.3.0", "0.4.0", "0.3.0")).isNull();
        assertThat(UpdatePolicy.minFrom(null, "0.4.0", "0.3.0")).isNull();
        assertThat(UpdatePolicy.minFrom("0.2.9", "0.4.0", "0.3.0"))
                .isEqualTo("0.4.0 updates only from 0.3.0 or later, and the running version is 0.2.9; install 0.3.0 first");
    }

    @Test
    void shouldNeedTheUnpackedSizeInBlocksPlusTheMargin() {
        // Given a manifest of a 10 MiB jar and a 100-byte launcher
        String sha = "0".repeat(64);
        ReleaseManifest m = new ReleaseManifest("0.3.0", "unknown", Instant.EPOCH, "0.1.0", 2, List.of(
                new ReleaseManifest.FileEntry("lib/hoverla-vehicle.jar", 0644, 10L << 20, sha),
                new ReleaseManifest.FileEntry("bin/hoverla", 0755, 100, sha)));
        // Then the unpacked size counts whole 4 KiB blocks (manifest 1000 B, signature 300 B, launcher: one each)
        long unpacked = UpdatePolicy.unpackedBytes(m, 1000, 300);
        assertThat(unpacked).isEqualTo((10L << 20) + 3 * 4096);
        // And exactly unpacked + margin passes, one byte less is refused with both figures
        assertThat(UpdatePolicy.freeSpace("/v", unpacked + UpdatePolicy.MARGIN_BYTES, unpacked)).isNull();
        assertThat(UpdatePolicy.freeSpace("/v", unpacked + UpdatePolicy.MARGIN_BYTES - 1, unpacked))
                .isEqualTo("not enough free space in /v: 26.0 MiB free, the unpacked version needs 26.0 MiB"
                        + " (10.0 MiB + 16.0 MiB margin)");
    }
}
