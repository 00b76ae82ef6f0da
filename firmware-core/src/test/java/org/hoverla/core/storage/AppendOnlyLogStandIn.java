package org.hoverla.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.hoverla.storage.AtomicFiles;

/**
 * Stand-in for the flight logger until the ULog writer lands: an append-only file of fixed
 * 32-byte records (magic "HVLR", seq as a long, 16 filler bytes, CRC-32 of the first 28 bytes),
 * forced to the device every {@link #FLUSH_EVERY} records, as the logger forces at its interval.
 * A reader accepts a torn last record (a kill mid-write) and nothing else.
 */
public final class AppendOnlyLogStandIn implements KillLoopLogWorkload {
    /** Records per force, like the logger's flush interval. */
    public static final int FLUSH_EVERY = 8;
    static final int RECORD_BYTES = 32;
    private static final int MAGIC = 0x48564c52; // "HVLR"

    private FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(RECORD_BYTES);
    private static final byte[] FILLER = new byte[16];
    private int unflushed;

    @Override
    public void start(Path dir, int child) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("log-%04d.bin", child));
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // The new file's name must survive a power cut too, as LogDirectory's new log would.
        AtomicFiles.forceDirectory(dir);
        unflushed = 0;
    }

    @Override
    public boolean record(long seq) throws IOException {
        buf.clear();
        buf.putInt(MAGIC).putLong(seq).put(FILLER);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, RECORD_BYTES - 4);
        buf.putInt((int) crc.getValue());
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (++unflushed < FLUSH_EVERY) {
            return false;
        }
        channel.force(false);
        unflushed = 0;
        return true;
    }

    @Override
    public long highestDurable(Path dir) throws IOException {
        long highest = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "log-*.bin")) {
            for (Path log : logs) {
                highest = Math.max(highest, read(log));
            }
        }
        return highest;
    }

    /** @return the last record's seq; a torn tail (short or failing its CRC at the very end) is ignored */
    static long read(Path log) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long last = 0;
        int whole = bytes.length / RECORD_BYTES;
        for (int i = 0; i < whole; i++) {
            int at = i * RECORD_BYTES;
            CRC32 crc = new CRC32();
            crc.update(bytes, at, RECORD_BYTES - 4);
            boolean good = b.getInt(at) == MAGIC && b.getInt(at + RECORD_BYTES - 4) == (int) crc.getValue();
            if (!good) {
                if (i == whole - 1 && bytes.length % RECORD_BYTES == 0) {
                    break; // the last record torn in place
                }
                throw new IOException(log + ": record " + i + " is damaged (not at the end: not a torn write)");
            }
            long seq = b.getLong(at + 4);
            if (seq <= last) {
                throw new IOException(log + ": record " + i + " seq " + seq + " does not follow " + last);
            }
            last = seq;
        }
        return last;
    }
}
