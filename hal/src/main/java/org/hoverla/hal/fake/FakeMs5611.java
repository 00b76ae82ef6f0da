package org.hoverla.hal.fake;

/**
 * An MS5611 on I2C, built from the datasheet's command set (see {@link Ms5611Model}): reset 0x1E,
 * conversions 0x40..0x58, ADC read 0x00 (3 bytes), PROM read 0xA0..0xAE (2 bytes each). The PROM
 * holds the datasheet's example coefficients with a valid CRC-4. Default state: 101325 Pa, 20 °C,
 * with seeded Gaussian noise at the datasheet's RMS resolution for the OSR used.
 */
public class FakeMs5611 extends RegisterFileI2c implements FakeMs5611Controls {
    private final Ms5611Model model;

    public FakeMs5611(int bus, int address, long seed) {
        super(bus, address);
        model = new Ms5611Model(seed);
    }

    @Override
    protected void command(int command) {
        model.command(command);
    }

    @Override
    protected void beforeRead(int register, int len) {
        if (register == 0x00) {
            int adc = model.readAdc();
            poke(0, adc >>> 16);
            poke(1, adc >>> 8);
            poke(2, adc);
        } else if (register >= 0xA0 && register <= 0xAE && (register & 1) == 0) {
            int w = model.readProm((register - 0xA0) >> 1);
            poke(register, w >>> 8);
            poke(register + 1, w);
        }
    }

    @Override
    public Ms5611Model model() {
        return model;
    }
}
