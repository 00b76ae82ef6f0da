package org.hoverla.core.estimation.ekf;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

class ImuDownsamplerTest {

    @Test
    void shouldPredictLikeTheIndividualSamples() {
        // Given a rotating, accelerating vehicle and two EKFs, one fed every 4 ms sample, one
        // fed pairs summed by the downsampler
        EkfImuSim sim = new EkfImuSim(11);
        sim.rateFrdRadps.set(0.5, -0.3, 1.0);
        sim.accNedMps2.set(1.0, -0.5, 0.2);
        Ekf each = new Ekf();
        Ekf summed = new Ekf();
        each.initialise(sim.q, sim.pos, sim.vel);
        summed.initialise(sim.q, sim.pos, sim.vel);
        ImuDownsampler ds = new ImuDownsampler();
        Vec3 dAng = new Vec3();
        Vec3 dVel = new Vec3();
        Vec3 a = new Vec3();
        Vec3 b = new Vec3();
        // When both run 5 s
        for (int k = 0; k < 1250; k++) {
            sim.step(0.004, dAng, dVel);
            each.predict(dAng, dVel, 0.004);
            ds.add(dAng, dVel, 0.004);
            if (ds.samples() == 2) {
                double dt = ds.dtS();
                ds.take(a, b);
                assertThat(ds.samples()).isZero();
                summed.predict(a, b, dt);
            }
        }
        // Then both follow the truth and each other to millimetres (the trapezoid position step
        // over 8 ms instead of 4 ms, in a 1 rad/s turn with 1 m/s² acceleration)
        double attDeg = Math.toDegrees(each.attitude(new Quat()).angleTo(summed.attitude(new Quat())));
        double dv = each.velocityNed(new Vec3()).sub(summed.velocityNed(new Vec3())).norm();
        double dp = each.positionNed(new Vec3()).sub(summed.positionNed(new Vec3())).norm();
        double truthDp = summed.positionNed(new Vec3()).sub(sim.pos).norm();
        double truthDpEach = each.positionNed(new Vec3()).sub(sim.pos).norm();
        System.out.printf("Downsampled EKF vs per-sample after 5 s: att %.2e deg, vel %.2e m/s, pos %.2e m;"
                + " position vs truth %.2e m (per-sample EKF %.2e m)%n", attDeg, dv, dp, truthDp, truthDpEach);
        assertThat(attDeg).isLessThan(1e-3);
        assertThat(dv).isLessThan(1e-3);
        assertThat(dp).isLessThan(3e-3);
        assertThat(truthDp).isLessThan(5e-3);
    }
}
