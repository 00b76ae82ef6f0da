package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.FailureDetectorStatus;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightParams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The failure detector never cries wolf: healthy quad and hexa vehicles in 8 m/s gusty wind, flying
 * fast zig-zags with heading changes, then a fast descent and a hard landing, over several seeds,
 * with the default thresholds. Every flight cycle's failure_detector_status is checked.
 */
class FailureDetectorFalseAlarmInLoopTest {

    @ParameterizedTest(name = "airframe {0}, seed {1}, wind from {2} deg")
    @CsvSource({
        "4001, 11, 0",
        "4001, 12, 135",
        "4001, 13, 250",
        "6001, 21, 45",
        "6001, 22, 180",
        "6001, 23, 300",
    })
    void shouldReportNoFailureOnAHealthyVehicleFlownHardInGustyWind(int autostart, long seed, double windFromDeg) {
        // Given a healthy vehicle in 8 m/s wind (gusts 1.6 m/s sigma), cruising at 15 m/s, descending at
        // 4 m/s and touching down at 2 m/s (MPC_LAND_SPEED's maximum, from 1 m: a hard landing)
        SimConfig config = new SimConfig();
        config.seed = seed;
        config.windSpeedMps = 8.0;
        config.windFromDeg = windFromDeg;
        LockstepSim sim = new LockstepSim(config, SystemClock.INSTANCE, store -> {
            store.set("SYS_AUTOSTART", autostart);
            store.set("MPC_XY_CRUISE", 15.0);
            store.set("MPC_Z_VEL_MAX_DN", 4.0);
            store.set("MPC_LAND_SPEED", 2.0);
            store.set("MPC_LAND_ALT2", 1.0);
        });
        SimDriver d = new SimDriver(sim);
        Subscription<FailureDetectorStatus> fd = sim.stack().bus().failureDetectorStatus.subscribe();
        FailureDetectorStatus status = new FailureDetectorStatus();
        Watch watch = new Watch();
        d.takeOff(30.0);

        // When it flies a zig-zag of 80 m legs, turning its nose at each, then lands
        double[][] legs = {{80, 0, 90}, {80, 80, -90}, {0, 80, 180}, {0, 0, 0}, {-60, 60, 45}};
        for (double[] leg : legs) {
            Vec3 p = MotorFailureInLoopTest.geodetic(sim, leg[0], leg[1], -30.0);
            SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Math.toRadians(leg[2]),
                    p.x, p.y, p.z));
            watch.fly(sim, fd, status, 14.0);
        }
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN));
        watch.fly(sim, fd, status, 40.0);
        d.steps(1);

        // Then it flew fast and landed hard but whole, and no failure was ever reported
        assertThat(watch.maxSpeedMps).isGreaterThan(10.0);
        assertThat(watch.maxTouchdownMps).isGreaterThan(1.5);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(d.status.armed()).isFalse();
        assertThat(watch.motorFailures).isZero();
        assertThat(watch.attitudeFailures).isZero();
        assertThat(watch.thrustLosses).isZero();
        assertThat(watch.cycles).isGreaterThan(100_000);
        System.out.printf("false-alarm airframe=%d seed=%d: max speed %.1f m/s, touchdown %.2f m/s, %d cycles%n",
                autostart, seed, watch.maxSpeedMps, watch.maxTouchdownMps, watch.cycles);
    }

    @ParameterizedTest(name = "airframe {0}, seed {1}")
    @CsvSource({
        "4001, 1",
        "4001, 2",
        "6001, 1",
    })
    void shouldReportNoFailureWhileTurningOnTheSpot(int autostart, long seed) {
        // Given a healthy vehicle hovering at 10 m, as QGroundControl's Change Heading leaves it (the
        // e2e found this: a half turn at the yaw rate limit once made the detector remove a motor of a
        // healthy quad, which then fell)
        SimConfig config = new SimConfig();
        config.seed = seed;
        LockstepSim sim = new LockstepSim(config, SystemClock.INSTANCE, store -> store.set("SYS_AUTOSTART", autostart));
        SimDriver d = new SimDriver(sim);
        Subscription<FailureDetectorStatus> fd = sim.stack().bus().failureDetectorStatus.subscribe();
        FailureDetectorStatus status = new FailureDetectorStatus();
        Watch watch = new Watch();
        d.takeOff(10.0);

        // When it enters an orbit (5 m/s, radius 15 m, centre east), leaves it a second later with a
        // heading change to the west (QGC's Orbit then Change Heading), then turns by half turns
        Vec3 centre = MotorFailureInLoopTest.geodetic(sim, sim.vehicle().positionNed().x,
                sim.vehicle().positionNed().y + 15.0, -10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_ORBIT, 15.0, Double.NaN, 5.0, Double.NaN,
                centre.x, centre.y, centre.z));
        watch.fly(sim, fd, status, 1.0);
        double[] headingsDeg = {-90, 90, -90, 90, 0, 180, -90};
        for (double h : headingsDeg) {
            SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, Math.toRadians(h),
                    Double.NaN, Double.NaN, Double.NaN));
            watch.fly(sim, fd, status, 8.0);
        }

        // Then it turned, stayed up and whole, and no failure was reported
        assertThat(Math.toDegrees(Math.abs(org.hoverla.core.math.Angles.wrapPi(sim.vehicle().attitude().yaw()
                + Math.PI / 2)))).isLessThan(5.0);
        assertThat(sim.vehicle().crashed()).isFalse();
        assertThat(-sim.vehicle().positionNed().z).isGreaterThan(8.0);
        assertThat(watch.motorFailures).isZero();
        assertThat(watch.attitudeFailures).isZero();
        assertThat(watch.thrustLosses).isZero();
    }

    /** Steps the simulation and counts every cycle with a failure reported. */
    private static final class Watch {
        long cycles;
        long motorFailures;
        long attitudeFailures;
        long thrustLosses;
        double maxSpeedMps;
        double maxTouchdownMps;

        void fly(LockstepSim sim, Subscription<FailureDetectorStatus> fd, FailureDetectorStatus status, double seconds) {
            double end = sim.timeS() + seconds;
            while (sim.timeS() < end) {
                sim.step();
                cycles++;
                fd.update(status);
                motorFailures += status.motorFailureMask != 0 ? 1 : 0;
                attitudeFailures += status.attitudeFailure ? 1 : 0;
                thrustLosses += status.thrustLoss ? 1 : 0;
                Vec3 v = sim.vehicle().velocityNed();
                maxSpeedMps = Math.max(maxSpeedMps, Math.hypot(v.x, v.y));
                // Sinking speed in the last half metre above the ground: the speed it touches down at.
                if (!sim.vehicle().onGround() && -sim.vehicle().positionNed().z < 0.5) {
                    maxTouchdownMps = Math.max(maxTouchdownMps, v.z);
                }
            }
        }
    }
}
