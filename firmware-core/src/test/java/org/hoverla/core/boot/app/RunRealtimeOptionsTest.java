package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s real-time options: bad values are command-line errors; refusals by the OS are not. */
class RunRealtimeOptionsTest {
    @TempDir
    Path state;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return VehicleMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldRefuseAPriorityOutsideZeroTo99() {
        // When run is asked for SCHED_FIFO priority 100
        int status = run("run", "--board", "bench-fake", "--no-mavlink", "--params", "none", "--state-dir",
                state.toString(), "--duration", "1", "--rt-priority", "100");

        // Then it is a usage error naming the range, and nothing boots
        assertThat(status).isEqualTo(VehicleMain.EXIT_USAGE);
        assertThat(err.toString()).contains("real-time priority must be 0 (none) or 1..99, not 100");
        assertThat(out.toString()).doesNotContain("flight thread running");
    }

    @Test
    void shouldStillFlyWhenThePinnedCpuDoesNotExistAndPrintTheKernelCheck() {
        // When run is asked to pin the flight thread to CPU 1000, which no machine here has
        int status = run("run", "--board", "bench-fake", "--no-mavlink", "--params", "none", "--state-dir",
                state.toString(), "--duration", "1", "--cpu", "1000");

        // Then the vehicle still boots and runs, and the log says what it could not get and why
        assertThat(status).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("kernel: [").contains("preempt_rt");
        assertThat(text).contains("real time: affinity NOT applied: CPU 1000").contains("no such CPU");
        assertThat(text).contains("flight thread running at 1000 Hz");
        // And the boot log says what runs: here the build tree's jar, unsigned, parameter schema 2
        assertThat(text).contains("release: Hoverla ").contains("; unsigned development build; ")
                .contains("; parameter schema " + org.hoverla.core.param.persist.ParamSchema.CURRENT);
    }
}
