package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.fault.FailureInjection;
import org.hoverla.core.fault.FailureType;
import org.hoverla.core.fault.FailureUnit;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.RcInputSample;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.rc.SimRcTransmitter;
import org.junit.jupiter.api.Test;

/** Injected failures as the simulated world applies them to its devices and motors. */
class SimFaultsInLoopTest {
    private final FailureInjection failures = new FailureInjection();
    private final SimWorld world = new SimWorld(new SimConfig(), Airframe.defaultQuadX());
    private final GnssSample gnss = new GnssSample();
    private final ImuSample imu = new ImuSample();

    SimFaultsInLoopTest() {
        world.attachFailureInjection(failures);
    }

    /** Steps the world {@code n} ms; returns how many GNSS samples the HAL delivered. */
    private int gnssSamples(int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            world.stepWorld();
            world.devices().imu.poll(imu);
            count += world.devices().gnss.poll(gnss) ? 1 : 0;
        }
        return count;
    }

    @Test
    void shouldDeclareWhatTheSimulatorApplies() {
        assertThat(failures.supported(FailureUnit.GPS, FailureType.INTERMITTENT)).isTrue();
        assertThat(failures.supported(FailureUnit.MOTOR, FailureType.OFF)).isTrue();
        assertThat(failures.supported(FailureUnit.MOTOR, FailureType.GARBAGE)).isFalse();
        assertThat(failures.supported(FailureUnit.RC_SIGNAL, FailureType.OFF)).isTrue();
        assertThat(failures.supported(FailureUnit.MAVLINK_SIGNAL, FailureType.OFF)).as("the MAVLink link's own").isFalse();
    }

    @Test
    void shouldSilenceAndRestoreTheGnssReceiver() {
        // 10 Hz, the first solution 100 ms after start
        assertThat(gnssSamples(1000)).isBetween(9, 10);
        failures.inject(FailureUnit.GPS, FailureType.OFF, 0);
        assertThat(gnssSamples(1000)).isZero();
        failures.inject(FailureUnit.GPS, FailureType.OK, 0);
        assertThat(gnssSamples(1000)).isEqualTo(10);
    }

    @Test
    void shouldMoveTheReportedPositionWhenGpsIsWrong() {
        gnssSamples(1000);
        double honestLat = gnss.latDeg;
        failures.inject(FailureUnit.GPS, FailureType.WRONG, 0);
        gnssSamples(200);
        assertThat((gnss.latDeg - honestLat) * 111_320.0).isCloseTo(SimFaults.WRONG_GNSS_NORTH_M, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void shouldStopAMotorByItsOneBasedInstance() {
        java.util.Arrays.fill(world.devices().motors.commands(), 0.6);
        failures.inject(FailureUnit.MOTOR, FailureType.OFF, 2);
        for (int i = 0; i < 500; i++) {
            world.stepWorld();
        }
        // the rotor has spun down (its time constant is tens of ms), the others run
        assertThat(world.vehicle().motorSpeedRadps(1)).isLessThan(1.0);
        assertThat(world.vehicle().motorSpeedRadps(0)).isGreaterThan(100.0);
        // A scenario's own thrust loss combines with it and survives its clearing
        world.setScenarioMotorThrust(0, 0.0);
        failures.inject(FailureUnit.MOTOR, FailureType.OK, 0);
        for (int i = 0; i < 500; i++) {
            world.stepWorld();
        }
        assertThat(world.vehicle().motorSpeedRadps(0)).isLessThan(1.0);
        assertThat(world.vehicle().motorSpeedRadps(1)).isGreaterThan(100.0);
    }

    @Test
    void shouldSilenceTheRcReceiverWhenRcSignalIsOff() {
        SimRcTransmitter tx = new SimRcTransmitter(world.devices().rc);
        RcInputSample frame = new RcInputSample();
        int before = 0;
        int after = 0;
        for (int i = 0; i < 1000; i++) {
            world.stepWorld();
            tx.update(world.clock().nanoTime());
            before += world.devices().rc.poll(frame) ? 1 : 0;
        }
        failures.inject(FailureUnit.RC_SIGNAL, FailureType.OFF, 0);
        for (int i = 0; i < 1000; i++) {
            world.stepWorld();
            tx.update(world.clock().nanoTime());
            after += world.devices().rc.poll(frame) ? 1 : 0;
        }
        assertThat(before).isEqualTo(50);
        assertThat(after).isZero();
    }

    @Test
    void shouldStepWithoutAllocatingWhateverFailureIsActive() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        FailureUnit[] units = {FailureUnit.GYRO, FailureUnit.ACCEL, FailureUnit.MAG, FailureUnit.BARO, FailureUnit.GPS,
            FailureUnit.BATTERY};
        FailureType[] types = FailureType.values();
        // Warm up every path first (JIT), then measure the same sequence
        for (int pass = 0; pass < 2; pass++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (FailureType t : types) {
                for (FailureUnit u : units) {
                    failures.inject(u, t, 0);
                }
                gnssSamples(2000);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (pass == 1) {
                assertThat(allocated).isZero();
            }
            failures.clearAll();
        }
    }
}
