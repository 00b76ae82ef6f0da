package org.hoverla.core.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.hoverla.core.bus.SpscQueue;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;

/**
 * The log writer's duty cycle: decides when a log starts and ends (SDLOG_MODE and the arming
 * state), writes the ULog header and definitions (formats, info, every parameter, subscriptions),
 * then moves the {@link FlightLogRecorder}'s records from the ring to the file, adds the operator
 * messages (ULog 'L'), in-flight parameter changes ('P') and a SYNC message every second of log
 * time, and forces the file to the disk every SDLOG_FSYNC_S.
 *
 * <p>Call {@link #doWork()} repeatedly from one thread: {@link FlightLogThread} on a vehicle or the
 * real-time simulator; the lockstep simulator calls it on its own thread at simulated-time
 * intervals, so a simulated flight's log is the same for the same seed. Nothing here runs on the
 * flight thread, and nothing here can stop it: every I/O failure ends the current log with one
 * operator message naming the file and the cause, and the flight goes on.
 *
 * <p>Failures handled: a log directory that cannot be created or written (no log; message); a full
 * disk (the log ends; what was forced before stays readable); free space below half of
 * SDLOG_MIN_FREE while logging (the log ends before the disk fills); the log file deleted while
 * open (the bytes written so far are still in the open file: they are copied to a new file at the
 * same path and the log goes on).
 */
public final class FlightLogWriter {
    /** ULog file magic and version 1 (spec: "File Header"). */
    static final byte[] MAGIC = {'U', 'L', 'o', 'g', 0x01, 0x12, 0x35, 0x01};
    /** ULog SYNC message magic. */
    static final byte[] SYNC_MAGIC = {0x2F, 0x73, 0x13, 0x20, 0x25, 0x0C, (byte) 0xBB, 0x12};
    private static final long SYNC_INTERVAL_NS = 1_000_000_000L;
    /** A log's name while its header is being written: {@code .HH_MM_SS.ulg.tmp} beside it. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    /** Where the writer's own notices go: the boot log, and STATUSTEXT to the ground station. */
    @FunctionalInterface
    public interface Notices {
        /** @param severity MAVLink MAV_SEVERITY (VehicleEvent constants) */
        void say(int severity, String text);
    }

    /** Opens a new log file (a seam: tests hand out channels that fail as a full disk does). */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;
    }

    private ChannelOpener opener = f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.READ);

    /** What the writer is doing. */
    public enum State { IDLE, LOGGING, STOPPING, FAILED, DISABLED }

    private final FlightLogRecorder recorder;
    private final LogDirectory directory;
    private final FlightLogParams params;
    private final ParamStore store;
    private final Subscription<VehicleStatus> statusSub;
    private final VehicleStatus status = new VehicleStatus();
    private final SpscQueue<VehicleEvent> events;
    private final VehicleEvent event = new VehicleEvent();
    private final Map<String, String> info;
    private final LongSupplier flightClockNs;
    private final LongSupplier fsyncClockNs;
    private final Clock utc;
    private final Notices operator;
    private final ByteBuffer staging = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

    private volatile State state = State.IDLE;
    private FileChannel channel;
    private Path file;
    private Object fileKey;
    private FileStore fileStore;
    private volatile long bytesWritten;
    private long bytesForced;
    private long lastForceNs;
    private long nextSyncNs;
    private long lastStoreGeneration;
    private double[] loggedParamValues;
    private boolean wasArmed;
    private boolean bootLogDone;
    private boolean shutdown;
    private String lastProblem = "";
    private volatile long logsWritten;
    private volatile long totalBytes;
    private volatile long loggedFlightNs;
    private long logStartNs;
    private long forces;
    private long forceNsTotal;
    private long forceNsMax;

    /**
     * @param events        operator messages (a tee of the flight thread's event queue), or null
     * @param info          ULog info messages ({@code char[]} values): sys_name, ver_sw, sys_uuid…
     * @param flightClockNs the flight stack's clock (the timestamps of the log)
     * @param fsyncClockNs  the clock the flush interval is measured on (the system's monotonic clock)
     * @param utc           the wall clock that names log files
     * @param operator      receives one line per start, end and failure (STATUSTEXT, console)
     */
    public FlightLogWriter(FlightLogRecorder recorder, LogDirectory directory, FlightLogParams params,
            ParamStore store, Subscription<VehicleStatus> statusSub, SpscQueue<VehicleEvent> events,
            Map<String, String> info, LongSupplier flightClockNs, LongSupplier fsyncClockNs, Clock utc,
            Notices operator) {
        this.recorder = recorder;
        this.directory = directory;
        this.params = params;
        this.store = store;
        this.statusSub = statusSub;
        this.events = events;
        this.info = new LinkedHashMap<>(info);
        this.flightClockNs = flightClockNs;
        this.fsyncClockNs = fsyncClockNs;
        this.utc = utc;
        this.operator = operator;
    }

    /** The directory logs go to (ground stations list and download from the same instance). */
    public LogDirectory directory() {
        return directory;
    }

    /** Tests: how new log files are opened. */
    void openChannelsWith(ChannelOpener opener) {
        this.opener = opener;
    }

    public State state() {
        return state;
    }

    /** The file being written, or the last one; null before the first log. */
    public Path file() {
        return file;
    }

    /** The last failure's text ("" when none). */
    public String lastProblem() {
        return lastProblem;
    }

    public long logsWritten() {
        return logsWritten;
    }

    /** Bytes of every log closed so far. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Flight-clock time covered by every log closed so far, ns (bytes per second of flight). */
    public long loggedFlightNs() {
        return loggedFlightNs;
    }

    /** Bytes in the current (or last) log file. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** fsync calls, their summed and longest duration, ns (the cost of a flush on this disk). */
    public long forces() {
        return forces;
    }

    public long forceNsTotal() {
        return forceNsTotal;
    }

    public long forceNsMax() {
        return forceNsMax;
    }

    /** One step: start or stop a log as the mode and arming say, move records, flush when due. */
    public void doWork() {
        statusSub.update(status);
        boolean armed = status.armingState == ArmingState.ARMED;
        switch (state) {
            case IDLE -> {
                if (!shutdown && shouldStart(armed)) {
                    start();
                }
            }
            case LOGGING -> {
                if (shutdown || shouldStop(armed)) {
                    requestStop();
                } else {
                    pump(false);
                }
            }
            case STOPPING -> finishWhenAcknowledged();
            case FAILED -> {
                // The failed log's flight goes on without a log; the next arming tries again.
                recorder.ring().discard();
                if (!armed) {
                    state = State.IDLE;
                }
            }
            case DISABLED -> {
                if (params.mode.get() != FlightLogParams.MODE_DISABLED) {
                    state = State.IDLE;
                }
            }
        }
        drainEventsIfIdle();
        wasArmed = armed;
    }

    /**
     * Ends the current log for good (shutdown): waits up to {@code timeoutNs} (monotonic clock) for
     * the flight thread to acknowledge the stop; when it does not (the loop has already stopped),
     * the records already in the ring are written all the same. The thread that calls doWork.
     */
    public void close(long timeoutNs) {
        shutdown = true;
        if (state == State.LOGGING) {
            requestStop();
        }
        long deadline = fsyncClockNs.getAsLong() + timeoutNs;
        while (state == State.STOPPING && fsyncClockNs.getAsLong() < deadline) {
            finishWhenAcknowledged();
            if (state == State.STOPPING) {
                Thread.onSpinWait();
            }
        }
        if (state == State.STOPPING) {
            finish();
        }
    }

    private boolean shouldStart(boolean armed) {
        int mode = params.mode.get();
        switch (mode) {
            case FlightLogParams.MODE_DISABLED:
                state = State.DISABLED;
                return false;
            case FlightLogParams.MODE_BOOT_TO_SHUTDOWN:
                return true;
            case FlightLogParams.MODE_BOOT_TO_DISARM:
                return armed || !bootLogDone;
            default:
                return armed;
        }
    }

    private boolean shouldStop(boolean armed) {
        int mode = params.mode.get();
        if (mode == FlightLogParams.MODE_BOOT_TO_SHUTDOWN) {
            return false;
        }
        if (mode == FlightLogParams.MODE_BOOT_TO_DISARM && !bootLogDone) {
            // The boot log runs through the first flight and ends at its disarm.
            if (wasArmed && !armed) {
                bootLogDone = true;
                return true;
            }
            return false;
        }
        return !armed;
    }

    /**
     * Opens a log. Its header and definitions are written to a hidden temporary file, forced, and
     * only then renamed to the log's name (and the directory forced): a log file, once it exists,
     * is readable whatever moment a kill or a power cut strikes. The same open file then takes the
     * records.
     */
    private void start() {
        recorder.ring().discard();
        Instant now = utc.instant();
        Path f = null;
        Path temporary = null;
        try {
            makeRoom();
            f = directory.newLogFile(now);
            temporary = f.resolveSibling("." + f.getFileName() + TEMPORARY_SUFFIX);
            channel = opener.open(temporary);
            file = f;
            bytesWritten = 0;
            bytesForced = 0;
            long nowNs = flightClockNs.getAsLong();
            logStartNs = nowNs;
            writeDefinitions(nowNs);
            force();
            Files.move(temporary, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            org.hoverla.storage.AtomicFiles.forceDirectory(f.getParent());
            fileKey = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            fileStore = Files.getFileStore(f);
            directory.markActive(f);
            lastForceNs = fsyncClockNs.getAsLong();
            nextSyncNs = nowNs + SYNC_INTERVAL_NS;
            recorder.startRecording();
            state = State.LOGGING;
            logsWritten++;
            operator.say(VehicleEvent.INFO, "Flight log started: " + f);
        } catch (IOException | RuntimeException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // reported below; a leftover is removed before the next log
                }
            }
            fail("cannot start a flight log" + (f == null ? " in " + directory.root() : " " + f) + ": " + reason(e));
        }
    }

    /** Deletes the oldest logs until SDLOG_MAX_LOGS and SDLOG_MIN_FREE allow a new one. */
    private void makeRoom() throws IOException {
        int maxLogs = params.maxLogs.get();
        long minFree = params.minFreeMb.get() * 1024L * 1024L;
        Files.createDirectories(directory.root());
        removeLeftoverTemporaries();
        FileStore fs = Files.getFileStore(directory.root());
        List<LogDirectory.Entry> logs = directory.list();
        int i = 0;
        int deleted = 0;
        while (i < logs.size() && ((maxLogs > 0 && logs.size() - i >= maxLogs) || fs.getUsableSpace() < minFree)) {
            LogDirectory.Entry oldest = logs.get(i++);
            if (!oldest.active() && Files.deleteIfExists(oldest.path())) {
                deleted++;
                LogDirectory.deleteIfEmptyDayDirectory(oldest.path().getParent());
            }
        }
        if (deleted > 0) {
            operator.say(VehicleEvent.NOTICE, "Flight log: deleted the " + deleted + " oldest log" + (deleted == 1 ? "" : "s")
                    + " (SDLOG_MAX_LOGS " + maxLogs + ", SDLOG_MIN_FREE " + params.minFreeMb.get() + " MB)");
        }
        if (minFree > 0 && fs.getUsableSpace() < minFree / 2) {
            throw new IOException("only " + fs.getUsableSpace() / (1024 * 1024) + " MB free on " + fs
                    + " with every old log deleted (SDLOG_MIN_FREE " + params.minFreeMb.get() + " MB)");
        }
    }

    /** Logs whose header a kill interrupted never got their name: their temporary files go. */
    private void removeLeftoverTemporaries() throws IOException {
        try (java.nio.file.DirectoryStream<Path> days = Files.newDirectoryStream(directory.root())) {
            for (Path day : days) {
                if (!Files.isDirectory(day)) {
                    continue;
                }
                try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(day, ".*.ulg" + TEMPORARY_SUFFIX)) {
                    for (Path t : left) {
                        Files.deleteIfExists(t);
                    }
                }
            }
        }
    }

    private void writeDefinitions(long nowNs) throws IOException {
        staging.clear();
        staging.put(MAGIC);
        staging.putLong(nowNs / 1000L);
        // Flag bits: no compatibility or incompatibility flags, no appended data.
        beginMessage('B');
        staging.put(new byte[40]);
        endMessage();
        List<LoggedTopic<?>> topics = recorder.topics();
        Set<String> formatsWritten = new LinkedHashSet<>();
        for (LoggedTopic<?> t : topics) {
            if (formatsWritten.add(t.format().name())) {
                putText('F', t.format().text());
            }
        }
        for (Map.Entry<String, String> e : info.entrySet()) {
            putInfo(e.getKey(), e.getValue());
        }
        loggedParamValues = new double[store.count()];
        lastStoreGeneration = store.generation();
        for (int i = 0; i < store.count(); i++) {
            Param p = store.get(i);
            loggedParamValues[i] = p.doubleValue();
            putParam(p);
        }
        for (int id = 0; id < topics.size(); id++) {
            LoggedTopic<?> t = topics.get(id);
            byte[] name = t.format().name().getBytes(StandardCharsets.US_ASCII);
            flushStagingIfBelow(3 + 3 + name.length);
            beginMessage('A');
            staging.put((byte) t.multiId());
            staging.putShort((short) id);
            staging.put(name);
            endMessage();
        }
        writeStaging();
    }

    /** Moves the ring to the file, adds messages, parameter changes and syncs; forces when due. */
    private void pump(boolean forceNow) {
        try {
            long nowNs = flightClockNs.getAsLong();
            staging.clear();
            if (nowNs >= nextSyncNs) {
                beginMessage('S');
                staging.put(SYNC_MAGIC);
                endMessage();
                nextSyncNs = nowNs + SYNC_INTERVAL_NS;
            }
            appendEvents();
            appendParamChanges();
            writeStaging();
            int moved;
            do {
                moved = recorder.ring().drainTo(counting);
            } while (moved > 0 && recorder.ring().used() > 0);
            long t = fsyncClockNs.getAsLong();
            if (forceNow || t - lastForceNs >= (long) (params.fsyncIntervalS.get() * 1e9)) {
                // Checked at each flush, not each step: a deleted log's bytes wait in the open file.
                checkFileStillThere();
                force();
                lastForceNs = t;
                checkFreeSpace();
            }
        } catch (IOException | RuntimeException e) {
            fail("flight log " + file + " stopped: " + reason(e) + "; it is readable up to its last flush ("
                    + bytesForced + " bytes)");
        }
    }

    private final java.nio.channels.WritableByteChannel counting = new java.nio.channels.WritableByteChannel() {
        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = channel.write(src);
            bytesWritten += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
        }
    };

    private void requestStop() {
        recorder.stopRecording();
        state = State.STOPPING;
        finishWhenAcknowledged();
    }

    private void finishWhenAcknowledged() {
        if (recorder.acknowledgedEpoch() == recorder.requestedEpoch()) {
            finish();
        }
    }

    private void finish() {
        pump(true);
        if (state == State.FAILED) {
            return;
        }
        closeChannel();
        totalBytes += bytesWritten;
        loggedFlightNs += flightClockNs.getAsLong() - logStartNs;
        state = State.IDLE;
        operator.say(VehicleEvent.INFO, String.format(Locale.ROOT, "Flight log closed: %s (%d bytes)", file, bytesWritten));
    }

    private void fail(String problem) {
        lastProblem = problem;
        closeChannel();
        recorder.stopRecording();
        recorder.ring().discard();
        state = State.FAILED;
        operator.say(VehicleEvent.CRITICAL, problem);
    }

    private void closeChannel() {
        directory.markActive(null);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing after a failure: the failure was reported
            }
            channel = null;
        }
    }

    private void force() throws IOException {
        long t0 = System.nanoTime();
        channel.force(false);
        long dt = System.nanoTime() - t0;
        forces++;
        forceNsTotal += dt;
        forceNsMax = Math.max(forceNsMax, dt);
        bytesForced = bytesWritten;
    }

    private void checkFreeSpace() throws IOException {
        long minFree = params.minFreeMb.get() * 1024L * 1024L;
        if (minFree > 0 && fileStore.getUsableSpace() < minFree / 2) {
            throw new IOException("the disk is nearly full (" + fileStore.getUsableSpace() / (1024 * 1024)
                    + " MB free, below half of SDLOG_MIN_FREE " + params.minFreeMb.get() + " MB)");
        }
    }

    /**
     * A log deleted while open still has its bytes in the open file: copy them to a new file at the
     * same path and go on writing there, so nothing written is lost.
     */
    private void checkFileStillThere() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.nio.file.NoSuchFileException gone) {
            key = null;
        }
        if (key != null && key.equals(fileKey)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path restored = Files.exists(file) ? directory.newLogFile(utc.instant()) : file;
        FileChannel fresh = FileChannel.open(restored, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        long size = channel.size();
        long copied = 0;
        while (copied < size) {
            copied += channel.transferTo(copied, size - copied, fresh);
        }
        fresh.force(false);
        channel.close();
        channel = fresh;
        file = restored;
        fileKey = Files.readAttributes(restored, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        directory.markActive(restored);
        bytesForced = copied;
        operator.say(VehicleEvent.WARNING, "Flight log was deleted while being written; its " + copied + " bytes were restored to "
                + restored + " and the log goes on there");
    }

    private void appendEvents() {
        if (events == null) {
            return;
        }
        while (events.poll(event)) {
            byte[] text = event.text.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(text.length, 4000);
            flushStagingIfBelow(3 + 9 + n);
            beginMessage('L');
            staging.put((byte) ('0' + Math.max(0, Math.min(7, event.severity))));
            staging.putLong(event.timestampNs / 1000L);
            staging.put(text, 0, n);
            endMessage();
        }
    }

    /** Between logs the queue is emptied so a new log does not open with old messages. */
    private void drainEventsIfIdle() {
        if (state != State.LOGGING && events != null) {
            while (events.poll(event)) {
                // not logged: no log is open
            }
        }
    }

    private void appendParamChanges() {
        long g = store.generation();
        if (g == lastStoreGeneration) {
            return;
        }
        lastStoreGeneration = g;
        for (int i = 0; i < store.count() && i < loggedParamValues.length; i++) {
            Param p = store.get(i);
            double v = p.doubleValue();
            if (Double.compare(v, loggedParamValues[i]) != 0) {
                loggedParamValues[i] = v;
                putParam(p);
            }
        }
    }

    private void putParam(Param p) {
        boolean isFloat = p.type() == ParamType.FLOAT;
        byte[] key = ((isFloat ? "float " : "int32_t ") + p.name()).getBytes(StandardCharsets.US_ASCII);
        flushStagingIfBelow(3 + 1 + key.length + 4);
        beginMessage('P');
        staging.put((byte) key.length);
        staging.put(key);
        if (isFloat) {
            staging.putFloat((float) p.doubleValue());
        } else {
            staging.putInt((int) p.doubleValue());
        }
        endMessage();
    }

    private void putInfo(String key, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] k = ("char[" + v.length + "] " + key).getBytes(StandardCharsets.US_ASCII);
        flushStagingIfBelow(3 + 1 + k.length + v.length);
        beginMessage('I');
        staging.put((byte) k.length);
        staging.put(k);
        staging.put(v);
        endMessage();
    }

    private void putText(char type, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        flushStagingIfBelow(3 + b.length);
        beginMessage(type);
        staging.put(b);
        endMessage();
    }

    private int messageStart;

    private void beginMessage(char type) {
        messageStart = staging.position();
        staging.putShort((short) 0);
        staging.put((byte) type);
    }

    private void endMessage() {
        int size = staging.position() - messageStart - 3;
        staging.putShort(messageStart, (short) size);
    }

    /** The staging buffer must hold a message of {@code bytes}: writes out what it holds when not. */
    private void flushStagingIfBelow(int bytes) {
        if (staging.remaining() < bytes) {
            try {
                writeStaging();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            staging.clear();
        }
    }

    private void writeStaging() throws IOException {
        staging.flip();
        while (staging.hasRemaining()) {
            bytesWritten += channel.write(staging);
        }
        staging.clear();
    }

    private static String reason(Throwable e) {
        Throwable c = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        String m = c.getMessage();
        if (c instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + m + ")";
        }
        if (c instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return m == null ? c.getClass().getSimpleName() : m;
    }
}
