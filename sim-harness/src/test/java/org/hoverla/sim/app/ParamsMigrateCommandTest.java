package org.hoverla.sim.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hoverla params migrate}: the schema migration report, and when the file is rewritten. */
class ParamsMigrateCommandTest {

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(Path file, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] full = new String[args.length + 4];
        full[0] = "params";
        full[1] = "--file";
        full[2] = file.toString();
        full[3] = "migrate";
        System.arraycopy(args, 0, full, 4, args.length);
        return HoverlaMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static String file(int schema, String... lines) {
        StringBuilder sb = new StringBuilder("# hoverla-params " + schema + "\n");
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return sb + "# end " + lines.length + " crc32=" + String.format("%08x", crc.getValue()) + "\n";
    }

    @Test
    void shouldReportALegacyFileWithoutWritingAndThenRewriteIt() throws Exception {
        // Given a schema-1 file from an older Hoverla
        Path file = dir.resolve("params.txt");
        String legacy = file(1, "COM_DLL_ACT\t3", "GF_ACTION\t4", "NO_SUCH_PARAM\t1");
        Files.writeString(file, legacy);

        // When the report alone is asked for
        assertThat(run(file, "--report")).isZero();

        // Then each change is one line, the unknown name a warning, and the file is untouched
        assertThat(out.toString()).contains(file + ": schema 1 (this build: 2)",
                "  line 2: schema 1→2 renamed: COM_DLL_ACT 3 → NAV_DLL_ACT 3 (COM_DLL_ACT is now NAV_DLL_ACT (PX4 name))",
                "  line 3: schema 1→2 re-meant: GF_ACTION 4 → GF_ACTION 5 (",
                "  warning: line 4: NO_SUCH_PARAM: unknown parameter, skipped",
                "2 changes; nothing written (--report)");
        assertThat(out.toString()).doesNotContain("warning: line 2", "warning: parameter file schema");
        assertThat(Files.readString(file)).isEqualTo(legacy);

        // When migrated for real
        assertThat(run(file)).isZero();

        // Then the file is schema 2 with the new names and the old one is the backup
        assertThat(out.toString()).contains("2 changes; rewritten as schema 2 (the old file is params.txt.bak)");
        assertThat(Files.readString(file)).startsWith("# hoverla-params 2\n").contains("NAV_DLL_ACT\t3", "GF_ACTION\t5");
        assertThat(Files.readString(dir.resolve("params.txt.bak"))).isEqualTo(legacy);

        // And a second migration has nothing to do
        assertThat(run(file)).isZero();
        assertThat(out.toString()).contains("0 changes; already schema 2: nothing written");
    }

    @Test
    void shouldNeverRewriteAFileOfANewerSchemaAndNameItsUnknownParameters() throws Exception {
        // Given a file written by a newer version (schema 3)
        Path file = dir.resolve("params.txt");
        String newer = file(3, "MPC_XY_P\t1.5", "FUTURE_PARAM\t7");
        Files.writeString(file, newer);

        // When migrated
        int status = run(file, "--json");

        // Then it is refused, the file untouched, and the unknown name reported
        assertThat(status).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.path("file_schema").asInt()).isEqualTo(3);
        assertThat(j.path("schema").asInt()).isEqualTo(2);
        assertThat(j.path("written").asBoolean()).isFalse();
        assertThat(j.path("refused").asText()).isEqualTo(
                "params.txt is schema 3, newer than this build's 2: not rewritten (load it with the version that wrote it)");
        assertThat(j.path("warnings").toString()).contains("FUTURE_PARAM: unknown to this build (schema 2)");
        assertThat(Files.readString(file)).isEqualTo(newer);
        assertThat(Files.exists(dir.resolve("params.txt.bak"))).isFalse();
    }

    @Test
    void shouldRefuseAMissingFileAsBadInput() {
        assertThat(run(dir.resolve("none.txt"))).isEqualTo(2);
        assertThat(err.toString()).contains("no parameter file at");
    }
}
