package org.hoverla.core.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.failsafe.ManualControlLossFailsafe.Decision;
import org.hoverla.core.msg.FlightMode;
import org.junit.jupiter.api.Test;

class ManualControlLossFailsafeTest {
    private static final long MS = 1_000_000L;
    private final ManualControlLossFailsafe f = new ManualControlLossFailsafe();
    private long inputs;
    private long lastInputNs;

    /** Evaluates at {@code nowMs}; input arrives at that time when {@code fresh}. */
    private Decision at(long nowMs, boolean fresh, FlightMode mode, double pitch) {
        if (fresh) {
            inputs++;
            lastInputNs = nowMs * MS;
        }
        return f.update(nowMs * MS, inputs, lastInputNs, pitch, 0.0, 0.0, 0.5, true, true, true, mode);
    }

    @Test
    void shouldNeverTriggerWithoutInputSinceArming() {
        // Given NAV_RCL_ACT Return and a vehicle flown without RC or joystick
        f.configure(0.5, ManualControlLossFailsafe.ACTION_RETURN, 0, 1, 30.0);
        // When time passes, Then nothing happens
        for (long t = 0; t < 5000; t += 20) {
            assertThat(at(t, false, FlightMode.POSITION, 0.0)).isEqualTo(Decision.NONE);
        }
    }

    @Test
    void shouldActOnceAfterTheTimeoutAndKeepTheActionWhenInputReturnsCentred() {
        // Given input present in Position mode
        f.configure(0.5, ManualControlLossFailsafe.ACTION_RETURN, 0, 1, 30.0);
        for (long t = 0; t <= 1000; t += 20) {
            assertThat(at(t, true, FlightMode.POSITION, 0.0)).isEqualTo(Decision.NONE);
        }
        // When it stops, Then the action comes at COM_RC_LOSS_T, once
        assertThat(at(1480, false, FlightMode.POSITION, 0.0)).isEqualTo(Decision.NONE);
        assertThat(at(1500, false, FlightMode.POSITION, 0.0)).isEqualTo(Decision.LOSS_ACTION);
        f.modeChanged(true);
        assertThat(at(1520, false, FlightMode.RETURN, 0.0)).isEqualTo(Decision.NONE);
        assertThat(f.failsafeActive()).isTrue();
        // When input returns centred, Then regained, and the failsafe is kept
        assertThat(at(2000, true, FlightMode.RETURN, 0.0)).isEqualTo(Decision.REGAINED);
        assertThat(at(2020, true, FlightMode.RETURN, 0.0)).isEqualTo(Decision.NONE);
        assertThat(f.failsafeActive()).isTrue();
        // When a stick moves beyond 30 %, Then the pilot takes over
        assertThat(at(2040, true, FlightMode.RETURN, 0.25)).isEqualTo(Decision.NONE);
        assertThat(at(2060, true, FlightMode.RETURN, 0.35)).isEqualTo(Decision.TAKEOVER);
    }

    @Test
    void shouldOnlyAnnounceInAnExceptedModeAndActWhenTheModeChanges() {
        // Given COM_RCL_EXCEPT Mission, input present in a mission
        f.configure(0.5, ManualControlLossFailsafe.ACTION_LAND, ManualControlLossFailsafe.EXCEPT_MISSION, 1, 30.0);
        at(0, true, FlightMode.MISSION, 0.0);
        // When it stops, Then the loss is announced only
        assertThat(at(600, false, FlightMode.MISSION, 0.0)).isEqualTo(Decision.LOSS_EXCEPTED);
        assertThat(at(620, false, FlightMode.MISSION, 0.0)).isEqualTo(Decision.NONE);
        // When the mode becomes one without the exception, Then the action follows
        assertThat(at(640, false, FlightMode.HOLD, 0.0)).isEqualTo(Decision.LOSS_ACTION);
    }

    @Test
    void shouldHoldWhenStabilizedLosesItsInputEvenWithTheActionDisabled() {
        // Given NAV_RCL_ACT 0 (announce only) and input present in Position mode
        f.configure(0.5, ManualControlLossFailsafe.ACTION_DISABLED, 0, 1, 30.0);
        at(0, true, FlightMode.POSITION, 0.0);
        // When it stops, Then only announced (Position holds by itself)
        assertThat(at(600, false, FlightMode.POSITION, 0.0)).isEqualTo(Decision.LOSS_DISABLED);
        // Given the same in Stabilized (nothing but the sticks flies it)
        ManualControlLossFailsafe g = new ManualControlLossFailsafe();
        g.configure(0.5, ManualControlLossFailsafe.ACTION_DISABLED, 0, 1, 30.0);
        g.update(0, 1, 0, 0, 0, 0, 0.5, true, true, true, FlightMode.STABILIZED);
        // When it stops, Then Hold
        assertThat(g.update(600 * MS, 1, 0, 0, 0, 0, 0.5, true, true, true, FlightMode.STABILIZED))
                .isEqualTo(Decision.LOSS_ACTION);
        assertThat(g.action()).isEqualTo(ManualControlLossFailsafe.ACTION_HOLD);
    }

    @Test
    void shouldLeaveReturnAndLandAloneButTerminateAnywhere() {
        f.configure(0.5, ManualControlLossFailsafe.ACTION_HOLD, 0, 1, 30.0);
        at(0, true, FlightMode.RETURN, 0.0);
        assertThat(at(600, false, FlightMode.RETURN, 0.0)).isEqualTo(Decision.LOSS_NO_CHANGE);
        ManualControlLossFailsafe g = new ManualControlLossFailsafe();
        g.configure(0.5, ManualControlLossFailsafe.ACTION_TERMINATE, 0, 1, 30.0);
        g.update(0, 1, 0, 0, 0, 0, 0.5, true, true, true, FlightMode.LAND);
        assertThat(g.update(600 * MS, 1, 0, 0, 0, 0, 0.5, true, true, true, FlightMode.LAND))
                .isEqualTo(Decision.LOSS_ACTION);
    }

    @Test
    void shouldOverrideAutoModesOnlyWhenEnabledAndMeasureFromTheRestPosition() {
        // Given COM_RC_OVERRIDE auto, an RC throttle resting low in a mission
        f.configure(0.5, ManualControlLossFailsafe.ACTION_DISABLED, 0, ManualControlLossFailsafe.OVERRIDE_AUTO, 30.0);
        assertThat(f.update(0, 1, 0, 0, 0, 0, 0.0, true, true, true, FlightMode.MISSION)).isEqualTo(Decision.NONE);
        // Then the low throttle alone is no override
        assertThat(f.update(20 * MS, 2, 20 * MS, 0, 0, 0, 0.0, true, true, true, FlightMode.MISSION))
                .isEqualTo(Decision.NONE);
        // When the throttle moves up by 20 % of its travel (40 % of a half travel), Then override
        assertThat(f.update(40 * MS, 3, 40 * MS, 0, 0, 0, 0.2, true, true, true, FlightMode.MISSION))
                .isEqualTo(Decision.TAKEOVER);
        // And Offboard is not overridden without bit 1; NaN sticks read as centred
        ManualControlLossFailsafe g = new ManualControlLossFailsafe();
        g.configure(0.5, 0, 0, ManualControlLossFailsafe.OVERRIDE_AUTO, 30.0);
        g.update(0, 1, 0, 0, 0, 0, 0.5, true, true, true, FlightMode.OFFBOARD);
        assertThat(g.update(20 * MS, 2, 20 * MS, 1, 1, 1, 1, true, true, true, FlightMode.OFFBOARD)).isEqualTo(Decision.NONE);
        assertThat(g.update(40 * MS, 3, 40 * MS, Double.NaN, Double.NaN, Double.NaN, Double.NaN, true, true, true,
                FlightMode.HOLD)).isEqualTo(Decision.NONE);
    }

    @Test
    void shouldIgnoreInputWhenManualControlIsDisabled() {
        f.configure(0.5, ManualControlLossFailsafe.ACTION_RETURN, 0, 1, 30.0);
        f.update(0, 1, 0, 0, 0, 0, 0.5, false, true, true, FlightMode.POSITION);
        assertThat(f.update(2000 * MS, 1, 0, 0, 0, 0, 0.5, false, true, true, FlightMode.POSITION)).isEqualTo(Decision.NONE);
    }
}
