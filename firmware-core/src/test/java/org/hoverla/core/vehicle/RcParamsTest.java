package org.hoverla.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.rc.RcCalibration;
import org.hoverla.core.rc.RcManualInput;
import org.hoverla.hal.RcInputSample;
import org.junit.jupiter.api.Test;

/** The RC parameters against PX4's definitions and QGroundControl's radio calibration writes. */
class RcParamsTest {
    private final FlightParams params = new FlightParams(new ParamStore());

    @Test
    void shouldAcceptEveryWriteOfQgcsRadioCalibration() {
        // Given what RadioComponentController::_writeCalibration writes for a PX4 vehicle: per
        // channel 1..18 RCn_TRIM, RCn_MIN, RCn_MAX as float, RCn_REV as -1.0/1.0; the four stick
        // maps; RC_CHAN_CNT. (It first reads RCn_MIN/MAX/TRIM/REV and RC_MAP_* back.)
        for (int n = 1; n <= 18; n++) {
            for (String suffix : new String[] {"_MIN", "_MAX", "_TRIM", "_REV", "_DZ"}) {
                Param p = params.store.find("RC" + n + suffix);
                assertThat(p).as("RC%d%s", n, suffix).isNotNull();
                assertThat(p.type()).isEqualTo(ParamType.FLOAT);
                assertThat(p.isReadOnly()).isFalse();
            }
            assertThat(params.store.set("RC" + n + "_MIN", 988.0f)).isEqualTo(SetResult.OK);
            assertThat(params.store.set("RC" + n + "_MAX", 2012.0f)).isEqualTo(SetResult.OK);
            // QGC writes the throttle's trim at its minimum
            assertThat(params.store.set("RC" + n + "_TRIM", 988.0f)).isEqualTo(SetResult.OK);
            assertThat(params.store.set("RC" + n + "_REV", -1.0f)).isEqualTo(SetResult.OK);
            assertThat(params.store.set("RC" + n + "_REV", 1.0f)).isEqualTo(SetResult.OK);
        }
        for (String map : new String[] {"RC_MAP_ROLL", "RC_MAP_PITCH", "RC_MAP_YAW", "RC_MAP_THROTTLE",
            "RC_MAP_FLTMODE", "RC_MAP_ARM_SW", "RC_MAP_KILL_SW"}) {
            assertThat(params.store.set(map, 18)).as(map).isEqualTo(SetResult.OK);
            assertThat(params.store.set(map, 0)).as(map).isEqualTo(SetResult.OK);
            assertThat(params.store.set(map, 19)).as(map).isEqualTo(SetResult.OUT_OF_RANGE);
        }
        assertThat(params.store.set("RC_CHAN_CNT", 8)).isEqualTo(SetResult.OK);
        // Then PX4's ranges still refuse nonsense
        assertThat(params.store.set("RC1_MIN", 1600.0)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(params.store.set("RC1_MAX", 1400.0)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(params.store.set("RC1_TRIM", Double.NaN)).isNotEqualTo(SetResult.OK);
    }

    @Test
    void shouldCarryPx4sDefaults() {
        assertThat(params.store.find("RC1_DZ").defaultValue()).isEqualTo(10.0);
        assertThat(params.store.find("RC9_DZ").defaultValue()).isEqualTo(0.0);
        assertThat(params.store.find("RC_CHAN_CNT").defaultValue()).isEqualTo(0.0);
        assertThat(params.store.find("RC_MAP_ROLL").defaultValue()).isEqualTo(0.0);
        assertThat(params.store.find("RC_ARMSWITCH_TH").defaultValue()).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(params.store.find("COM_FLTMODE1").defaultValue()).isEqualTo(-1.0);
        assertThat(params.store.find("MAN_ARM_GESTURE").defaultValue()).isEqualTo(1.0);
        assertThat(params.store.find("COM_ARM_SWISBTN").defaultValue()).isEqualTo(0.0);
        assertThat(params.store.find("COM_KILL_DISARM").defaultValue()).isEqualTo(5.0);
        assertThat(params.store.find("COM_RC_ARM_HYST").defaultValue()).isEqualTo(1000.0);
        assertThat(params.store.find("COM_RC_IN_MODE").defaultValue()).isEqualTo(3.0);
    }

    @Test
    void shouldMapPx4FlightModeValuesAndRefuseOnesHoverlaLacks() {
        assertThat(RcParams.flightModeOf(2)).isEqualTo(FlightMode.POSITION);
        assertThat(RcParams.flightModeOf(1)).isEqualTo(FlightMode.ALTITUDE);
        assertThat(RcParams.flightModeOf(5)).isEqualTo(FlightMode.RETURN);
        assertThat(RcParams.flightModeOf(-1)).isNull();
        // PX4's 0 Manual and 6 Acro do not exist here: not offered
        assertThat(params.rc.flightModes[0].set(0)).isNotEqualTo(SetResult.OK);
        assertThat(params.rc.flightModes[0].set(6)).isNotEqualTo(SetResult.OK);
        assertThat(params.rc.flightModes[0].set(11)).isEqualTo(SetResult.OK);
    }

    @Test
    void shouldOfferStabilizedToTheModeSwitchWithPx4sValue() {
        // Given PX4's COM_FLTMODE value 8 (Stabilized), which QGC's Flight Modes page writes
        // When a slot is set to it, Then it is accepted and selects Hoverla's Stabilized mode
        assertThat(params.rc.flightModes[2].set(RcParams.FLTMODE_STABILIZED)).isEqualTo(SetResult.OK);
        assertThat(RcParams.flightModeOf(8)).isEqualTo(FlightMode.STABILIZED);
    }

    @Test
    void shouldApplyAQgcCalibrationToTheMapping() {
        // Given QGC's calibration of an AETR transmitter: throttle trim at its minimum, pitch reversed
        params.rc.mapRoll.set(1);
        params.rc.mapPitch.set(2);
        params.rc.mapThrottle.set(3);
        params.rc.mapYaw.set(4);
        params.rc.minUs[2].set(1100.0);
        params.rc.trimUs[2].set(1100.0);
        params.rc.maxUs[2].set(1900.0);
        params.rc.rev[1].set(-1.0);
        RcCalibration calibration = new RcCalibration();
        int rejected = params.rc.applyTo(calibration, new int[18], new int[18], new int[18], new float[18], new int[18],
                new int[RcCalibration.FUNCTIONS]);
        // When a frame with throttle at 1900 and pitch at 1000 is mapped
        RcInputSample frame = new RcInputSample();
        frame.channelCount = 8;
        java.util.Arrays.fill(frame.channelsUs, 1500);
        frame.channelsUs[2] = 1900;
        frame.channelsUs[1] = 1000;
        RcManualInput out = new RcManualInput();
        // Then full throttle, and the reversed pitch reads forward
        assertThat(rejected).isZero();
        assertThat(calibration.map(frame, out)).isTrue();
        assertThat(out.throttleNorm).isCloseTo(1.0f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(out.pitchNorm).isCloseTo(1.0f, org.assertj.core.api.Assertions.within(1e-5f));
    }
}
