package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LocalProjectionTest {

    @Test
    void shouldMapTheReferenceToTheOrigin() {
        LocalProjection p = new LocalProjection(47.3977444, 8.5455918);
        double[] ne = new double[2];
        p.projectTo(47.3977444, 8.5455918, ne);
        assertThat(ne[0]).isEqualTo(0.0);
        assertThat(ne[1]).isEqualTo(0.0);
    }

    @Test
    void shouldGiveArcLengthAlongTheMeridianAndTheBearingEast() {
        // Given a reference at 47.4° N
        LocalProjection p = new LocalProjection(47.4, 8.5);
        double[] ne = new double[2];
        // When a point 0.01° north is projected
        p.projectTo(47.41, 8.5, ne);
        // Then it is R·Δφ north (distances from the reference are exact in this projection)
        assertThat(ne[0]).isCloseTo(LocalProjection.EARTH_RADIUS_M * Math.toRadians(0.01), offset(1e-6));
        assertThat(ne[1]).isCloseTo(0.0, offset(1e-9));
        // And a point 0.01° east is about R·cos φ·Δλ east
        p.projectTo(47.4, 8.51, ne);
        assertThat(ne[1]).isCloseTo(LocalProjection.EARTH_RADIUS_M * Math.cos(Math.toRadians(47.4))
                * Math.toRadians(0.01), offset(0.01));
        assertThat(ne[0]).isPositive(); // the parallel curves north of the great circle heading east
    }

    @Test
    void shouldRoundTripWithinMicrometresOverTenKilometres() {
        // Given random points within 10 km of several references (seeded)
        Random rnd = new Random(42);
        double[] ll = new double[2];
        double[] ne = new double[2];
        for (int i = 0; i < 1000; i++) {
            LocalProjection p = new LocalProjection(rnd.nextDouble() * 160 - 80, rnd.nextDouble() * 360 - 180);
            double n = rnd.nextDouble() * 20000 - 10000;
            double e = rnd.nextDouble() * 20000 - 10000;
            // When reprojected and projected again
            p.reprojectTo(n, e, ll);
            p.projectTo(ll[0], ll[1], ne);
            // Then the same local point comes back
            assertThat(ne[0]).isCloseTo(n, offset(1e-6));
            assertThat(ne[1]).isCloseTo(e, offset(1e-6));
        }
    }

    @Test
    void shouldRefuseAnInvalidReference() {
        assertThatThrownBy(() -> new LocalProjection(91, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalProjection(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
