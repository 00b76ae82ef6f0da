package org.hoverla.core.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hoverla.core.log.ulog.UlogFile;
import org.hoverla.core.log.ulog.UlogTopic;

/**
 * {@code hoverla log export}: one CSV per topic instance ({@code <topic>_<multi_id>.csv}: a header
 * row of flattened field names, arrays as {@code name[i]}, the first column {@code timestamp} in
 * µs), {@code messages.csv} (logged strings) and {@code params.csv} (initial values and in-flight
 * changes). RFC 4180 quoting; floats printed as the shortest text that reads back to the same
 * float, integers as integers.
 *
 * <p>Each file is written crash-safely: to a temporary file in the same directory, forced to the
 * disk, then renamed over the target, so a kill leaves either the old file or the new one.
 * Offline use only (allocates). Not thread-safe.
 */
public final class LogCsvExport {
    /** Topic names an "unknown topic" message lists before it says how many more there are. */
    private static final int MAX_NAMES_SHOWN = 12;

    private LogCsvExport() {
    }

    /** Thrown for a {@code --topics} name the log does not hold (bad input, nothing written). */
    public static final class UnknownTopicException extends Exception {
        public UnknownTopicException(String message) {
            super(message);
        }
    }

    /**
     * The topic instances to export: all, or those whose name is in {@code names}.
     *
     * @throws UnknownTopicException a name the log does not hold (the message lists the ones it does)
     */
    public static List<UlogTopic> select(UlogFile f, List<String> names) throws UnknownTopicException {
        if (names == null || names.isEmpty()) {
            return f.topics();
        }
        Set<String> present = new LinkedHashSet<>();
        for (UlogTopic t : f.topics()) {
            present.add(t.name());
        }
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (!present.contains(n)) {
                unknown.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> shown = new ArrayList<>(present);
            String more = "";
            if (shown.size() > MAX_NAMES_SHOWN) {
                more = " and " + (shown.size() - MAX_NAMES_SHOWN) + " more (see 'log info')";
                shown = shown.subList(0, MAX_NAMES_SHOWN);
            }
            throw new UnknownTopicException("unknown topic" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; the log has: " + (present.isEmpty() ? "no topics" : String.join(", ", shown) + more));
        }
        List<UlogTopic> out = new ArrayList<>();
        for (UlogTopic t : f.topics()) {
            if (names.contains(t.name())) {
                out.add(t);
            }
        }
        return out;
    }

    /** The CSV file name of a topic instance (characters other than letters, digits, '_' and '-' become '_'). */
    public static String fileName(UlogTopic t) {
        return t.name().replaceAll("[^A-Za-z0-9_-]", "_") + "_" + t.multiId() + ".csv";
    }

    /**
     * Writes the CSVs of {@code topics}, then {@code messages.csv} and {@code params.csv}, into
     * {@code dir} (created if missing).
     *
     * @return the files written, in order
     * @throws IOException the directory cannot be created or a file cannot be written
     */
    public static List<Path> write(UlogFile f, List<UlogTopic> topics, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (UlogTopic t : topics) {
            Path target = dir.resolve(fileName(t));
            writeAtomically(target, w -> topicCsv(t, w));
            written.add(target);
        }
        Path messages = dir.resolve("messages.csv");
        writeAtomically(messages, w -> messagesCsv(f, w));
        written.add(messages);
        Path params = dir.resolve("params.csv");
        writeAtomically(params, w -> paramsCsv(f, w));
        written.add(params);
        return written;
    }

    private interface CsvBody {
        void write(Writer w) throws IOException;
    }

    /** Temp file in the same directory, fsync, rename over the target (the lead swaps in AtomicFiles). */
    private static void writeAtomically(Path target, CsvBody body) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8),
                         1 << 16)) {
                body.write(w);
                w.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void topicCsv(UlogTopic t, Writer w) throws IOException {
        List<String> fields = new ArrayList<>(t.fieldNames());
        fields.remove("timestamp");
        long[] ts = t.timestamps();
        w.write("timestamp");
        for (String field : fields) {
            w.write(',');
            w.write(quote(field));
        }
        w.write("\r\n");
        double[][] columns = new double[fields.size()][];
        boolean[] isFloat = new boolean[fields.size()];
        boolean[] isDouble = new boolean[fields.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = t.column(fields.get(i));
            String type = t.fieldType(fields.get(i));
            isFloat[i] = type.equals("float");
            isDouble[i] = type.equals("double");
        }
        StringBuilder row = new StringBuilder(256);
        for (int s = 0; s < t.size(); s++) {
            row.setLength(0);
            if (ts.length > s) {
                row.append(ts[s]);
            }
            for (int i = 0; i < columns.length; i++) {
                row.append(',');
                double v = columns[i][s];
                if (isFloat[i]) {
                    row.append(Float.toString((float) v));
                } else if (isDouble[i]) {
                    row.append(Double.toString(v));
                } else {
                    row.append((long) v);
                }
            }
            row.append("\r\n");
            w.write(row.toString());
        }
    }

    static void messagesCsv(UlogFile f, Writer w) throws IOException {
        w.write("timestamp,level,level_name,tag,text\r\n");
        for (UlogFile.LogMessage m : f.logMessages()) {
            w.write(m.timestampUs() + "," + m.level() + "," + LogInfo.levelName(m.level()) + ","
                    + (m.tag() < 0 ? "" : Integer.toString(m.tag())) + "," + quote(m.text()) + "\r\n");
        }
    }

    /** Initial values (kind {@code initial}, timestamp the header's) and in-flight changes (kind {@code changed}). */
    static void paramsCsv(UlogFile f, Writer w) throws IOException {
        w.write("timestamp,name,value,kind\r\n");
        for (var e : f.parameters().entrySet()) {
            w.write(f.headerTimestampUs() + "," + quote(e.getKey()) + "," + e.getValue() + ",initial\r\n");
        }
        for (UlogFile.ParameterChange c : f.parameterChanges()) {
            w.write(c.afterTimestampUs() + "," + quote(c.name()) + "," + c.value() + ",changed\r\n");
        }
    }

    /** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
