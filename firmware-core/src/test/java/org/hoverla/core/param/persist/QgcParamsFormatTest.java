package org.hoverla.core.param.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.api.Test;
import org.hoverla.testdata.TestData;

class QgcParamsFormatTest {
    /** A real QGroundControl export from an ArduPilot TradHeli (read in place, never copied into the repository). */
    /** An ArduPilot QGroundControl export from the real test-data set. */
    private static Path ardupilotFile() {
        return TestData.file("params/TradHeli_Copter36_Setup-QGC.params");
    }

    @Test
    void shouldRoundTripEveryParameterWithItsType() throws Exception {
        // Given changed values
        FlightParams p = new FlightParams(new ParamStore());
        p.xyP.set(2.25);
        p.rollRateD.set(0.0001);
        p.airframe.set(FlightParams.AUTOSTART_HEXA_X);
        p.magDeclinationDeg.set(-7.5);

        // When exported and imported into a fresh set
        String text = QgcParamsFormat.export(p.store, 1, 1, "0.1.0");
        FlightParams q = new FlightParams(new ParamStore());
        QgcParamsFormat.ImportResult r = QgcParamsFormat.importInto(q.store, new StringReader(text));

        // Then every value is equal, and the file has QGC's layout
        assertThat(r.problems()).isEmpty();
        assertThat(r.applied()).isEqualTo(p.store.count());
        assertThat(r.changed()).isEqualTo(4);
        for (int i = 0; i < p.store.count(); i++) {
            assertThat(q.store.get(i).doubleValue()).as(p.store.get(i).name()).isEqualTo(p.store.get(i).doubleValue());
        }
        assertThat(text).contains("# Vehicle-Id Component-Id Name Value Type\n")
                .contains("1\t1\tMPC_XY_P\t2.25\t9\n", "1\t1\tMC_ROLLRATE_D\t0.0001\t9\n", "1\t1\tSYS_AUTOSTART\t6001\t6\n",
                        "1\t1\tEST_MAG_DECL\t-7.5\t9\n");
    }

    @Test
    void shouldReportEveryArduPilotParameterAsUnknownWithoutFailing() throws Exception {
        // Given a real ArduPilot QGC file (none of its names exist in Hoverla)
        FlightParams q = new FlightParams(new ParamStore());
        long dataLines = Files.readAllLines(ardupilotFile()).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();

        // When imported
        QgcParamsFormat.ImportResult r;
        try (var in = Files.newBufferedReader(ardupilotFile(), StandardCharsets.UTF_8)) {
            r = QgcParamsFormat.importInto(q.store, in);
        }

        // Then each line is reported as unknown with its line number, and nothing changed
        assertThat(dataLines).isEqualTo(73);
        assertThat(r.applied()).isZero();
        assertThat(r.problems()).hasSize(73).allMatch(pr -> pr.message().equals("unknown parameter"));
        assertThat(r.problems().get(0)).satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(7);
            assertThat(pr.name()).isEqualTo("ATC_ACCEL_P_MAX");
        });
        assertThat(q.xyP.get()).isEqualTo(1.2);
    }

    @Test
    void shouldApplyGoodLinesAndReportBadOnesWithLineNumbers() throws Exception {
        // Given a file mixing good, refused and malformed lines
        String text = String.join("\n",
                "# Vehicle-Id Component-Id Name Value Type",
                "1\t1\tMPC_XY_P\t2\t9",
                "1\t1\tMPC_Z_P\t99\t9",
                "1\t1\tMPC_XY_VEL_P_ACC\tNaN\t9",
                "1\t1\tSYS_AUTOSTART\t1.5\t6",
                "1\t1\tMPC_TKO_SPEED",
                "1\t1\tMPC_LAND_SPEED\tfast\t9",
                "1\t1\tMPC_THR_HOVER\t0.5\t99",
                "1 1 EST_GPS_MIN_SAT 8 6",
                "");
        FlightParams q = new FlightParams(new ParamStore());

        // When imported
        QgcParamsFormat.ImportResult r = QgcParamsFormat.importInto(q.store, new StringReader(text));

        // Then the good lines are applied and each bad one is reported, in order
        assertThat(q.xyP.get()).isEqualTo(2.0);
        assertThat(q.gnssMinSatellites.get()).isEqualTo(8);
        assertThat(r.applied()).isEqualTo(2);
        assertThat(r.problems()).extracting(QgcParamsFormat.Problem::line).containsExactly(3, 4, 5, 6, 7, 8);
        assertThat(r.problems().get(0).message()).contains("99 outside [0, 5]");
        assertThat(r.problems().get(1).message()).contains("not finite");
        assertThat(r.problems().get(2).message()).contains("not an integer");
        assertThat(r.problems().get(3).message()).contains("5 tab-separated fields");
        assertThat(r.problems().get(4).message()).contains("'fast'");
        assertThat(r.problems().get(5).message()).contains("MAV_PARAM_TYPE");
        assertThat(q.zP.get()).isEqualTo(1.0);
    }
}
