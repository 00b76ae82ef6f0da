package org.hoverla.hal.fake;

import java.util.function.LongSupplier;

/** The test controls the InvenSense IMU fakes share; their state lives in a {@link FakeImuMotion}. */
public interface FakeImu extends ClockedFake {
    /** The measured state behind the registers; internal to the fakes. */
    FakeImuMotion motion();

    /** Sets the time source (ns); tests drive a manual clock so the fake is deterministic. */
    @Override
    default void setClock(LongSupplier clock) {
        motion().setClock(clock);
    }

    /** Specific force in the FRD sensor frame (m/s²); level and still is (0, 0, −9.80665). */
    default void setAccel(double xMps2, double yMps2, double zMps2) {
        motion().setAccel(xMps2, yMps2, zMps2);
    }

    /** Angular rate in the FRD sensor frame (rad/s). */
    default void setGyro(double xRadps, double yRadps, double zRadps) {
        motion().setGyro(xRadps, yRadps, zRadps);
    }

    /** Die temperature (°C). */
    default void setTemperature(double celsius) {
        motion().temperatureC = celsius;
    }

    /** Stuck data: the data registers (and FIFO packets) repeat the last sample exactly. */
    default void setFrozen(boolean frozen) {
        motion().frozen = frozen;
    }

    /** Multiplies the noise (1 = the datasheet's typical density; e.g. 10 for a damaged part). */
    default void setNoiseFactor(double factor) {
        motion().noiseFactor = factor;
    }

    /** Scales the self-test response (1 = healthy, e.g. 0.8 = 20 % below the factory value). */
    default void setSelfTestScale(double scale) {
        motion().selfTestScale = scale;
    }
}
