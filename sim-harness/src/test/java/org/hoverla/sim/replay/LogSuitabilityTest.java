package org.hoverla.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.sim.replay.LogSuitability.ImuCheck;
import org.hoverla.sim.replay.LogSuitability.Verdict;
import org.junit.jupiter.api.Test;

/** {@link LogSuitability} on IMU timestamp arrays and on synthetic logs written by {@link SyntheticLog}. */
class LogSuitabilityTest {

    private static long[] times(int n, long periodUs) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 5_000_000L + i * periodUs;
        }
        return t;
    }

    private static double[] constant(int n, double v) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, v);
        return d;
    }

    @Test
    void shouldAcceptAnImuWhoseRecordsIntegrateTheTimeBetweenThem() {
        // Given 250 Hz records each integrating 4 ms
        ImuCheck c = LogSuitability.checkImu(times(2500, 4000), constant(2500, 0.004));

        // Then it is accepted, fully covered, without gaps
        assertThat(c.refusal()).isNull();
        assertThat(c.coverage()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.gaps()).isZero();
    }

    @Test
    void shouldRefuseADecimatedImuAndSayHowMuchIsMissing() {
        // Given records 111 ms apart (9 Hz) each integrating 4 ms, as a logger decimating sensor_combined writes
        ImuCheck c = LogSuitability.checkImu(times(200, 111_000), constant(200, 0.004));

        // Then it is refused, naming the spacing, the interval and the share of time covered
        assertThat(c.refusal()).contains("decimated").contains("111.0 ms apart").contains("9.0 Hz")
                .contains("integrates 4.0 ms").contains("3.6 %");
    }

    @Test
    void shouldRefuseZeroRateImus() {
        assertThat(LogSuitability.checkImu(times(1, 4000), constant(1, 0.004)).refusal()).contains("1 record");
        assertThat(LogSuitability.checkImu(times(100, 4000), constant(100, 0.0)).refusal())
                .contains("zero integration interval");
        assertThat(LogSuitability.checkImu(new long[] {7, 7, 7}, constant(3, 0.004)).refusal())
                .contains("do not advance");
    }

    @Test
    void shouldReportGapsThatDoNotMakeTheLogUnusable() {
        // Given 250 Hz records with one 0.3 s hole at 5 s
        long[] t = times(2500, 4000);
        for (int i = 1250; i < t.length; i++) {
            t[i] += 300_000;
        }

        // When checked
        ImuCheck c = LogSuitability.checkImu(t, constant(t.length, 0.004));

        // Then it is accepted with one gap of 0.3 s, where it starts
        assertThat(c.refusal()).isNull();
        assertThat(c.gaps()).isEqualTo(1);
        assertThat(c.longestGapS()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(c.longestGapAtS()).isCloseTo(5.0 + 1249 * 0.004, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldSupportEveryComparisonOfACompleteLogButHorizontalPositionWithoutGnss() {
        // Given a synthetic log with IMU, references, magnetometer and barometer, no GNSS
        Verdict v = LogSuitability.assess(new SyntheticLog().read());

        // Then attitude, yaw and vertical position are supported, horizontal is not and says why
        assertThat(v.refusal()).isNull();
        assertThat(v.attitude()).isTrue();
        assertThat(v.yaw()).isTrue();
        assertThat(v.positionV()).isTrue();
        assertThat(v.positionH()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains("no horizontal position figure").contains("GNSS");
    }

    @Test
    void shouldRefuseASyntheticDecimatedLog() {
        // Given a log whose sensor_combined is at 9 Hz with 4 ms integration
        Verdict v = LogSuitability.assess(new SyntheticLog().imu(9.0, 0.004).read());

        // Then it is refused for that reason
        assertThat(v.refusal()).contains("sensor_combined is decimated");
    }

    @Test
    void shouldWithholdYawWithoutAMagnetometer() {
        Verdict v = LogSuitability.assess(new SyntheticLog().withoutMagnetometer().read());
        assertThat(v.attitude()).isTrue();
        assertThat(v.yaw()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("no yaw figure").contains("magnetometer"));
    }

    @Test
    void shouldWithholdVerticalPositionWithoutBarometerOrGnss() {
        Verdict v = LogSuitability.assess(new SyntheticLog().withoutBarometer().read());
        assertThat(v.positionV()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("no vertical position figure"));
    }

    @Test
    void shouldCompareOnlyPositionWhenTheAttitudeReferenceIsMissing() {
        Verdict v = LogSuitability.assess(new SyntheticLog().withoutAttitude().read());
        assertThat(v.refusal()).isNull();
        assertThat(v.attitude()).isFalse();
        assertThat(v.yaw()).isFalse();
        assertThat(v.positionV()).isTrue();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("no attitude figures")
                .contains("vehicle_attitude is missing"));
    }

    @Test
    void shouldRefuseLogsWithoutImuOrReference() {
        assertThat(LogSuitability.assess(new SyntheticLog().withoutImu().read()).refusal())
                .contains("no IMU").contains("sensor_combined");
        assertThat(LogSuitability.assess(new SyntheticLog().withoutAttitude().withoutLocalPosition().read()).refusal())
                .contains("nothing to compare with").contains("vehicle_attitude").contains("vehicle_local_position");
    }
}
