package org.hoverla.core.tasks;

import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.rc.ManualInputSelector;
import org.hoverla.core.rc.RcCalibration;
import org.hoverla.core.rc.RcManualInput;
import org.hoverla.core.sched.FlightTask;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.ParamWatch;
import org.hoverla.core.vehicle.RcParams;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;

/**
 * RC receiver frontend and manual-input selection, PX4's {@code rc_update} and
 * {@code manual_control} in one flight task:
 * <ol>
 *   <li>polls the receiver and publishes plausible frames raw on {@code input_rc} (channel count
 *       within the HAL's limit, pulse widths 800–2200 µs; implausible frames are counted and
 *       dropped). Telemetry sends them as RC_CHANNELS, the raw PWM QGC's radio page shows;</li>
 *   <li>without a receiver frame for COM_RC_LOSS_T, frames from RC_CHANNELS_OVERRIDE (MAVLink
 *       thread, {@code rcOverride}) stand in for the receiver, as PX4's input_rc source MAVLink;</li>
 *   <li>maps each frame through {@link RcCalibration} (re-configured from {@link RcParams} when
 *       the parameters change) into a {@link ManualControlSetpoint} with source RC. A frame in
 *       failsafe, with the frame-lost flag, with fewer than four channels or without calibrated
 *       sticks (RC_CHAN_CNT 0, a stick unmapped) gives no setpoint, nor do the first 100 ms after
 *       the signal came back (PX4's glitch guard after a receiver reboot);</li>
 *   <li>offers it, and each MAVLink MANUAL_CONTROL sample, to {@link ManualInputSelector}
 *       (COM_RC_IN_MODE) and publishes the selected input on {@code manual_control_setpoint}.</li>
 * </ol>
 * Nothing refreshes a setpoint's time: when the chosen source stops or fails safe, the published
 * input ages past COM_RC_LOSS_T and its readers treat manual control as lost. During QGC's radio
 * calibration (MAV_CMD_PREFLIGHT_CALIBRATION param4 = 1) RC frames are published raw only, as
 * PX4 disables RC input then. Allocation-free; flight thread.
 */
public final class RcInputTask implements FlightTask {
    private static final int MIN_PULSE_US = 800;
    private static final int MAX_PULSE_US = 2200;
    /** PX4 rc_update: the first 100 ms of a regained signal are ignored. */
    static final long SIGNAL_REGAINED_HOLD_NS = 100_000_000L;

    private final RcReceiver receiver;
    private final Publication<RcInputSample> pub;
    private final Subscription<RcInputSample> overrideSub;
    private final Subscription<ManualControlSetpoint> mavlinkSub;
    private final Publication<ManualControlSetpoint> manualPub;
    private final AtomicBoolean rcCalibrating;
    private final FlightParams params;
    private final ParamWatch paramWatch;
    private final RcInputSample sample = new RcInputSample();
    private final RcInputSample overrideFrame = new RcInputSample();
    private final RcCalibration calibration = new RcCalibration();
    private final RcManualInput mapped = new RcManualInput();
    private final ManualControlSetpoint rcSetpoint = new ManualControlSetpoint();
    private final ManualControlSetpoint mavlinkInput = new ManualControlSetpoint();
    private final ManualInputSelector selector = new ManualInputSelector();
    private final int[] minScratch = new int[RcParams.CHANNELS];
    private final int[] trimScratch = new int[RcParams.CHANNELS];
    private final int[] maxScratch = new int[RcParams.CHANNELS];
    private final float[] revScratch = new float[RcParams.CHANNELS];
    private final int[] dzScratch = new int[RcParams.CHANNELS];
    private final int[] mapScratch = new int[RcCalibration.FUNCTIONS];
    private boolean rcCalibrated;
    private long lossTimeoutNs = 500_000_000L;
    private long lastReceiverSignalNs = Long.MIN_VALUE;
    private long signalSinceNs = Long.MIN_VALUE;
    private long rcCount;
    private long rejectedFrames;
    private long failsafeFrames;
    private long calibrationRejects;

    /** Raw receiver frames only (no mapping, no selection): for a receiver tested on its own. */
    public RcInputTask(RcReceiver receiver, Publication<RcInputSample> pub) {
        this(receiver, pub, null, null, null, null, null);
    }

    /**
     * @param overrideSub   RC_CHANNELS_OVERRIDE frames, or null
     * @param mavlinkSub    MANUAL_CONTROL input before selection
     * @param manualPub     the selected manual input
     * @param rcCalibrating set while QGC's radio calibration runs (MAVLink thread writes), or null
     */
    public RcInputTask(RcReceiver receiver, Publication<RcInputSample> pub, Subscription<RcInputSample> overrideSub,
                       Subscription<ManualControlSetpoint> mavlinkSub, Publication<ManualControlSetpoint> manualPub,
                       AtomicBoolean rcCalibrating, FlightParams params) {
        this.receiver = receiver;
        this.pub = pub;
        this.overrideSub = overrideSub;
        this.mavlinkSub = mavlinkSub;
        this.manualPub = manualPub;
        this.rcCalibrating = rcCalibrating;
        this.params = params;
        this.paramWatch = params == null ? null : new ParamWatch(params.store);
        rcSetpoint.source = ManualControlSetpoint.SOURCE_RC;
    }

    @Override
    public void run(long nowNs) {
        if (paramWatch != null && paramWatch.due(nowNs)) {
            applyParams();
        }
        if (receiver != null && receiver.poll(sample)) {
            handleFrame(sample, nowNs, true);
        }
        if (overrideSub != null && overrideSub.update(overrideFrame)
                && (lastReceiverSignalNs == Long.MIN_VALUE || nowNs - lastReceiverSignalNs >= lossTimeoutNs)) {
            handleFrame(overrideFrame, nowNs, false);
        }
        if (mavlinkSub != null && mavlinkSub.update(mavlinkInput)) {
            mavlinkInput.source = ManualControlSetpoint.SOURCE_MAVLINK;
            offer(mavlinkInput, nowNs);
        }
    }

    private void applyParams() {
        RcParams rc = params.rc;
        calibrationRejects = rc.applyTo(calibration, minScratch, trimScratch, maxScratch, revScratch, dzScratch,
                mapScratch);
        // PX4 rc_update: RC sticks count only once the radio is calibrated and a stick is mapped.
        rcCalibrated = rc.channelCount.get() > 0;
        lossTimeoutNs = (long) (params.setup.rcLossTimeoutS.get() * 1e9);
        selector.configure(params.setup.rcInMode.get(), lossTimeoutNs);
    }

    private void handleFrame(RcInputSample frame, long nowNs, boolean fromReceiver) {
        if (frame.channelCount < 0 || frame.channelCount > RcInputSample.MAX_CHANNELS) {
            rejectedFrames++;
            return;
        }
        for (int i = 0; i < frame.channelCount; i++) {
            int us = frame.channelsUs[i];
            if (us < MIN_PULSE_US || us > MAX_PULSE_US) {
                rejectedFrames++;
                return;
            }
        }
        pub.publish(frame);
        if (manualPub == null) {
            return;
        }
        boolean signal = !frame.failsafe && !frame.frameLost && calibration.map(frame, mapped);
        if (frame.failsafe || frame.frameLost) {
            failsafeFrames++;
        }
        if (!signal) {
            signalSinceNs = Long.MIN_VALUE;
            return;
        }
        if (fromReceiver) {
            lastReceiverSignalNs = nowNs;
        }
        if (signalSinceNs == Long.MIN_VALUE) {
            signalSinceNs = nowNs;
        }
        boolean calibrating = rcCalibrating != null && rcCalibrating.get();
        if (!rcCalibrated || calibrating || nowNs - signalSinceNs < SIGNAL_REGAINED_HOLD_NS) {
            return;
        }
        rcSetpoint.timestampNs = nowNs;
        rcSetpoint.count = ++rcCount;
        rcSetpoint.rollNorm = mapped.rollNorm;
        rcSetpoint.pitchNorm = mapped.pitchNorm;
        rcSetpoint.yawNorm = mapped.yawNorm;
        rcSetpoint.throttleNorm = mapped.throttleNorm;
        rcSetpoint.modeSlot = mapped.modeSlot;
        rcSetpoint.armSwitch = mapped.armSwitch;
        rcSetpoint.killSwitch = mapped.killSwitch;
        rcSetpoint.buttons = 0;
        offer(rcSetpoint, nowNs);
    }

    private void offer(ManualControlSetpoint input, long nowNs) {
        if (selector.offer(input, nowNs)) {
            manualPub.publish(selector.selected());
        }
    }

    /** Frames dropped as implausible (channel count or pulse width out of range). */
    public long rejectedFrames() {
        return rejectedFrames;
    }

    /** Frames that arrived flagged failsafe or frame-lost (published raw, never used as sticks). */
    public long failsafeFrames() {
        return failsafeFrames;
    }

    /** RC calibration entries refused at the last parameter change (inconsistent min/trim/max). */
    public long calibrationRejects() {
        return calibrationRejects;
    }
}
