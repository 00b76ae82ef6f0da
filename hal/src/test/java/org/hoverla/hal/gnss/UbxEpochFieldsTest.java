package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hoverla.hal.gnss.UbxTestFrames.pvt;
import static org.hoverla.hal.gnss.UbxTestFrames.pvtFrame;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.UbxTestFrames.Payload;
import org.junit.jupiter.api.Test;

/**
 * The epoch fields added for the flight stack (UTC time, velocity valid, jamming and spoofing
 * state, ellipsoid height) and the older and high-precision messages that fill them: NAV-SOL
 * alone (ECEF), NAV-TIMEGPS, NAV-HPPOSLLH and NAV-EOE.
 */
class UbxEpochFieldsTest {
    private final List<GnssSample> epochs = new ArrayList<>();
    private final UbxParser parser = new UbxParser(new UbxParser.Listener() {
        @Override
        public void onEpoch(GnssSample s) {
            GnssSample c = new GnssSample();
            c.copyFrom(s);
            epochs.add(c);
        }
    });

    private void feed(byte[] b) {
        parser.feed(b, 0, b.length);
    }

    /** NAV-SOL at a point given geodetically, 3-D fix with gpsFixOK, week and TOW set. */
    private static byte[] sol(long iTow, double latDeg, double lonDeg, double hM, int fixFlags) {
        double[] ecef = new double[3];
        Wgs84.geodeticToEcef(latDeg, lonDeg, hM, ecef);
        return new Payload(52).put(0, iTow, 4).put(4, 0, 4).put(8, 2307, 2).put(10, 3, 1).put(11, fixFlags, 1)
                .put(12, Math.round(ecef[0] * 100), 4).put(16, Math.round(ecef[1] * 100), 4)
                .put(20, Math.round(ecef[2] * 100), 4).put(24, 250, 4)
                .put(28, 0, 4).put(32, 0, 4).put(36, -100, 4) // ecefVZ -1 m/s
                .put(40, 30, 4).put(44, 150, 2).put(47, 8, 1).frame(1, 6);
    }

    private static byte[] timegps(long iTow, int leap, int valid) {
        return new Payload(16).put(0, iTow, 4).put(8, 2307, 2).put(10, leap, 1).put(11, valid, 1).frame(1, 0x20);
    }

    @Test
    void shouldRoundTripEcefAndGeodeticToWellBelowACentimetre() {
        // Given points from pole to pole, sea level to 20 km
        double[] ecef = new double[3];
        double[] geo = new double[3];
        for (double lat = -90; lat <= 90; lat += 7.5) {
            for (double lon = -180; lon < 180; lon += 45) {
                for (double h : new double[] {-100, 0, 250, 20_000}) {
                    // When converted to ECEF and back
                    Wgs84.geodeticToEcef(lat, lon, h, ecef);
                    Wgs84.ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
                    // Then the point comes back (1e-9 deg is 0.1 mm)
                    assertThat(geo[0]).isCloseTo(lat, within(1e-9));
                    if (Math.abs(lat) < 90) {
                        assertThat(geo[1]).isCloseTo(lon, within(1e-9));
                    }
                    assertThat(geo[2]).isCloseTo(h, within(1e-4));
                }
            }
        }
        // And a zeroed solution is no place on Earth
        Wgs84.ecefToGeodetic(0, 0, 0, geo);
        assertThat(geo[0]).isNaN();
    }

    @Test
    void shouldFillTimeVelocityValidAndEllipsoidHeightFromNavPvt() {
        // Given the test NAV-PVT (validDate+validTime, gnssFixOK, 3-D)
        feed(pvtFrame(1000));
        // Then
        GnssSample s = epochs.get(0);
        assertThat(s.utcTimeMs).isEqualTo(Instant.parse("2026-12-04T19:30:15.250Z").toEpochMilli());
        assertThat(s.velocityValid).isTrue();
        assertThat(s.altEllipsoidM).isCloseTo(200.0, within(1e-9));
        assertThat(s.jammingState).isEqualTo(GnssSample.JAMMING_UNKNOWN);

        // When the receiver's time is not yet valid and it has no fix
        feed(pvt(2000).put(11, 0, 1).put(20, 0, 1).put(21, 0, 1).frame(1, 7));
        // Then the time is unknown and the velocity not valid
        GnssSample t = epochs.get(1);
        assertThat(t.utcTimeMs).isEqualTo(GnssSample.UTC_UNKNOWN);
        assertThat(t.velocityValid).isFalse();
    }

    @Test
    void shouldCarryMonRfAndSecSigStatesIntoTheNextEpoch() {
        // Given MON-RF (jamming state 2 warning, jamInd 140) and SEC-SIG v2 (spoofing 3 multiple)
        feed(new Payload(4 + 24).put(0, 0, 1).put(1, 1, 1).put(4 + 1, 0x02, 1).put(4 + 16, 140, 1).frame(0x0A, 0x38));
        feed(new Payload(4).put(0, 2, 1).put(1, 0x30, 1).frame(0x27, 0x09));
        // When an epoch follows
        feed(pvtFrame(1000));
        // Then it carries them
        GnssSample s = epochs.get(0);
        assertThat(s.jammingIndicator).isEqualTo(140);
        assertThat(s.jammingState).isEqualTo(GnssSample.JAMMING_WARNING);
        assertThat(s.spoofingState).isEqualTo(GnssSample.SPOOFING_MULTIPLE);
    }

    @Test
    void shouldGiveFixesFromNavSolAloneOnceTheStreamShowsNoNavPosllh() {
        // Given a u-blox 7 that sends NAV-SOL and NAV-TIMEGPS (leap seconds 18, valid) but no NAV-POSLLH
        feed(sol(400_463_000, 46.4046486, -117.0204620, 232.96, 0xDD));
        feed(timegps(400_463_000, 18, 0x07));
        assertThat(epochs).as("one NAV-SOL cannot tell").isEmpty();
        // When the next epoch's NAV-SOL comes
        feed(sol(400_464_000, 46.4046486, -117.0204620, 233.96, 0xDD));
        // Then both epochs are fixes, in order, with the geodetic position, NED velocity and UTC time
        assertThat(epochs).hasSize(2);
        GnssSample s = epochs.get(1);
        assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
        assertThat(s.satellitesUsed).isEqualTo(8);
        assertThat(s.latDeg).isCloseTo(46.4046486, within(2e-7));
        assertThat(s.lonDeg).isCloseTo(-117.0204620, within(2e-7));
        assertThat(s.altEllipsoidM).isCloseTo(233.96, within(0.02));
        assertThat(s.altMslM).as("no geoid model: the ellipsoid height").isEqualTo(s.altEllipsoidM);
        assertThat(s.ephM).isCloseTo(2.5, within(1e-9));
        // ECEF (0, 0, -1) m/s at 46.4 N: mostly down, some south
        assertThat(s.velDMps).isCloseTo(Math.sin(Math.toRadians(46.4046486)), within(1e-6));
        assertThat(s.velNMps).isCloseTo(-Math.cos(Math.toRadians(46.4046486)), within(1e-6));
        assertThat(s.velEMps).isCloseTo(0.0, within(1e-9));
        assertThat(s.velocityValid).isTrue();
        // GPS week 2307 + 400464 s - 18 leap seconds
        assertThat(s.utcTimeMs).isEqualTo(Instant.parse("2024-03-28T15:14:06Z").toEpochMilli());
        assertThat(epochs.get(0).utcTimeMs).isEqualTo(Instant.parse("2024-03-28T15:14:05Z").toEpochMilli());

        // When a NAV-SOL says gpsFixOK is false (flags 0xDC)
        feed(sol(400_465_000, 46.4, -117.0, 233.0, 0xDC));
        // Then no fix, by PX4's rule
        assertThat(epochs.get(2).fixType).isEqualTo(GnssSample.FIX_NONE);
    }

    @Test
    void shouldLeaveTheTimeUnknownWithoutLeapSeconds() {
        // Given NAV-SOL alone and no NAV-TIMEGPS with valid leap seconds
        feed(sol(1000, 10, 20, 30, 0xDD));
        feed(timegps(1000, 15, 0x03));
        feed(sol(2000, 10, 20, 30, 0xDD));
        // Then the fixes have no UTC time
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).utcTimeMs).isEqualTo(GnssSample.UTC_UNKNOWN);
    }

    @Test
    void shouldHoldEachNavPvtEpochUntilItsEndOfEpochAndTakeTheHighPrecisionPosition() {
        // Given a stream that has shown NAV-EOE
        feed(new Payload(4).put(0, 500, 4).frame(1, 0x61));
        // When NAV-PVT, NAV-HPPOSLLH (lat/lon + 1e-9 deg parts) and NAV-DOP of iTOW 1000 come
        feed(pvtFrame(1000));
        assertThat(epochs).as("held until NAV-EOE").isEmpty();
        feed(new Payload(36).put(0, 0, 1).put(4, 1000, 4).put(8, 304_567_891, 4).put(12, 504_501_234, 4)
                .put(24, 7, 1).put(25, -3, 1).frame(1, 0x14));
        feed(new Payload(18).put(0, 1000, 4).put(10, 142, 2).put(12, 87, 2).frame(1, 4));
        feed(new Payload(4).put(0, 1000, 4).frame(1, 0x61));
        // Then one epoch with the 1e-9 deg position and the DOPs
        assertThat(epochs).hasSize(1);
        GnssSample s = epochs.get(0);
        assertThat(s.lonDeg).isCloseTo(30.4567891 + 7e-9, within(1e-12));
        assertThat(s.latDeg).isCloseTo(50.4501234 - 3e-9, within(1e-12));
        assertThat(s.hdop).isCloseTo(0.87, within(1e-9));

        // When an epoch's NAV-EOE is lost, the next NAV-PVT releases it
        feed(pvtFrame(2000));
        feed(pvtFrame(3000));
        assertThat(epochs).hasSize(2);
        assertThat(parser.epochITowMs()).isEqualTo(3000);
    }
}
