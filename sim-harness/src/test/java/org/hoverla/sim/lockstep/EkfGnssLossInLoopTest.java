package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.EstimatorStatus;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.junit.jupiter.api.Test;

/**
 * GNSS outages and glitches with the EKF (EST_TYPE = 1) in the lockstep loop: bounded dead
 * reckoning with an honest horizontal uncertainty, the position-loss failsafe when the
 * dead-reckoning budget (EST_NOAID_TOUT) runs out, and a GNSS jump that the innovation gate
 * refuses. Default sensor noise, seed 1, 2 m/s wind with gusts.
 */
class EkfGnssLossInLoopTest {
    private static final int STEPS_PER_SAMPLE = 10; // 100 Hz checks

    private SimDriver d;
    private Subscription<VehicleLocalPosition> posSub;
    private Subscription<EstimatorStatus> estSub;
    private final VehicleLocalPosition pos = new VehicleLocalPosition();
    private final EstimatorStatus est = new EstimatorStatus();
    private final Vec3 refInTruth = new Vec3();

    private void hoverOnEkf(double noAidTimeoutS) {
        SimConfig config = new SimConfig();
        config.windSpeedMps = 2.0;
        config.windFromDeg = 90.0;
        d = new SimDriver(config);
        d.sim.stack().params().estType.set(1);
        d.sim.stack().params().noAidTimeoutS.set(noAidTimeoutS);
        d.takeOff(10.0);
        d.steps(5_000);
        posSub = d.sim.stack().bus().localPosition.subscribe();
        estSub = d.sim.stack().bus().estimatorStatus.subscribe();
        read();
    }

    private void read() {
        posSub.copy(pos);
        estSub.copy(est);
    }

    /** Horizontal distance between the estimate (moved into the truth frame) and truth, as FlightMetrics does. */
    private double horizontalErrorM() {
        d.sim.homeRef().toNed(pos.refLatDeg, pos.refLonDeg, pos.refAltM, refInTruth);
        Vec3 truth = d.sim.vehicle().positionNed();
        return Math.hypot(pos.posNedM.x + refInTruth.x - truth.x, pos.posNedM.y + refInTruth.y - truth.y);
    }

    @Test
    void shouldDeadReckonThrough30SecondsWithAnUncertaintyThatCoversTheError() {
        // Given a hover at 10 m on the EKF with a dead-reckoning budget longer than the outage
        hoverOnEkf(60.0);
        assertThat(est.estimatorType).isEqualTo(1);
        assertThat(est.deadReckoning).isFalse();
        double ephBefore = pos.ephM;
        double errBefore = horizontalErrorM();

        // When every satellite is lost for 30 s
        d.sim.gnss().setOutage(true);
        double minAlt = Double.MAX_VALUE;
        double maxTiltDeg = 0.0;
        double maxErr = 0.0;
        double maxRatio = 0.0;
        double ephAtMaxRatio = Double.NaN;
        double errAt5 = Double.NaN;
        double ephAt5 = Double.NaN;
        boolean alwaysValid = true;
        boolean deadReckoningSeen = false;
        boolean failsafeSeen = false;
        for (int i = 0; i < 30_000 / STEPS_PER_SAMPLE; i++) {
            d.steps(STEPS_PER_SAMPLE);
            read();
            minAlt = Math.min(minAlt, -d.sim.vehicle().positionNed().z);
            maxTiltDeg = Math.max(maxTiltDeg, Math.toDegrees(d.sim.vehicle().attitude().tiltRad()));
            double err = horizontalErrorM();
            maxErr = Math.max(maxErr, err);
            double ratio = err / pos.ephM;
            if (ratio > maxRatio) {
                maxRatio = ratio;
                ephAtMaxRatio = pos.ephM;
            }
            if (i == 5_000 / STEPS_PER_SAMPLE - 1) {
                errAt5 = err;
                ephAt5 = pos.ephM;
            }
            alwaysValid &= pos.xyValid && est.xyValid && est.positionValid;
            deadReckoningSeen |= est.deadReckoning;
            failsafeSeen |= d.status.failsafe;
        }
        double errEnd = horizontalErrorM();
        double ephEnd = pos.ephM;
        boolean deadReckoningAtEnd = est.deadReckoning;
        d.sim.gnss().setOutage(false);
        d.steps(10_000);
        read();

        // Then it stayed up, upright and in Hold, and eph covered the true error throughout
        System.out.printf("EKF GNSS outage 30 s: before err %.2f m eph %.2f m; at 5 s err %.2f m eph %.2f m; "
                        + "end err %.2f m eph %.2f m; max err %.2f m; max err/eph %.2f (eph %.2f m); "
                        + "lowest %.2f m, max tilt %.1f deg; after return err %.2f m eph %.2f m resets %d%n",
                errBefore, ephBefore, errAt5, ephAt5, errEnd, ephEnd, maxErr, maxRatio, ephAtMaxRatio, minAlt,
                maxTiltDeg, horizontalErrorM(), pos.ephM, est.gnssResets);
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(minAlt).isGreaterThan(8.0);
        assertThat(maxTiltDeg).isLessThan(20.0);
        assertThat(failsafeSeen).isFalse();
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(alwaysValid).isTrue();
        assertThat(deadReckoningSeen).isTrue();
        assertThat(deadReckoningAtEnd).isTrue();
        assertThat(maxRatio).isLessThanOrEqualTo(3.0);
        // The covariance grew: the uncertainty at the end is larger than with GNSS.
        assertThat(ephEnd).isGreaterThan(2.0 * ephBefore);
        // and GNSS is fused again afterwards
        assertThat(est.deadReckoning).isFalse();
        assertThat(est.xyValid).isTrue();
        assertThat(pos.ephM).isLessThan(ephEnd);
    }

    @Test
    void shouldLandWhenTheDeadReckoningBudgetRunsOut() {
        // Given a hover at 10 m on the EKF with EST_NOAID_TOUT = 10 s and COM_POSCTL_NAVL 1 (land)
        hoverOnEkf(10.0);
        d.sim.stack().params().positionLossAction.set(org.hoverla.core.vehicle.FlightParams.POSCTL_NAVL_LAND);
        long lossNs = d.sim.nowNs();

        // When GNSS is lost for good
        d.sim.gnss().setOutage(true);
        double failsafeAfterS = Double.NaN;
        FlightMode modeAtFailsafe = null;
        double maxTiltDeg = 0.0;
        for (int i = 0; i < 60_000 / STEPS_PER_SAMPLE && d.status.armed(); i++) {
            d.steps(STEPS_PER_SAMPLE);
            if (Double.isNaN(failsafeAfterS) && d.status.failsafe) {
                failsafeAfterS = (d.sim.nowNs() - lossNs) * 1e-9;
                modeAtFailsafe = d.status.mode;
            }
            maxTiltDeg = Math.max(maxTiltDeg, Math.toDegrees(d.sim.vehicle().attitude().tiltRad()));
        }
        read();

        // Then the failsafe switched to Land 10..11 s after the loss, and it landed upright
        System.out.printf("EKF GNSS loss, EST_NOAID_TOUT 10 s: failsafe after %.2f s, mode %s, landed %s, "
                        + "disarmed after %.1f s, estimate error at the end %.2f m, max tilt %.1f deg%n",
                failsafeAfterS, modeAtFailsafe, d.sim.vehicle().onGround(), (d.sim.nowNs() - lossNs) * 1e-9,
                horizontalErrorM(), maxTiltDeg);
        assertThat(failsafeAfterS).isBetween(10.0, 11.0);
        assertThat(modeAtFailsafe).isEqualTo(FlightMode.LAND);
        assertThat(d.status.armed()).isFalse();
        assertThat(d.sim.vehicle().onGround()).isTrue();
        assertThat(d.sim.vehicle().crashed()).isFalse();
        assertThat(maxTiltDeg).isLessThan(20.0);
        assertThat(est.xyValid).isFalse();
        assertThat(est.xyInvalidReason).isEqualTo(EstimatorStatus.REASON_NOAID_TIMEOUT);
    }

    @Test
    void shouldHoldAltitudeOnPositionLossAndStayThereWhenThePositionReturns() {
        // Given a hover at 10 m on the EKF, EST_NOAID_TOUT 5 s, COM_POSCTL_NAVL 0 (altitude hold)
        hoverOnEkf(5.0);

        // When GNSS is lost for 10 s
        d.sim.gnss().setOutage(true);
        d.steps(10_000);
        read();
        FlightMode modeDuring = d.status.mode;
        boolean failsafeDuring = d.status.failsafe;
        // Position-needing modes are refused while the position is invalid; Altitude is not
        VehicleCommandAck refusedPosition = d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.POSITION.px4MainMode(),
                FlightMode.POSITION.px4SubMode(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        d.sim.gnss().setOutage(false);
        d.steps(5_000);
        read();
        FlightMode modeAfter = d.status.mode;
        boolean failsafeAfter = d.status.failsafe;
        // and the GCS switches back to Hold once the position is valid again
        VehicleCommandAck hold = d.command(VehicleCommand.HOVERLA_HOLD, Double.NaN, Double.NaN, Double.NaN);
        d.steps(1_000);

        // Then the failsafe held altitude, kept the mode after the position returned, and let the GCS switch back
        System.out.printf("EKF GNSS loss, COM_POSCTL_NAVL 0: mode %s (failsafe %s), POSITION refused: %s, "
                        + "after return %s (failsafe %s), altitude %.2f m%n",
                modeDuring, failsafeDuring, refusedPosition.reason, modeAfter, failsafeAfter,
                -d.sim.vehicle().positionNed().z);
        assertThat(modeDuring).isEqualTo(FlightMode.ALTITUDE);
        assertThat(failsafeDuring).isTrue();
        assertThat(refusedPosition.result).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(est.xyValid).isTrue();
        assertThat(modeAfter).isEqualTo(FlightMode.ALTITUDE);
        assertThat(failsafeAfter).isTrue();
        assertThat(hold.result).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
        assertThat(d.status.failsafe).isFalse();
        assertThat(-d.sim.vehicle().positionNed().z).isGreaterThan(8.0);
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }

    @Test
    void shouldRejectA50MetreGnssJumpFor2Seconds() {
        // Given a hover at 10 m on the EKF
        hoverOnEkf(5.0);
        double n0 = pos.posNedM.x;
        double e0 = pos.posNedM.y;
        long rejectedBefore = est.gnssPosRejected;

        // When the receiver's position jumps 50 m north for 2 s
        d.sim.gnss().setPositionOffset(50.0, 0.0, 0.0);
        double maxMove = 0.0;
        for (int i = 0; i < 2_000 / STEPS_PER_SAMPLE; i++) {
            d.steps(STEPS_PER_SAMPLE);
            read();
            maxMove = Math.max(maxMove, Math.hypot(pos.posNedM.x - n0, pos.posNedM.y - e0));
        }
        d.sim.gnss().setPositionOffset(0.0, 0.0, 0.0);
        long rejectedDuring = est.gnssPosRejected - rejectedBefore;
        double ratioDuring = est.gnssPosTestRatio;
        for (int i = 0; i < 5_000 / STEPS_PER_SAMPLE; i++) {
            d.steps(STEPS_PER_SAMPLE);
            read();
            maxMove = Math.max(maxMove, Math.hypot(pos.posNedM.x - n0, pos.posNedM.y - e0));
        }

        // Then the jump was refused by the gate, the estimate barely moved, nothing was reset
        System.out.printf("EKF GNSS 50 m jump for 2 s: estimate moved at most %.2f m, %d positions rejected, "
                        + "test ratio %.0f during, %.2f after, resets %d, failsafe %s%n",
                maxMove, rejectedDuring, ratioDuring, est.gnssPosTestRatio, est.gnssResets, d.status.failsafe);
        assertThat(maxMove).isLessThan(2.0);
        assertThat(rejectedDuring).isGreaterThanOrEqualTo(15);
        assertThat(ratioDuring).isGreaterThan(1.0);
        assertThat(est.gnssPosTestRatio).isLessThanOrEqualTo(1.0);
        assertThat(est.gnssResets).isZero();
        assertThat(est.xyValid).isTrue();
        assertThat(d.status.failsafe).isFalse();
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);
    }

    @Test
    void shouldResetToGnssWhenAnOffsetOutlastsTheResetTime() {
        // Given a hover at 10 m on the EKF (EST_GPS_RST_T default 7 s)
        hoverOnEkf(5.0);
        double n0 = pos.posNedM.x;

        // When the receiver's position moves 50 m north and stays there
        d.sim.gnss().setPositionOffset(50.0, 0.0, 0.0);
        double resetAfterS = Double.NaN;
        for (int i = 0; i < 10_000 / STEPS_PER_SAMPLE; i++) {
            d.steps(STEPS_PER_SAMPLE);
            read();
            if (Double.isNaN(resetAfterS) && est.gnssResets > 0) {
                resetAfterS = i * STEPS_PER_SAMPLE * 1e-3;
            }
        }

        // Then after EST_GPS_RST_T the EKF took GNSS's word for it, once, and fuses it again
        System.out.printf("EKF GNSS persistent 50 m offset: reset after %.2f s, resets %d, estimate moved %.1f m, "
                        + "pos test ratio %.2f, xyValid %s%n",
                resetAfterS, est.gnssResets, pos.posNedM.x - n0, est.gnssPosTestRatio, est.xyValid);
        assertThat(est.gnssResets).isEqualTo(1);
        assertThat(resetAfterS).isBetween(7.0, 8.5);
        assertThat(est.gnssPosTestRatio).isLessThanOrEqualTo(1.0);
        assertThat(est.xyValid).isTrue();
        assertThat(d.sim.vehicle().crashed()).isFalse();
    }
}
