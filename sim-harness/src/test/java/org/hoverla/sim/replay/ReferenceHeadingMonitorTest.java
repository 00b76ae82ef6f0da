package org.hoverla.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.sim.replay.ReferenceHeadingMonitor.Departure;
import org.hoverla.sim.replay.ReferenceHeadingMonitor.Result;
import org.hoverla.sim.replay.ReferenceHeadingMonitor.YawReset;
import org.junit.jupiter.api.Test;

/** {@link ReferenceHeadingMonitor} on synthetic headings: 30 s, gyro 200 Hz, reference 20 Hz, magnetometer 2 Hz. */
class ReferenceHeadingMonitorTest {
    private static final double DURATION_S = 30.0;
    private static final long T0_US = 100_000_000L;
    /** Earth field (NED, gauss) with 60° inclination. */
    private static final Vec3 EARTH_FIELD = new Vec3(0.25, 0.0, 0.43);

    /** A vehicle at fixed roll and pitch whose true heading follows {@code trueYaw} (rad, of s since start). */
    private record Flight(double rollRad, double pitchRad, DoubleUnaryOperator trueYaw) {
        Quat attitude(double s, Quat out) {
            return out.setEuler(rollRad, pitchRad, trueYaw.applyAsDouble(s));
        }

        ReferenceHeadingMonitor.Gyro gyro() {
            int n = (int) (DURATION_S * 200);
            long[] t = new long[n];
            double[] x = new double[n], y = new double[n], z = new double[n], dt = new double[n];
            double h = 1e-4;
            for (int i = 0; i < n; i++) {
                double s = i / 200.0;
                t[i] = T0_US + (long) (s * 1e6);
                dt[i] = 0.005;
                // Body rates of a constant-tilt vehicle turning at psiDot: ω_body = R_x(φ)ᵀ R_y(θ)ᵀ [0, 0, psiDot] (ZYX).
                double psiDot = (trueYaw.applyAsDouble(s) - trueYaw.applyAsDouble(s - h)) / h;
                x[i] = -Math.sin(pitchRad) * psiDot;
                y[i] = Math.sin(rollRad) * Math.cos(pitchRad) * psiDot;
                z[i] = Math.cos(rollRad) * Math.cos(pitchRad) * psiDot;
            }
            return new ReferenceHeadingMonitor.Gyro(t, x, y, z, dt);
        }

        ReferenceHeadingMonitor.Mag mag() {
            int n = (int) (DURATION_S * 2);
            long[] t = new long[n];
            double[] x = new double[n], y = new double[n], z = new double[n];
            Quat q = new Quat();
            Vec3 b = new Vec3();
            for (int i = 0; i < n; i++) {
                double s = i / 2.0;
                t[i] = T0_US + (long) (s * 1e6);
                attitude(s, q).rotateInverse(EARTH_FIELD, b);
                x[i] = b.x;
                y[i] = b.y;
                z[i] = b.z;
            }
            return new ReferenceHeadingMonitor.Mag(t, x, y, z);
        }

        /** The log's estimate: the true attitude plus {@code error} (rad, of s) on its heading. */
        ReferenceHeadingMonitor.Attitude reference(DoubleUnaryOperator error) {
            int n = (int) (DURATION_S * 20);
            long[] t = new long[n];
            double[] w = new double[n], x = new double[n], y = new double[n], z = new double[n];
            Quat q = new Quat();
            for (int i = 0; i < n; i++) {
                double s = i / 20.0;
                t[i] = T0_US + (long) (s * 1e6);
                q.setEuler(rollRad, pitchRad, trueYaw.applyAsDouble(s) + error.applyAsDouble(s));
                w[i] = q.w;
                x[i] = q.x;
                y[i] = q.y;
                z[i] = q.z;
            }
            return new ReferenceHeadingMonitor.Attitude(t, w, x, y, z);
        }
    }

    private static double ramp(double s, double fromS, double toS, double totalRad) {
        return s <= fromS ? 0.0 : s >= toS ? totalRad : totalRad * (s - fromS) / (toS - fromS);
    }

    private static final double DEG = Math.toRadians(1.0);

    @Test
    void shouldFlagAReferenceTurnThatGyroAndMagnetometerDoNotShow() {
        // Given a vehicle holding its heading while the log's estimate turns +20° between 10 and 18 s
        Flight f = new Flight(0.05, -0.03, s -> 0.3);
        ReferenceHeadingMonitor.Attitude ref = f.reference(s -> ramp(s, 10, 18, 20 * DEG));

        // When judged
        Result r = ReferenceHeadingMonitor.check(ref, List.of(), f.gyro(), f.mag());

        // Then one departure, from about 10 s, reference +20°, gyro and magnetometer about 0°
        assertThat(r.notJudged()).isNull();
        assertThat(r.departures()).hasSize(1);
        Departure d = r.departures().get(0);
        assertThat(d.startS() - T0_US * 1e-6).isBetween(9.5, 11.5);
        assertThat(d.endS() - T0_US * 1e-6).isBetween(16.0, 18.5);
        assertThat(d.refTurnDeg()).isBetween(16.0, 20.5);
        assertThat(d.gyroTurnDeg()).isCloseTo(0.0, within(0.5));
        assertThat(d.magTurnDeg()).isCloseTo(0.0, within(0.5));
    }

    @Test
    void shouldNotFlagATurnThatAllThreeAgreeOnEvenWhenTilted() {
        // Given a vehicle rolled 25° and pitched -15° turning 120° at 15°/s, estimated correctly
        Flight f = new Flight(Math.toRadians(25), Math.toRadians(-15), s -> ramp(s, 8, 16, 120 * DEG));

        // When judged
        Result r = ReferenceHeadingMonitor.check(f.reference(s -> 0.0), List.of(), f.gyro(), f.mag());

        // Then nothing is flagged, over every window of the flight
        assertThat(r.departures()).isEmpty();
        assertThat(r.windowsJudged()).isGreaterThan(40);
    }

    @Test
    void shouldNotFlagAYawResetTheEstimatorLogged() {
        // Given an estimate that jumps +30° at 12 s and logs that reset
        Flight f = new Flight(0.0, 0.0, s -> 1.0);
        ReferenceHeadingMonitor.Attitude ref = f.reference(s -> s >= 12.0 ? 30 * DEG : 0.0);
        List<YawReset> reset = List.of(new YawReset(T0_US + 12_000_000L, 30 * DEG));

        // When judged with and without the logged reset
        Result withReset = ReferenceHeadingMonitor.check(ref, reset, f.gyro(), f.mag());
        Result unlogged = ReferenceHeadingMonitor.check(ref, List.of(), f.gyro(), f.mag());

        // Then the logged reset is no departure, while the same jump unlogged is one
        assertThat(withReset.departures()).isEmpty();
        assertThat(unlogged.departures()).singleElement()
                .satisfies(d -> assertThat(d.refTurnDeg()).isCloseTo(30.0, within(1.0)));
    }

    @Test
    void shouldNotFlagWhenGyroAndMagnetometerDisagree() {
        // Given a magnetometer that turns with the estimate (a disturbed field, or a gyro-biased
        // estimate corrected by it): the reference departs from the gyro alone
        Flight truth = new Flight(0.0, 0.0, s -> 0.0);
        Flight magView = new Flight(0.0, 0.0, s -> ramp(s, 10, 15, 25 * DEG));

        // When judged
        Result r = ReferenceHeadingMonitor.check(truth.reference(s -> ramp(s, 10, 15, 25 * DEG)), List.of(),
                truth.gyro(), magView.mag());

        // Then nothing is flagged: only one sensor disagrees with the reference
        assertThat(r.departures()).isEmpty();
        assertThat(r.windowsJudged()).isPositive();
    }

    @Test
    void shouldNotFlagADepartureBelowTheThreshold() {
        // Given an estimate that drifts 6° over 5 s (a slow correction)
        Flight f = new Flight(0.0, 0.0, s -> 0.0);

        // When judged
        Result r = ReferenceHeadingMonitor.check(f.reference(s -> ramp(s, 10, 15, 6 * DEG)), List.of(),
                f.gyro(), f.mag());

        // Then nothing is flagged
        assertThat(r.departures()).isEmpty();
    }

    @Test
    void shouldSayWhyItCannotJudgeWithoutAMagnetometer() {
        // Given no magnetometer records
        Flight f = new Flight(0.0, 0.0, s -> 0.0);
        ReferenceHeadingMonitor.Mag none = new ReferenceHeadingMonitor.Mag(new long[0], new double[0], new double[0],
                new double[0]);

        // When judged
        Result r = ReferenceHeadingMonitor.check(f.reference(s -> 0.0), List.of(), f.gyro(), none);

        // Then it says so and judges nothing
        assertThat(r.notJudged()).contains("magnetometer");
        assertThat(r.windowsJudged()).isZero();
        assertThat(r.departures()).isEmpty();
    }

    @Test
    void shouldAllZeroInputsFlagNothing() {
        // Given a still vehicle at heading 0, estimated correctly
        Flight f = new Flight(0.0, 0.0, s -> 0.0);

        // When judged
        Result r = ReferenceHeadingMonitor.check(f.reference(s -> 0.0), List.of(), f.gyro(), f.mag());

        // Then every window is judged and none flagged
        assertThat(r.notJudged()).isNull();
        assertThat(r.departures()).isEmpty();
        assertThat(r.windowsJudged()).isGreaterThan(40);
    }

    /** {@code a} without its samples strictly between {@code fromS} and {@code toS} (s since start). */
    private static ReferenceHeadingMonitor.Attitude withGap(ReferenceHeadingMonitor.Attitude a, double fromS,
                                                            double toS) {
        int[] keep = java.util.stream.IntStream.range(0, a.tUs().length).filter(i -> {
            double s = (a.tUs()[i] - T0_US) * 1e-6;
            return s <= fromS + 1e-9 || s >= toS - 1e-9;
        }).toArray();
        long[] t = new long[keep.length];
        double[] w = new double[keep.length], x = new double[keep.length], y = new double[keep.length],
                z = new double[keep.length];
        for (int j = 0; j < keep.length; j++) {
            t[j] = a.tUs()[keep[j]];
            w[j] = a.w()[keep[j]];
            x[j] = a.x()[keep[j]];
            y[j] = a.y()[keep[j]];
            z[j] = a.z()[keep[j]];
        }
        return new ReferenceHeadingMonitor.Attitude(t, w, x, y, z);
    }

    @Test
    void shouldTakeOutAYawResetLoggedNextToAnInvalidReferenceSample() {
        // Given an estimate that jumps +30° at 12 s and logs that reset, with its sample at 12 s a NaN quaternion
        Flight f = new Flight(0.0, 0.0, s -> 1.0);
        ReferenceHeadingMonitor.Attitude ref = f.reference(s -> s >= 12.0 ? 30 * DEG : 0.0);
        int atReset = java.util.Arrays.binarySearch(ref.tUs(), T0_US + 12_000_000L);
        ref.w()[atReset] = Double.NaN;
        ref.x()[atReset] = Double.NaN;
        ref.y()[atReset] = Double.NaN;
        ref.z()[atReset] = Double.NaN;
        List<YawReset> reset = List.of(new YawReset(T0_US + 12_000_000L, 30 * DEG));

        // When judged
        Result r = ReferenceHeadingMonitor.check(ref, reset, f.gyro(), f.mag());

        // Then the reset is still taken out at the next valid sample: no departure, the rest of the flight judged
        assertThat(r.notJudged()).isNull();
        assertThat(r.departures()).isEmpty();
        assertThat(r.windowsJudged()).isGreaterThan(40);
    }

    @Test
    void shouldNotJudgeAWindowStretchedByAGapInTheReference() {
        // Given an estimate that drifts 12° from 10 to 20 s (6° per 5 s, below the threshold), logged with
        // no sample between 10 and 20 s, so that the window from 9.5 s ends at 20 s
        Flight f = new Flight(0.0, 0.0, s -> 0.5);
        ReferenceHeadingMonitor.Attitude ref = withGap(f.reference(s -> ramp(s, 10, 20, 12 * DEG)), 10.0, 20.0);

        // When judged
        Result r = ReferenceHeadingMonitor.check(ref, List.of(), f.gyro(), f.mag());

        // Then no window across the gap is judged, so the drift is no departure, and the windows on
        // either side still are
        assertThat(r.notJudged()).isNull();
        assertThat(r.departures()).isEmpty();
        assertThat(r.windowsJudged()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void shouldStillFlagADepartureInsideAWindowWithAShortGap() {
        // Given an estimate that turns +20° between 10 and 12 s while the vehicle holds its heading,
        // logged with no sample between 10 and 12 s
        Flight f = new Flight(0.0, 0.0, s -> 0.3);
        ReferenceHeadingMonitor.Attitude ref = withGap(f.reference(s -> ramp(s, 10, 12, 20 * DEG)), 10.0, 12.0);

        // When judged
        Result r = ReferenceHeadingMonitor.check(ref, List.of(), f.gyro(), f.mag());

        // Then the departure is still found: a 2 s gap stretches no window past 1.5 windows
        assertThat(r.departures()).singleElement()
                .satisfies(d -> assertThat(d.refTurnDeg()).isCloseTo(20.0, within(1.0)));
    }
}
