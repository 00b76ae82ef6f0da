package org.hoverla.core.boot;

import java.util.List;
import java.util.Locale;
import org.hoverla.hal.chip.ChipIds;
import org.hoverla.hal.fake.FakeImu;
import org.hoverla.hal.fake.FakeIst8310;
import org.hoverla.hal.fake.FakeMs5611Controls;
import org.hoverla.hal.fake.FakePca9685;
import org.hoverla.hal.fake.FakeQmc5883l;
import org.hoverla.hal.fake.RegisterFileI2c;
import org.hoverla.hal.fake.RegisterFileSpi;

/**
 * A fault a fake device of a {@code buses: fake} board is given from the board file
 * ({@code fault: wrong-id}), so production tests and demos can show what a bad unit looks like.
 * Each fault is modelled in the chip's register-file fake, so the drivers see what they would see
 * on a faulty part:
 * <ul>
 *   <li>{@code wrong-id}: the id register reads the expected value + 1 (a different part fitted);</li>
 *   <li>{@code stuck-data}: the data registers repeat their last value (a stuck ADC); on the IMUs
 *       and the IST8310 this is already there at probe, so their self-test fails, as a stuck part's would;</li>
 *   <li>{@code bus-errors}: every {@value #BUS_ERROR_EVERY}th transfer fails (a marginal connector);</li>
 *   <li>{@code noisy}: {@value #NOISE_FACTOR}× the datasheet's typical noise (a damaged sensor);</li>
 *   <li>{@code dead-output}: PWM channel 0's registers keep nothing written to them;</li>
 *   <li>{@code self-test}: the chip's own self-test fails (IMU response at 30 % of the factory
 *       value, IST8310 polarity not inverted, MS5611 PROM word 3 corrupted under its CRC);</li>
 *   <li>{@code absent}: the board file declares a chip the unit does not carry: an I2C chip
 *       acknowledges nothing (NACK), an SPI chip's MISO line floats (the self-test's "chip id: no
 *       answer" / "absent"), so the vehicle refuses to boot on it, as on hardware.</li>
 * </ul>
 * Boot thread only.
 */
public enum FakeFault {
    WRONG_ID("wrong-id"), STUCK_DATA("stuck-data"), BUS_ERRORS("bus-errors"), NOISY("noisy"), DEAD_OUTPUT("dead-output"),
    SELF_TEST("self-test"), ABSENT("absent");

    /** A bus-errors device fails every this many transfers. */
    public static final int BUS_ERROR_EVERY = 25;
    /** A noisy device has this many times its typical noise. */
    public static final int NOISE_FACTOR = 10;
    /** The PWM channel a dead-output fault kills. */
    public static final int DEAD_CHANNEL = 0;

    private static final List<String> IMUS = List.of("icm42688p", "mpu6050", "icm20948");
    private static final List<String> STUCKABLE = List.of("icm42688p", "mpu6050", "icm20948", "ms5611", "bmp280",
            "bmp388", "ist8310", "qmc5883l", "ina226");

    private final String key;

    FakeFault(String key) {
        this.key = key;
    }

    /** As board files write it. */
    public String key() {
        return key;
    }

    /** @return the fault a board file names, or null */
    public static FakeFault parse(String text) {
        for (FakeFault f : values()) {
            if (f.key.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** Every key, for messages. */
    public static List<String> keys() {
        return java.util.Arrays.stream(values()).map(FakeFault::key).toList();
    }

    /** Whether the chip's fake models this fault. */
    public boolean supports(String chip) {
        return switch (this) {
            case WRONG_ID -> ChipIds.of(chip) != null && ChipIds.of(chip).bytes() == 1;
            case STUCK_DATA -> STUCKABLE.contains(chip);
            case BUS_ERRORS -> !"fixed".equals(chip);
            case NOISY -> IMUS.contains(chip) || List.of("ms5611", "ist8310", "qmc5883l").contains(chip);
            case DEAD_OUTPUT -> "pca9685".equals(chip);
            case SELF_TEST -> IMUS.contains(chip) || List.of("ms5611", "ist8310").contains(chip);
            case ABSENT -> !"fixed".equals(chip);
        };
    }

    /** The chips whose fakes model this fault, for board-file messages. */
    public List<String> chips() {
        List<String> out = new java.util.ArrayList<>();
        for (ChipCatalog.Chip c : ChipCatalog.all()) {
            if (supports(c.name())) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** Gives the freshly made fake of {@code chip} this fault. */
    void apply(Object fake, String chip) throws BootException {
        if (!supports(chip)) {
            throw new BootException("fault " + key + " is not modelled for " + chip + " (only for " + chips() + ")");
        }
        switch (this) {
            case WRONG_ID -> {
                ChipIds.IdRegister id = ChipIds.of(chip);
                int wrong = (id.expected() + 1) & 0xFF;
                if (fake instanceof RegisterFileI2c i2c) {
                    i2c.forceRead(id.register(), wrong);
                } else if (fake instanceof RegisterFileSpi spi) {
                    spi.forceRead(id.register(), wrong);
                }
            }
            case STUCK_DATA -> {
                if (fake instanceof FakeImu imu) {
                    imu.setFrozen(true);
                } else if (fake instanceof FakeMs5611Controls baro) {
                    baro.setFrozen(true);
                } else if (fake instanceof org.hoverla.hal.fake.FakeBmp280 bmp) {
                    bmp.setFrozen(true);
                } else if (fake instanceof org.hoverla.hal.fake.FakeBmp388 bmp) {
                    bmp.setFrozen(true);
                } else if (fake instanceof FakeIst8310 mag) {
                    mag.setFrozen(true);
                } else if (fake instanceof FakeQmc5883l mag) {
                    mag.setFrozen(true);
                } else if (fake instanceof org.hoverla.hal.fake.FakeIna226 ina) {
                    ina.setFrozen(true);
                }
            }
            case BUS_ERRORS -> {
                if (fake instanceof RegisterFileI2c i2c) {
                    i2c.failEvery(BUS_ERROR_EVERY);
                } else if (fake instanceof RegisterFileSpi spi) {
                    spi.failEvery(BUS_ERROR_EVERY);
                }
            }
            case NOISY -> {
                if (fake instanceof FakeImu imu) {
                    imu.setNoiseFactor(NOISE_FACTOR);
                } else if (fake instanceof FakeMs5611Controls baro) {
                    baro.setNoiseFactor(NOISE_FACTOR);
                } else if (fake instanceof FakeIst8310 mag) {
                    mag.setNoise(NOISE_FACTOR * FakeIst8310.NOISE_GAUSS);
                } else if (fake instanceof FakeQmc5883l mag) {
                    mag.setNoise(NOISE_FACTOR * FakeQmc5883l.NOISE_GAUSS);
                }
            }
            case DEAD_OUTPUT -> {
                int first = 0x06 + 4 * DEAD_CHANNEL; // LEDn_ON_L (PCA9685 datasheet §7.3 Table 4)
                ((FakePca9685) fake).dropWrites(first, first + 3);
            }
            case SELF_TEST -> {
                if (fake instanceof FakeImu imu) {
                    imu.setSelfTestScale(0.3);
                } else if (fake instanceof FakeIst8310 mag) {
                    mag.setSelfTestBroken(true);
                } else if (fake instanceof FakeMs5611Controls baro) {
                    baro.setPromWord(3, baro.promWord(3) ^ 0x0100);
                }
            }
            case ABSENT -> {
                if (fake instanceof RegisterFileI2c i2c) {
                    i2c.setPresent(false);
                } else if (fake instanceof RegisterFileSpi spi) {
                    spi.setPresent(false);
                }
            }
            default -> throw new IllegalStateException(key);
        }
    }
}
