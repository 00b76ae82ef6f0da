package org.hoverla.sim.lockstep;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.ActuatorMotors;
import org.hoverla.core.msg.FailureDetectorStatus;
import org.hoverla.core.time.SystemClock;
import org.junit.jupiter.api.Test;

/**
 * Measurement, not a check: prints the course of a motor failure at 30 m (detection time, tilt,
 * distance, outcome) for the figures in docs/motor-failure.md. Runs only when PROBE is set, e.g.
 * {@code PROBE=6001:0:8,4001:0:0 mvn -o -q -B -pl sim-harness -am test -Dtest=MotorFailureProbeTest
 * -Dsurefire.failIfNoSpecifiedTests=false} (airframe:motor:wind m/s[:seed[:thrust factor[:CA_FAILURE_MODE]]], comma-separated;
 * PROBE_V=1 prints the course every 0.1 s). The checks are in MotorFailureInLoopTest.
 */
class MotorFailureProbeTest {
    @Test
    void probe() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("PROBE") != null, "set PROBE to measure");
        String spec = System.getenv("PROBE");
        for (String one : spec.split(",")) {
            String[] p = one.split(":");
            probe(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Double.parseDouble(p[2]), p.length > 3 ? Long.parseLong(p[3]) : 1L,
                    p.length > 4 ? Double.parseDouble(p[4]) : 0.0, p.length > 5 ? Integer.parseInt(p[5]) : 1);
        }
    }

    /** Execution time of rate control (the mixer) and the detector, on this machine's wall clock. */
    private static void printPerf(org.hoverla.core.sched.LoopScheduler sched, String when) {
        for (int i = 0; i < sched.taskCount(); i++) {
            String name = sched.taskName(i);
            if (name.equals("rate_ctrl") || name.equals("failure_det")) {
                System.out.printf("PERF %s %s: mean %.1f us, max %.1f us over %d runs%n", when, name,
                        sched.perf(i).meanExecNs() / 1e3, sched.perf(i).maxExecNs() / 1e3, sched.perf(i).runs());
            }
        }
    }

    void probe(int af, int motor, double wind, long seed, double thrustFactor, int failureMode) {
        System.out.printf("=== af=%d motor=%d wind=%.1f seed=%d thrust=%.2f CA_FAILURE_MODE=%d%n", af, motor, wind, seed,
                thrustFactor, failureMode);
        boolean verbose = System.getenv("PROBE_V") != null;
        SimConfig cfg = new SimConfig();
        cfg.seed = seed;
        cfg.windFromDeg = 90;
        cfg.windSpeedMps = wind;
        LockstepSim sim = new LockstepSim(cfg, SystemClock.INSTANCE, store -> {
            store.set("SYS_AUTOSTART", af);
            store.set("CA_FAILURE_MODE", failureMode);
        });
        SimDriver d = new SimDriver(sim);
        d.takeOff(30.0);
        d.steps(3000);
        Subscription<ActuatorMotors> ms = sim.stack().bus().actuatorMotors.subscribe();
        Subscription<FailureDetectorStatus> fs = sim.stack().bus().failureDetectorStatus.subscribe();
        ActuatorMotors m = new ActuatorMotors();
        FailureDetectorStatus f = new FailureDetectorStatus();
        var sched = sim.scheduler();
        printPerf(sched, "before failure");
        for (int i = 0; i < sched.taskCount(); i++) {
            sched.perf(i).reset();
        }
        sim.vehicle().setMotorThrustFactor(motor, thrustFactor);
        double x0 = sim.vehicle().positionNed().x, y0 = sim.vehicle().positionNed().y;
        double t0 = sim.timeS();
        boolean landSent = false;
        double maxTilt = 0;
        for (int k = 0; k < 2000 && !sim.vehicle().crashed(); k++) {
            d.steps(20);
            ms.update(m);
            fs.update(f);
            if (f.motorFailureMask != 0 && !landSent) {
                landSent = true;
                System.out.printf("DETECTED mask=%x after %.3f s%n", f.motorFailureMask, sim.timeS() - t0);
                // (the failsafe table lands it: COM_ACT_FAIL_ACT, default Land)
            }
            var q = sim.vehicle().attitude();
            double tilt = Math.toDegrees(q.tiltRad());
            if (sim.timeS() - t0 > 2) maxTilt = Math.max(maxTilt, tilt);
            var w = sim.vehicle().angularVelocityFrd();
            if (verbose && (k < 100 && k % 5 == 0 || k % 50 == 0)) {
                StringBuilder sb = new StringBuilder(String.format("t=%.2f alt=%.1f dxy=%.2f tilt=%.1f w=(%.2f %.2f %.2f) u=", sim.timeS() - t0, -sim.vehicle().positionNed().z,
                        Math.hypot(sim.vehicle().positionNed().x - x0, sim.vehicle().positionNed().y - y0), tilt, w.x, w.y, w.z));
                for (int i = 0; i < m.count; i++) sb.append(String.format("%.2f ", m.thrustNorm[i]));
                sb.append(" mode=").append(d.status.mode).append(" armed=").append(d.status.armed()).append(" fd=").append(f.motorFailureMask);
                System.out.println(sb);
            }
            if (!d.status.armed()) break;
        }
        printPerf(sched, "after failure");
        System.out.printf("END t=%.1f crashed=%s %s dxy=%.2f maxTiltAfter2s=%.1f alt=%.2f%n", sim.timeS() - t0, sim.vehicle().crashed(), sim.vehicle().crashReason(),
                Math.hypot(sim.vehicle().positionNed().x - x0, sim.vehicle().positionNed().y - y0), maxTilt, -sim.vehicle().positionNed().z);
    }
}
