package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The developer CLI carries the vehicle's {@code log} command too (docs/log-commands.md). */
class LogCommandDevCliTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRunLogCommandsFromTheDeveloperCli() throws Exception {
        // Given a file that is not a ULog and an empty log directory
        Path notUlog = Files.writeString(tmp.resolve("x.ulg"), "hello");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // When listed and described through ./hoverla's sim jar entry point
        int list = HoverlaMain.execute(new String[] {"log", "list", "--log-dir", tmp.resolve("logs").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        int info = HoverlaMain.execute(new String[] {"log", "info", notUlog.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));

        // Then the same command answers, with the same exit codes
        assertThat(list).isZero();
        assertThat(out.toString()).contains("no logs in");
        assertThat(info).isEqualTo(2);
        assertThat(err.toString()).contains("not a ULog file").hasLineCount(1);
    }
}
