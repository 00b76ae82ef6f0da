package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.hal.gnss.SerialGnssReceiverTest.withChecksums;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;

/** The UTC time and velocity-valid flag NMEA epochs carry to the flight stack. */
class NmeaEpochFieldsTest {
    private final List<GnssSample> fixes = new ArrayList<>();
    private final NmeaParser parser = new NmeaParser(f -> {
        GnssSample c = new GnssSample();
        c.copyFrom(f.sample);
        fixes.add(c);
    });

    private void feed(String sentences) {
        byte[] b = withChecksums(sentences);
        parser.feed(b, 0, b.length);
    }

    @Test
    void shouldLeaveTheTimeUnknownUntilRmcOrZdaGivesADate() {
        // Given GGA-only epochs: a time of day, no date
        feed("$GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*00\r\n"
                + "$GPGGA,123520.00,4807.039,N,01131.001,E,1,08,0.9,545.5,M,46.9,M,,*00\r\n");
        parser.flush();
        // Then the fixes are fixes, with no UTC time and no velocity
        assertThat(fixes).hasSize(2);
        assertThat(fixes).allSatisfy(s -> {
            assertThat(s.fixType).isEqualTo(GnssSample.FIX_3D);
            assertThat(s.utcTimeMs).isEqualTo(GnssSample.UTC_UNKNOWN);
            assertThat(s.velocityValid).isFalse();
        });

        // When an RMC with date and speed/course joins the next epoch (before its GGA, which the
        // parser has learned ends a cycle)
        feed("$GPRMC,123521.00,A,4807.040,N,01131.002,E,022.4,084.4,230394,003.1,W*00\r\n"
                + "$GPGGA,123521.00,4807.040,N,01131.002,E,1,08,0.9,545.6,M,46.9,M,,*00\r\n");
        parser.flush();
        // Then that epoch has its UTC time and a valid horizontal velocity
        GnssSample s = fixes.get(2);
        assertThat(s.utcTimeMs).isEqualTo(Instant.parse("1994-03-23T12:35:21Z").toEpochMilli());
        assertThat(s.velocityValid).isTrue();
    }

    @Test
    void shouldGiveNoTimeNoVelocityAndNoFixForAnAllZeroPosition() {
        // Given a receiver's power-up placeholder: fix claimed at 0 deg, 0 deg
        feed("$GPGGA,000001.00,0000.000,N,00000.000,E,1,04,9.9,0.0,M,0.0,M,,*00\r\n"
                + "$GPRMC,000001.00,A,0000.000,N,00000.000,E,0.0,0.0,060180,,*00\r\n");
        parser.flush();
        // Then it is counted and not a fix
        assertThat(parser.allZeroFixes()).isEqualTo(1);
        assertThat(fixes.get(0).fixType).isEqualTo(GnssSample.FIX_NONE);
        assertThat(fixes.get(0).velocityValid).isFalse();
    }
}
