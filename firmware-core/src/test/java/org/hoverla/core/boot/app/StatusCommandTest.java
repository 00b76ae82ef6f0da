package org.hoverla.core.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.List;
import org.hoverla.core.boot.BoardFile;
import org.hoverla.core.boot.Vehicle;
import org.hoverla.core.boot.VehicleBoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoverla status} against a real vehicle booted in this JVM (the bench-fake board on its
 * fake chips, dedicated flight thread on the system clock, as {@code ./hoverla run --board
 * bench-fake}) over loopback UDP. Only bounded waits; no figure is asserted against the clock.
 */
class StatusCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int status(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "status";
        System.arraycopy(args, 0, all, 1, args.length);
        return VehicleMain.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldPrintModeArmedStateAndTheLoopFiguresAgainstTheirLimits() throws Exception {
        // Given a vehicle running on the fake board, sending MAVLink to a loopback port
        int port = freeUdpPort();
        Vehicle vehicle = VehicleBoot.bootAndStart(new VehicleBoot.Options(BoardFile.profile("bench-fake"), null,
                s -> { }, List.of("udp:127.0.0.1:" + port), 7, dir, line -> { }, () -> 0));
        try {
            // When status listens there, as a table and as JSON
            int table = status("--to", "udpin:127.0.0.1:" + port, "--timeout", "20");
            String text = out.toString();
            out.getBuffer().setLength(0);
            int json = status("--to", "udpin:127.0.0.1:" + port, "--timeout", "20", "--json");

            // Then both succeed, naming the vehicle, its state and each figure with its limit
            assertThat(table).as(err.toString()).isZero();
            assertThat(text).containsPattern("vehicle 1/1 on udpin:127\\.0\\.0\\.1:\\d+: \\w+, disarmed, ");
            assertThat(text).containsPattern("loop timing: (healthy|still measuring|LIMIT BROKEN); ");
            assertThat(text).containsPattern("p99 period error +\\d+ us +limit 1000 us +(ok|BROKEN)");
            assertThat(text).containsPattern("max period error +\\d+ us +limit 50000 us");
            assertThat(text).containsPattern("deadline misses +\\d+ \\(\\d+\\.\\d\\d%\\) +limit 2\\.0%");
            assertThat(text).contains("longest GC pause");
            assertThat(text).containsPattern("longest safepoint +\\d+ us");
            assertThat(json).as(err.toString()).isZero();
            JsonNode j = new ObjectMapper().readTree(out.toString());
            assertThat(j.get("system").asInt()).isEqualTo(1);
            assertThat(j.get("armed").asBoolean()).isFalse();
            assertThat(j.get("timing").get("p99_us").isNumber()).isTrue();
            assertThat(j.get("timing").get("misses").isNumber()).isTrue();
            assertThat(j.get("timing").get("safepoint_max_us").isNumber()).isTrue();
            assertThat(j.get("limits").get("p99_us").asDouble()).isEqualTo(1000.0);
            assertThat(j.get("limits").get("window_s").asInt()).isEqualTo(10);
        } finally {
            vehicle.close();
        }
    }

    @Test
    void shouldExitOneWithOneLineWhenNoVehicleAnswers() throws Exception {
        // Given nobody sending to a free port
        int port = freeUdpPort();
        // When status listens there briefly
        int exit = status("--to", "udpin:127.0.0.1:" + port, "--timeout", "0.5");
        // Then it fails with one line
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("status: no vehicle heard on udpin:127.0.0.1:" + port + " within 0.5 s");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseABadTimeoutOrATcpServerSpec() {
        assertThat(status("--timeout", "0")).isEqualTo(2);
        assertThat(status("--to", "tcp:5760")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be 0.1..600 s").contains("status connects to one vehicle");
    }
}
