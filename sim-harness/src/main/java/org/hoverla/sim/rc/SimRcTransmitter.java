package org.hoverla.sim.rc;

import org.hoverla.core.param.IntParam;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.RcParams;
import org.hoverla.hal.RcInputSample;
import org.hoverla.sim.hal.SimDevices;

/**
 * A simulated RC transmitter and receiver: the pilot's sticks and switches become receiver
 * frames of pulse widths in the simulated HAL ({@link SimDevices.SimRc}), as an SBUS or CRSF
 * receiver's driver would deliver them. Channel order AETR (the common Mode-2 default):
 * <pre>
 *  ch1 roll  ch2 pitch  ch3 throttle  ch4 yaw   1000..2000 µs, sticks centred 1500, throttle low 1000
 *  ch5 three-position mode switch 1000 / 1500 / 2000 (PX4 slots 1, 4, 6)
 *  ch6 arm switch   ch7 kill switch   1000 off, 2000 on      ch8 unused 1500
 * </pre>
 * A frame every {@link #DEFAULT_FRAME_PERIOD_NS} (50 Hz, an ExpressLRS 50 Hz link). The link can
 * be cut two ways, as receivers do: {@link LinkLoss#RECEIVER_SILENT} (no more frames, PX4's
 * "no pulses" failsafe) or {@link LinkLoss#FAILSAFE_FRAMES} (frames keep coming with the failsafe
 * flag set and the last channels held, full throttle included if that is where the stick was:
 * a "hold" failsafe that must never be flown).
 *
 * <p>{@link #mapChannels} gives a simulated vehicle the parameters QGC's radio calibration would
 * have written for this transmitter; a real board keeps PX4's unmapped defaults. Simulation
 * thread; deterministic; allocation-free per update.
 */
public final class SimRcTransmitter implements PilotSticks {
    public static final long DEFAULT_FRAME_PERIOD_NS = 20_000_000L;
    public static final int CHANNELS = 8;
    public static final int CH_ROLL = 1;
    public static final int CH_PITCH = 2;
    public static final int CH_THROTTLE = 3;
    public static final int CH_YAW = 4;
    public static final int CH_MODE = 5;
    public static final int CH_ARM = 6;
    public static final int CH_KILL = 7;

    /** How the link is lost. */
    public enum LinkLoss {
        /** The receiver stops sending frames. */
        RECEIVER_SILENT,
        /** The receiver keeps sending frames flagged failsafe, channels held at their last values. */
        FAILSAFE_FRAMES
    }

    private final SimDevices.SimRc receiver;
    private final long framePeriodNs;
    private double roll;
    private double pitch;
    private double yaw;
    private double throttle;
    private int modePosition;
    private boolean armSwitch;
    private boolean killSwitch;
    private boolean linkUp = true;
    private LinkLoss lossKind = LinkLoss.RECEIVER_SILENT;
    private long nextFrameNs = Long.MIN_VALUE;
    private long frames;

    public SimRcTransmitter(SimDevices.SimRc receiver) {
        this(receiver, DEFAULT_FRAME_PERIOD_NS);
    }

    public SimRcTransmitter(SimDevices.SimRc receiver, long framePeriodNs) {
        if (framePeriodNs <= 0) {
            throw new IllegalArgumentException("frame period must be positive: " + framePeriodNs);
        }
        this.receiver = receiver;
        this.framePeriodNs = framePeriodNs;
    }

    @Override
    public void sticks(double roll, double pitch, double yaw, double throttle) {
        this.roll = roll;
        this.pitch = pitch;
        this.yaw = yaw;
        this.throttle = throttle;
    }

    @Override
    public void link(boolean up) {
        linkUp = up;
    }

    /** How {@link #link link(false)} cuts the link from now on (default {@link LinkLoss#RECEIVER_SILENT}). */
    public SimRcTransmitter lossStyle(LinkLoss how) {
        lossKind = how;
        return this;
    }

    /** How the link is (or would be) cut. */
    public LinkLoss lossStyle() {
        return lossKind;
    }

    /** Whether the arm switch has a channel in this vehicle's radio setup (RC_MAP_ARM_SW). */
    public static boolean armSwitchMapped(FlightParams params) {
        return params.rc.mapArmSwitch.get() > 0;
    }

    /** Cuts the link the given way (see {@link LinkLoss}). */
    public void cut(LinkLoss how) {
        lossKind = how;
        linkUp = false;
    }

    /** Mode switch position 0 (up, slot 1), 1 (middle, slot 4), 2 (down, slot 6). */
    public void modeSwitch(int position) {
        if (position < 0 || position > 2) {
            throw new IllegalArgumentException("mode switch has positions 0..2: " + position);
        }
        modePosition = position;
    }

    public void armSwitch(boolean on) {
        armSwitch = on;
    }

    public void killSwitch(boolean on) {
        killSwitch = on;
    }

    @Override
    public void update(long nowNs) {
        if (nextFrameNs != Long.MIN_VALUE && nowNs < nextFrameNs) {
            return;
        }
        nextFrameNs = nowNs + framePeriodNs;
        RcInputSample s = receiver.sample;
        if (linkUp) {
            s.channelCount = CHANNELS;
            s.channelsUs[CH_ROLL - 1] = stick(roll);
            s.channelsUs[CH_PITCH - 1] = stick(pitch);
            s.channelsUs[CH_THROTTLE - 1] = 1000 + (int) Math.round(1000.0 * clamp(throttle, 0.0, 1.0));
            s.channelsUs[CH_YAW - 1] = stick(yaw);
            s.channelsUs[CH_MODE - 1] = 1000 + 500 * modePosition;
            s.channelsUs[CH_ARM - 1] = armSwitch ? 2000 : 1000;
            s.channelsUs[CH_KILL - 1] = killSwitch ? 2000 : 1000;
            s.channelsUs[CHANNELS - 1] = 1500;
            s.failsafe = false;
            s.frameLost = false;
            s.rssiPct = 100;
            s.linkQualityPct = 100;
        } else if (lossKind == LinkLoss.FAILSAFE_FRAMES) {
            // channels held from the last good frame
            s.failsafe = true;
            s.rssiPct = 0;
            s.linkQualityPct = 0;
        } else {
            return;
        }
        s.timestampSampleNs = nowNs;
        receiver.deliver();
        frames++;
    }

    /** Frames delivered so far (good and failsafe). */
    public long frames() {
        return frames;
    }

    private static int stick(double v) {
        return 1500 + (int) Math.round(500.0 * clamp(v, -1.0, 1.0));
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    /**
     * The radio setup for this transmitter, as QGC's calibration and flight-mode pages would leave
     * it: AETR sticks, mode switch on ch5 with slots 1 Position, 4 Altitude, 6 Hold, arm switch
     * ch6, kill switch ch7, 8 channels calibrated. A value already changed from its default (a
     * parameter file, an override) is kept. Boot thread, simulator only.
     */
    public static void mapChannels(FlightParams params) {
        RcParams rc = params.rc;
        setIfDefault(rc.mapRoll, CH_ROLL);
        setIfDefault(rc.mapPitch, CH_PITCH);
        setIfDefault(rc.mapThrottle, CH_THROTTLE);
        setIfDefault(rc.mapYaw, CH_YAW);
        setIfDefault(rc.mapFlightMode, CH_MODE);
        setIfDefault(rc.mapArmSwitch, CH_ARM);
        setIfDefault(rc.mapKillSwitch, CH_KILL);
        setIfDefault(rc.channelCount, CHANNELS);
        setIfDefault(rc.flightModes[0], RcParams.FLTMODE_POSITION);
        setIfDefault(rc.flightModes[3], RcParams.FLTMODE_ALTITUDE);
        setIfDefault(rc.flightModes[5], RcParams.FLTMODE_HOLD);
    }

    private static void setIfDefault(IntParam p, int value) {
        if (p.isDefault()) {
            p.set(value);
        }
    }
}
