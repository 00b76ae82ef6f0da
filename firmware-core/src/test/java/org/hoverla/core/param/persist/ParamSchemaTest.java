package org.hoverla.core.param.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema migration table: steps applied in order to files of older schemas, a report line per
 * change, and files of a newer schema loaded without losing anything. The mechanism is shown with
 * a test table (schemas 1..4); the shipped table's real history with a legacy file.
 */
class ParamSchemaTest {

    @TempDir
    Path dir;

    /**
     * A made-up history: 1→2 renamed ALT_OLD to ALT_MID; 2→3 removed GONE and narrowed RANGE to
     * [0, 10]; 3→4 renamed ALT_MID to ALT_NEW and swapped MODE's 0 and 1.
     */
    private static final ParamSchema.Table TEST_TABLE = new ParamSchema.Table(4, List.of(
            new ParamSchema.Step(1, 2, List.of(ParamSchema.Rule.renamed("ALT_OLD", "ALT_MID", "ALT_OLD is now ALT_MID"))),
            new ParamSchema.Step(2, 3, List.of(
                    ParamSchema.Rule.removed("GONE", "GONE had no effect since 2"),
                    ParamSchema.Rule.clamped("RANGE", 0, 10, "RANGE is 0..10 now"))),
            new ParamSchema.Step(3, 4, List.of(
                    ParamSchema.Rule.renamed("ALT_MID", "ALT_NEW", "ALT_MID is now ALT_NEW"),
                    new ParamSchema.Rule(ParamSchema.Kind.REMEANT, "MODE", false,
                            (n, v) -> v == 0 || v == 1 ? new ParamSchema.Out(n, 1 - v, "MODE 0 and 1 swapped") : null,
                            null)))));

    /** The parameters of schema 4. */
    private static ParamStore schema4Store() {
        ParamStore s = new ParamStore();
        s.addFloat("ALT_NEW", 5, 0, 100, "m", "altitude");
        s.addFloat("RANGE", 1, 0, 10, "", "a range");
        s.addInt("MODE", 0, 0, 2, "", "a mode");
        s.addInt("KEEP", 0, 0, 9, "", "unchanged");
        return s;
    }

    /** A sound parameter file with header schema {@code schema}. */
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
    void shouldCarryASchema1FileThroughEveryStepInOrderAndReportEachChange() throws Exception {
        // Given a schema-1 file of the made-up history
        Path path = dir.resolve("params.txt");
        Files.writeString(path, file(1, "ALT_OLD\t42", "GONE\t3", "RANGE\t25", "MODE\t1", "KEEP\t7"));
        ParamStore store = schema4Store();

        // When a schema-4 build loads it
        LoadResult r = new ParamFile(path, TEST_TABLE).load(store);

        // Then ALT_OLD went through both renames, GONE is dropped, RANGE is clamped, MODE re-meant
        assertThat(store.find("ALT_NEW").doubleValue()).isEqualTo(42);
        assertThat(store.find("RANGE").doubleValue()).isEqualTo(10);
        assertThat(store.find("MODE").doubleValue()).isEqualTo(0);
        assertThat(store.find("KEEP").doubleValue()).isEqualTo(7);
        assertThat(r.fileSchema()).isEqualTo(1);
        // And the report has one line per change, old → new and why, in file order
        assertThat(r.report()).containsExactly(
                "line 2: schema 1→2 renamed: ALT_OLD 42 → ALT_MID 42 (ALT_OLD is now ALT_MID)",
                "line 2: schema 3→4 renamed: ALT_MID 42 → ALT_NEW 42 (ALT_MID is now ALT_NEW)",
                "line 3: schema 2→3 removed: GONE 3 → removed (GONE had no effect since 2)",
                "line 4: schema 2→3 re-ranged: RANGE 25 → RANGE 10 (RANGE is 0..10 now)",
                "line 5: schema 3→4 re-meant: MODE 1 → MODE 0 (MODE 0 and 1 swapped)");
        assertThat(r.warnings()).contains("line 3: GONE: removed (GONE had no effect since 2)",
                "parameter file schema 1 migrated to 4: 5 changes (the next save writes schema 4)");

        // And the next save writes schema 4 with today's names only
        new ParamFile(path, TEST_TABLE).save(store);
        assertThat(Files.readString(path)).startsWith("# hoverla-params 4\n").contains("ALT_NEW\t42")
                .doesNotContain("ALT_OLD", "GONE");
    }

    @Test
    void shouldStartAtTheFilesOwnSchema() throws Exception {
        // Given a schema-3 file: MODE's values are still the old ones, RANGE was already narrowed
        Path path = dir.resolve("params.txt");
        Files.writeString(path, file(3, "ALT_MID\t7", "MODE\t0"));
        ParamStore store = schema4Store();

        // When loaded, Then only step 3→4 applies
        LoadResult r = new ParamFile(path, TEST_TABLE).load(store);
        assertThat(r.report()).containsExactly(
                "line 2: schema 3→4 renamed: ALT_MID 7 → ALT_NEW 7 (ALT_MID is now ALT_NEW)",
                "line 3: schema 3→4 re-meant: MODE 0 → MODE 1 (MODE 0 and 1 swapped)");
        assertThat(store.find("MODE").doubleValue()).isEqualTo(1);
    }

    @Test
    void shouldApplyOnlyUnambiguousRulesToACurrentFile() throws Exception {
        // Given a schema-4 file that still carries an old name, an out-of-range value and MODE 1
        Path path = dir.resolve("params.txt");
        Files.writeString(path, file(4, "ALT_OLD\t9", "RANGE\t-3", "MODE\t1"));
        ParamStore store = schema4Store();

        // When loaded
        LoadResult r = new ParamFile(path, TEST_TABLE).load(store);

        // Then the old name is renamed and the range clamped (whatever the file), but MODE keeps
        // today's meaning: a re-meaning applies only to files older than its step
        assertThat(store.find("ALT_NEW").doubleValue()).isEqualTo(9);
        assertThat(store.find("RANGE").doubleValue()).isEqualTo(0);
        assertThat(store.find("MODE").doubleValue()).isEqualTo(1);
        assertThat(r.changes()).extracting(ParamSchema.Change::kind)
                .containsExactly(ParamSchema.Kind.RENAMED, ParamSchema.Kind.RENAMED, ParamSchema.Kind.RERANGED);
        assertThat(r.warnings()).noneMatch(w -> w.contains("migrated to"));
    }

    @Test
    void shouldLoadANewerSchemaFileWithAWarningPerUnknownNameAndKeepItWholeOnTheNextSave() throws Exception {
        // Given a file written by a schema-5 build (a downgrade to schema 4 without the snapshot)
        Path path = dir.resolve("params.txt");
        String newer = file(5, "ALT_NEW\t12", "FUTURE_A\t1", "MODE\t1", "FUTURE_B\t2.5");
        Files.writeString(path, newer);
        ParamStore store = schema4Store();

        // When the schema-4 build loads it
        ParamFile pf = new ParamFile(path, TEST_TABLE);
        LoadResult r = pf.load(store);

        // Then the known names load as they stand (nothing converted), each unknown one is named
        assertThat(r.source()).isEqualTo(LoadResult.Source.FILE);
        assertThat(r.fileSchema()).isEqualTo(5);
        assertThat(r.changes()).isEmpty();
        assertThat(store.find("ALT_NEW").doubleValue()).isEqualTo(12);
        assertThat(store.find("MODE").doubleValue()).isEqualTo(1);
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("the parameter file is schema 5, newer than this build's 4"))
                .anyMatch(w -> w.startsWith("line 3: FUTURE_A: unknown to this build (schema 4), not loaded"))
                .anyMatch(w -> w.startsWith("line 5: FUTURE_B: unknown to this build (schema 4), not loaded"));

        // When the downgraded build saves (a PARAM_SET), Then the newer file is kept whole, once
        store.set("ALT_NEW", 13);
        pf.save(store);
        assertThat(Files.readString(pf.keptNewerPath(5))).isEqualTo(newer);
        assertThat(Files.readString(path)).startsWith("# hoverla-params 4\n").contains("ALT_NEW\t13");
        store.set("ALT_NEW", 14);
        pf.save(store);
        assertThat(Files.readString(pf.keptNewerPath(5))).isEqualTo(newer);
    }

    @Test
    void shouldMigrateASetOfEntriesWithoutAFileAndPreferTheNewNameWhenBothAreSet() {
        // Given entries of schema 1 that set both an old name and its final new name
        Map<String, Double> in = new LinkedHashMap<>();
        in.put("ALT_OLD", 1.0);
        in.put("ALT_MID", 2.0);
        in.put("GONE", 0.0);
        List<ParamSchema.Change> changes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();

        // When migrated
        Map<String, Double> out = TEST_TABLE.migrateAll(in, 1, changes, skipped);

        // Then ALT_OLD's rename collides with ALT_MID (set by the file): the file's own ALT_MID
        // wins and goes on to ALT_NEW; GONE is removed
        assertThat(out).containsExactly(Map.entry("ALT_NEW", 2.0));
        assertThat(skipped).containsExactly("ALT_OLD: renamed ALT_MID, which the file also sets; skipped");
        assertThat(changes).extracting(ParamSchema.Change::oldName).containsExactly("ALT_MID", "GONE");
    }

    @Test
    void shouldRefuseATableWhoseStepsDoNotFollowEachOther() {
        assertThatThrownBy(() -> new ParamSchema.Step(1, 3, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParamSchema.Table(4, List.of(new ParamSchema.Step(1, 2, List.of()),
                new ParamSchema.Step(3, 4, List.of())))).hasMessageContaining("follow");
        assertThatThrownBy(() -> new ParamSchema.Table(4, List.of(new ParamSchema.Step(1, 2, List.of()))))
                .hasMessageContaining("reach schema 4");
    }

    @Test
    void shouldShipATableThatReachesTheHeadersSchemaFromTheLegacyFormat() {
        // The header this build writes, the shipped table and the release manifest's number agree
        assertThat(ParamFile.HEADER).isEqualTo("# hoverla-params " + ParamSchema.CURRENT);
        assertThat(ParamSchema.TABLE.current()).isEqualTo(ParamSchema.CURRENT);
        assertThat(ParamSchema.TABLE.oldest()).isEqualTo(ParamMigrations.LEGACY_FILE_FORMAT);
    }

    @Test
    void shouldReportTheRealSchema1To2History() throws Exception {
        // Given a format-1 file with a rename, a re-meaning, a re-range and a split setting
        Path path = dir.resolve("params.txt");
        Files.writeString(path, file(1, "COM_DLL_ACT\t3", "COM_OBL_ACT\t0", "COM_DL_LOSS_T\t2.5", "MC_ROLL_P\t5.5"));
        FlightParams p = new FlightParams(new ParamStore());

        // When today's build loads it
        LoadResult r = new ParamFile(path).load(p.store);

        // Then each change is one report line with its kind
        assertThat(r.report()).containsExactly(
                "line 2: schema 1→2 renamed: COM_DLL_ACT 3 → NAV_DLL_ACT 3 (COM_DLL_ACT is now NAV_DLL_ACT (PX4 name))",
                "line 3: schema 1→2 re-meant: COM_OBL_ACT 0 → COM_OBL_ACT 1 (COM_OBL_ACT 0 (old meaning) is now 1"
                        + " (PX4 meanings: 0 land, 1 hold, 2 return))",
                "line 4: schema 1→2 re-ranged: COM_DL_LOSS_T 2.5 → COM_DL_LOSS_T 3 (COM_DL_LOSS_T is whole seconds"
                        + " (PX4 INT32): 2.5 rounded up to 3)",
                "line 5: schema 1→2 re-meant: MC_ROLL_P 5.5 → MC_PITCH_P 5.5 (MC_ROLL_P set roll and pitch;"
                        + " MC_PITCH_P now sets pitch: both 5.5)");
        assertThat(p.pitchP.get()).isEqualTo(5.5);
    }
}
