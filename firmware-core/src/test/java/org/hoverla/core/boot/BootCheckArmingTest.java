package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The boot check's arming refusal through the real commander ({@link Vehicle#refuseArmingWhen}):
 * the bench-fake vehicle stepped on a simulated clock, as LoopTimingArmingTest steps it.
 */
class BootCheckArmingTest {
    private SteppedBenchVehicle bench;
    private volatile String refusal = "";

    private void boot() throws Exception {
        bench = new SteppedBenchVehicle();
        bench.vehicle.refuseArmingWhen(() -> refusal);
    }

    @AfterEach
    void close() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void shouldRefuseArmingWithTheBootChecksReasonWhileOnTrialAndArmOnceCommitted() throws Exception {
        // Given the vehicle ready to arm
        boot();
        bench.runUntilReady();
        // When the boot check puts the version on trial
        refusal = org.hoverla.core.update.BootCheck.PREARM_ON_TRIAL;
        bench.runSeconds(1);
        // Then the pre-arm check names it, and arming is denied with it
        assertThat(bench.status.preArmFailure).isEqualTo("Preflight Fail: new version on trial (boot check)");
        VehicleCommandAck refused = bench.arm();
        assertThat(refused.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(refused.reason).contains("on trial");
        assertThat(bench.status.armed()).isFalse();
        // When it commits
        refusal = "";
        bench.runSeconds(1);
        // Then it arms
        assertThat(bench.status.preArmFailure).isEmpty();
        assertThat(bench.arm().result).isEqualTo(VehicleCommandAck.ACCEPTED);
    }
}
