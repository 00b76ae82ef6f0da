package org.hoverla.core.log.ulog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a PX4 ULog file into a {@link UlogFile}, following the PX4 "ULog File Format" spec.
 *
 * <p>Robustness contract:
 * <ul>
 *   <li>Only an unreadable file throws ({@link IOException}); bad data is reported in
 *       {@link UlogFile#problems()} and everything readable is delivered.</li>
 *   <li>Files larger than {@link #MAX_FILE_BYTES} are refused with an {@link IOException}.</li>
 *   <li>A truncated file is read up to the last complete message.</li>
 *   <li>A DATA record whose size does not match its format (other than missing trailing padding)
 *       is <em>skipped</em>, not guessed at: the topic keeps its well-formed records and one
 *       problem per topic instance names the topic, both sizes and the number of records skipped.</li>
 *   <li>Unknown message types are skipped by their declared size (one problem per type). A header
 *       whose type byte is not a letter is treated as corruption: the reader scans forward to the
 *       next SYNC magic and continues from there.</li>
 *   <li>Appended data (incompat flag bit 0 with {@code appended_offsets}): the main data ends at the
 *       first offset; a message that would straddle an offset is discarded (the logger stopped in
 *       the middle of it) and reading resumes at the offset.</li>
 * </ul>
 *
 * <p>Offline use only (allocates); memory is about the size of the file's data records, the file
 * itself is memory-mapped.
 */
public final class UlogReader {

    /** Largest file this reader accepts. */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    private static final byte[] MAGIC = {'U', 'L', 'o', 'g', 0x01, 0x12, 0x35};
    private static final byte[] SYNC_MAGIC = {0x2F, 0x73, 0x13, 0x20, 0x25, 0x0C, (byte) 0xBB, 0x12};
    private static final int HEADER_BYTES = 16;
    private static final int MSG_HEADER_BYTES = 3;
    private static final int MAX_CORRUPTION_REPORTS = 20;
    /** A DATA message carries at most 65535 - 2 (msg_id) bytes of record. */
    private static final int MAX_RECORD_BYTES = 65533;

    private final ByteBuffer buf;
    private final UlogFile out = new UlogFile();
    private final Map<Integer, UlogTopic> byMsgId = new HashMap<>();
    private final Map<Integer, Integer> unknownMsgIds = new TreeMap<>();
    private final Map<Character, Integer> unknownTypes = new TreeMap<>();
    private final Map<String, String> undecodable = new HashMap<>();
    private int corruptions;
    private long lastTimestampUs;
    private boolean stop;

    private UlogReader(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads a whole ULog file.
     *
     * @throws IOException if the file cannot be opened or read, or is larger than {@link #MAX_FILE_BYTES}
     */
    public static UlogFile read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(path + " is " + size + " bytes; the ULog reader accepts at most "
                    + MAX_FILE_BYTES + " bytes (512 MB): split the log or analyse it with pyulog");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new UlogReader(mapped).parse();
        }
    }

    /** Reads ULog bytes already in memory (tests, streams). Never throws on bad data. */
    public static UlogFile read(byte[] bytes) {
        return new UlogReader(ByteBuffer.wrap(bytes)).parse();
    }

    private UlogFile parse() {
        int limit = buf.limit();
        if (limit < HEADER_BYTES) {
            out.problems.add("file is " + limit + " bytes, shorter than the 16-byte ULog header");
            return out;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(i) != MAGIC[i]) {
                out.problems.add("not a ULog file: bad magic at byte " + i);
                return out;
            }
        }
        out.version = buf.get(7) & 0xFF;
        if (out.version > 1) {
            out.problems.add("ULog version " + out.version + " is newer than 1; reading anyway");
        }
        out.headerTimestampUs = buf.getLong(8);

        List<Long> regionEnds = new ArrayList<>();
        regionEnds.add((long) limit);
        int pos = HEADER_BYTES;
        boolean first = true;
        int region = 0;
        while (!stop) {
            long end = regionEnds.get(region);
            if (pos >= end) {
                if (pos > end) {
                    pos = (int) end;
                }
                if (region + 1 >= regionEnds.size()) {
                    break;
                }
                region++;
                continue;
            }
            if (end - pos < MSG_HEADER_BYTES) {
                reportCut(pos, end, region, regionEnds.size(), "a message header");
                pos = (int) end;
                continue;
            }
            int size = buf.getShort(pos) & 0xFFFF;
            int type = buf.get(pos + 2) & 0xFF;
            if (!Character.isLetter(type) || type > 'z') {
                pos = resync(pos, type, (int) end);
                continue;
            }
            int payload = pos + MSG_HEADER_BYTES;
            if (payload + (long) size > end) {
                reportCut(pos, end, region, regionEnds.size(), "'" + (char) type + "' message of " + size + " bytes");
                pos = (int) end;
                continue;
            }
            if (first && type == 'B') {
                List<Long> appended = flagBits(payload, size);
                if (!appended.isEmpty()) {
                    regionEnds.clear();
                    regionEnds.addAll(appended);
                    regionEnds.add((long) limit);
                }
            } else {
                handle(type, payload, size);
            }
            first = false;
            pos = payload + size;
        }
        finish();
        return out;
    }

    private void reportCut(int pos, long end, int region, int regions, String what) {
        if (region + 1 < regions) {
            out.problems.add("incomplete " + what + " at offset " + pos + " before appended data at offset "
                    + end + " discarded (" + (end - pos) + " bytes)");
        } else {
            out.problems.add("file truncated: " + what + " at offset " + pos + " is cut off ("
                    + (end - pos) + " bytes remain); read up to offset " + pos);
        }
    }

    /** Scans forward from a corrupt header to the next SYNC magic; returns where to continue. */
    private int resync(int pos, int type, int end) {
        if (allZero(pos, end)) {
            out.problems.add("file ends with " + (end - pos) + " zero bytes from offset " + pos
                    + " (pre-allocated or unfinished write); no data after offset " + pos);
            return end;
        }
        int found = -1;
        for (int i = pos + 1; i + SYNC_MAGIC.length <= end; i++) {
            if (matchesSync(i)) {
                found = i;
                break;
            }
        }
        corruptions++;
        if (corruptions <= MAX_CORRUPTION_REPORTS) {
            if (found < 0) {
                out.problems.add(String.format("corrupt data at offset %d (type byte 0x%02x); no SYNC marker after it, "
                        + "%d bytes ignored", pos, type, end - pos));
            } else {
                out.problems.add(String.format("corrupt data at offset %d (type byte 0x%02x); resynchronised at offset %d, "
                        + "%d bytes skipped", pos, type, found + SYNC_MAGIC.length, found + SYNC_MAGIC.length - pos));
            }
        }
        if (found >= 0) {
            out.syncCount++;
        }
        return found < 0 ? end : found + SYNC_MAGIC.length;
    }

    private boolean allZero(int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesSync(int at) {
        for (int k = 0; k < SYNC_MAGIC.length; k++) {
            if (buf.get(at + k) != SYNC_MAGIC[k]) {
                return false;
            }
        }
        return true;
    }

    /** Parses FLAG_BITS; returns the valid appended offsets (empty if none). */
    private List<Long> flagBits(int p, int size) {
        List<Long> offsets = new ArrayList<>();
        if (size < 16) {
            out.problems.add("FLAG_BITS message too short (" + size + " bytes); ignored");
            return offsets;
        }
        buf.get(p, out.compatFlags, 0, 8);
        buf.get(p + 8, out.incompatFlags, 0, 8);
        boolean appended = (out.incompatFlags[0] & 1) != 0;
        boolean unknown = (out.incompatFlags[0] & ~1) != 0;
        for (int i = 1; i < 8; i++) {
            unknown |= out.incompatFlags[i] != 0;
        }
        if (unknown) {
            out.problems.add("unknown incompatible flag bits set in FLAG_BITS; the spec forbids reading "
                    + "such a log, only the header and flags were read");
            stop = true;
            return offsets;
        }
        if (appended && size >= 40) {
            long previous = p + size;
            for (int i = 0; i < 3; i++) {
                long off = buf.getLong(p + 16 + 8 * i);
                if (off == 0) {
                    continue;
                }
                if (off < previous || off > buf.limit()) {
                    out.problems.add("appended data offset " + off + " is invalid (file is " + buf.limit()
                            + " bytes); ignored");
                    continue;
                }
                offsets.add(off);
                previous = off;
            }
        }
        out.appendedOffsets = offsets.stream().mapToLong(Long::longValue).toArray();
        return offsets;
    }

    private void handle(int type, int p, int size) {
        switch (type) {
            case 'F': format(p, size); break;
            case 'I': info(p, size); break;
            case 'M': infoMultiple(p, size); break;
            case 'P': parameter(p, size); break;
            case 'Q': parameterDefault(p, size); break;
            case 'A': addLogged(p, size); break;
            case 'R': removeLogged(p, size); break;
            case 'D': data(p, size); break;
            case 'L': logging(p, size, false); break;
            case 'C': logging(p, size, true); break;
            case 'S': sync(p, size); break;
            case 'O': dropout(p, size); break;
            case 'B':
                out.problems.add("FLAG_BITS message at offset " + (p - MSG_HEADER_BYTES)
                        + " is not the first message; ignored");
                break;
            default: unknownTypes.merge((char) type, 1, Integer::sum);
        }
    }

    private String string(int p, int len) {
        byte[] b = new byte[len];
        buf.get(p, b);
        int n = len;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private boolean tooShort(String what, int p, int size, int min) {
        if (size < min) {
            out.problems.add(what + " message at offset " + (p - MSG_HEADER_BYTES) + " too short ("
                    + size + " bytes); skipped");
            return true;
        }
        return false;
    }

    private void format(int p, int size) {
        UlogFormat f = UlogFormat.parse(string(p, size));
        if (f == null) {
            out.problems.add("malformed FORMAT message at offset " + (p - MSG_HEADER_BYTES) + ": '"
                    + string(p, Math.min(size, 60)) + "'");
            return;
        }
        out.formats.put(f.name(), f);
    }

    /** Decodes a typed key/value (INFO, PARAMETER); returns {type, name, value} or null. */
    private Object[] keyValue(String what, int p, int size, int keyLenAt) {
        int keyLen = buf.get(keyLenAt) & 0xFF;
        int keyStart = keyLenAt + 1;
        int valueStart = keyStart + keyLen;
        int end = p + size;
        if (valueStart > end) {
            out.problems.add(what + " message at offset " + (p - MSG_HEADER_BYTES) + " has a key longer than the message; skipped");
            return null;
        }
        String key = string(keyStart, keyLen);
        int space = key.lastIndexOf(' ');
        if (space <= 0) {
            out.problems.add(what + " key '" + key + "' has no type; skipped");
            return null;
        }
        String type = key.substring(0, space);
        String name = key.substring(space + 1);
        int valueLen = end - valueStart;
        Object value;
        if (type.startsWith("char[")) {
            value = string(valueStart, valueLen);
        } else if (type.indexOf('[') > 0) {
            byte[] raw = new byte[valueLen];
            buf.get(valueStart, raw);
            value = raw;
        } else {
            int need = UlogFormat.primitiveSize(type);
            if (need < 0 || need > valueLen) {
                out.problems.add(what + " '" + name + "' of type " + type + " has " + valueLen
                        + " value bytes; skipped");
                return null;
            }
            byte code = UlogTopic.typeCode(type);
            double d = UlogTopic.decode(buf, valueStart, code);
            value = code == UlogTopic.T_F32 || code == UlogTopic.T_F64 ? (Object) d : (Object) (long) d;
            if (code == UlogTopic.T_U64 || code == UlogTopic.T_I64) {
                value = buf.getLong(valueStart);
            }
        }
        return new Object[] {type, name, value};
    }

    private void info(int p, int size) {
        if (tooShort("INFO", p, size, 1)) {
            return;
        }
        Object[] kv = keyValue("INFO", p, size, p);
        if (kv != null) {
            out.info.put((String) kv[1], kv[2]);
        }
    }

    private void infoMultiple(int p, int size) {
        if (tooShort("INFO_MULTIPLE", p, size, 2)) {
            return;
        }
        boolean continued = buf.get(p) != 0;
        Object[] kv = keyValue("INFO_MULTIPLE", p, size, p + 1);
        if (kv == null) {
            return;
        }
        List<Object> list = out.infoMultiple.computeIfAbsent((String) kv[1], k -> new ArrayList<>());
        Object value = kv[2];
        Object last = list.isEmpty() ? null : list.get(list.size() - 1);
        if (continued && last instanceof String && value instanceof String) {
            list.set(list.size() - 1, last + (String) value);
        } else if (continued && last instanceof byte[] && value instanceof byte[]) {
            byte[] a = (byte[]) last;
            byte[] b = (byte[]) value;
            byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            list.set(list.size() - 1, joined);
        } else {
            list.add(value);
        }
    }

    private Number paramValue(Object[] kv) {
        Object v = kv[2];
        if ("float".equals(kv[0])) {
            return ((Double) v).floatValue();
        }
        if (v instanceof Long) {
            return (int) (long) (Long) v;
        }
        return null;
    }

    private void parameter(int p, int size) {
        if (tooShort("PARAMETER", p, size, 1)) {
            return;
        }
        Object[] kv = keyValue("PARAMETER", p, size, p);
        if (kv == null) {
            return;
        }
        Number v = paramValue(kv);
        if (v == null) {
            out.problems.add("PARAMETER '" + kv[1] + "' has unsupported type " + kv[0] + "; skipped");
            return;
        }
        if (byMsgId.isEmpty() && out.subscriptions.isEmpty()) {
            out.parameters.put((String) kv[1], v);
        } else {
            out.parameterChanges.add(new UlogFile.ParameterChange((String) kv[1], v, lastTimestampUs));
        }
    }

    private void parameterDefault(int p, int size) {
        if (tooShort("PARAMETER_DEFAULT", p, size, 2)) {
            return;
        }
        int types = buf.get(p) & 0xFF;
        Object[] kv = keyValue("PARAMETER_DEFAULT", p, size, p + 1);
        if (kv == null) {
            return;
        }
        Number v = paramValue(kv);
        if (v != null) {
            out.parameterDefaults.add(new UlogFile.ParameterDefault((String) kv[1], v, types));
        }
    }

    private void addLogged(int p, int size) {
        if (tooShort("ADD_LOGGED_MSG", p, size, 4)) {
            return;
        }
        int multiId = buf.get(p) & 0xFF;
        int msgId = buf.getShort(p + 1) & 0xFFFF;
        String name = string(p + 3, size - 3);
        out.subscriptions.add(new UlogFile.Subscription(msgId, name, multiId));
        String key = UlogFile.key(name, multiId);
        UlogTopic topic = out.topics.get(key);
        if (topic == null) {
            topic = build(name, multiId);
            if (topic == null) {
                byMsgId.remove(msgId);
                return;
            }
            out.topics.put(key, topic);
        }
        byMsgId.put(msgId, topic);
    }

    private void removeLogged(int p, int size) {
        if (tooShort("REMOVE_LOGGED_MSG", p, size, 2)) {
            return;
        }
        byMsgId.remove(buf.getShort(p) & 0xFFFF);
    }

    /** Flattens a format into scalar columns; returns null (and reports) if it cannot be resolved. */
    private UlogTopic build(String name, int multiId) {
        UlogFormat f = out.formats.get(name);
        if (f == null) {
            reportUndecodable(name, "no FORMAT definition");
            return null;
        }
        List<String> names = new ArrayList<>();
        List<Byte> types = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int size = flatten(f, "", 0, names, types, offsets, 0);
        if (size < 0) {
            return null;
        }
        int trailing = 0;
        for (int i = f.fields().size() - 1; i >= 0 && f.fields().get(i).isPadding(); i--) {
            UlogFormat.Field pad = f.fields().get(i);
            trailing += UlogFormat.primitiveSize(pad.type()) * pad.count();
        }
        byte[] t = new byte[types.size()];
        int[] o = new int[offsets.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = types.get(i);
            o[i] = offsets.get(i);
        }
        return new UlogTopic(name, multiId, size, Math.max(trailing, 0), names, t, o);
    }

    private int flatten(UlogFormat f, String prefix, int base, List<String> names, List<Byte> types,
                        List<Integer> offsets, int depth) {
        if (depth > 16) {
            reportUndecodable(f.name(), "nested types more than 16 deep (recursive definition?)");
            return -1;
        }
        int off = base;
        for (UlogFormat.Field field : f.fields()) {
            if (off > MAX_RECORD_BYTES) {
                reportUndecodable(f.name(), "record larger than " + MAX_RECORD_BYTES + " bytes, the most a DATA message can carry");
                return -1;
            }
            int prim = UlogFormat.primitiveSize(field.type());
            if (prim > 0) {
                if (!field.isPadding()) {
                    byte code = UlogTopic.typeCode(field.type());
                    for (int i = 0; i < field.count(); i++) {
                        names.add(prefix + field.name() + (field.arrayLength() == 0 ? "" : "[" + i + "]"));
                        types.add(code);
                        offsets.add(off + i * prim);
                    }
                }
                off += prim * field.count();
            } else {
                UlogFormat nested = out.formats.get(field.type());
                if (nested == null) {
                    reportUndecodable(f.name(), "field '" + field.name() + "' has unknown type '" + field.type() + "'");
                    return -1;
                }
                for (int i = 0; i < field.count(); i++) {
                    String p = prefix + field.name() + (field.arrayLength() == 0 ? "" : "[" + i + "]") + ".";
                    int end = flatten(nested, p, off, names, types, offsets, depth + 1);
                    if (end < 0) {
                        return -1;
                    }
                    off = end;
                }
            }
        }
        if (off > MAX_RECORD_BYTES) {
            reportUndecodable(f.name(), "record larger than " + MAX_RECORD_BYTES + " bytes, the most a DATA message can carry");
            return -1;
        }
        return depth == 0 ? off - base : off;
    }

    private void reportUndecodable(String name, String why) {
        if (undecodable.putIfAbsent(name, why) == null) {
            out.problems.add("topic " + name + " cannot be decoded: " + why);
        }
    }

    private void data(int p, int size) {
        if (tooShort("DATA", p, size, 2)) {
            return;
        }
        int msgId = buf.getShort(p) & 0xFFFF;
        UlogTopic topic = byMsgId.get(msgId);
        if (topic == null) {
            unknownMsgIds.merge(msgId, 1, Integer::sum);
            return;
        }
        if (topic.append(buf, p + 2, size - 2)) {
            if (topic.hasField("timestamp") && topic.fieldNames().get(0).equals("timestamp")) {
                long ts = buf.getLong(p + 2);
                lastTimestampUs = ts;
                if (ts > 0 && (out.firstTimestampUs < 0 || ts < out.firstTimestampUs)) {
                    out.firstTimestampUs = ts;
                }
                if (ts > out.lastTimestampUs) {
                    out.lastTimestampUs = ts;
                }
            }
        }
    }

    private void logging(int p, int size, boolean tagged) {
        int head = tagged ? 11 : 9;
        if (tooShort(tagged ? "TAGGED_LOGGING" : "LOGGING", p, size, head)) {
            return;
        }
        int raw = buf.get(p) & 0xFF;
        int level = raw >= '0' && raw <= '7' ? raw - '0' : raw;
        int tag = tagged ? buf.getShort(p + 1) & 0xFFFF : -1;
        long ts = buf.getLong(p + (tagged ? 3 : 1));
        out.logMessages.add(new UlogFile.LogMessage(level, tag, ts, string(p + head, size - head)));
    }

    private void sync(int p, int size) {
        if (size >= SYNC_MAGIC.length && matchesSync(p)) {
            out.syncCount++;
        } else {
            out.problems.add("SYNC message at offset " + (p - MSG_HEADER_BYTES) + " has a bad magic");
        }
    }

    private void dropout(int p, int size) {
        if (tooShort("DROPOUT", p, size, 2)) {
            return;
        }
        out.dropouts.add(new UlogFile.Dropout(buf.getShort(p) & 0xFFFF, lastTimestampUs));
    }

    private void finish() {
        for (UlogTopic t : out.topics.values()) {
            t.trim();
            if (t.mismatchedRecords() > 0) {
                out.problems.add(String.format("topic %s (multi_id %d): %d records are %d bytes where the format "
                                + "says %d (%d without trailing padding); those records were skipped", t.name(), t.multiId(),
                        t.mismatchedRecords(), t.mismatchedSize(), t.recordSize(),
                        t.recordSize() - t.trailingPaddingBytes()));
            }
        }
        if (corruptions > MAX_CORRUPTION_REPORTS) {
            out.problems.add((corruptions - MAX_CORRUPTION_REPORTS) + " further corrupt regions not listed");
        }
        unknownTypes.forEach((type, n) -> out.problems.add(
                "unknown message type '" + type + "' skipped " + n + " times"));
        unknownMsgIds.forEach((id, n) -> out.problems.add(
                "DATA for msg_id " + id + " without a decodable subscription skipped " + n + " times"));
    }
}
