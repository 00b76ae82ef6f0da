package org.hoverla.core.param.persist;

import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** Parameter files of older Hoverla versions load into today's PX4 names and meanings. */
class ParamMigrationsTest {

    @TempDir
    Path dir;

    /** A format-1 parameter file, as Hoverla wrote it before the PX4 renames. */
    private static String legacyFile(String... lines) {
        StringBuilder sb = new StringBuilder("# hoverla-params 1\n# written by an older Hoverla\n");
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return sb + "# end " + lines.length + " crc32=" + String.format("%08x", crc.getValue()) + "\n";
    }

    @Test
    void shouldLoadAnOldParameterFileIntoTheNewNamesWithConvertedMeaningsAndWarnings() throws Exception {
        // Given a file written by an older Hoverla with every renamed or re-meant parameter
        Path path = dir.resolve("params.txt");
        Files.writeString(path, legacyFile("COM_DLL_ACT\t3", "MPC_XY_VEL_P\t2.5", "MPC_Z_VEL_I\t1.25",
                "CA_AIRFRAME\t2", "COM_POS_FS_ACT\t0", "COM_OBL_ACT\t0", "GF_ACTION\t4", "COM_DL_LOSS_T\t2.5",
                "MPC_LAND_ALT1\t8", "MC_ROLL_P\t5.5"));
        FlightParams p = new FlightParams(new ParamStore());

        // When loaded
        LoadResult r = new ParamFile(path).load(p.store);

        // Then each value is under its PX4 name with PX4's meaning
        assertThat(p.gcsLossAction.get()).isEqualTo(3);                                   // NAV_DLL_ACT land
        assertThat(p.xyVelP.get()).isEqualTo(2.5);                                         // MPC_XY_VEL_P_ACC
        assertThat(p.zVelI.get()).isEqualTo(1.25);                                         // MPC_Z_VEL_I_ACC
        assertThat(p.airframe.get()).isEqualTo(FlightParams.AUTOSTART_HEXA_X);             // SYS_AUTOSTART 6001
        assertThat(p.positionLossAction.get()).isEqualTo(FlightParams.POSCTL_NAVL_LAND);   // old 0 = land
        assertThat(p.offboardLossAction.get()).isEqualTo(FlightParams.OBL_HOLD);           // old 0 = hold
        assertThat(p.fenceAction.get()).isEqualTo(5);                                      // land, not PX4's terminate
        assertThat(p.gcsLossTimeoutS.get()).isEqualTo(3);                                  // whole seconds, rounded up
        assertThat(p.landSlowAltM.get()).isEqualTo(8.0);                                   // MPC_LAND_ALT2
        assertThat(p.rollP.get()).isEqualTo(5.5);                                          // roll, and
        assertThat(p.pitchP.get()).isEqualTo(5.5);                                         // pitch as before
        assertThat(r.applied()).isEqualTo(11);
        // And each conversion is reported with its line
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("line 3: COM_DLL_ACT is now NAV_DLL_ACT"))
                .anyMatch(w -> w.contains("CA_AIRFRAME 2 is now SYS_AUTOSTART 6001"))
                .anyMatch(w -> w.contains("COM_POS_FS_ACT 0 is now COM_POSCTL_NAVL 1"))
                .anyMatch(w -> w.contains("COM_OBL_ACT 0"))
                .anyMatch(w -> w.contains("GF_ACTION 4"))
                .anyMatch(w -> w.contains("rounded up to 3"))
                .noneMatch(w -> w.contains("unknown parameter"));

        // And the next save writes the new format and names only
        new ParamFile(path).save(p.store);
        String saved = Files.readString(path);
        assertThat(saved).startsWith(ParamFile.HEADER).contains("NAV_DLL_ACT\t3", "SYS_AUTOSTART\t6001",
                "MPC_XY_VEL_P_ACC\t2.5").doesNotContain("COM_DLL_ACT", "CA_AIRFRAME", "MPC_XY_VEL_P\t");
    }

    @Test
    void shouldReadSameNameValuesWithTodaysMeaningInACurrentFile() throws Exception {
        // Given a current-format file with COM_OBL_ACT 0 (PX4: land)
        Path path = dir.resolve("params.txt");
        FlightParams p = new FlightParams(new ParamStore());
        p.offboardLossAction.set(FlightParams.OBL_RETURN);
        new ParamFile(path).save(p.store);

        // When loaded, Then it is not converted
        FlightParams q = new FlightParams(new ParamStore());
        LoadResult r = new ParamFile(path).load(q.store);
        assertThat(q.offboardLossAction.get()).isEqualTo(FlightParams.OBL_RETURN);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void shouldImportAnOldQgcExportIntoTheNewNamesWithWarnings() throws Exception {
        // Given a QGC .params file exported from an older Hoverla
        String text = String.join("\n",
                "# Vehicle-Id Component-Id Name Value Type",
                "1\t1\tCOM_DLL_ACT\t1\t6",
                "1\t1\tMPC_XY_VEL_D\t0.3\t9",
                "1\t1\tCA_AIRFRAME\t1\t6",
                "1\t1\tCOM_POS_FS_ACT\t1\t6",
                "");
        FlightParams q = new FlightParams(new ParamStore());

        // When imported
        QgcParamsFormat.ImportResult r = QgcParamsFormat.importInto(q.store, new StringReader(text));

        // Then every line is applied under its new name, with a warning each
        assertThat(r.problems()).isEmpty();
        assertThat(r.applied()).isEqualTo(4);
        assertThat(q.gcsLossAction.get()).isEqualTo(1);
        assertThat(q.xyVelD.get()).isEqualTo(0.3);
        assertThat(q.airframe.get()).isEqualTo(FlightParams.AUTOSTART_QUAD_PLUS);
        assertThat(q.positionLossAction.get()).isEqualTo(FlightParams.POSCTL_NAVL_ALTITUDE);
        assertThat(r.warnings()).extracting(QgcParamsFormat.Problem::line).containsExactly(2, 3, 4, 5);
    }

    @Test
    void shouldPreferTheNewNameWhenAFileHasBoth() throws Exception {
        // Given a file with both the old and the new name
        String text = "1\t1\tNAV_DLL_ACT\t3\t6\n1\t1\tCOM_DLL_ACT\t1\t6\n";
        FlightParams q = new FlightParams(new ParamStore());

        // When imported, Then the new name's value wins and the old line is reported
        QgcParamsFormat.ImportResult r = QgcParamsFormat.importInto(q.store, new StringReader(text));
        assertThat(q.gcsLossAction.get()).isEqualTo(3);
        assertThat(r.problems()).singleElement().satisfies(pr -> assertThat(pr.message()).contains("also sets"));
    }
}
