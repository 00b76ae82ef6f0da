package org.hoverla.core.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flight-log directory: where the logger creates files, and what {@code ./hoverla log list},
 * the MAVLink log service (LOG_REQUEST_LIST / LOG_REQUEST_DATA / LOG_ERASE) and the rotation see.
 *
 * <p>Layout as PX4's logger writes it on an SD card: {@code ROOT/YYYY-MM-DD/HH_MM_SS.ulg}, UTC,
 * from the time the log started ({@code _1}, {@code _2}… appended when two logs start in the same
 * second). Files elsewhere under the root, or named otherwise, are listed too when they end in
 * {@code .ulg} (a log copied in by hand), with their modification time.
 *
 * <p>Entries are numbered 1..N oldest first, as {@code ./hoverla log list} shows them (the MAVLink
 * log service sends id − 1: PX4 numbers LOG_ENTRY from 0, and QGroundControl and MAVSDK expect that
 * of a PX4 vehicle); an id is valid until the directory changes. Thread-safe: every call reads the file system afresh; the one
 * mutable field, the log being written, is volatile.
 */
public final class LogDirectory {
    /** A log file: its MAVLink id (1-based, oldest first), path, size now and start time. */
    public record Entry(int id, Path path, long sizeBytes, Instant startUtc, boolean active) {
        /** Seconds since 1970 for LOG_ENTRY.time_utc. */
        public long utcSeconds() {
            return startUtc.getEpochSecond();
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH_mm_ss", Locale.ROOT);
    private static final Pattern DAY_DIR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern LOG_NAME = Pattern.compile("(\\d{2}_\\d{2}_\\d{2})(?:_\\d+)?\\.ulg");

    private final Path root;
    private volatile Path active;

    public LogDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * A new, not yet existing file for a log starting at {@code startUtc}; creates its day
     * directory. The caller creates the file (and should {@link #markActive} it).
     *
     * @throws IOException the directory cannot be created (read-only, a file in the way, full disk)
     */
    public Path newLogFile(Instant startUtc) throws IOException {
        LocalDateTime t = LocalDateTime.ofInstant(startUtc, ZoneOffset.UTC);
        Path day = root.resolve(DAY.format(t));
        Files.createDirectories(day);
        String base = TIME.format(t);
        Path candidate = day.resolve(base + ".ulg");
        for (int n = 1; Files.exists(candidate); n++) {
            candidate = day.resolve(base + "_" + n + ".ulg");
        }
        return candidate;
    }

    /** The log being written (listed with {@code active}, never erased); null when none. */
    public void markActive(Path file) {
        this.active = file == null ? null : file.toAbsolutePath().normalize();
    }

    public Path active() {
        return active;
    }

    /** Every {@code .ulg} under the root (one directory level deep), oldest first, numbered from 1. */
    public List<Entry> list() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            for (Path p : top) {
                if (Files.isDirectory(p)) {
                    try (DirectoryStream<Path> inner = Files.newDirectoryStream(p, "*.ulg")) {
                        for (Path f : inner) {
                            if (Files.isRegularFile(f)) {
                                files.add(f);
                            }
                        }
                    }
                } else if (p.getFileName().toString().endsWith(".ulg") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        List<Entry> entries = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                entries.add(new Entry(0, f, Files.size(f), startOf(f), f.equals(active)));
            } catch (NoSuchFileException gone) {
                // removed between listing and reading its size: not a log any more
            }
        }
        entries.sort(Comparator.comparing(Entry::startUtc).thenComparing(e -> e.path().toString()));
        List<Entry> numbered = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            numbered.add(new Entry(i + 1, e.path(), e.sizeBytes(), e.startUtc(), e.active()));
        }
        return numbered;
    }

    /**
     * Deletes every log but the active one (LOG_ERASE, {@code log erase}).
     *
     * @return how many files were deleted
     */
    public int eraseAll() throws IOException {
        int n = 0;
        for (Entry e : list()) {
            if (!e.active() && Files.deleteIfExists(e.path())) {
                n++;
                deleteIfEmptyDayDirectory(e.path().getParent());
            }
        }
        return n;
    }

    /** Removes a day directory its last log left (as PX4 does); anything else there keeps it. */
    static void deleteIfEmptyDayDirectory(Path dir) {
        if (dir == null || !DAY_DIR.matcher(dir.getFileName().toString()).matches()) {
            return;
        }
        try (DirectoryStream<Path> in = Files.newDirectoryStream(dir)) {
            if (in.iterator().hasNext()) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty after all, or not ours to delete: kept
        }
    }

    /** The start time from the PX4-style path, else the file's modification time. */
    static Instant startOf(Path f) throws IOException {
        Path parent = f.getParent();
        Matcher m = LOG_NAME.matcher(f.getFileName().toString());
        if (parent != null && DAY_DIR.matcher(parent.getFileName().toString()).matches() && m.matches()) {
            try {
                LocalDateTime t = LocalDateTime.parse(parent.getFileName() + "T" + m.group(1).replace('_', ':'));
                return t.toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                // e.g. 2026-13-40: fall through to the file's own time
            }
        }
        return Files.getLastModifiedTime(f).toInstant();
    }
}
