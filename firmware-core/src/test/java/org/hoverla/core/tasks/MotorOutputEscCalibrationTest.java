package org.hoverla.core.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.hal.MotorOutputs;
import org.junit.jupiter.api.Test;

/** ESC calibration's request reaching the motor outputs through the motor output task. */
class MotorOutputEscCalibrationTest {

    @Test
    void shouldDriveEveryMotorAtTheRequestedEndOfTheRangeOnlyWhileDisarmed() {
        // Given the motor output task over recording outputs, and ESC calibration's request
        FlightBus bus = new FlightBus();
        List<String> writes = new ArrayList<>();
        MotorOutputs outputs = new MotorOutputs() {
            @Override
            public int motorCount() {
                return 4;
            }

            @Override
            public void write(double[] c, boolean armed) {
                writes.add("write " + c[0] + " " + armed);
            }

            @Override
            public void writeCalibration(double[] c) {
                writes.add("calibration " + c[0] + " " + c[1] + " " + c[2] + " " + c[3]);
            }
        };
        MotorOutputTask task = new MotorOutputTask(bus.actuatorMotors.subscribe(), bus.vehicleStatus.subscribe(),
                outputs, bus.actuatorOutputs.advertise(), new FlightParams(new ParamStore()));
        AtomicInteger request = bus.escCalibration;
        task.escCalibration(request);
        org.hoverla.core.bus.Publication<VehicleStatus> statusPub = bus.vehicleStatus.advertise();
        VehicleStatus status = new VehicleStatus();
        statusPub.publish(status);
        // When it asks for the maximum, then the minimum, then releases
        request.set(1);
        task.run(1_000_000L);
        request.set(2);
        task.run(2_000_000L);
        request.set(0);
        task.run(3_000_000L);
        // Then all motors follow, and back to the normal disarmed write
        assertThat(writes).containsExactly("calibration 1.0 1.0 1.0 1.0", "calibration 0.0 0.0 0.0 0.0",
                "write 0.0 false");
    }
}
