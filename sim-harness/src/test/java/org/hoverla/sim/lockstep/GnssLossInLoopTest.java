package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.VehicleLocalPosition;
import org.junit.jupiter.api.Test;

/**
 * GNSS lost for 30 s in a hover (the receiver reports no fix) with the complementary filters
 * (EST_TYPE = 0, the fallback estimator): the vehicle must stay airborne and upright on inertial
 * and baro data, and the estimate must say the horizontal position is not valid any more. The
 * EKF's bounded dead reckoning and failsafe are in {@link EkfGnssLossInLoopTest}.
 */
class GnssLossInLoopTest {

    @Test
    void shouldStayAirborneAndUprightThroughA30SecondOutage() {
        // Given a vehicle hovering at 10 m in a light wind
        SimConfig config = new SimConfig();
        config.windSpeedMps = 2.0;
        config.windFromDeg = 90.0;
        SimDriver d = new SimDriver(config);
        d.sim.stack().params().estType.set(0);
        d.takeOff(10.0);
        var posSub = d.sim.stack().bus().localPosition.subscribe();
        VehicleLocalPosition pos = new VehicleLocalPosition();

        // When the receiver loses every satellite for 30 s
        d.sim.gnss().setOutage(true);
        double minAlt = Double.MAX_VALUE;
        double maxTiltDeg = 0.0;
        boolean invalidSeen = false;
        for (int i = 0; i < 300; i++) {
            d.steps(100);
            minAlt = Math.min(minAlt, -d.sim.vehicle().positionNed().z);
            maxTiltDeg = Math.max(maxTiltDeg, Math.toDegrees(d.sim.vehicle().attitude().tiltRad()));
            posSub.copy(pos);
            invalidSeen |= !pos.xyValid;
        }
        d.sim.gnss().setOutage(false);
        d.steps(10_000);

        // Then it stayed in the air, upright, and the estimate flagged the lost position
        System.out.printf("GNSS outage 30 s, complementary filters: lowest altitude %.2f m, max tilt %.1f deg%n", minAlt, maxTiltDeg);
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(minAlt).isGreaterThan(8.0);
        assertThat(maxTiltDeg).isLessThan(20.0);
        assertThat(invalidSeen).isTrue();
        assertThat(d.status.armed()).isTrue();
        posSub.copy(pos);
        assertThat(pos.xyValid).isTrue();
    }
}
