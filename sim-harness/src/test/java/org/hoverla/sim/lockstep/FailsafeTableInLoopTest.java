package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.failsafe.FailsafeAction;
import org.hoverla.core.failsafe.FailsafeTable;
import org.hoverla.core.failsafe.FailsafeTrigger;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.sched.TaskTable;
import org.hoverla.core.tasks.CommanderTask;
import org.junit.jupiter.api.Test;

/**
 * The failsafe table in the lockstep loop: the new triggers (battery, failure detector) act on the
 * flying vehicle, every transition is said, contradictory parameters are refused without
 * touching the flight, and the commander stays allocation-free while failsafes fire.
 */
class FailsafeTableInLoopTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static CommanderTask commander(SimDriver d) {
        TaskTable table = d.sim.stack().taskTable();
        for (int i = 0; i < table.size(); i++) {
            if (table.task(i) instanceof CommanderTask c) {
                return c;
            }
        }
        throw new AssertionError("no commander");
    }

    private static SimDriver hexa() {
        return new SimDriver(new LockstepSim(new SimConfig(), org.hoverla.core.time.SystemClock.INSTANCE,
                store -> store.set("SYS_AUTOSTART", org.hoverla.core.vehicle.FlightParams.AUTOSTART_HEXA_X)));
    }

    private static List<String> drainEvents(SimDriver d) {
        List<String> texts = new ArrayList<>();
        VehicleEvent e = new VehicleEvent();
        while (d.sim.stack().bus().events.poll(e)) {
            texts.add(e.text);
        }
        return texts;
    }

    private static void landAndDisarm(SimDriver d) {
        for (int i = 0; i < 600 && d.status.armed(); i++) {
            d.steps(100);
        }
    }

    @Test
    void shouldLandOnAMotorFailureFromTheFailureDetector() {
        // Given a hexacopter hovering at 10 m
        SimDriver d = hexa();
        d.takeOff(10.0);
        drainEvents(d);

        // When motor 3 loses all its thrust, and the failure detector finds it
        d.sim.vehicle().setMotorThrustFactor(2, 0.0);
        for (int i = 0; i < 200 && d.status.mode != FlightMode.LAND; i++) {
            d.steps(10);
        }

        // Then the vehicle lands as a failsafe (COM_ACT_FAIL_ACT default: Land), said once
        List<String> events = drainEvents(d);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(d.status.failsafe).isTrue();
        assertThat(events).containsOnlyOnce("Motor failure detected: motor 3")
                .containsOnlyOnce("Failsafe: motor failure / thrust loss, landing");
        landAndDisarm(d);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldStopTheMotorsOnAnAttitudeFailureWhenConfiguredToTerminate() {
        // Given a quadcopter at 30 m configured to terminate on an attitude failure (COM_ATT_FAIL_ACT 6)
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.stack().params().failsafe.attitudeFailureAction.set(6);
        d.takeOff(30.0);
        drainEvents(d);

        // When a motor dies (three motors do not hold this quad: docs/motor-failure.md) and it rolls over
        d.sim.vehicle().setMotorThrustFactor(2, 0.0);
        for (int i = 0; i < 300 && d.status.armed(); i++) {
            d.steps(10);
        }

        // Then the motor failure's Land is overruled by the more severe termination: motors stopped
        List<String> events = drainEvents(d);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.status.failsafe).isTrue();
        assertThat(events).contains("Failsafe: attitude failure, flight terminated");
    }

    @Test
    void shouldReturnAtCriticalBatteryAndLandAtEmergency() {
        // Given a vehicle holding at 15 m, COM_LOW_BAT_ACT 3 (default: return at critical, land at emergency), COM_BAT_ACT_T 1 s
        SimDriver d = new SimDriver(new SimConfig());
        d.sim.stack().params().failsafe.batteryActionDelayS.set(1.0);
        d.takeOff(15.0);
        drainEvents(d);
        CommanderTask c = commander(d);

        // When the pack is nearly empty (the state of charge read from its voltage falls through the levels)
        d.sim.battery().reset(0.09);
        List<String> events = new ArrayList<>();
        FlightMode firstFailsafeMode = null;
        for (int i = 0; i < 300 && d.status.mode != FlightMode.LAND; i++) {
            d.steps(50);
            events.addAll(drainEvents(d));
            if (d.status.failsafe && firstFailsafeMode == null) {
                firstFailsafeMode = d.status.mode;
            }
        }
        System.out.printf("battery failsafe: events %s, first failsafe mode %s, in force %s%n", events, firstFailsafeMode,
                c.failsafeMonitor().action());
        // Then the low level warned, and the vehicle ended landing as a battery failsafe
        assertThat(events).contains("Battery low");
        assertThat(events).anyMatch(t -> t.startsWith("Failsafe: battery"));
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(d.status.failsafe).isTrue();
        assertThat(c.failsafeMonitor().action()).isEqualTo(FailsafeAction.LAND);
        landAndDisarm(d);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldRefuseContradictoryParametersOnceAndKeepFlying() {
        // Given a vehicle holding
        SimDriver d = new SimDriver(new SimConfig());
        d.takeOff(8.0);
        drainEvents(d);
        CommanderTask c = commander(d);
        FailsafeTable before = new FailsafeTable();
        before.copyFrom(c.failsafeMonitor().table());

        // When BAT_CRIT_THR is set above BAT_LOW_THR
        assertThat(d.sim.stack().params().failsafe.batteryCritThr.set(0.2))
                .isEqualTo(org.hoverla.core.param.SetResult.OK);
        d.steps(3_000);

        // Then one message names it, the previous table stays, and the flight goes on
        List<String> events = drainEvents(d);
        assertThat(events).containsExactly(FailsafeTable.BAD_BATTERY_THRESHOLDS);
        assertThat(c.failsafeContradiction()).isEqualTo(FailsafeTable.BAD_BATTERY_THRESHOLDS);
        assertThat(c.failsafeMonitor().table().batteryCriticalFraction()).isEqualTo(before.batteryCriticalFraction());
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(d.status.failsafe).isFalse();

        // When corrected, Then the new table is installed, silently
        d.sim.stack().params().failsafe.batteryCritThr.set(0.1);
        d.steps(1_500);
        assertThat(drainEvents(d)).isEmpty();
        assertThat(c.failsafeContradiction()).isEmpty();
        assertThat(c.failsafeMonitor().table().batteryCriticalFraction()).isEqualTo(0.1);
    }

    /** A ground-station heartbeat heard now. */
    private static void gcsHeard(SimDriver d, Publication<org.hoverla.core.msg.GcsLinkStatus> gcsPub) {
        org.hoverla.core.msg.GcsLinkStatus gcs = new org.hoverla.core.msg.GcsLinkStatus();
        gcs.everSeen = true;
        gcs.lastHeartbeatNs = d.sim.nowNs();
        gcsPub.publish(gcs);
    }

    @Test
    void shouldLandWhenAFailsafeReturnLosesItsPosition() {
        // Given a vehicle returning because the ground station fell silent (NAV_DLL_ACT 2)
        SimDriver d = new SimDriver(new SimConfig());
        Publication<org.hoverla.core.msg.GcsLinkStatus> gcsPub = d.sim.stack().bus().gcsLinkStatus.advertise();
        d.takeOff(10.0);
        gcsHeard(d, gcsPub);
        d.steps(5_500);
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
        drainEvents(d);

        // When GNSS is lost and the horizontal estimate runs out (EST_NOAID_TOUT)
        d.sim.gnss().setOutage(true);
        for (int i = 0; i < 200 && d.status.mode == FlightMode.RETURN; i++) {
            d.steps(100);
        }

        // Then the failsafe Return goes to Land, never down to Altitude (COM_POSCTL_NAVL 0)
        List<String> events = drainEvents(d);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(d.status.failsafe).isTrue();
        assertThat(events).contains("Failsafe: position estimate lost, landing")
                .doesNotContain("Failsafe: position estimate lost, altitude hold");
        landAndDisarm(d);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldKeepTheMostSevereActionAcrossTriggersInTheLoop() {
        // Given a vehicle returning after a ground-station loss
        SimDriver d = new SimDriver(new SimConfig());
        Publication<org.hoverla.core.msg.GcsLinkStatus> gcsPub = d.sim.stack().bus().gcsLinkStatus.advertise();
        d.takeOff(10.0);
        gcsHeard(d, gcsPub);
        d.steps(5_500);
        assertThat(d.status.mode).isEqualTo(FlightMode.RETURN);
        CommanderTask c = commander(d);
        drainEvents(d);

        // When the battery reaches its emergency level (Land), Then Land
        d.sim.battery().reset(0.03);
        for (int i = 0; i < 300 && d.status.mode != FlightMode.LAND; i++) {
            d.steps(50);
        }
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(c.failsafeMonitor().action()).isEqualTo(FailsafeAction.LAND);

        // When the link comes back (the milder trigger clears), Then Land stays in force (no snap back)
        gcsHeard(d, gcsPub);
        d.steps(100);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(c.failsafeMonitor().action()).isEqualTo(FailsafeAction.LAND);
        assertThat(drainEvents(d)).contains("Ground station link regained");
    }

    @Test
    void shouldAllocateNothingWhileFailsafesFire() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a hovering hexacopter whose parameters change (the table is refilled) and one of
        // whose motors will fail inside the measured window
        SimDriver d = hexa();
        d.takeOff(10.0);
        // (a contradictory parameter too: the commander keeps its table and keeps checking each new set)
        d.sim.stack().params().failsafe.gnssJammingAction.set(2);
        d.sim.stack().params().failsafe.batteryCritThr.set(0.3);
        d.steps(2_000);
        drainEvents(d);
        long tid = Thread.currentThread().getId();

        // When the motor fails and 5,000 cycles run through detection, the mixer's reconfiguration
        // and the failsafe landing
        d.sim.vehicle().setMotorThrustFactor(0, 0.0);
        THREADS.getThreadAllocatedBytes(tid);
        long start = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 5_000; i++) {
            d.sim.step();
        }
        long allocated = THREADS.getThreadAllocatedBytes(tid) - start;

        // Then the failsafe acted, and not one byte was allocated
        d.steps(1);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        assertThat(commander(d).failsafeMonitor().demand(FailsafeTrigger.MOTOR_FAILURE)).isEqualTo(FailsafeAction.LAND);
        assertThat(commander(d).failsafeContradiction()).isEqualTo(FailsafeTable.BAD_BATTERY_THRESHOLDS);
        assertThat(allocated).isZero();
    }

}
