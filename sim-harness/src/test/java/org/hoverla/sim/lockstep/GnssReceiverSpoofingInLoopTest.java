package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.hal.GnssSample;
import org.junit.jupiter.api.Test;

/**
 * The receiver's own spoofing and jamming reports (u-blox SEC-SIG / MON-RF states), carried by
 * GnssSample into the estimator's GNSS monitor, in the lockstep loop (seed 1): spoofing refuses
 * arming with its own reason and one STATUSTEXT per change; jamming warning is announced once
 * per change; the vehicle arms again once the receiver says it is clean.
 */
class GnssReceiverSpoofingInLoopTest {

    private final VehicleEvent event = new VehicleEvent();
    private final List<String> events = new ArrayList<>();

    private void drain(SimDriver d) {
        while (d.sim.stack().bus().events.poll(event)) {
            events.add(event.text);
        }
    }

    private void run(SimDriver d, int steps) {
        for (int i = 0; i < steps / 10; i++) {
            d.steps(10);
            drain(d);
        }
    }

    @Test
    void shouldRefuseToArmWhileTheReceiverReportsSpoofingAndAnnounceEachChangeOnce() {
        // Given a vehicle ready to arm
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        assertThat(d.status.armingState).isEqualTo(ArmingState.STANDBY);
        drain(d);
        events.clear();

        // When the receiver reports spoofing (SEC-SIG "indicated") for 3 s
        d.sim.gnss().setReceiverInterference(GnssSample.JAMMING_OK, GnssSample.SPOOFING_INDICATED);
        run(d, 3_000);

        // Then arming is refused with the receiver's reason, announced once
        VehicleCommandAck ack = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(ack.result).isNotEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(ack.reason).isEqualTo("Pre-arm: GNSS receiver reports spoofing");
        assertThat(d.status.armed()).isFalse();
        assertThat(events).containsOnlyOnce("GNSS receiver reports spoofing");
        assertThat(events).doesNotContain("GNSS inconsistent with IMU/baro: spoofing?");

        // When the receiver also reports a jamming warning, then both clear
        d.sim.gnss().setReceiverInterference(GnssSample.JAMMING_WARNING, GnssSample.SPOOFING_INDICATED);
        run(d, 2_000);
        d.sim.gnss().setReceiverInterference(GnssSample.JAMMING_OK, GnssSample.SPOOFING_NONE);
        // (the monitor latches each reason for 10 s after it was last seen)
        run(d, 15_000);

        // Then each change was announced once, and the vehicle arms
        assertThat(events).containsOnlyOnce("GNSS receiver reports jamming");
        assertThat(events).containsOnlyOnce("GNSS receiver no longer reports jamming");
        assertThat(events).containsOnlyOnce("GNSS receiver no longer reports spoofing");
        assertThat(d.status.armingState).isEqualTo(ArmingState.STANDBY);
        VehicleCommandAck armed = d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN);
        assertThat(armed.result).isEqualTo(VehicleCommandAck.ACCEPTED);
    }
}
