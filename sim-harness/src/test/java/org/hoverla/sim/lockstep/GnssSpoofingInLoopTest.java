package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleEvent;
import org.junit.jupiter.api.Test;

/**
 * GNSS that lies without the receiver saying so, and a receiver that reports jamming, in the
 * lockstep loop on the EKF (default estimator), seed 1, default noise, 2 m/s wind. The
 * consistency monitor must flag a spoofer dragging the reported position while the reported
 * velocity stays honest; with EST_GPS_MON = 2 the estimator stops trusting GNSS, dead-reckons,
 * and the position-loss failsafe takes over instead of the vehicle following the spoofer.
 */
class GnssSpoofingInLoopTest {
    private static final int STEPS_PER_SAMPLE = 10;

    private SimDriver d;
    private Subscription<EstimatorStatus> estSub;
    private final EstimatorStatus est = new EstimatorStatus();
    private final VehicleEvent event = new VehicleEvent();
    private final List<String> events = new ArrayList<>();
    private final Vec3 holdPointTruth = new Vec3();

    private void hover(int monitorAction) {
        SimConfig config = new SimConfig();
        config.windSpeedMps = 2.0;
        config.windFromDeg = 90.0;
        d = new SimDriver(config);
        d.sim.stack().params().gnssMonitorAction.set(monitorAction);
        d.takeOff(10.0);
        d.steps(5_000);
        estSub = d.sim.stack().bus().estimatorStatus.subscribe();
        drainEvents();
        events.clear();
        holdPointTruth.set(d.sim.vehicle().positionNed());
    }

    private void step() {
        d.steps(STEPS_PER_SAMPLE);
        estSub.copy(est);
        drainEvents();
    }

    private void drainEvents() {
        while (d.sim.stack().bus().events.poll(event)) {
            events.add(event.text);
        }
    }

    private double truthDistanceFromHoldM() {
        Vec3 p = d.sim.vehicle().positionNed();
        return Math.hypot(p.x - holdPointTruth.x, p.y - holdPointTruth.y);
    }

    @Test
    void shouldStopFollowingASpooferThatDragsThePositionAndFailSafe() {
        // Given a hover at 10 m with the monitor allowed to stop GNSS fusion
        hover(2);
        assertThat(est.gnssSuspect).isFalse();

        // When a spoofer walks the reported position north at 1 m/s (velocity left honest)
        d.sim.gnss().setSpoofDrift(1.0, 0.0, 0.0, false);
        double flaggedAtS = Double.NaN;
        double failsafeAtS = Double.NaN;
        double maxDriftM = 0.0;
        for (int i = 0; i < 30_000 / STEPS_PER_SAMPLE; i++) {
            step();
            double t = (i + 1) * STEPS_PER_SAMPLE / 1000.0;
            if (est.gnssSuspect && Double.isNaN(flaggedAtS)) {
                flaggedAtS = t;
            }
            if (d.status.failsafe && Double.isNaN(failsafeAtS)) {
                failsafeAtS = t;
            }
            maxDriftM = Math.max(maxDriftM, truthDistanceFromHoldM());
        }

        // Then it was flagged within seconds, announced, GNSS was not fused any more, the
        // dead-reckoning budget ran out into the position-loss failsafe, and the vehicle was
        // not dragged along by the spoofer (30 m in 30 s)
        System.out.printf("Spoof 1 m/s: flagged after %.2f s (%s), failsafe after %.2f s, mode %s, "
                        + "truth moved at most %.2f m, GNSS samples skipped %d%n", flaggedAtS, est.gnssSuspectReason,
                failsafeAtS, d.status.mode, maxDriftM, est.gnssSuspectSkipped);
        assertThat(flaggedAtS).isLessThan(6.0);
        assertThat(events).contains("GNSS inconsistent with IMU/baro: spoofing?");
        assertThat(est.gnssSuspectSkipped).isPositive();
        assertThat(failsafeAtS).isGreaterThan(flaggedAtS).isLessThan(flaggedAtS + 7.0);
        assertThat(d.status.mode).isEqualTo(FlightMode.ALTITUDE);
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(-d.sim.vehicle().positionNed().z).isGreaterThan(8.0);
        assertThat(maxDriftM).isLessThan(15.0);
    }

    @Test
    void shouldFlagTheSameSpoofButKeepFusingWhenOnlyAskedToWarn() {
        // Given the default monitor action (flag and warn)
        hover(1);

        // When the same spoofer drags the position for 10 s
        d.sim.gnss().setSpoofDrift(1.0, 0.0, 0.0, false);
        boolean flagged = false;
        for (int i = 0; i < 10_000 / STEPS_PER_SAMPLE; i++) {
            step();
            flagged |= est.gnssSuspect;
        }

        // Then it is flagged and announced, but GNSS fusion was never stopped by the monitor
        assertThat(flagged).isTrue();
        assertThat(events).contains("GNSS inconsistent with IMU/baro: spoofing?");
        assertThat(est.gnssSuspectSkipped).isZero();
    }

    @Test
    void shouldCarryTheReceiversJammingIndicatorThrough() {
        // Given a hover
        hover(1);
        assertThat(est.gnssJamming).isFalse();

        // When the receiver reports heavy jamming
        d.sim.gnss().setJamming(200);
        for (int i = 0; i < 2_000 / STEPS_PER_SAMPLE; i++) {
            step();
        }

        // Then the estimator status carries it and the vehicle announced it
        assertThat(est.gnssJammingIndicator).isEqualTo(200);
        assertThat(est.gnssJamming).isTrue();
        assertThat(events).contains("GNSS receiver reports jamming");
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }
}
