package org.hoverla.sim.app;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import org.hoverla.core.param.SetResult;
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
    Home home;

    @Option(names = "--wind", paramLabel = "SPEED,DIR", converter = WindConverter.class,
            description = "Mean wind speed in m/s (0..30) and the direction it blows from in degrees (0..360); "
                    + "gusts are a fifth of the speed (default: calm).")
    Wind wind;

    @Option(names = "--gnss-drift", paramLabel = "METRES",
            description = "Standard deviation of the slow GNSS position error, 0..10 m (default: 0.3, "
                    + "a good receiver under open sky; 1.6 matches the u-blox M8N datasheet's 2 m CEP).")
    Double gnssDriftM;

    @Option(names = "--sensor-errors", paramLabel = "none|demo", defaultValue = "none",
            description = "Known calibration errors of the simulated sensors: 'demo' gives the IMU accelerometer "
                    + "offsets, scales and misalignment and gyro biases, the magnetometer hard and soft iron and the "
                    + "barometer an offset (printed at start; the IMU's random turn-on biases are then off), for a "
                    + "calibration to recover. Default: ${DEFAULT-VALUE}.")
    String sensorErrors = "none";

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Set a flight parameter before the flight (repeatable), e.g. --param MPC_XY_P=1.2.")
    java.util.List<String> params = new java.util.ArrayList<>();

    /** Home position given on the command line. */
    public record Home(double latDeg, double lonDeg, double altM) {
    }

    /** Wind given on the command line. */
    public record Wind(double speedMps, double fromDeg) {
    }

    /** Applies --param NAME=VALUE assignments; a malformed or refused one is a usage error. */
    static void applyParams(org.hoverla.core.param.ParamStore store, java.util.List<String> assignments,
                            picocli.CommandLine commandLine) {
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(commandLine,
                        "--param expects NAME=VALUE, not '" + assignment + "'");
            }
            String name = assignment.substring(0, eq).trim();
            double value;
            try {
                value = Double.parseDouble(assignment.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(commandLine,
                        "--param " + name + ": '" + assignment.substring(eq + 1) + "' is not a number");
            }
            SetResult result = store.set(name, value);
            if (result != SetResult.OK) {
                throw new CommandLine.ParameterException(commandLine, "--param " + name + "=" + value
                        + " refused: " + result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
    }

    SimConfig toConfig(picocli.CommandLine commandLine) {
        SimConfig c = new SimConfig();
        c.seed = seed;
        if (gnssDriftM != null) {
            if (!(gnssDriftM >= 0.0 && gnssDriftM <= 10.0)) {
                throw new picocli.CommandLine.ParameterException(commandLine,
                        "--gnss-drift must be between 0 and 10 m, not " + gnssDriftM);
            }
            c.setGnssDrift(gnssDriftM);
        }
        if (home != null) {
            c.homeLatDeg = home.latDeg();
            c.homeLonDeg = home.lonDeg();
            c.homeAltM = home.altM();
        }
        if (wind != null) {
            c.windSpeedMps = wind.speedMps();
            c.windFromDeg = wind.fromDeg();
        }
        try {
            org.hoverla.sim.sensors.SensorErrors errors = BenchRun.sensorErrors(sensorErrors);
            if (errors.any()) {
                c.useKnownSensorErrors(errors);
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(commandLine, e.getMessage());
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
    public static final class HomeConverter implements ITypeConverter<Home> {
        @Override
        public Home convert(String value) {
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
            return new Home(v[0], v[1], v[2]);
        }
    }

    /** SPEED,DIR. */
    public static final class WindConverter implements ITypeConverter<Wind> {
        @Override
        public Wind convert(String value) {
            double[] v = parseNumbers(value, 2, "SPEED,DIR");
            if (v[0] < 0.0 || v[0] > 30.0) {
                throw new TypeConversionException("wind speed " + v[0] + " m/s is outside 0..30 m/s");
            }
            if (v[1] < 0.0 || v[1] > 360.0) {
                throw new TypeConversionException("wind direction " + v[1] + " is outside 0..360 degrees");
            }
            return new Wind(v[0], v[1]);
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
