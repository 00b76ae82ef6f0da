package org.hoverla.sim.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lockstep demo flight completes in a 32 MB heap that is never collected (Epsilon GC): the
 * whole process, boot included, allocates less than 32 MB. A separate JVM on this test's class
 * path; deterministic (lockstep), about three seconds.
 */
class EpsilonDemoTest {

    @Test
    void shouldFlyTheLockstepDemoInA32MbEpsilonHeap() throws IOException, InterruptedException {
        // Given a JVM with Epsilon GC and a 32 MB heap
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC",
                "-Xmx32m", "-Xlog:disable", "-cp", System.getProperty("java.class.path"), "org.hoverla.sim.app.HoverlaMain",
                "sim", "--demo", "-q")).redirectErrorStream(true);
        // When it flies the demo
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        String text = new String(out, StandardCharsets.UTF_8);
        // Then it ends landed and disarmed, without running out of heap
        assertThat(ended).isTrue();
        assertThat(text).doesNotContain("OutOfMemoryError").contains("Result: ok");
        assertThat(p.exitValue()).as(text).isZero();
    }
}
