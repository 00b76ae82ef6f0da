package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.hoverla.core.boot.NativeCheck.Result;
import org.hoverla.core.boot.NativeCheck.Status;
import org.hoverla.core.boot.app.VehicleMain;
import org.junit.jupiter.api.Test;

/**
 * The native-library check: the class path carries every library for both targets
 * (linux-x86_64 and linux-aarch64), the host's load, and a missing one is named with its path.
 * The same check runs under an aarch64 JVM in CI (.ci/arm64-check).
 */
class NativeCheckTest {
    private static final List<String> NAMES = List.of("netty-epoll", "jserialcomm", "jna", "pi4j-linuxfs", "pi4j-gpiod");

    @Test
    void shouldFindEveryLibraryForBothTargetsOnTheClassPath() {
        // Given the checks as they would run on linux-x86_64 and on linux-aarch64
        for (String arch : List.of("amd64", "aarch64")) {
            NativeCheck check = new NativeCheck("Linux", arch, getClass().getClassLoader());
            for (String name : NAMES) {
                String path = check.resource(name);
                if (arch.equals("amd64") && name.startsWith("pi4j-")) {
                    // Then Pi4J has none for x86-64 (it ships armhf and aarch64 only)
                    assertThat(path).as(name).isNull();
                    continue;
                }
                // Then every other library's build for the target is on the class path
                assertThat(path).as(name + " on " + arch).isNotNull();
                assertThat(getClass().getClassLoader().getResource(path)).as(path).isNotNull();
            }
        }
    }

    @Test
    void shouldLoadEveryLibraryTheHostNeeds() {
        // Given a Linux host on one of the two targets
        NativeCheck check = new NativeCheck();
        assumeTrue(check.platform().equals("linux-x86_64") || check.platform().equals("linux-aarch64"),
                "a linux-x86_64 or linux-aarch64 host");
        // When every library is loaded
        List<Result> results = check.run();
        // Then each is reported once, in order, and none is missing
        assertThat(results).extracting(Result::name).containsExactlyElementsOf(NAMES);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.line()).isNotEqualTo(Status.MISSING));
        assertThat(results).filteredOn(r -> !r.name().startsWith("pi4j-"))
                .allSatisfy(r -> assertThat(r.status()).as(r.line()).isEqualTo(Status.LOADED));
        if (check.platform().equals("linux-aarch64")) {
            assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.line()).isEqualTo(Status.LOADED));
        }
    }

    @Test
    void shouldNameTheMissingResourceWhenTheArtifactLacksIt() {
        // Given a class loader that holds none of the libraries (an artifact packaged without them)
        ClassLoader empty = new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                return null;
            }

            @Override
            public Enumeration<URL> getResources(String name) {
                return java.util.Collections.emptyEnumeration();
            }
        };
        NativeCheck check = new NativeCheck("Linux", "aarch64", empty);
        // When checked as on linux-aarch64
        List<Result> results = check.run();
        // Then every library is missing, and the line names the path it should have been at
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.MISSING));
        assertThat(results.get(0).line()).isEqualTo("native netty-epoll: MISSING on linux-aarch64: "
                + "META-INF/native/libnetty_transport_native_epoll_aarch_64.so is not in the artifact");
        assertThat(results.get(4).line()).contains("lib/aarch64/pi4j-gpiod/libpi4j-gpiod.so is not in the artifact");
    }

    @Test
    void shouldReportAPlatformNoLibraryIsBuiltForAsMissingExceptPi4j() {
        // Given a platform none of the libraries ships for
        NativeCheck check = new NativeCheck("Linux", "riscv64", getClass().getClassLoader());
        // When checked
        List<Result> results = check.run();
        // Then the libraries expected everywhere are missing, and Pi4J's are only not shipped
        assertThat(check.platform()).isEqualTo("linux-riscv64");
        assertThat(results).filteredOn(r -> !r.name().startsWith("pi4j-"))
                .allSatisfy(r -> assertThat(r.line()).contains("MISSING on linux-riscv64: the library has no build"));
        assertThat(results).filteredOn(r -> r.name().startsWith("pi4j-"))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.NOT_SHIPPED));
    }

    @Test
    void shouldCheckNothingOffLinux() {
        // Given a developer's macOS laptop
        NativeCheck check = new NativeCheck("Mac OS X", "aarch64", getClass().getClassLoader());
        // When checked
        List<Result> results = check.run();
        // Then nothing counts as missing: the vehicle targets Linux only
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.NOT_SHIPPED));
        assertThat(results.get(0).line()).isEqualTo("native netty-epoll: not shipped for mac_os_x-aarch64 "
                + "(the vehicle targets linux-x86_64 and linux-aarch64; not checked elsewhere)");
    }

    @Test
    void shouldPrintOneLinePerLibraryAndExitZeroFromTheNativesCommand() {
        assumeTrue(new NativeCheck().platform().equals("linux-x86_64")
                || new NativeCheck().platform().equals("linux-aarch64"), "a linux-x86_64 or linux-aarch64 host");
        // When `hoverla natives --require` runs on this host
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = VehicleMain.execute(new String[] {"natives", "--require"}, new PrintWriter(out), new PrintWriter(err));
        // Then it prints one line per library and exits 0
        List<String> lines = new ArrayList<>(out.toString().lines().toList());
        assertThat(status).as(err.toString()).isZero();
        assertThat(lines).hasSize(NAMES.size());
        assertThat(lines.get(0)).startsWith("native netty-epoll: loaded on linux-");
    }
}
