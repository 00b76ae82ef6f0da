package org.hoverla.core.boot.app;

import org.hoverla.core.failsafe.FailsafeTable;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FailsafesCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "failsafes";
        System.arraycopy(args, 0, all, 1, args.length);
        return VehicleMain.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldPrintTheDefaultTable() {
        assertThat(run()).isZero();
        String text = out.toString();
        assertThat(text).contains("TRIGGER", "ACTION", "DELAY", "EXCEPT MODES", "RECOVERY");
        assertThat(text).containsPattern("GCS_LOSS\\s+Return mode\\s+0 s");
        assertThat(text).containsPattern("OFFBOARD_LOSS\\s+Land mode\\s+5 s \\(hold\\)");
        assertThat(text).containsPattern("BATTERY_CRITICAL\\s+Return mode\\s+5 s");
        assertThat(text).containsPattern("IMU_LOST\\s+Terminate\\s+0 s\\s+-\\s+armed");
        assertThat(text).contains("Parameters consistent.");
    }

    @Test
    void shouldApplyOverridesAndAParameterFile(@TempDir Path dir) throws Exception {
        FlightParams p = new FlightParams(new ParamStore());
        p.fenceAction.set(5);
        Path file = dir.resolve("p.txt");
        new ParamFile(file).save(p.store);
        assertThat(run("--params", file.toString(), "--param", "COM_RCL_EXCEPT=3", "--param", "NAV_RCL_ACT=2")).isZero();
        assertThat(out.toString()).containsPattern("GEOFENCE_BREACH\\s+Land mode");
        assertThat(out.toString()).containsPattern("RC_LOSS\\s+Return mode\\s+0 s\\s+HOLD,TAKEOFF,MISSION");
    }

    @Test
    void shouldNameAContradictionAndExit2() {
        assertThat(run("--param", "BAT_CRIT_THR=0.3")).isEqualTo(2);
        assertThat(out.toString()).contains("CONTRADICTION: " + FailsafeTable.BAD_BATTERY_THRESHOLDS);
    }

    @Test
    void shouldRefuseBadInputWithOneLine() {
        assertThat(run("--param", "NO_SUCH_PARAM=1")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown parameter NO_SUCH_PARAM");
        assertThat(run("--param", "GF_ACTION=9")).isEqualTo(2);
        assertThat(err.toString()).contains("GF_ACTION=9: refused");
        assertThat(run("--param", "GF_ACTION")).isEqualTo(2);
        assertThat(run("--param", "GF_ACTION=x")).isEqualTo(2);
        assertThat(run("--params", "/nonexistent/file.txt")).isEqualTo(2);
        assertThat(err.toString()).contains("no such parameter file");
    }
}
