package org.hoverla.core.calibration;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.hoverla.core.msg.BatteryStatus;
import org.hoverla.core.sensors.Rotation;
import org.hoverla.hal.GnssSample;

/**
 * What a {@link CalibrationRunner} needs of its vehicle, built at boot: the raw-sample tap, the
 * sensor instances of each role (board order, as the frontends number them), the armed state,
 * GNSS and battery readings, the ESC outputs, where results go, the UTC date and the flag the
 * pre-arm check reads. Suppliers are called on the calibration's thread.
 */
public final class CalibrationContext {
    /** One sensor instance: its index in the frontend, its PX4 device id, its mounting rotation. */
    public record Sensor(int instance, int deviceId, Rotation rotation) {
        public Sensor {
            Objects.requireNonNull(rotation, "rotation");
        }
    }

    /** Drives every motor output while disarmed, for ESC calibration. */
    @FunctionalInterface
    public interface EscOutput {
        /** Outputs back to normal (disarmed pulses). */
        int RELEASE = 0;
        /** Every output at its maximum pulse (PWM_MAIN_MAXn). */
        int MAX = 1;
        /** Every output at its minimum pulse (PWM_MAIN_MINn). */
        int MIN = 2;

        void set(int level);
    }

    final RawSampleTap tap;
    final List<Sensor> imus;
    final List<Sensor> mags;
    final List<Sensor> baros;
    final BooleanSupplier armed;
    final Supplier<GnssSample> gnss;
    final Supplier<BatteryStatus> battery;
    final EscOutput esc;
    final CalibrationStore store;
    final LongSupplier utcMillis;
    final AtomicBoolean calibrating;

    private CalibrationContext(Builder b) {
        tap = Objects.requireNonNull(b.tap, "tap");
        store = Objects.requireNonNull(b.store, "store");
        imus = List.copyOf(b.imus);
        mags = List.copyOf(b.mags);
        baros = List.copyOf(b.baros);
        armed = b.armed;
        gnss = b.gnss;
        battery = b.battery;
        esc = b.esc;
        utcMillis = b.utcMillis;
        calibrating = b.calibrating;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Boot thread. Defaults: no sensors, never armed, no GNSS, no battery monitor, no ESC outputs. */
    public static final class Builder {
        private RawSampleTap tap;
        private List<Sensor> imus = List.of();
        private List<Sensor> mags = List.of();
        private List<Sensor> baros = List.of();
        private BooleanSupplier armed = () -> false;
        private Supplier<GnssSample> gnss = () -> null;
        private Supplier<BatteryStatus> battery = () -> null;
        private EscOutput esc;
        private CalibrationStore store;
        private LongSupplier utcMillis = System::currentTimeMillis;
        private AtomicBoolean calibrating = new AtomicBoolean();

        public Builder tap(RawSampleTap tap) {
            this.tap = tap;
            return this;
        }

        public Builder imus(List<Sensor> imus) {
            this.imus = imus;
            return this;
        }

        public Builder mags(List<Sensor> mags) {
            this.mags = mags;
            return this;
        }

        public Builder baros(List<Sensor> baros) {
            this.baros = baros;
            return this;
        }

        /** Whether the vehicle is armed now. */
        public Builder armed(BooleanSupplier armed) {
            this.armed = armed;
            return this;
        }

        /** The newest GNSS solution (vehicle clock), or null when there is none. */
        public Builder gnss(Supplier<GnssSample> gnss) {
            this.gnss = gnss;
            return this;
        }

        /** The newest battery status (vehicle clock), or null without a battery monitor. */
        public Builder battery(Supplier<BatteryStatus> battery) {
            this.battery = battery;
            return this;
        }

        /** The motor outputs for ESC calibration; null when the vehicle has none. */
        public Builder esc(EscOutput esc) {
            this.esc = esc;
            return this;
        }

        public Builder store(CalibrationStore store) {
            this.store = store;
            return this;
        }

        /** UTC wall time (ms since the epoch) for CAL_*_DATE; the system clock by default. */
        public Builder utcMillis(LongSupplier utcMillis) {
            this.utcMillis = utcMillis;
            return this;
        }

        /** Set while a calibration runs (FlightBus.sensorCalibrating: the pre-arm check refuses arming). */
        public Builder calibratingFlag(AtomicBoolean flag) {
            this.calibrating = flag;
            return this;
        }

        public CalibrationContext build() {
            return new CalibrationContext(this);
        }
    }
}
