package org.hoverla.sim.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.hoverla.sim.app.HoverlaMain;
import org.junit.jupiter.api.Test;

/** The command line of {@code sim --realtime}: what it refuses, before anything boots. */
class RealtimeOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HoverlaMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldRefuseTheRealtimeOptionsWithoutRealtime() {
        assertThat(run("sim", "--demo", "--mavlink-load")).isEqualTo(2);
        assertThat(err.toString()).contains("need --realtime");
    }

    @Test
    void shouldRefuseThenMissionWithoutTheDemo() {
        assertThat(run("sim", "--realtime", "--then-mission", "x.plan")).isEqualTo(2);
        assertThat(err.toString()).contains("--then-mission needs --demo");
    }

    @Test
    void shouldRefuseWhatRealtimeCannotFly() {
        assertThat(run("sim", "--realtime", "--demo", "--speedup", "max")).isEqualTo(2);
        assertThat(err.toString()).contains("--realtime flies --demo, --mission or nothing");
    }
}
