package org.hoverla.core.mavlink.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dronefleet.mavlink.common.Statustext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.mavlink.RecordingOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.TestLink;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.Test;

class CalibrationCommandHandlerTest {
    private final RecordingOutput out = new RecordingOutput();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CalibrationCommandHandler handler = new CalibrationCommandHandler(new StatusTextSender(out), armed::get);
    private final TestLink link = new TestLink(0, "udp");

    private int send(double... p) {
        return handler.handle(link, 255, 190, CalibrationCommandHandler.CMD_PREFLIGHT_CALIBRATION, p, 0);
    }

    private String lastText() {
        var texts = out.payloads(Statustext.class);
        return texts.isEmpty() ? "" : texts.get(texts.size() - 1).text();
    }

    @Test
    void shouldRefuseAGyroCalibrationWithTheCalTextQgcShowsAsTheFailure() {
        // Given QGC's Gyro button: param1 = 1, the rest 0 (Vehicle::startCalibration)
        // When it arrives
        int result = send(1, 0, 0, 0, 0, 0, 0);
        // Then it is UNSUPPORTED, and the reason reaches the link as PX4's "[cal] calibration failed: ..."
        assertThat(result).isEqualTo(VehicleCommandAck.UNSUPPORTED);
        assertThat(lastText()).startsWith("[cal] calibration failed: ").hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void shouldRefuseWhileArmedWithItsOwnReason() {
        armed.set(true);
        assertThat(send(0, 0, 0, 0, 1, 0, 0)).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
        assertThat(lastText()).isEqualTo(CalibrationCommandHandler.TEXT_ARMED);
    }

    @Test
    void shouldAcceptTheAllZeroCancelSilentlyAndTreatNanAsUnset() {
        // Given no calibration running, QGC's stopCalibration (all zeros) and MAVSDK's NaN-filled form
        // Then both are accepted with no text
        assertThat(send(0, 0, 0, 0, 0, 0, 0)).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(send(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN))
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(out.payloads(Statustext.class)).isEmpty();
    }

    @Test
    void shouldLeaveOtherCommandsToOtherHandlers() {
        assertThat(handler.handle(link, 255, 190, 245, new double[7], 0)).isEqualTo(LocalCommandHandler.NOT_HANDLED);
    }

    @Test
    void shouldAcceptQgcsRadioCalibrationAndStopRcInputUntilTheCancel() {
        // Given QGC's Radio page (Vehicle::startCalibration(CalibrationRadio): param4 = 1)
        AtomicBoolean calibrating = new AtomicBoolean();
        CalibrationCommandHandler radio = new CalibrationCommandHandler(new StatusTextSender(out), armed::get, calibrating);
        // When it starts, Then accepted, RC input disabled and said
        assertThat(radio.handle(link, 255, 190, CalibrationCommandHandler.CMD_PREFLIGHT_CALIBRATION,
                new double[] {0, 0, 0, 1, 0, 0, 0}, 0)).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(calibrating).isTrue();
        assertThat(lastText()).isEqualTo(CalibrationCommandHandler.TEXT_RC_START);
        // When it stops (all zeros), Then RC input is back
        assertThat(radio.handle(link, 255, 190, CalibrationCommandHandler.CMD_PREFLIGHT_CALIBRATION,
                new double[7], 0)).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(calibrating).isFalse();
        assertThat(lastText()).isEqualTo(CalibrationCommandHandler.TEXT_RC_END);
        // and while armed it is refused
        armed.set(true);
        assertThat(radio.handle(link, 255, 190, CalibrationCommandHandler.CMD_PREFLIGHT_CALIBRATION,
                new double[] {0, 0, 0, 1, 0, 0, 0}, 0)).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
        assertThat(calibrating).isFalse();
    }

    /** A runner with one IMU and no battery monitor, attached to the handler; its lines in {@code lines}. */
    private org.hoverla.core.calibration.CalibrationRunner attachRunner(java.util.List<String> lines,
                                                                       org.hoverla.core.msg.BatteryStatus battery) {
        org.hoverla.core.param.ParamStore store = new org.hoverla.core.param.ParamStore();
        new org.hoverla.core.sensors.CalibrationParamSet(store);
        org.hoverla.core.calibration.CalibrationRunner runner = new org.hoverla.core.calibration.CalibrationRunner(
                org.hoverla.core.calibration.CalibrationContext.builder()
                        .tap(new org.hoverla.core.calibration.RawSampleTap())
                        .imus(java.util.List.of(new org.hoverla.core.calibration.CalibrationContext.Sensor(0, 42,
                                org.hoverla.core.sensors.Rotation.NONE)))
                        .armed(armed::get)
                        .battery(() -> battery)
                        .esc(level -> { })
                        .store(new org.hoverla.core.calibration.ParamCalibrationStore(store, null))
                        .build());
        runner.addNarration((severity, text) -> lines.add(text));
        handler.calibration(runner, () -> 5_000_000_000L);
        return runner;
    }

    @Test
    void shouldStartEachKindWithPx4sParametersAndAcceptAsPx4() {
        // Given a vehicle with calibrations, and QGC's buttons (Vehicle::startCalibration)
        java.util.List<String> lines = new java.util.ArrayList<>();
        org.hoverla.core.calibration.CalibrationRunner runner = attachRunner(lines, null);
        double[][] buttons = {{1, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0, 0},
            {0, 0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 2, 0, 0}, {0, 0, 0, 0, 0, 0, 1}};
        String[] kinds = {"gyro", "mag", "baro", "accel", "level", "esc"};
        for (int b = 0; b < buttons.length; b++) {
            // When each arrives
            int result = send(buttons[b]);
            // Then PX4 answers ACCEPTED at once and the runner says which calibration started
            assertThat(result).as(kinds[b]).isEqualTo(VehicleCommandAck.ACCEPTED);
            assertThat(lines).as(kinds[b]).contains("[cal] calibration started: 2 " + kinds[b]);
            assertThat(send(0, 0, 0, 0, 0, 0, 0)).isEqualTo(VehicleCommandAck.ACCEPTED);
            assertThat(runner.running()).isFalse();
        }
    }

    @Test
    void shouldRejectASecondCalibrationTemporarilyAndCancelOnAllZeros() {
        // Given a running gyro calibration
        java.util.List<String> lines = new java.util.ArrayList<>();
        org.hoverla.core.calibration.CalibrationRunner runner = attachRunner(lines, null);
        assertThat(send(1, 0, 0, 0, 0, 0, 0)).isEqualTo(VehicleCommandAck.ACCEPTED);
        // When an accelerometer calibration is asked for: PX4's busy answer and text
        assertThat(send(0, 0, 0, 0, 1, 0, 0)).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
        assertThat(lastText()).isEqualTo("command denied during calibration: 241");
        assertThat(runner.running()).isTrue();
        // When QGC's Cancel (all zeros) arrives: accepted, and the calibration says it is cancelled
        assertThat(send(0, 0, 0, 0, 0, 0, 0)).isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(runner.running()).isFalse();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("[cal] calibration cancelled");
    }

    @Test
    void shouldDenyEscCalibrationWithTheBatteryConnectedWithPx4sText() {
        // Given a connected flight battery, freshly measured
        java.util.List<String> lines = new java.util.ArrayList<>();
        org.hoverla.core.msg.BatteryStatus battery = new org.hoverla.core.msg.BatteryStatus();
        battery.connected = true;
        battery.timestampNs = 4_900_000_000L;
        attachRunner(lines, battery);
        // When QGC's ESC calibration arrives, then DENIED with the text QGC's power page turns into its dialog
        assertThat(send(0, 0, 0, 0, 0, 0, 1)).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(lines).containsExactly("[cal] calibration failed: Disconnect battery first");
    }

    @Test
    void shouldRefuseWhileArmedBeforeAskingTheRunner() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        attachRunner(lines, null);
        armed.set(true);
        assertThat(send(0, 0, 0, 0, 1, 0, 0)).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
        assertThat(lastText()).isEqualTo(CalibrationCommandHandler.TEXT_ARMED);
        assertThat(lines).isEmpty();
    }
}
