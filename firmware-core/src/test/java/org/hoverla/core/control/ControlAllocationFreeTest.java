package org.hoverla.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 5: the control chain must not allocate once warmed up. */
class ControlAllocationFreeTest {

    @Test
    void shouldNotAllocateInTheControlChain() {
        // Given the full cascade, preallocated
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PositionController pos = new PositionController();
        AttitudeController att = new AttitudeController();
        RateController rate = new RateController();
        for (int a = 0; a < 3; a++) {
            rate.setGains(a, 0.15, 0.2, 0.003, 0);
        }
        Mixer mixer = new Mixer(MotorGeometry.quadX(0.225));
        Vec3 p = new Vec3();
        Vec3 v = new Vec3();
        Vec3 psp = new Vec3(5, -3, -10);
        Vec3 vsp = new Vec3().setNaN();
        Vec3 acc = new Vec3().setNaN();
        Vec3 thr = new Vec3();
        Quat q = new Quat().setEuler(0.05, -0.02, 0.3);
        Quat qsp = new Quat();
        Vec3 rsp = new Vec3();
        Vec3 w = new Vec3(0.01, -0.02, 0.03);
        Vec3 torque = new Vec3();
        double[] motors = new double[4];
        double[] cmd = new double[4];
        // When the chain runs warm (as a method the JIT compiles whole, not only as an
        // on-stack-replaced loop, whose deoptimisation would rematerialise eliminated objects)
        Chain chain = new Chain(pos, att, rate, mixer, p, v, psp, vsp, acc, thr, q, qsp, rsp, w, torque, motors, cmd);
        for (int i = 0; i < 100; i++) {
            chain.run(1_000);
        }
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            chain.run(20_000);
            fewest = Math.min(fewest, mx.getCurrentThreadAllocatedBytes() - before);
        }
        // Then nothing was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).isZero();
        assertThat(cmd[0]).isBetween(0.0, 1.0);
    }

    /** One pass of the control cascade, repeated. */
    private record Chain(PositionController pos, AttitudeController att, RateController rate, Mixer mixer, Vec3 p,
                         Vec3 v, Vec3 psp, Vec3 vsp, Vec3 acc, Vec3 thr, Quat q, Quat qsp, Vec3 rsp, Vec3 w,
                         Vec3 torque, double[] motors, double[] cmd) {
        void run(int n) {
            for (int k = 0; k < n; k++) {
                p.x = (k % 100) * 0.01;
                pos.update(p, v, psp, vsp, acc, 0.02, thr);
                double c = ThrustAttitude.toAttitude(thr, 0.3, qsp);
                att.update(q, qsp, Double.NaN, rsp);
                rate.update(rsp, w, 0.001, true, torque);
                mixer.mix(torque, c, motors);
                for (int a = 0; a < 3; a++) {
                    rate.setSaturation(a, mixer.saturatedPositive(a), mixer.saturatedNegative(a));
                }
                for (int i = 0; i < 4; i++) {
                    cmd[i] = ThrustCurve.thrustToCommand(motors[i], 0.65);
                }
            }
        }
    }
}
