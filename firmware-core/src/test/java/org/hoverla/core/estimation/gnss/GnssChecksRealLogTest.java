package org.hoverla.core.estimation.gnss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogReader;
import org.hoverla.core.log.ulog.UlogTopic;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;
import org.hoverla.testdata.TestData;

/**
 * Runs the GNSS checks over a real receiver capture: ../shared/data/ulog/test.ulg (Pixhawk
 * FMUv5 on the ground with motors spinning, read in place). Its receiver reports a 3D fix
 * with 14 satellites throughout, but it has just started: eph falls from 5.5 m to 2.2 m,
 * epv from 9.4 m to 3.8 m and the altitude climbs ~9 m in 8 s while the baro stays within
 * 0.4 m. PX4's own EKF2 in the log (estimator_status.gps_check_fail_flags, EKF2_REQ_* at
 * defaults) flagged horizontal accuracy and drift, and never accepted GNSS within the log.
 */
class GnssChecksRealLogTest {

    private static Path log(String name) {
        return TestData.file("ulog/" + name);
    }

    /** Latest value of {@code field} at or before {@code tUs}; {@code dflt} before the first. */
    private static double at(UlogTopic topic, long[] t, String field, long tUs, double dflt) {
        double v = dflt;
        for (int i = 0; i < t.length && t[i] <= tUs; i++) {
            v = topic.value(i, field);
        }
        return v;
    }

    @Test
    void shouldJudgeAConvergingRealReceiverAsPx4DidAndRaiseNoConsistencyAlarm() throws IOException {
        // Given the real log's GNSS, land detector, baro and PX4's own GNSS check verdicts
        UlogFile f = UlogReader.read(log("test.ulg"));
        UlogTopic gps = f.topic("vehicle_gps_position", 0).orElseThrow();
        UlogTopic land = f.topic("vehicle_land_detected", 0).orElseThrow();
        UlogTopic air = f.topic("vehicle_air_data", 0).orElseThrow();
        UlogTopic px4 = f.topic("estimator_status", 0).orElseThrow();
        long[] tGps = gps.timestamps();
        long[] tLand = land.timestamps();
        long[] tAir = air.timestamps();
        long[] tPx4 = px4.timestamps();
        GnssQualityCheck check = new GnssQualityCheck();
        GnssConsistencyMonitor monitor = new GnssConsistencyMonitor();
        GnssSample s = new GnssSample();
        GeoRef ref = new GeoRef();
        Vec3 ned = new Vec3();
        int airIndex = 0;
        int epvFails = 0;
        int ephFails = 0;
        int vdriftFails = 0;
        int everPassed = 0;
        String firstReason = null;
        double maxVerticalRatio = 0;
        // When each fix is checked (baro samples fed in time order before each fix)
        for (int i = 0; i < gps.size(); i++) {
            long tUs = tGps[i];
            s.timestampSampleNs = tUs * 1000;
            s.fixType = (int) gps.value(i, "fix_type");
            s.satellitesUsed = (int) gps.value(i, "satellites_used");
            s.latDeg = gps.value(i, "lat") * 1e-7;
            s.lonDeg = gps.value(i, "lon") * 1e-7;
            s.altMslM = gps.value(i, "alt") * 1e-3;
            s.velNMps = gps.value(i, "vel_n_m_s");
            s.velEMps = gps.value(i, "vel_e_m_s");
            s.velDMps = gps.value(i, "vel_d_m_s");
            s.ephM = gps.value(i, "eph");
            s.epvM = gps.value(i, "epv");
            s.sAccMps = gps.value(i, "s_variance_m_s"); // PX4: speed accuracy (m/s) despite the name
            s.jammingIndicator = (int) gps.value(i, "jamming_indicator");
            s.spoofingState = 0;
            boolean landed = at(land, tLand, "landed", tUs, 1.0) != 0.0;
            check.update(s, s.timestampSampleNs, landed);
            if (i == 0) {
                firstReason = check.firstFailReason();
                ref.reset(s.latDeg, s.lonDeg, s.altMslM);
            }
            for (; airIndex < air.size() && tAir[airIndex] <= tUs; airIndex++) {
                monitor.updateBaro((long) air.value(airIndex, "timestamp_sample") * 1000,
                        air.value(airIndex, "baro_alt_meter"));
            }
            ref.toNed(s.latDeg, s.lonDeg, s.altMslM, ned);
            monitor.updateGnss(s, ned);
            int px4Flags = (int) at(px4, tPx4, "gps_check_fail_flags", tUs + 100_000, 0);
            // Then the horizontal-accuracy verdict matches PX4's (bit 3 of gps_check_fail_flags)
            assertThat((check.failMask() & GnssQualityCheck.EPH) != 0).as("t=%d us", tUs).isEqualTo((px4Flags & 8) != 0);
            // And in flight (land detector) the drift checks are skipped, as PX4's flags show
            if (!landed) {
                assertThat(check.failMask() & (GnssQualityCheck.HDRIFT | GnssQualityCheck.VDRIFT | GnssQualityCheck.HSPEED))
                        .isZero();
                assertThat(px4Flags & (64 | 128 | 256)).isZero();
            }
            if (tUs > 7_000_000L) {
                // Once converged (eph < 3 m, epv < 5 m) nothing fails
                assertThat(check.failMask()).as("t=%d us", tUs).isZero();
            }
            assertThat(monitor.suspect()).as("t=%d us", tUs).isFalse();
            ephFails += (check.failMask() & GnssQualityCheck.EPH) != 0 ? 1 : 0;
            epvFails += (check.failMask() & GnssQualityCheck.EPV) != 0 ? 1 : 0;
            vdriftFails += (check.failMask() & GnssQualityCheck.VDRIFT) != 0 ? 1 : 0;
            everPassed += check.passedForRequiredTime() ? 1 : 0;
            if (monitor.verticalLimitM() > 0) {
                maxVerticalRatio = Math.max(maxVerticalRatio, monitor.verticalMismatchM() / monitor.verticalLimitM());
            }
        }
        // Then the first fix fails on horizontal accuracy (PX4 flagged the same)
        assertThat(firstReason).isEqualTo("GNSS horizontal accuracy too low");
        assertThat(ephFails).isEqualTo(8);
        // And the converging altitude trips the vertical drift check while landed, as PX4's did
        assertThat(vdriftFails).isPositive();
        // And vertical accuracy fails until epv drops below 5 m (PX4 did not flag it in this log)
        assertThat(epvFails).isEqualTo(9);
        // And the log ends (11.6 s) before 10 s of continuous passing, as it did for PX4
        assertThat(everPassed).isZero();
        assertThat(check.passing()).isTrue();
        // And the consistency monitor raised nothing: the 9 m GNSS climb against a flat baro
        // stays within 3 x the epv the receiver reported, the wander within the horizontal floor
        assertThat(monitor.reasonMask()).isZero();
        assertThat(monitor.suspectEvents()).isZero();
        assertThat(maxVerticalRatio).isLessThan(0.5);
        assertThat(monitor.verticalMismatchM()).isGreaterThan(8.0);
        assertThat(monitor.gnssSamples()).isEqualTo(19);
        assertThat(monitor.invalidGnssSamples()).isZero();
    }
}
