package org.hoverla.core.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.SetupParams;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

/** RC frames → calibrated sticks → selected manual input, and what never becomes sticks. */
class RcInputTaskManualTest {
    private static final long MS = 1_000_000L;

    private final FlightBus bus = new FlightBus();
    private final FlightParams params = new FlightParams(new ParamStore());
    private final RcInputSample frame = new RcInputSample();
    private boolean fresh;
    private final RcInputTask task = new RcInputTask(dst -> {
        if (!fresh) {
            return false;
        }
        dst.copyFrom(frame);
        fresh = false;
        return true;
    }, bus.rcInput.advertise(), bus.rcOverride.subscribe(), bus.manualControlMavlink.subscribe(),
            bus.manualControl.advertise(), bus.rcCalibrating, params);
    private final Subscription<ManualControlSetpoint> manual = bus.manualControl.subscribe();
    private final Publication<ManualControlSetpoint> joystick = bus.manualControlMavlink.advertise();
    private final Publication<RcInputSample> override = bus.rcOverride.advertise();
    private final ManualControlSetpoint seen = new ManualControlSetpoint();
    private long now;

    RcInputTaskManualTest() {
        // Given an AETR transmitter calibrated by QGC (8 channels, 1000..2000)
        params.rc.mapRoll.set(1);
        params.rc.mapPitch.set(2);
        params.rc.mapThrottle.set(3);
        params.rc.mapYaw.set(4);
        params.rc.mapFlightMode.set(5);
        params.rc.mapKillSwitch.set(7);
        params.rc.channelCount.set(8);
        Arrays.fill(frame.channelsUs, 1500);
        frame.channelCount = 8;
        frame.channelsUs[2] = 1000;
    }

    /** Delivers the frame every 20 ms (50 Hz) for the given time, running the task each ms. */
    private void receive(double seconds) {
        for (long t = 0; t < (long) (seconds * 1000); t++) {
            now += MS;
            if (now % (20 * MS) == 0) {
                frame.timestampSampleNs = now;
                fresh = true;
            }
            task.run(now);
        }
    }

    @Test
    void shouldTurnCalibratedFramesIntoSelectedRcSticksAfterTheRegainHold() {
        // When 80 ms of frames arrive, Then nothing yet (PX4's 100 ms guard after signal regained)
        receive(0.08);
        assertThat(manual.update(seen)).isFalse();
        // When more arrive with full right roll and the mode switch high
        frame.channelsUs[0] = 2000;
        frame.channelsUs[4] = 2000;
        receive(0.1);
        // Then the selected input is RC with those sticks
        assertThat(manual.update(seen)).isTrue();
        assertThat(seen.source).isEqualTo(ManualControlSetpoint.SOURCE_RC);
        assertThat(seen.rollNorm).isCloseTo(1.0, within(1e-6));
        assertThat(seen.throttleNorm).isCloseTo(0.0, within(1e-6));
        assertThat(seen.modeSlot).isEqualTo(6);
        assertThat(seen.killSwitch).isEqualTo(ManualControlSetpoint.SWITCH_OFF);
        assertThat(seen.timestampNs).isEqualTo(now - now % (20 * MS));
    }

    @Test
    void shouldNeverTurnFailsafeOrFrameLostFramesIntoSticks() {
        // Given RC flying
        receive(0.2);
        assertThat(manual.update(seen)).isTrue();
        long lastGood = seen.timestampNs;
        // When the receiver sends failsafe frames (full throttle held in the channels), then frame-lost ones
        frame.channelsUs[2] = 2000;
        frame.failsafe = true;
        receive(0.5);
        frame.failsafe = false;
        frame.frameLost = true;
        receive(0.5);
        // Then no new setpoint: the last good one ages (manual control lost), the frames count
        assertThat(manual.update(seen)).isFalse();
        assertThat(seen.timestampNs).isEqualTo(lastGood);
        assertThat(task.failsafeFrames()).isEqualTo(50);
        // and the raw frames still reach telemetry (RC_CHANNELS)
        RcInputSample raw = new RcInputSample();
        assertThat(bus.rcInput.subscribe().copy(raw)).isTrue();
    }

    @Test
    void shouldNotUseAnUncalibratedRadioOrOneBeingCalibrated() {
        // Given RC_CHAN_CNT 0 (QGC's calibration never ran)
        params.rc.channelCount.set(0);
        receive(1.5);
        assertThat(manual.update(seen)).isFalse();
        // Given calibrated, but QGC's radio calibration running
        params.rc.channelCount.set(8);
        bus.rcCalibrating.set(true);
        receive(1.5);
        assertThat(manual.update(seen)).isFalse();
        bus.rcCalibrating.set(false);
        receive(0.2);
        assertThat(manual.update(seen)).isTrue();
    }

    @Test
    void shouldLetTheJoystickFlyOnlyAsComRcInModeSays() {
        // Given COM_RC_IN_MODE 0 (RC only) and a joystick sending
        params.setup.rcInMode.set(SetupParams.RC_IN_MODE_RC);
        ManualControlSetpoint js = new ManualControlSetpoint();
        js.timestampNs = MS;
        js.count = 1;
        js.pitchNorm = 1.0;
        joystick.publish(js);
        now = MS;
        task.run(now);
        // Then it is ignored
        assertThat(manual.update(seen)).isFalse();
        // Given mode 1 (joystick only), Then the next joystick sample flies, RC frames do not
        params.setup.rcInMode.set(SetupParams.RC_IN_MODE_MAVLINK);
        now += 1_100 * MS; // parameters re-apply at most once a second
        js.timestampNs = now;
        joystick.publish(js);
        task.run(now);
        assertThat(manual.update(seen)).isTrue();
        assertThat(seen.source).isEqualTo(ManualControlSetpoint.SOURCE_MAVLINK);
        receive(0.3);
        assertThat(manual.update(seen)).isFalse();
    }

    @Test
    void shouldUseRcChannelsOverrideOnlyWithoutAReceiver() {
        // Given no receiver frames, an RC_CHANNELS_OVERRIDE frame with full pitch
        RcInputSample o = new RcInputSample();
        o.copyFrom(frame);
        o.channelsUs[1] = 2000;
        for (int i = 0; i < 10; i++) {
            now += 20 * MS;
            o.timestampSampleNs = now;
            override.publish(o);
            task.run(now);
        }
        // Then it flies as RC
        assertThat(manual.update(seen)).isTrue();
        assertThat(seen.pitchNorm).isCloseTo(1.0, within(1e-6));
        // When the receiver delivers too, Then overrides are ignored while it does
        receive(0.2);
        manual.update(seen);
        now += MS;
        override.publish(o);
        task.run(now);
        assertThat(manual.update(seen)).isFalse();
    }
}
