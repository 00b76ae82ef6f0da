package org.hoverla.sim.app;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import org.hoverla.sim.lockstep.SimConfig;

/** Options shared by the commands that build a simulated vehicle. */
public final class SimOptions {
    @Option(names = "--seed", paramLabel = "N", description = "Seed of every noise source (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--home", paramLabel = "LAT,LON,ALT", converter = HomeConverter.class,
            description = "Home position: latitude and longitude in degrees, altitude in metres AMSL "
                    + "(default: 50.4017,30.4495,178).")
    double[] home;

    @Option(names = "--wind", paramLabel = "SPEED,DIR", converter = WindConverter.class,
            description = "Mean wind speed in m/s (0..30) and the direction it blows from in degrees (0..360); "
                    + "gusts are a fifth of the speed (default: calm).")
    double[] wind;

    SimConfig toConfig() {
        SimConfig c = new SimConfig();
        c.seed = seed;
        if (home != null) {
            c.homeLatDeg = home[0];
            c.homeLonDeg = home[1];
            c.homeAltM = home[2];
        }
        if (wind != null) {
            c.windSpeedMps = wind[0];
            c.windFromDeg = wind[1];
        }
        return c;
    }

    static double[] parseNumbers(String value, int count, String what) {
        String[] parts = value.split(",", -1);
        if (parts.length != count) {
            throw new TypeConversionException("expected " + what + " (" + count + " comma-separated numbers) but got '"
                    + value + "'");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + parts[i].trim() + "' is not a number in '" + value + "'");
            }
            if (!Double.isFinite(out[i])) {
                throw new TypeConversionException("'" + parts[i].trim() + "' is not a finite number");
            }
        }
        return out;
    }

    /** LAT,LON,ALT with latitude within ±85° (the local projection and the field model need it). */
    public static final class HomeConverter implements ITypeConverter<double[]> {
        @Override
        public double[] convert(String value) {
            double[] v = parseNumbers(value, 3, "LAT,LON,ALT");
            if (v[0] < -85.0 || v[0] > 85.0) {
                throw new TypeConversionException("latitude " + v[0] + " is outside -85..85 degrees");
            }
            if (v[1] < -180.0 || v[1] > 180.0) {
                throw new TypeConversionException("longitude " + v[1] + " is outside -180..180 degrees");
            }
            if (v[2] < -500.0 || v[2] > 9000.0) {
                throw new TypeConversionException("altitude " + v[2] + " m is outside -500..9000 m AMSL");
            }
            return v;
        }
    }

    /** SPEED,DIR. */
    public static final class WindConverter implements ITypeConverter<double[]> {
        @Override
        public double[] convert(String value) {
            double[] v = parseNumbers(value, 2, "SPEED,DIR");
            if (v[0] < 0.0 || v[0] > 30.0) {
                throw new TypeConversionException("wind speed " + v[0] + " m/s is outside 0..30 m/s");
            }
            if (v[1] < 0.0 || v[1] > 360.0) {
                throw new TypeConversionException("wind direction " + v[1] + " is outside 0..360 degrees");
            }
            return v;
        }
    }

    /** "max" (as fast as possible) or a positive factor of real time. */
    public static final class SpeedupConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if ("max".equalsIgnoreCase(value.trim())) {
                return Double.POSITIVE_INFINITY;
            }
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is neither 'max' nor a number");
            }
            if (!(v > 0.0) || Double.isInfinite(v)) {
                throw new TypeConversionException("speed-up must be 'max' or a positive number, not " + value);
            }
            return v;
        }
    }
}
