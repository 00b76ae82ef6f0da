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
}
