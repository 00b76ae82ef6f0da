package org.hoverla.sim.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hoverla gnss}: developer tools for GNSS receivers. {@code decode FILE [--json]} decodes a
 * recorded receiver byte stream (NMEA 0183 and/or u-blox UBX, e.g. one of gpsd's test captures
 * with its {@code #} header; it may start mid-frame) with the flight stack's own parsers, see
 * {@link GnssCaptureDecoder}.
 *
 * <p>Output: one line per epoch, in stream order. Human form: {@code TIME PROTO FIX LAT LON ALT
 * SPEED COURSE SATS EPH EPV}, {@code -} where the stream does not say, then a final {@code summary:}
 * line. With {@code --json}: one JSON object per line with exactly the keys {@code time} (ISO-8601
 * UTC, ms), {@code fix} (gpsd's mode: 0 the stream did not say, 1 no fix, 2 2-D, 3 3-D), {@code
 * lat_deg}, {@code lon_deg}, {@code alt_msl_m}, {@code speed_mps}, {@code course_deg}, {@code sats},
 * {@code eph_m}, {@code epv_m}, null where the stream does not say; the summary goes to stderr so
 * stdout stays JSON lines. A stream without any frame is not an error: the summary channel says so.
 *
 * <p>Exit status: 0 decoded (frames or not), 2 a bad command line or a missing or unreadable file
 * (one line naming it).
 */
@Command(name = "gnss", mixinStandardHelpOptions = true,
        description = "GNSS receiver tools.",
        subcommands = {GnssCommand.DecodeCommand.class})
public final class GnssCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final DateTimeFormatter ISO_MS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static String isoTime(long utcMs) {
        return ISO_MS.format(Instant.ofEpochMilli(utcMs));
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = {"Decode a recorded GNSS byte stream (NMEA 0183 and/or u-blox UBX; a leading '#' header"
                    + " is skipped; it may start mid-frame) and print one line per epoch, then the counts of frames,"
                    + " checksum errors and skipped bytes per protocol."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:decoded (also when the file holds no frame: it says so)",
                    "2:bad command line, or a missing or unreadable file"})
    static final class DecodeCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Recorded receiver bytes, e.g. a gpsd capture (*.log).")
        Path file;

        @Option(names = "--json", description = "One JSON object per epoch and line on stdout; the summary goes to stderr.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (Files.isDirectory(file)) {
                err.println("gnss decode: cannot read " + file + ": it is a directory");
                return HoverlaMain.EXIT_USAGE;
            }
            ObjectMapper mapper = new ObjectMapper();
            GnssCaptureDecoder decoder = new GnssCaptureDecoder(e -> {
                if (json) {
                    try {
                        out.println(mapper.writeValueAsString(jsonOf(mapper, e)));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                } else {
                    out.println(humanOf(e));
                }
            });
            try (InputStream in = Files.newInputStream(file)) {
                decoder.decode(in);
            } catch (NoSuchFileException e) {
                err.println("gnss decode: cannot read " + file + ": no such file");
                return HoverlaMain.EXIT_USAGE;
            } catch (IOException e) {
                err.println("gnss decode: cannot read " + file + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
                return HoverlaMain.EXIT_USAGE;
            }
            PrintWriter summary = json ? err : out;
            if (!decoder.anyFrame()) {
                summary.println("gnss decode: " + file + ": no NMEA or UBX frame found in " + decoder.bytes() + " bytes");
            }
            summary.println("summary: " + decoder.summary());
            out.flush();
            err.flush();
            return 0;
        }

        static ObjectNode jsonOf(ObjectMapper mapper, GnssCaptureDecoder.Epoch e) {
            ObjectNode o = mapper.createObjectNode();
            if (e.utcMs() == null) {
                o.putNull("time");
            } else {
                o.put("time", isoTime(e.utcMs()));
            }
            o.put("fix", e.fix());
            o.put("lat_deg", e.latDeg());
            o.put("lon_deg", e.lonDeg());
            o.put("alt_msl_m", e.altMslM());
            o.put("speed_mps", e.speedMps());
            o.put("course_deg", e.courseDeg());
            o.put("sats", e.sats());
            o.put("eph_m", e.ephM());
            o.put("epv_m", e.epvM());
            return o;
        }

        static String humanOf(GnssCaptureDecoder.Epoch e) {
            String fix = switch (e.fix()) {
                case 1 -> "nofix";
                case 2 -> "2D";
                case 3 -> "3D";
                default -> "?";
            };
            return String.format(Locale.ROOT, "%-24s %-4s %-5s %13s %14s %9s %8s %7s %4s %8s %8s",
                    e.utcMs() == null ? "-" : isoTime(e.utcMs()), e.protocol(), fix,
                    fmt(e.latDeg(), "%.7f"), fmt(e.lonDeg(), "%.7f"), fmt(e.altMslM(), "%.1fm"),
                    fmt(e.speedMps(), "%.2fm/s"), fmt(e.courseDeg(), "%.1fdeg"),
                    e.sats() == null ? "-" : e.sats().toString(), fmt(e.ephM(), "%.1fm"), fmt(e.epvM(), "%.1fm"));
        }

        private static String fmt(Double v, String format) {
            return v == null ? "-" : String.format(Locale.ROOT, format, v);
        }
    }
}
