package org.hoverla.core.param.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamFileTest {
    @TempDir
    Path dir;

    private static FlightParams fresh() {
        return new FlightParams(new ParamStore());
    }

    @Test
    void shouldStartFromDefaultsWhenNothingIsStored() {
        // Given no file, When loading, Then defaults and nothing to report
        FlightParams p = fresh();
        LoadResult r = new ParamFile(dir.resolve("params.txt")).load(p.store);
        assertThat(r.source()).isEqualTo(LoadResult.Source.DEFAULTS);
        assertThat(r.warnings()).isEmpty();
        assertThat(p.xyP.get()).isEqualTo(1.2);
    }

    @Test
    void shouldSaveOnlyNonDefaultValuesAndLoadThemBack() throws Exception {
        // Given changed values
        FlightParams p = fresh();
        p.xyP.set(2.0);
        p.rollRateD.set(0.0015 * 2);
        p.airframe.set(FlightParams.AUTOSTART_QUAD_PLUS);
        ParamFile file = new ParamFile(dir.resolve("sub/params.txt"));

        // When saved and loaded into a fresh set
        file.save(p.store);
        FlightParams q = fresh();
        LoadResult r = file.load(q.store);

        // Then the values are back, and the file lists only the three changes
        assertThat(r.source()).isEqualTo(LoadResult.Source.FILE);
        assertThat(r.applied()).isEqualTo(3);
        assertThat(r.warnings()).isEmpty();
        assertThat(q.xyP.get()).isEqualTo(2.0);
        assertThat(q.rollRateD.get()).isEqualTo(0.003);
        assertThat(q.airframe.get()).isEqualTo(FlightParams.AUTOSTART_QUAD_PLUS);
        String text = Files.readString(file.path());
        assertThat(text).startsWith(ParamFile.HEADER).contains("MPC_XY_P\t2\n", "MC_ROLLRATE_D\t0.003\n", "SYS_AUTOSTART\t5001\n")
                .contains("# end 3 crc32=");
        assertThat(Files.exists(file.tempPath())).isFalse();
    }

    @Test
    void shouldPutEveryOtherParameterBackToItsDefaultOnReload() throws Exception {
        // Given a file with MPC_XY_P=2 and a store where another value changed since
        FlightParams p = fresh();
        p.xyP.set(2.0);
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        file.save(p.store);
        p.zP.set(3.0);

        // When reloaded, Then the stored state is restored exactly
        file.load(p.store);
        assertThat(p.xyP.get()).isEqualTo(2.0);
        assertThat(p.zP.get()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepTheOldFileWhenACrashLeftAPartialTemporaryFile() throws Exception {
        // Given a saved set, then a save that crashed after writing half its temporary file
        FlightParams p = fresh();
        p.xyP.set(2.0);
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        file.save(p.store);
        Files.writeString(file.tempPath(), ParamFile.HEADER + "\nMPC_XY_P\t3");

        // When loading at the next boot
        FlightParams q = fresh();
        LoadResult r = file.load(q.store);

        // Then the complete old set is used and the partial write is reported
        assertThat(r.source()).isEqualTo(LoadResult.Source.FILE);
        assertThat(q.xyP.get()).isEqualTo(2.0);
        assertThat(r.warnings()).singleElement().asString().contains("interrupted");

        // And the next save replaces the stale temporary file
        q.xyP.set(4.0);
        file.save(q.store);
        assertThat(Files.exists(file.tempPath())).isFalse();
        assertThat(file.load(fresh().store).warnings()).isEmpty();
    }

    @Test
    void shouldFallBackToTheBackupWhenTheFileIsCorrupt() throws Exception {
        // Given two saves (the first becomes the backup), then the file torn in half
        FlightParams p = fresh();
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        p.xyP.set(2.0);
        file.save(p.store);
        p.xyP.set(3.0);
        file.save(p.store);
        byte[] full = Files.readAllBytes(file.path());
        Files.write(file.path(), java.util.Arrays.copyOf(full, full.length / 2));

        // When loading
        FlightParams q = fresh();
        LoadResult r = file.load(q.store);

        // Then the previous set comes from the backup, and both facts are reported
        assertThat(r.source()).isEqualTo(LoadResult.Source.BACKUP);
        assertThat(q.xyP.get()).isEqualTo(2.0);
        assertThat(String.join("\n", r.warnings())).contains("corrupt").contains("backup");
    }

    @Test
    void shouldDetectAFlippedValueByItsChecksum() throws Exception {
        // Given a saved file whose value was altered without updating the end line
        FlightParams p = fresh();
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        p.xyP.set(2.0);
        file.save(p.store);
        Files.writeString(file.path(), Files.readString(file.path()).replace("MPC_XY_P\t2", "MPC_XY_P\t4"));

        // When loading, Then it is corrupt, and with no backup every parameter has its default
        FlightParams q = fresh();
        LoadResult r = file.load(q.store);
        assertThat(r.source()).isEqualTo(LoadResult.Source.DEFAULTS);
        assertThat(String.join("\n", r.warnings())).contains("checksum").contains("default");
        assertThat(q.xyP.get()).isEqualTo(1.2);
    }

    @Test
    void shouldUseDefaultsWhenFileAndBackupAreBothCorrupt() throws Exception {
        // Given garbage in both
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        Files.write(file.path(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Files.writeString(file.backupPath(), "");

        // When loading, Then defaults, and both are reported, never an exception
        FlightParams q = fresh();
        LoadResult r = file.load(q.store);
        assertThat(r.source()).isEqualTo(LoadResult.Source.DEFAULTS);
        assertThat(r.warnings()).anyMatch(w -> w.contains("not UTF-8")).anyMatch(w -> w.contains("empty"));
    }

    @Test
    void shouldNeverOverwriteAGoodBackupWithACorruptFile() throws Exception {
        // Given a good backup and a corrupt file
        FlightParams p = fresh();
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        p.xyP.set(2.0);
        file.save(p.store);
        p.xyP.set(3.0);
        file.save(p.store);
        Files.writeString(file.path(), "garbage");

        // When the next save runs
        FlightParams q = fresh();
        file.load(q.store);
        q.zP.set(2.0);
        file.save(q.store);

        // Then the backup still holds the good set and the corrupt file is kept aside
        FlightParams fromBackup = fresh();
        Files.copy(file.backupPath(), dir.resolve("b.txt"));
        assertThat(new ParamFile(dir.resolve("b.txt")).load(fromBackup.store).warnings()).isEmpty();
        assertThat(fromBackup.xyP.get()).isEqualTo(2.0);
        assertThat(Files.readString(dir.resolve("params.txt.corrupt"))).isEqualTo("garbage");
        FlightParams now = fresh();
        file.load(now.store);
        assertThat(now.xyP.get()).isEqualTo(2.0);
        assertThat(now.zP.get()).isEqualTo(2.0);
    }

    @Test
    void shouldSkipUnknownNamesAndRefusedValuesWithWarnings() throws Exception {
        // Given a file written by a build with a parameter we no longer have and a wider range
        ParamStore older = new ParamStore();
        older.addFloat("OLD_PARAM", 0.0, 0.0, 10.0, "", "removed since").set(5.0);
        older.addFloat("MPC_XY_P", 1.2, 0.0, 100.0, "1/s", "wider range then").set(50.0);
        older.addFloat("MPC_Z_P", 1.0, 0.0, 5.0, "1/s", "same").set(2.0);
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        file.save(older);

        // When loaded by this build
        FlightParams q = fresh();
        LoadResult r = file.load(q.store);

        // Then the good value is applied, the others are reported with their line and skipped
        assertThat(r.source()).isEqualTo(LoadResult.Source.FILE);
        assertThat(r.applied()).isEqualTo(1);
        assertThat(q.zP.get()).isEqualTo(2.0);
        assertThat(q.xyP.get()).isEqualTo(1.2);
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings().get(0)).contains("line 4").contains("OLD_PARAM").contains("unknown");
        assertThat(r.warnings().get(1)).contains("MPC_XY_P").contains("50 outside [0, 5]");
    }

    @Test
    void shouldWriteTheFileUtf8WithTheDocumentedLayout() throws Exception {
        FlightParams p = fresh();
        ParamFile file = new ParamFile(dir.resolve("params.txt"));
        file.save(p.store);
        String text = new String(Files.readAllBytes(file.path()), StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> !l.startsWith("#"))).isEmpty();
        assertThat(text).endsWith("\n").contains("# end 0 crc32=");
    }
}
