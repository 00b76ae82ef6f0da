package org.hoverla.core.calibration.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExpectedMagFieldTest {
    private static final double NT = 1e-5;

    /**
     * NOAA's published WMM2025 test values (WMM2025_TestValues.txt in WMM2025COF.zip, as
     * transcribed in two independent public projects that agree): decimal year, height above
     * the ellipsoid (km), latitude, longitude, total intensity F (nT).
     */
    @ParameterizedTest
    @CsvSource({
            "2025.0, 28, 89, -121, 56214.4",
            "2025.0, 65, 43, 93, 55626.6",
            "2025.0, 51, -33, 109, 57054.8",
            "2025.0, 18, 0, 21, 32594.8",
            "2025.5, 6, -36, -137, 41280.5",
            "2026.5, 12, -79, 115, 59546.0",
            "2027.5, 8, 62, 53, 56368.8",
            "2028.5, 11, 34, 0, 42471.3",
            "2029.5, 77, -18, 138, 47186.0"})
    void shouldReproduceNoaaTestValuesForTheTotalField(double year, double heightKm, double lat, double lon, double totalNt) {
        // When the strength is computed at NOAA's test point
        double gauss = ExpectedMagField.strengthGauss(lat, lon, heightKm * 1000.0, year);
        // Then it matches NOAA's printed value to 0.2 nT
        assertThat(gauss / NT).isCloseTo(totalNt, within(0.2));
    }

    /** The WMM2025 report's test table: year, height (km), lat, lon, X, Y, Z (nT). */
    @ParameterizedTest
    @CsvSource({
            "2025.0, 0, 80, 0, 6521.6, 145.9, 54791.5",
            "2025.0, 0, 0, 120, 39677.8, -109.6, -10580.2",
            "2025.0, 100, -80, 240, 5907.6, 14780.3, -49540.7",
            "2027.5, 0, 80, 0, 6500.8, 294.5, 54869.4",
            "2027.5, 100, 0, 120, 37711.5, -148.7, -9969.8"})
    void shouldReproduceNoaaTestValuesForTheComponents(double year, double heightKm, double lat, double lon,
                                                       double north, double east, double down) {
        double[] ned = new double[3];
        ExpectedMagField.fieldNedGauss(lat, lon, heightKm * 1000.0, year, ned);
        assertThat(ned[0] / NT).isCloseTo(north, within(0.15));
        assertThat(ned[1] / NT).isCloseTo(east, within(0.15));
        assertThat(ned[2] / NT).isCloseTo(down, within(0.15));
    }

    @Test
    void shouldStayFiniteAtThePoles() {
        assertThat(ExpectedMagField.strengthGauss(90, 0, 0, 2026)).isBetween(0.5, 0.6);
        assertThat(ExpectedMagField.strengthGauss(-90, 0, 0, 2026)).isBetween(0.5, 0.6);
        assertThat(ExpectedMagField.epoch()).isEqualTo(2025.0);
    }

    @Test
    void shouldJudgeAFittedStrengthWithinTwentyFivePercent() {
        // Given Kyiv's field (about 0.51 G in 2026)
        double expected = ExpectedMagField.strengthGauss(50.45, 30.52, 180, 2026.5);
        assertThat(expected).isBetween(0.49, 0.53);
        // Then a fit 20 % off passes, 30 % off fails, NaN fails
        assertThat(ExpectedMagField.isStrengthConsistent(expected * 1.2, expected)).isTrue();
        assertThat(ExpectedMagField.isStrengthConsistent(expected * 0.8, expected)).isTrue();
        assertThat(ExpectedMagField.isStrengthConsistent(expected * 1.3, expected)).isFalse();
        assertThat(ExpectedMagField.isStrengthConsistent(expected * 0.7, expected)).isFalse();
        assertThat(ExpectedMagField.isStrengthConsistent(Double.NaN, expected)).isFalse();
    }

    @Test
    void shouldRefuseAnImpossiblePosition() {
        assertThatThrownBy(() -> ExpectedMagField.strengthGauss(91, 0, 0, 2026))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latitude 91.0° outside ±90°");
        assertThatThrownBy(() -> ExpectedMagField.strengthGauss(Double.NaN, 0, 0, 2026))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }
}
