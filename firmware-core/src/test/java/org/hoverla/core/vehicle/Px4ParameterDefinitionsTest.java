package org.hoverla.core.vehicle;

import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The parameter definitions against PX4's names and meanings (docs/px4-parameters.md). */
class Px4ParameterDefinitionsTest {

    private final FlightParams params = new FlightParams(new ParamStore());

    @Test
    void shouldRegisterEveryParameterQgcsPx4PagesReport() {
        // Given the names QGC reported missing for a PX4 quadrotor (measured list, QGC 5.0.8) and
        // the Safety page's, When looked up, Then each exists
        String[] qgc = {"SYS_AUTOSTART", "CAL_GYRO0_ID", "COM_RC_IN_MODE", "RC_MAP_ROLL", "RC_MAP_MODE_SW", "SYS_AUTOCONFIG",
            "MAV_SYS_ID", "CAL_ACC0_ID", "CAL_MAG2_ID", "CAL_MAG1_ID", "CAL_MAG0_ID", "RC_MAP_AUX2", "RC_MAP_AUX1",
            "RC_MAP_FLAPS", "RC_MAP_THROTTLE", "RC_MAP_YAW", "RC_MAP_PITCH", "COM_FLTMODE1", "COM_FLTMODE2",
            "COM_FLTMODE3", "COM_FLTMODE4", "COM_FLTMODE5", "COM_FLTMODE6", "BAT1_SOURCE", "RTL_LAND_DELAY",
            "RTL_DESCEND_ALT", "RTL_RETURN_ALT", "NAV_DLL_ACT", "COM_RC_LOSS_T", "NAV_RCL_ACT", "COM_LOW_BAT_ACT",
            "GF_ACTION", "GF_MAX_HOR_DIST", "GF_MAX_VER_DIST", "COM_DISARM_LAND", "MPC_LAND_SPEED", "BAT_LOW_THR",
            "BAT_CRIT_THR", "BAT_EMERGEN_THR", "COM_DL_LOSS_T", "RC_MAP_FLTMODE", "MC_ROLLRATE_K", "MC_PITCHRATE_K",
            "MC_YAWRATE_K", "MPC_XY_VEL_P_ACC", "MPC_XY_VEL_I_ACC", "MPC_XY_VEL_D_ACC", "MPC_Z_VEL_P_ACC",
            "MPC_Z_VEL_I_ACC", "MPC_Z_VEL_D_ACC", "CAL_MAG0_ROT", "SENS_BOARD_ROT"};
        for (String name : qgc) {
            assertThat(params.store.find(name)).as(name).isNotNull();
        }
    }

    @Test
    void shouldNoLongerCarryRenamedNamesOrPx4NamesWithAnotherMeaning() {
        for (String old : new String[] {"COM_DLL_ACT", "CA_AIRFRAME", "MPC_XY_VEL_P", "MPC_Z_VEL_I", "COM_POS_FS_ACT",
            "MPC_LAND_ALT1"}) {
            assertThat(params.store.find(old)).as(old).isNull();
        }
        // PX4 types and value meanings
        assertThat(params.gcsLossTimeoutS.type()).isEqualTo(ParamType.INT);
        assertThat(params.gcsLossAction.values()).containsEntry(2, "Return mode").containsEntry(3, "Land mode")
                .doesNotContainKeys(5, 6);
        assertThat(params.offboardLossAction.values()).containsEntry(0, "Land mode").containsEntry(1, "Hold mode")
                .containsEntry(2, "Return mode");
        assertThat(params.fenceAction.values()).doesNotContainKey(4);
        assertThat(params.positionLossAction.values().get(FlightParams.POSCTL_NAVL_LAND)).isEqualTo("Land mode");
        assertThat(params.airframe.values()).containsOnlyKeys(4001, 5001, 6001);
    }

    @Test
    void shouldRegisterEveryEnumeratedIntegerWithItsMeanings() {
        // Every small-range integer without a unit is a choice: it must list its meanings
        List<String> bare = new ArrayList<>();
        for (int i = 0; i < params.store.count(); i++) {
            Param p = params.store.get(i);
            if (p instanceof IntParam ip && ip.values().isEmpty() && ip.unit().isEmpty()
                    && ip.max() - ip.min() <= 10 && ip.max() > ip.min()) {
                bare.add(p.name());
            }
        }
        assertThat(bare).isEmpty();
    }

    @Test
    void shouldRefuseWritesToParametersWhoseFeatureDoesNotExist() {
        // (COM_LOW_BAT_ACT and BAT_LOW_THR left this list with the battery failsafe, issue 16)
        for (String name : new String[] {"RC_MAP_FLAPS", "RC_MAP_AUX1", "RTL_LAND_DELAY"}) {
            Param p = params.store.find(name);
            assertThat(p.isReadOnly()).as(name).isTrue();
            assertThat(p.set(p.defaultValue() + 1)).as(name).isEqualTo(SetResult.READ_ONLY);
            assertThat(p.description()).as(name).containsIgnoringCase("read-only");
        }
    }

    @Test
    void shouldGiveEveryWritableParameterAConsumerInTheFlightCode() throws Exception {
        // Given the source of the firmware and the SITL (the tests run in firmware-core/)
        StringBuilder code = new StringBuilder();
        for (Path root : new Path[] {Path.of("src/main/java"), Path.of("../sim-harness/src/main/java")}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                    String name = f.getFileName().toString();
                    if (!name.equals("FlightParams.java") && !name.equals("SetupParams.java")) {
                        code.append(read(f));
                    }
                }
            }
        }
        assertThat(code.length()).isGreaterThan(10_000);
        // Then every writable parameter's handle is read somewhere outside its definition
        List<String> unused = new ArrayList<>();
        for (Field f : FlightParams.class.getFields()) {
            Object handle = f.get(params);
            if ((handle instanceof FloatParam || handle instanceof IntParam) && !((Param) handle).isReadOnly()) {
                boolean used = Pattern.compile("\\." + f.getName() + "\\b(?!\\s*=)").matcher(code).find();
                if (!used) {
                    unused.add(((Param) handle).name() + " (" + f.getName() + ")");
                }
            }
        }
        assertThat(unused).isEmpty();
    }

    @Test
    void shouldOfferPx4sManualInputModes() {
        // Given the manual-control input mode
        IntParam mode = params.setup.rcInMode;
        // Then it defaults to PX4's 3 "RC or Joystick keep first" and takes each of PX4's 0..4
        assertThat(mode.isReadOnly()).isFalse();
        assertThat(mode.get()).isEqualTo(SetupParams.RC_IN_MODE_KEEP_FIRST);
        for (int m = 0; m <= 4; m++) {
            assertThat(mode.set(m)).as("COM_RC_IN_MODE %d", m).isEqualTo(SetResult.OK);
        }
        // and PX4's newer priority modes (5, 6) are refused
        assertThat(mode.set(5)).isNotEqualTo(SetResult.OK);
        assertThat(mode.get()).isEqualTo(SetupParams.RC_IN_MODE_DISABLED);
        // and the loss timeout is PX4's, writable
        assertThat(params.setup.rcLossTimeoutS.get()).isEqualTo(0.5);
        assertThat(params.setup.rcLossTimeoutS.isReadOnly()).isFalse();
        // and the manual-flight limits carry PX4's names and defaults
        assertThat(params.store.find("MPC_VEL_MANUAL").defaultValue()).isEqualTo(10.0);
        assertThat(params.store.find("MPC_MAN_Y_MAX").defaultValue()).isEqualTo(150.0);
        assertThat(params.store.find("MPC_HOLD_DZ").defaultValue()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void shouldEncodeDeviceIdsAsPx4Does() {
        // PX4 SITL's own CAL_ACC0_ID / CAL_MAG0_ID
        assertThat(SetupParams.deviceId(SetupParams.BUS_TYPE_SIMULATION, 1, 1, 0x14)).isEqualTo(1310988);
        assertThat(SetupParams.deviceId(SetupParams.BUS_TYPE_SIMULATION, 1, 3, 0x03)).isEqualTo(197388);
        assertThat(SetupParams.deviceId(SetupParams.BUS_TYPE_I2C, 2, 0x1e, 0x07)).isEqualTo(1 | (2 << 3) | (0x1e << 8) | (7 << 16));
    }

    @Test
    void shouldResetEverythingButAirframeSystemIdAndCalibrationOnAutoconfig() {
        // Given a changed gain, a new airframe, system id 9, a calibration with its level trim, and SYS_AUTOCONFIG 1
        params.xyP.set(2.0);
        params.airframe.set(FlightParams.AUTOSTART_HEXA_X);
        params.mavSystemId.set(9);
        params.sysAutoconfig.set(1);
        params.setup.gyroDeviceId.set(1310988);
        params.store.set("CAL_GYRO0_XOFF", 0.01);
        params.calibration.levelRollDeg().set(-1.25);

        // When the boot applies it
        assertThat(FlightStack.applyAutoconfig(params)).isTrue();

        // Then
        assertThat(params.xyP.get()).isEqualTo(params.xyP.defaultValue());
        assertThat(params.airframe.get()).isEqualTo(FlightParams.AUTOSTART_HEXA_X);
        assertThat(params.mavSystemId.get()).isEqualTo(9);
        assertThat(params.sysAutoconfig.get()).isZero();
        assertThat(params.setup.gyroDeviceId.get()).isEqualTo(1310988);
        assertThat(params.store.find("CAL_GYRO0_XOFF").doubleValue()).isEqualTo(0.01);
        assertThat(params.calibration.levelRollDeg().get()).isEqualTo(-1.25);
        // And without it, nothing is reset
        params.xyP.set(2.0);
        assertThat(FlightStack.applyAutoconfig(params)).isFalse();
        assertThat(params.xyP.get()).isEqualTo(2.0);
    }

    @Test
    void shouldBuildTheMixerOfEachAirframe() {
        assertThat(FlightStack.geometry(FlightParams.AUTOSTART_QUAD_X).motorCount()).isEqualTo(4);
        assertThat(FlightStack.geometry(FlightParams.AUTOSTART_QUAD_PLUS).motorCount()).isEqualTo(4);
        assertThat(FlightStack.geometry(FlightParams.AUTOSTART_HEXA_X).motorCount()).isEqualTo(6);
    }

    @Test
    void shouldNameTheAllowedValuesWhenAnUnlistedEnumValueIsRefused() {
        // Given GF_ACTION, whose PX4 value 4 (Terminate) Hoverla does not offer
        // When 4 is written, Then it is refused and the reason lists the values that exist
        assertThat(params.fenceAction.set(4.0)).isEqualTo(SetResult.OUT_OF_RANGE);
        assertThat(org.hoverla.core.param.persist.ParamText.reason(SetResult.OUT_OF_RANGE, params.fenceAction, 4.0))
                .isEqualTo("4 is not one of [0, 1, 2, 3, 5]");
        assertThat(params.fenceAction.get()).isEqualTo(2);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
