package org.hoverla.core.mavlink.ftp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A read-only file system held in memory: files generated at boot (e.g. parameter metadata)
 * and served by {@link FtpService}. It never touches the real disk, so an FTP client can read
 * exactly these files and nothing else.
 *
 * <p>Paths are {@code /}-separated; leading and repeated slashes and a trailing slash are
 * ignored, so {@code /etc/x.json}, {@code etc/x.json} and {@code //etc//x.json} name one file
 * (QGC sends the path of {@code mftp://etc/x.json} as {@code /etc/x.json}, PX4 paths are
 * absolute). {@code .} and {@code ..} are not resolved: such a path names nothing. Directories
 * exist implicitly, as the parents of files; the root ({@code /} or empty) always exists.
 *
 * <p>Immutable after {@link #add} calls at boot; reads from any thread once built.
 */
public final class VirtualFileSystem {

    /** A directory entry: a file with its size, or a sub-directory (size 0). */
    public record Entry(String name, boolean directory, int size) {
    }

    private final Map<String, byte[]> files = new TreeMap<>();

    /**
     * Adds (or replaces) a file. Boot thread.
     *
     * @param path  a path with at least one name, no {@code .}/{@code ..}, not a directory already
     * @param bytes the content; kept, not copied: the caller must not change it afterwards
     * @throws IllegalArgumentException for a bad path
     */
    public VirtualFileSystem add(String path, byte[] bytes) {
        String p = normalize(path);
        if (p == null || p.isEmpty() || isDirectory(p)) {
            throw new IllegalArgumentException("not a file path: " + path);
        }
        files.put(p, bytes);
        return this;
    }

    /** @return the content of the file at {@code path}, or {@code null} if there is no such file */
    public byte[] file(String path) {
        String p = normalize(path);
        return p == null ? null : files.get(p);
    }

    /** @return whether {@code path} is the root or a parent of some file */
    public boolean isDirectory(String path) {
        String p = normalize(path);
        if (p == null) {
            return false;
        }
        if (p.isEmpty()) {
            return true;
        }
        String prefix = p + "/";
        for (String f : files.keySet()) {
            if (f.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the entries of directory {@code path} sorted by name (sub-directories and files),
     *         or {@code null} if it is not a directory
     */
    public List<Entry> list(String path) {
        String p = normalize(path);
        if (p == null || !isDirectory(p)) {
            return null;
        }
        String prefix = p.isEmpty() ? "" : p + "/";
        TreeSet<String> dirs = new TreeSet<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = f.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                entries.add(new Entry(rest, false, f.getValue().length));
            } else {
                dirs.add(rest.substring(0, slash));
            }
        }
        for (String d : dirs) {
            entries.add(new Entry(d, true, 0));
        }
        entries.sort((a, b) -> a.name().compareTo(b.name()));
        return Collections.unmodifiableList(entries);
    }

    /** @return the normalized path (no leading, trailing or repeated slash), or null when it uses . or .. */
    static String normalize(String path) {
        if (path == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
