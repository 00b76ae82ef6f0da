package org.hoverla.core.param.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.SetResult;
import org.hoverla.storage.AtomicFiles;

/**
 * The parameter file: the values that differ from their defaults, as text, written so that a
 * crash or power cut at any instant leaves a complete set (the previous or the new one).
 *
 * <h2>Why only non-default values</h2>
 * Like PX4, a parameter that is not in the file has its default; so a firmware update that
 * improves a default reaches every vehicle whose user never touched that parameter, and the
 * file shows at a glance what this vehicle has changed. A reset to defaults writes an empty set.
 *
 * <h2>Format</h2>
 * <pre>
 * # hoverla-params 2
 * # ...comment lines...
 * MPC_XY_P 2
 * # end 1 crc32=0a1b2c3d
 * </pre>
 * UTF-8, one {@code NAME VALUE} per line (whitespace-separated). The last line counts the
 * entries and holds the CRC-32 of every byte before it: a file whose header, trailer or CRC is
 * wrong is <em>corrupt</em> as a whole (torn write, disk error, foreign file) and is not used.
 * Inside a sound file, a line with an unknown name, a refused value or a malformed line is
 * <em>skipped with a warning</em>: one renamed parameter must never cost the rest. Edit the
 * file with {@code ./hoverla params}, not by hand (the CRC would not match).
 *
 * <h2>Atomic replacement</h2>
 * {@link #save} copies the current file (if sound) to {@code NAME.bak}, then replaces the file,
 * both through {@link AtomicFiles} (temporary file, fsync, atomic rename, fsync of the
 * directory). At every instant the file is either the old or the new complete set; a stale
 * temporary file from an interrupted save is ignored (and named in a warning). A corrupt file is
 * never copied over a good backup; it is kept as {@code NAME.corrupt} for inspection when the
 * next save replaces it.
 *
 * <p>{@link #load} falls back to the backup when the file is missing or corrupt, and to the
 * defaults when both are unusable; it never throws.
 *
 * <p>Threads: boot, MAVLink or calibration thread (never the flight thread); one instance per
 * file. {@link #save} and {@link #load} are synchronized, so the MAVLink thread's debounced save
 * and a finished calibration's save never interleave on the temporary file.
 */
public final class ParamFile implements ParamPersistence {

    /** The header's fixed part; the schema number follows it. */
    static final String HEADER_PREFIX = "# hoverla-params ";
    /** The first line of every parameter file this build writes: schema {@link ParamSchema#CURRENT}. */
    public static final String HEADER = HEADER_PREFIX + ParamSchema.CURRENT;
    /** Format 1: before the PX4 renames (ParamMigrations); still read, never written. */
    static final String HEADER_V1 = HEADER_PREFIX + ParamMigrations.LEGACY_FILE_FORMAT;

    private static final Pattern TRAILER = Pattern.compile("# end (\\d+) crc32=([0-9a-f]{8})");
    private static final Pattern HEADER_LINE = Pattern.compile("# hoverla-params ([1-9][0-9]{0,8})");

    private final Path file;
    private final Path backup;
    private final Path temp;
    private final Path corrupt;
    private final ParamSchema.Table schema;

    /** @param file the parameter file; its directory is created on the first save */
    public ParamFile(Path file) {
        this(file, ParamSchema.TABLE);
    }

    /** With another migration table (tests of the mechanism; the vehicle uses {@link ParamSchema#TABLE}). */
    ParamFile(Path file, ParamSchema.Table schema) {
        this.schema = schema;
        this.file = file.toAbsolutePath().normalize();
        String name = this.file.getFileName().toString();
        this.backup = this.file.resolveSibling(name + ".bak");
        this.temp = this.file.resolveSibling(name + ".tmp");
        this.corrupt = this.file.resolveSibling(name + ".corrupt");
    }

    /** @return the parameter file */
    public Path path() {
        return file;
    }

    /**
     * @return where a file of a newer schema than this build's is kept whole before the first save
     *         replaces it ({@code NAME.schemaN}): a downgrade never loses the newer version's values
     */
    public Path keptNewerPath(int fileSchema) {
        return file.resolveSibling(file.getFileName() + ".schema" + fileSchema);
    }

    /** @return the backup: the previous sound version of the file */
    public Path backupPath() {
        return backup;
    }

    /**
     * @return the fixed temporary name saves used before {@link AtomicFiles} (which names its
     *         own); a stale one is still reported by {@link #load} and removed by the next save
     */
    public Path tempPath() {
        return temp;
    }

    @Override
    public synchronized void save(ParamStore store) throws IOException {
        byte[] content = render(store, schema.current()).getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file)) {
            byte[] old = readOrNull(file);
            Parsed parsedOld = old == null ? null : parse(old);
            if (parsedOld != null && parsedOld.corruption == null) {
                if (parsedOld.format > schema.current() && !Files.exists(keptNewerPath(parsedOld.format))) {
                    // A newer version's file (a downgrade without its snapshot): this build cannot
                    // write its unknown names back under its own schema number (a later upgrade
                    // would migrate them again), so the whole file is kept beside, once.
                    AtomicFiles.write(keptNewerPath(parsedOld.format), old);
                }
                AtomicFiles.write(backup, old);
            } else {
                // Keep the evidence, and never let it replace a good backup.
                Files.move(file, corrupt, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        AtomicFiles.write(file, content);
    }

    @Override
    public synchronized LoadResult load(ParamStore store) {
        List<String> warnings = new ArrayList<>();
        for (Path leftover : AtomicFiles.leftovers(file)) {
            warnings.add(leftover.getFileName() + ": an earlier save was interrupted; its partial file is ignored");
        }
        Parsed main = readParsed(file, warnings);
        if (main != null && main.corruption == null) {
            return apply(store, main, LoadResult.Source.FILE, warnings, schema, keptNewerPath(main.format));
        }
        Parsed bak = readParsed(backup, warnings);
        if (bak != null && bak.corruption == null) {
            warnings.add("using the backup " + backup.getFileName());
            return apply(store, bak, LoadResult.Source.BACKUP, warnings, schema, keptNewerPath(bak.format));
        }
        if (main != null || bak != null) {
            warnings.add("no usable parameter file: every parameter has its default");
        }
        store.resetToDefaults();
        return new LoadResult(LoadResult.Source.DEFAULTS, 0, warnings);
    }

    /** Reads and checks a file; null if absent; a corrupt result is reported in warnings. */
    private Parsed readParsed(Path path, List<String> warnings) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            Parsed p = new Parsed();
            p.corruption = "unreadable: " + e.getMessage();
            warnings.add(path.getFileName() + ": " + p.corruption);
            return p;
        }
        Parsed p = parse(bytes);
        if (p.corruption != null) {
            warnings.add(path.getFileName() + ": corrupt (" + p.corruption + ")");
        }
        return p;
    }

    private static LoadResult apply(ParamStore store, Parsed parsed, LoadResult.Source source, List<String> warnings,
                                    ParamSchema.Table schema, Path keptNewer) {
        warnings.addAll(parsed.lineWarnings);
        boolean newer = parsed.format > schema.current();
        if (newer) {
            warnings.add("the parameter file is schema " + parsed.format + ", newer than this build's "
                    + schema.current() + " (a downgrade without its parameter snapshot?): known names are loaded"
                    + " as they stand, unknown ones are not; the next save keeps the file whole as "
                    + keptNewer.getFileName());
        }
        List<ParamSchema.Change> changes = new ArrayList<>();
        Map<String, Double> wanted = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : parsed.entries.entrySet()) {
            Entry entry = e.getValue();
            String name = e.getKey();
            double value = entry.value;
            List<ParamSchema.Change> implChanges = new ArrayList<>();
            List<ParamSchema.Out> implied = schema.implied(name, value, parsed.format, entry.line, implChanges);
            for (int i = 0; i < implied.size(); i++) {
                ParamSchema.Out o = implied.get(i);
                Param q = store.find(o.name());
                if (!parsed.entries.containsKey(o.name()) && q != null && !q.isReadOnly()) {
                    warnings.add("line " + entry.line + ": " + o.why());
                    changes.add(implChanges.get(i));
                    wanted.put(o.name(), o.value());
                    lines.put(o.name(), entry.line);
                }
            }
            List<ParamSchema.Change> mine = new ArrayList<>();
            ParamSchema.Out m = schema.migrate(name, value, parsed.format, entry.line, mine);
            if (m != null) {
                if (m.name() == null) {
                    warnings.add("line " + entry.line + ": " + name + ": removed (" + m.why() + ")");
                    changes.addAll(mine);
                    continue;
                }
                String clash = ParamSchema.collision(mine, parsed.entries.keySet());
                if (clash != null) {
                    warnings.add("line " + entry.line + ": " + name + ": renamed " + clash
                            + ", which the file also sets; skipped");
                    continue;
                }
                warnings.add("line " + entry.line + ": " + m.why());
                changes.addAll(mine);
                name = m.name();
                value = m.value();
            }
            Param p = store.find(name);
            if (p == null) {
                warnings.add("line " + entry.line + ": " + e.getKey() + (newer
                        ? ": unknown to this build (schema " + schema.current() + "), not loaded; kept in "
                                + keptNewer.getFileName() + " on the next save"
                        : ": unknown parameter, skipped"));
            } else if (p.isReadOnly()) {
                warnings.add("line " + entry.line + ": " + e.getKey() + ": read-only, skipped");
            } else {
                wanted.put(name, value);
                lines.put(name, entry.line);
            }
        }
        int applied = 0;
        // Every writable parameter goes straight to its target value (stored or default): no
        // intermediate reset, so a reload never shows the flight code a default in passing.
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            if (p.isReadOnly()) {
                continue;
            }
            Double v = wanted.get(p.name());
            if (v == null) {
                p.set(p.defaultValue());
                continue;
            }
            SetResult r = p.set(v);
            if (r == SetResult.OK) {
                applied++;
            } else {
                warnings.add("line " + lines.get(p.name()) + ": " + p.name() + ": "
                        + ParamText.reason(r, p, v) + ", default " + ParamText.format(p.defaultValue(), p.type()) + " used");
                p.set(p.defaultValue());
            }
        }
        if (!changes.isEmpty() && parsed.format < schema.current()) {
            warnings.add("parameter file schema " + parsed.format + " migrated to " + schema.current() + ": "
                    + changes.size() + " change" + (changes.size() == 1 ? "" : "s")
                    + " (the next save writes schema " + schema.current() + ")");
        }
        return new LoadResult(source, applied, warnings, parsed.format, changes);
    }

    /** @return the file content for the current values of {@code store} */
    static String render(ParamStore store) {
        return render(store, ParamSchema.CURRENT);
    }

    static String render(ParamStore store, int schemaNumber) {
        StringBuilder sb = new StringBuilder();
        sb.append(HEADER_PREFIX).append(schemaNumber).append('\n');
        sb.append("# Hoverla parameters that differ from their defaults; any other parameter has its default.\n");
        sb.append("# Written atomically by the vehicle and by './hoverla params'. Do not edit: the last line checks the content.\n");
        int n = 0;
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            if (!p.isDefault() && !p.isReadOnly()) {
                sb.append(p.name()).append('\t').append(ParamText.value(p)).append('\n');
                n++;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.append("# end ").append(n).append(" crc32=").append(String.format("%08x", crc.getValue())).append('\n');
        return sb.toString();
    }

    private static final class Entry {
        final int line;
        final double value;

        Entry(int line, double value) {
            this.line = line;
            this.value = value;
        }
    }

    static final class Parsed {
        String corruption;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<String> lineWarnings = new ArrayList<>();
        /** The header's schema number. */
        int format = ParamSchema.CURRENT;
    }

    static Parsed parse(byte[] bytes) {
        Parsed p = new Parsed();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            p.corruption = "not UTF-8 text";
            return p;
        }
        int firstNl = text.indexOf('\n');
        Matcher h = HEADER_LINE.matcher(firstNl < 0 ? "" : text.substring(0, firstNl));
        if (!h.matches()) {
            p.corruption = text.isEmpty() ? "empty" : "no '" + HEADER + "' header";
            return p;
        }
        // Any schema number is read: the line grammar, end line and CRC are the same in every
        // schema (a schema changes names, meanings and ranges, never the syntax), so a newer
        // version's file is sound here and only its unknown names are left out.
        p.format = Integer.parseInt(h.group(1));
        if (!text.endsWith("\n")) {
            p.corruption = "truncated (no end line)";
            return p;
        }
        int trailerStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        Matcher m = TRAILER.matcher(text.substring(trailerStart, text.length() - 1));
        if (!m.matches()) {
            p.corruption = "truncated (no end line)";
            return p;
        }
        byte[] body = text.substring(0, trailerStart).getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        if (!String.format("%08x", crc.getValue()).equals(m.group(2))) {
            p.corruption = "checksum mismatch";
            return p;
        }
        String[] lines = text.substring(0, trailerStart).split("\n", -1);
        int count = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            String[] f = line.split("\\s+");
            if (f.length != 2) {
                p.lineWarnings.add("line " + lineNo + ": expected 'NAME VALUE', skipped: " + line);
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                p.lineWarnings.add("line " + lineNo + ": " + f[0] + ": '" + f[1] + "' is not a number, skipped");
                continue;
            }
            count++;
            if (p.entries.put(f[0], new Entry(lineNo, v)) != null) {
                p.lineWarnings.add("line " + lineNo + ": " + f[0] + ": listed twice, the last value is used");
            }
        }
        // The count can be any run of digits: one too long for a long is simply wrong (found by
        // ParamFilesFuzzTest: Integer.parseInt threw out of load(), which must never throw).
        long declared;
        try {
            declared = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (count != declared) {
            p.corruption = "end line counts " + m.group(1) + " entries, found " + count;
        }
        return p;
    }

    private static byte[] readOrNull(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            return null;
        }
    }
}
