package org.hoverla.core.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The subset of the POSIX.1-1988 "ustar" tar format a release bundle uses: regular files only,
 * names of at most 100 bytes or split at a '/' into a 155-byte prefix and a 100-byte name, sizes
 * in 11 octal digits (below 8 GiB), and two zero blocks at the end. GNU tar, bsdtar and Python's
 * tarfile read it.
 *
 * <p>Hand-written rather than taken from commons-compress: that library brings commons-io,
 * commons-lang3 and commons-codec onto every Hoverla process's class path, and opening those jars
 * alone cost the lockstep demo 0.5–0.7 MB of its 32 MB boot budget (EpsilonDemoTest), for a
 * format this small. The reader accepts only what the writer writes (no links, no pax or GNU
 * extension headers) and checks every header's checksum, so a damaged or foreign archive is
 * refused in one line instead of being interpreted.
 */
final class Ustar {
    static final int BLOCK = 512;
    /** Largest entry the reader accepts: a vehicle jar is tens of megabytes. */
    static final long MAX_ENTRY_BYTES = 1L << 30;

    private Ustar() {
    }

    /** One entry's header as read. */
    record Entry(String name, int mode, long size) {
    }

    /** Writes entries in order; every field is fixed by the arguments, so the bytes are reproducible. */
    static final class Writer {
        private final OutputStream out;
        private long remaining;
        private long written;

        Writer(OutputStream out) {
            this.out = out;
        }

        /** Starts a regular file, owner root:root (uid/gid 0); its {@code size} bytes must follow. */
        void putFile(String name, int mode, long size, long mtimeSeconds) throws IOException {
            if (remaining != 0) {
                throw new IllegalStateException("previous entry incomplete");
            }
            byte[] h = new byte[BLOCK];
            byte[] full = name.getBytes(StandardCharsets.UTF_8);
            String prefix = "";
            String base = name;
            if (full.length > 100) {
                // The leftmost '/' that leaves a name of at most 100 bytes and a prefix of at most 155.
                int cut = -1;
                for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                    if (name.substring(i + 1).getBytes(StandardCharsets.UTF_8).length <= 100) {
                        cut = i;
                        break;
                    }
                }
                if (cut <= 0 || cut == name.length() - 1 || name.substring(0, cut).getBytes(StandardCharsets.UTF_8).length > 155) {
                    throw new IllegalArgumentException("name too long for ustar: " + name);
                }
                prefix = name.substring(0, cut);
                base = name.substring(cut + 1);
            }
            text(h, 0, 100, base);
            octal(h, 100, 8, mode);
            octal(h, 108, 8, 0);
            octal(h, 116, 8, 0);
            octal(h, 124, 12, size);
            octal(h, 136, 12, mtimeSeconds);
            h[156] = '0';
            text(h, 257, 6, "ustar");
            text(h, 263, 2, "00");
            text(h, 265, 32, "root");
            text(h, 297, 32, "root");
            octal(h, 329, 8, 0);
            octal(h, 337, 8, 0);
            text(h, 345, 155, prefix);
            long sum = checksum(h);
            // Six octal digits, NUL, space: the form POSIX tar writes.
            byte[] digits = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, h, 148, 6);
            h[154] = 0;
            h[155] = ' ';
            out.write(h);
            remaining = size;
            written = 0;
        }

        void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new IllegalStateException("more bytes than the entry's size");
            }
            out.write(b, off, len);
            remaining -= len;
            written += len;
        }

        /** Pads the entry's data to a whole block. */
        void closeEntry() throws IOException {
            if (remaining != 0) {
                throw new IllegalStateException(remaining + " bytes of the entry missing");
            }
            int pad = (int) ((BLOCK - written % BLOCK) % BLOCK);
            out.write(new byte[pad]);
        }

        /** The end-of-archive marker: two zero blocks. */
        void finish() throws IOException {
            out.write(new byte[2 * BLOCK]);
            out.flush();
        }
    }

    /** Reads entries in order; {@link #data()} gives the current entry's bytes. */
    static final class Reader {
        private final InputStream in;
        private long remaining;
        private long padding;
        private boolean ended;
        private String current = "";

        Reader(InputStream in) {
            this.in = in;
        }

        /**
         * The next entry, or null at the end-of-archive block.
         *
         * @throws ReleaseException for a truncated archive, a bad checksum or anything but a regular file
         */
        Entry next() throws IOException {
            skip(remaining + padding);
            remaining = 0;
            padding = 0;
            if (ended) {
                return null;
            }
            byte[] h = new byte[BLOCK];
            readFully(h, "a header");
            if (allZero(h)) {
                ended = true;
                return null;
            }
            long stored = parseOctal(h, 148, 8, "header checksum");
            if (stored != checksum(h)) {
                throw new ReleaseException("not a tar file or damaged: header checksum " + stored + " does not match "
                        + checksum(h));
            }
            if (!"ustar".equals(field(h, 257, 6)) || h[263] != '0' || h[264] != '0') {
                // GNU tar's old format ("ustar  ") means the prefix field something else: refuse rather than guess.
                throw new ReleaseException("not a POSIX ustar archive (a release bundle is POSIX ustar, version 00)");
            }
            String name = field(h, 0, 100);
            String prefix = field(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            byte type = h[156];
            if (type != '0' && type != 0) {
                throw new ReleaseException("bundle entry '" + name + "' is not a regular file (tar type '"
                        + (type >= 32 && type < 127 ? String.valueOf((char) type) : "\\" + (type & 0xff)) + "')");
            }
            long size = parseOctal(h, 124, 12, "size");
            if (size > MAX_ENTRY_BYTES) {
                throw new ReleaseException("bundle entry '" + name + "' is " + size + " bytes, more than " + MAX_ENTRY_BYTES);
            }
            int mode = (int) parseOctal(h, 100, 8, "mode") & 07777;
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            current = name;
            return new Entry(name, mode, size);
        }

        /** The current entry's bytes; it ends at the entry's size, and a short archive throws ReleaseException. */
        InputStream data() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (remaining == 0) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, remaining));
                    if (n < 0) {
                        throw new ReleaseException("bundle truncated: " + current + " ends " + remaining + " bytes early");
                    }
                    remaining -= n;
                    return n;
                }
            };
        }

        private void skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            while (n > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) {
                    throw new ReleaseException("bundle truncated inside an entry");
                }
                n -= r;
            }
        }

        private void readFully(byte[] b, String what) throws IOException {
            int off = 0;
            while (off < b.length) {
                int r = in.read(b, off, b.length - off);
                if (r < 0) {
                    if (off == 0 && what.equals("a header")) {
                        throw new ReleaseException("bundle truncated: it ends before the tar end-of-archive marker");
                    }
                    throw new ReleaseException("bundle truncated inside " + what);
                }
                off += r;
            }
        }
    }

    static long checksum(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return sum;
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void text(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > len) {
            throw new IllegalArgumentException("field too long: " + s);
        }
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** {@code len - 1} octal digits, zero-padded, then NUL. */
    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value too large for a " + len + "-byte octal field: " + v);
        }
        text(h, off, len - 1, "0".repeat(len - 1 - s.length()) + s);
        h[off + len - 1] = 0;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal digits, optionally surrounded by spaces and ended by NUL or space (as tar writers differ). */
    private static long parseOctal(byte[] h, int off, int len, String what) {
        int i = off;
        int end = off + len;
        while (i < end && h[i] == ' ') {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < end && h[i] >= '0' && h[i] <= '7') {
            v = v * 8 + (h[i] - '0');
            i++;
            digits++;
        }
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        if (digits == 0 || i != end || digits > 11) {
            throw new ReleaseException("not a tar file or damaged: bad " + what + " field");
        }
        return v;
    }
}
