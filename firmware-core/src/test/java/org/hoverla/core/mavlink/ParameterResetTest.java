package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.FloatParam;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.junit.jupiter.api.Test;

/** MAV_CMD_PREFLIGHT_STORAGE through the vehicle interface's local command handler. */
class ParameterResetTest {
    private static final int PREFLIGHT_STORAGE = 245;
    private static final TestLink GCS = new TestLink(0, "udp");

    private final FlightBus bus = new FlightBus();
    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);
    private final FloatParam calibration = (FloatParam) store.find("CAL_ACC0_XOFF");
    private final FloatParam levelTrim = params.calibration.levelPitchDeg();
    private final IntParam sysId = params.mavSystemId;
    private final List<ParamStore> saves = new ArrayList<>();
    private boolean saveFails;
    private final ParamPersistence persistence = new ParamPersistence() {
        @Override
        public void save(ParamStore s) throws IOException {
            if (saveFails) {
                throw new IOException("disk full");
            }
            saves.add(s);
        }

        @Override
        public LoadResult load(ParamStore s) {
            return new LoadResult(LoadResult.Source.DEFAULTS, 0, List.of());
        }
    };

    private MavlinkVehicleInterface mav() {
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L);
        return new MavlinkVehicleInterface(id, bus, store, persistence, new SimClock(), null, null,
                new PlanInstaller(bus, params), PlanStore.NONE);
    }

    private void tune() {
        params.rollRateP.set(0.2);
        params.batteryCells.set(6);
        params.airframe.set(FlightParams.AUTOSTART_HEXA_X);
        calibration.set(0.37);
        levelTrim.set(1.5);
        sysId.set(42);
    }

    @Test
    void shouldResetTuningButKeepCalibrationAirframeAndSystemIdThenSave() {
        // Given a tuned, calibrated hexacopter, disarmed
        tune();
        try (MavlinkVehicleInterface mav = mav()) {
            // When QGC's "reset all to firmware's defaults" arrives (param1 = 2, param2 = -1)
            int result = mav.localCommand(GCS, 255, 190, PREFLIGHT_STORAGE, new double[] {2, -1, 0, 0, 0, 0, 0}, 0L);

            // Then accepted, tuning back to defaults, the vehicle's own facts kept, and saved
            assertThat(result).isEqualTo(VehicleCommandAck.ACCEPTED);
            assertThat(params.rollRateP.get()).isEqualTo(0.08);
            assertThat(params.batteryCells.get()).isEqualTo(3);
            assertThat(params.airframe.get()).isEqualTo(FlightParams.AUTOSTART_HEXA_X);
            assertThat(calibration.get()).isEqualTo(0.37);
            assertThat(levelTrim.get()).isEqualTo(1.5);
            assertThat(sysId.get()).isEqualTo(42);
            assertThat(saves).hasSize(1);
        }
    }

    @Test
    void shouldRefuseWhileArmedAndChangeNothing() {
        // Given an armed vehicle
        tune();
        VehicleStatus armed = new VehicleStatus();
        armed.armingState = ArmingState.ARMED;
        bus.vehicleStatus.advertise().publish(armed);
        try (MavlinkVehicleInterface mav = mav()) {
            // When
            int result = mav.localCommand(GCS, 255, 190, PREFLIGHT_STORAGE, new double[] {2, -1, 0, 0, 0, 0, 0}, 0L);
            // Then temporarily rejected, nothing reset, nothing saved
            assertThat(result).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
            assertThat(params.rollRateP.get()).isEqualTo(0.2);
            assertThat(saves).isEmpty();
        }
    }

    @Test
    void shouldAnswerFailedWhenTheResetCannotBeSaved() {
        // Given storage that cannot be written
        tune();
        saveFails = true;
        try (MavlinkVehicleInterface mav = mav()) {
            // When
            int result = mav.localCommand(GCS, 255, 190, PREFLIGHT_STORAGE, new double[] {2, -1, 0, 0, 0, 0, 0}, 0L);
            // Then FAILED: the values are reset in memory only
            assertThat(result).isEqualTo(VehicleCommandAck.FAILED);
            assertThat(params.rollRateP.get()).isEqualTo(0.08);
        }
    }

    @Test
    void shouldDenyAnUnknownOrNonFiniteAction() {
        try (MavlinkVehicleInterface mav = mav()) {
            for (double action : new double[] {Double.NaN, 7, -3, 2.5, Double.NEGATIVE_INFINITY}) {
                assertThat(mav.localCommand(GCS, 255, 190, PREFLIGHT_STORAGE,
                        new double[] {action, 0, 0, 0, 0, 0, 0}, 0L)).as("param1 %s", action)
                        .isEqualTo(VehicleCommandAck.DENIED);
            }
        }
    }

    @Test
    void shouldAnswerGetMessageIntervalAndRequestMessage244ThroughTheCommandPath() {
        try (MavlinkVehicleInterface mav = mav()) {
            assertThat(mav.localCommand(GCS, 255, 190, 510, new double[] {30, 0, 0, 0, 0, 0, 0}, 0L))
                    .isEqualTo(VehicleCommandAck.ACCEPTED);
            assertThat(mav.localCommand(GCS, 255, 190, 512, new double[] {244, 83, 0, 0, 0, 0, 0}, 0L))
                    .isEqualTo(VehicleCommandAck.ACCEPTED);
            assertThat(mav.localCommand(GCS, 255, 190, 512, new double[] {244, Double.NaN, 0, 0, 0, 0, 0}, 0L))
                    .isEqualTo(VehicleCommandAck.DENIED);
            assertThat(mav.localCommand(GCS, 255, 190, 510, new double[] {Double.NaN, 0, 0, 0, 0, 0, 0}, 0L))
                    .isEqualTo(VehicleCommandAck.DENIED);
            // SET_MESSAGE_INTERVAL for the Tuning page's three messages is supported now
            for (int id : new int[] {83, 85, 62}) {
                assertThat(mav.localCommand(GCS, 255, 190, 511, new double[] {id, 10_000, 0, 0, 0, 0, 0}, 0L))
                        .isEqualTo(VehicleCommandAck.ACCEPTED);
            }
        }
    }
}
