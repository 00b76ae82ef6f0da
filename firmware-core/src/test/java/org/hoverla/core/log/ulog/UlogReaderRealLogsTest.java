package org.hoverla.core.log.ulog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hoverla.testdata.TestData;

/** Reads the real PX4 logs in ../shared/data/ulog in place (never copied into the repository). */
class UlogReaderRealLogsTest {

    private static Path log(String name) {
        return TestData.file("ulog/" + name);
    }

    @Test
    void shouldReadQuadrotorFlightWithSensorsAttitudeAndParameters() throws IOException {
        // Given the Pixhawk 6C indoor hover log
        // When it is read
        UlogFile f = UlogReader.read(log("quadrotor_local.ulg"));

        // Then the header, info and parameters are there
        assertThat(f.problems()).isEmpty();
        assertThat(f.version()).isEqualTo(1);
        assertThat(f.headerTimestampUs()).isEqualTo(104_889_396L);
        assertThat(f.info()).containsEntry("ver_hw", "PX4_FMU_V6C").containsEntry("sys_name", "PX4");
        assertThat(f.parameters()).hasSize(1116);
        assertThat(f.subscriptions()).hasSize(131);
        assertThat(f.durationS()).isCloseTo(92.5, within(0.1));

        // And sensor_combined runs at ~219 Hz
        UlogTopic imu = f.topic("sensor_combined", 0).orElseThrow();
        assertThat(imu.size()).isEqualTo(20236);
        assertThat(imu.meanRateHz()).isCloseTo(219.0, within(2.0));
        assertThat(imu.fieldNames()).contains("timestamp", "gyro_rad[0]", "gyro_rad[2]", "accelerometer_m_s2[2]");
        double[] az = f.column("sensor_combined", 0, "accelerometer_m_s2[2]");
        assertThat(Arrays.stream(az).average().orElseThrow()).isCloseTo(-9.8, within(0.5));

        // And vehicle_attitude quaternions are unit norm
        UlogTopic att = f.topic("vehicle_attitude", 0).orElseThrow();
        assertThat(att.meanRateHz()).isCloseTo(20.0, within(0.5));
        double[][] q = new double[4][];
        for (int i = 0; i < 4; i++) {
            q[i] = att.column("q[" + i + "]");
        }
        for (int s = 0; s < att.size(); s++) {
            double norm = Math.sqrt(q[0][s] * q[0][s] + q[1][s] * q[1][s] + q[2][s] * q[2][s] + q[3][s] * q[3][s]);
            assertThat(norm).isCloseTo(1.0, within(1e-3));
        }

        // And magnetometer and air data are logged; delta_angle arrays are named with indices
        assertThat(f.topic("vehicle_magnetometer", 0).orElseThrow().size()).isGreaterThan(100);
        assertThat(f.topic("vehicle_air_data", 0).orElseThrow().size()).isGreaterThan(100);
        assertThat(f.topic("vehicle_imu", 0).orElseThrow().fieldNames()).contains("delta_angle[2]");

        // And nested types are flattened with a dot
        assertThat(f.topic("position_setpoint_triplet", 0).orElseThrow().fieldNames())
                .contains("current.lat", "current.lon", "next.alt");

        // And the airborne part (land detector: landed == 0) lasts ~86 s
        long[] t = f.timestamps("vehicle_land_detected", 0);
        double[] landed = f.column("vehicle_land_detected", 0, "landed");
        long takeoff = -1;
        long touchdown = -1;
        for (int i = 1; i < t.length; i++) {
            if (landed[i - 1] != 0 && landed[i] == 0 && takeoff < 0) {
                takeoff = t[i];
            }
            if (landed[i - 1] == 0 && landed[i] != 0) {
                touchdown = t[i];
            }
        }
        assertThat((touchdown - takeoff) * 1e-6).isCloseTo(86.0, within(2.0));
        assertThat(f.logMessages()).extracting(UlogFile.LogMessage::text)
                .anyMatch(s -> s.contains("Takeoff detected"))
                .anyMatch(s -> s.contains("Landing detected"));
    }

    @Test
    void shouldReadGroundTestWithGnssFixAndFourEstimators() throws IOException {
        // Given the FMUv5 ground test log
        // When it is read
        UlogFile f = UlogReader.read(log("test.ulg"));

        // Then sensor_combined is ~194 Hz
        assertThat(f.problems()).isEmpty();
        assertThat(f.topic("sensor_combined", 0).orElseThrow().meanRateHz()).isCloseTo(194.0, within(2.0));

        // And the GNSS receiver reports a 3D fix
        UlogTopic gps = f.topic("vehicle_gps_position", 0).or(() -> f.topic("sensor_gps", 0)).orElseThrow();
        assertThat(Arrays.stream(gps.column("fix_type")).max().orElseThrow()).isGreaterThanOrEqualTo(3.0);

        // And there are four EKF2 instances
        List<UlogTopic> ekfs = f.instances("estimator_local_position");
        assertThat(ekfs).extracting(UlogTopic::multiId).containsExactly(0, 1, 2, 3);
        assertThat(ekfs).allSatisfy(e -> assertThat(e.size()).isGreaterThan(10));
    }

    @Test
    void shouldReadAppendedDataSectionsWithPyulogCounts() throws IOException {
        // Given the pyulog crash-dump sample with three appended-data offsets
        // When it is read
        UlogFile f = UlogReader.read(log("sample_appended_multiple.ulg"));

        // Then the flag bits are understood and nothing is reported
        assertThat(f.problems()).isEmpty();
        assertThat(f.incompatFlags()[0] & 1).isEqualTo(1);
        assertThat(f.appendedOffsets()).containsExactly(434_369L, 451_825L, 469_281L);

        // And the counts match pyulog's test/sample_appended_multiple_info.txt
        assertThat(f.topic("sensor_combined", 0).orElseThrow().size()).isEqualTo(2373);
        assertThat(f.topic("ekf2_timestamps", 0).orElseThrow().size()).isEqualTo(2373);
        assertThat(f.topic("vehicle_attitude", 0).orElseThrow().size()).isEqualTo(306);
        assertThat(f.topic("actuator_outputs", 0).orElseThrow().size()).isEqualTo(95);
        assertThat(f.topic("actuator_outputs", 1).orElseThrow().size()).isEqualTo(96);
        assertThat(f.topic("estimator_status", 0).orElseThrow().size()).isEqualTo(48);
        assertThat(f.topic("vehicle_land_detected", 0).orElseThrow().size()).isEqualTo(1);
        assertThat(f.dropouts()).isEmpty();
        assertThat((int) f.durationS()).isEqualTo(9);
        assertThat(f.logMessages()).hasSize(1);
        assertThat(f.logMessages().get(0).levelName()).isEqualTo("WARNING");
        assertThat(f.logMessages().get(0).text()).contains("Not ready to fly");

        // And the three hard-fault dumps (one per appended section) are each one joined entry
        List<Object> faults = f.infoMultiple().get("hardfault_plain");
        assertThat(faults).hasSize(3).allSatisfy(o -> assertThat((String) o)
                .startsWith("[hardfault_log]").contains("Begin Fault Log").endsWith("END Fault Log --\n"));
    }

    @Test
    void shouldReportWrongSizeActuatorArmedAndDeliverTheRest() throws IOException {
        // Given a log written by a buggy logger
        // When it is read
        UlogFile f = UlogReader.read(log("corrupt_actuator_armed_wrong_size.ulg"));

        // Then the mismatch is reported once, naming the topic and both sizes
        List<String> mismatch = f.problems().stream().filter(p -> p.contains("actuator_armed")).toList();
        assertThat(mismatch).hasSize(1);
        assertThat(mismatch.get(0)).contains("28").contains("15");

        // And the well-formed actuator_armed records and the other topics are delivered
        assertThat(f.topic("actuator_armed", 0).orElseThrow().size()).isEqualTo(44);
        assertThat(f.topic("sensor_combined", 0).orElseThrow().size()).isEqualTo(4385);
        assertThat(f.topic("vehicle_attitude", 0).orElseThrow().size()).isGreaterThan(200);
        assertThat(f.parameters()).hasSize(813);
    }

    @Test
    void shouldReadTruncatedCopyUpToTheCut(@TempDir Path dir) throws IOException {
        // Given the first 2,000,003 bytes of a real log
        byte[] all = Files.readAllBytes(log("quadrotor_local.ulg"));
        Path cut = dir.resolve("cut.ulg");
        Files.write(cut, Arrays.copyOf(all, 2_000_003));

        // When it is read
        UlogFile f = UlogReader.read(cut);

        // Then the truncation is reported and the data before it is delivered
        assertThat(f.problems()).anyMatch(p -> p.contains("truncated"));
        assertThat(f.parameters()).hasSize(1116);
        int n = f.topic("sensor_combined", 0).orElseThrow().size();
        assertThat(n).isGreaterThan(5000).isLessThan(20236);
        assertThat(f.timestamps("sensor_combined", 0)).isSorted();
    }
}
