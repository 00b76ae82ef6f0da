package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The artifact a companion computer runs ({@code firmware-core/target/hoverla-vehicle.jar}, made
 * at {@code package}) holds the vehicle runtime and its dependencies and nothing of the simulator.
 */
class VehicleArtifactIT {
    private static final Path JAR = Path.of("target", "hoverla-vehicle.jar");

    @Test
    void shouldHoldTheVehicleRuntimeAndNoSimulatorClass() throws IOException {
        // Given the packaged vehicle artifact
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            // Then no class of the simulator module is in it
            assertThat(names).noneMatch(n -> n.startsWith("org/hoverla/sim/"));
            // And the vehicle's modules and drivers' libraries are
            assertThat(names).contains("org/hoverla/core/boot/app/VehicleMain.class",
                    "org/hoverla/core/boot/Vehicle.class", "boards/pilotpi.yaml", "boards/bench-fake.yaml");
            assertThat(names).anyMatch(n -> n.startsWith("org/hoverla/hal/chip/"));
            assertThat(names).anyMatch(n -> n.startsWith("org/hoverla/mission/"));
            assertThat(names).anyMatch(n -> n.startsWith("com/pi4j/"));
            assertThat(names).anyMatch(n -> n.startsWith("com/fazecast/jSerialComm/"));
            assertThat(names).anyMatch(n -> n.startsWith("io/netty/"));
            // And the natives of both targets, linux-x86_64 and linux-aarch64 (NativeCheck loads them)
            assertThat(names).contains("META-INF/native/libnetty_transport_native_epoll_x86_64.so",
                    "META-INF/native/libnetty_transport_native_epoll_aarch_64.so",
                    "Linux/x86_64/libjSerialComm.so", "Linux/armv8_64/libjSerialComm.so",
                    "com/sun/jna/linux-x86-64/libjnidispatch.so", "com/sun/jna/linux-aarch64/libjnidispatch.so",
                    "lib/aarch64/pi4j-linuxfs/libpi4j-linuxfs.so", "lib/aarch64/pi4j-gpiod/libpi4j-gpiod.so",
                    "lib/aarch64/pi4j-gpiod/libgpiod.so");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.hoverla.core.boot.app.VehicleMain");
        }
    }

    @Test
    void shouldStartAndExplainItsRunCommand() throws Exception {
        // When the artifact is run on its own with run --help
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "run", "--help")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Then it answers with the run command's options and exits 0
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("--board", "--state-dir", "--params");
        assertThat(Files.size(JAR)).isPositive();
    }
}
