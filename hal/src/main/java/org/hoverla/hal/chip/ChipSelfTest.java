package org.hoverla.hal.chip;

/**
 * The outcome of a chip's own self-test, as its datasheet defines it (InvenSense self-test
 * response against the factory trim, the IST8310's polarity inversion, the MS5611's PROM CRC-4,
 * the BMP388's trimming CRC, the BMP280's trimming sanity), in words a production report prints.
 *
 * @param procedure what was run, e.g. "self-test response vs factory trim"
 * @param passed    whether the chip passed
 * @param figure    the measured figure with its unit (the worst axis where there are several)
 * @param limit     the datasheet limit it was held to
 * @param reason    why it failed, "" when passed
 */
public record ChipSelfTest(String procedure, boolean passed, String figure, String limit, String reason) {
    /** A passed test. */
    public static ChipSelfTest pass(String procedure, String figure, String limit) {
        return new ChipSelfTest(procedure, true, figure, limit, "");
    }

    /** A failed test. */
    public static ChipSelfTest fail(String procedure, String figure, String limit, String reason) {
        return new ChipSelfTest(procedure, false, figure, limit, reason);
    }

    /**
     * A chip backend whose chip has a self-test. The test runs in the probe (a chip failing it is
     * refused there, with the figures in the {@link ProbeException} message); this returns the
     * figures of the passed test for reports. Boot thread only.
     */
    public interface SelfTesting {
        /** The self-test run at probe. */
        ChipSelfTest selfTestOutcome();
    }

    /**
     * Worst axis of a response/factory ratio table, as "gz 0.93 (response 3412 / factory 3669 LSB)".
     *
     * @param ratios per axis (accel x, y, z, gyro x, y, z), NaN for an axis without a factory value
     */
    static String worstRatio(double[] response, double[] factory, double ideal) {
        String[] axes = {"ax", "ay", "az", "gx", "gy", "gz"};
        int worst = -1;
        double worstDev = -1;
        for (int i = 0; i < 6; i++) {
            double r = factory[i] == 0 ? Double.NaN : response[i] / factory[i];
            double dev = Double.isNaN(r) ? Double.POSITIVE_INFINITY : Math.abs(r - ideal);
            if (dev > worstDev) {
                worstDev = dev;
                worst = i;
            }
        }
        return String.format(java.util.Locale.ROOT, "worst axis %s: response %d LSB / factory %d LSB = %.3f",
                axes[worst], Math.round(response[worst]), Math.round(factory[worst]),
                factory[worst] == 0 ? Double.NaN : response[worst] / factory[worst]);
    }
}
