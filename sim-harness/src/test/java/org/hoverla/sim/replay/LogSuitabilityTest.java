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

    @Test
    void shouldRefuseALogWhoseReferencesAreOnlyAShortBurst() {
        // Given a 20 s log whose attitude and local position records are 0.05-0.1 s apart, but only from 5.0 to 5.1 s
        Verdict v = LogSuitability.assess(new SyntheticLog().attitudeBetween(5.0, 5.1).localPositionBetween(5.0, 5.1)
                .read());

        // Then it is refused, naming each topic and how little of the IMU span it covers
        assertThat(v.refusal()).contains("nothing to compare with")
                .contains("vehicle_attitude covers only 0.1 s (0.5 %) of the IMU's 20.0 s: 3 records from 15.0 to 15.1 s")
                .contains("vehicle_local_position covers only 0.1 s (0.5 %) of the IMU's 20.0 s: 2 records");
        assertThat(v.attitude()).isFalse();
        assertThat(v.positionV()).isFalse();
    }

    @Test
    void shouldWithholdPositionWhenLocalPositionIsOnlyABurst() {
        // Given a complete log but for vehicle_local_position, logged only from 5.0 to 5.1 s
        Verdict v = LogSuitability.assess(new SyntheticLog().localPositionBetween(5.0, 5.1).read());

        // Then attitude and yaw are compared, position is withheld and the problems say why
        assertThat(v.refusal()).isNull();
        assertThat(v.attitude()).isTrue();
        assertThat(v.yaw()).isTrue();
        assertThat(v.positionH()).isFalse();
        assertThat(v.positionV()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).startsWith("no position figures:")
                .contains("vehicle_local_position covers only 0.1 s (0.5 %)"));
    }

    @Test
    void shouldWithholdAttitudeWhenTheAttitudeReferenceIsOnlyABurst() {
        // Given a complete log but for vehicle_attitude, logged only from 5.0 to 5.1 s
        Verdict v = LogSuitability.assess(new SyntheticLog().attitudeBetween(5.0, 5.1).read());

        // Then attitude and yaw are withheld, naming the topic and its coverage; position is compared
        assertThat(v.refusal()).isNull();
        assertThat(v.attitude()).isFalse();
        assertThat(v.yaw()).isFalse();
        assertThat(v.positionV()).isTrue();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).startsWith("no attitude figures:")
                .contains("vehicle_attitude covers only 0.1 s"));
    }

    @Test
    void shouldAcceptAReferenceThatStartsLateButNotOneCoveringLessThanAQuarterOfTheSpan() {
        // Given vehicle_attitude starting 7 s into a 20 s log (as PX4 starts it once its estimator has
        // aligned), and the same log with vehicle_attitude only in its last 4 s
        Verdict late = LogSuitability.assess(new SyntheticLog().attitudeBetween(7.0, 20.0).read());
        Verdict lastFour = LogSuitability.assess(new SyntheticLog().attitudeBetween(16.0, 20.0).read());

        // Then the first is compared (65 % of the span covered), the second is not (20 %)
        assertThat(late.refusal()).isNull();
        assertThat(late.attitude()).isTrue();
        assertThat(late.yaw()).isTrue();
        assertThat(lastFour.attitude()).isFalse();
        assertThat(lastFour.problems()).anySatisfy(p -> assertThat(p)
                .contains("vehicle_attitude covers only 4.0 s (20.0 %) of the IMU's 20.0 s").contains("25 %"));
    }

    @Test
    void shouldRefuseAnImuWhoseTimestampsOftenRepeatOrGoBack() {
        // Given 250 Hz records in which every tenth timestamp repeats the one before
        long[] t = times(2500, 4000);
        for (int i = 10; i < t.length; i += 10) {
            t[i] = t[i - 1];
        }

        // When checked
        ImuCheck c = LogSuitability.checkImu(t, constant(t.length, 0.004));

        // Then it is refused, counting the steps that do not advance
        assertThat(c.refusal()).contains("timestamps do not advance").contains("repeat or go back in 249 of 2499 steps")
                .contains("10.0 %");
        assertThat(c.backsteps()).isEqualTo(249);
    }

    @Test
    void shouldRefuseAnImuWhoseTimestampsMostlyRepeatWithoutAnInfiniteRate() {
        // Given records whose timestamps mostly repeat (the median spacing is zero), each integrating 1 µs
        long[] t = {5_000_000, 5_000_000, 5_000_000, 5_000_000, 5_100_000, 5_100_000, 5_100_000};

        // When checked
        ImuCheck c = LogSuitability.checkImu(t, constant(t.length, 1e-6));

        // Then it is refused for the repeats, and no rate is printed as infinite
        assertThat(c.refusal()).contains("repeat or go back in 5 of 6 steps").doesNotContain("Infinity");
    }

    @Test
    void shouldCountAFewStepsBackAndKeepTheCoverageAtMostTheSpan() {
        // Given 250 Hz records where, 20 times, a record goes back one period and the next integrates 12 ms
        // (the time stepped over twice would otherwise count as covered twice)
        long[] t = times(2500, 4000);
        double[] dt = constant(t.length, 0.004);
        for (int i = 100; i < 2100; i += 100) {
            t[i] = t[i - 2];
            dt[i + 1] = 0.012;
        }

        // When checked
        ImuCheck c = LogSuitability.checkImu(t, dt);

        // Then it is accepted with the 20 steps back counted, the first one located, and coverage 100 %
        assertThat(c.refusal()).isNull();
        assertThat(c.backsteps()).isEqualTo(20);
        assertThat(c.firstBackstepAtS()).isCloseTo(5.0 + 99 * 0.004, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.coverage()).isEqualTo(1.0);
    }

    @Test
    void shouldListAFewRepeatedImuTimestampsInTheProblems() {
        // Given a 20 s log where every 500th IMU record is written twice
        Verdict v = LogSuitability.assess(new SyntheticLog().imuRepeatEvery(500).read());

        // Then it is accepted and the problems name the 10 repeats
        assertThat(v.refusal()).isNull();
        assertThat(v.attitude()).isTrue();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p)
                .contains("sensor_combined timestamps repeat or go back in 10 of 5010 steps"));
    }
}
