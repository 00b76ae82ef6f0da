package org.hoverla.core.boot.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file an installation writes.
 *
 * @param target absolute path on the installed system (e.g. {@code /opt/hoverla/bin/hoverla}); the
 *               installer puts it under its root
 * @param size   bytes
 * @param mode   POSIX permission bits (e.g. 0755)
 * @param source the installing package's file, or null when {@code content} is given
 * @param content the bytes, for generated files and files carried in the jar; null with a source
 */
public record PlannedFile(Path target, long size, int mode, Path source, byte[] content) {

    /** A file copied from the package being installed. */
    public static PlannedFile copy(Path target, Path source, int mode) throws IOException {
        return new PlannedFile(target, Files.size(source), mode, source, null);
    }

    /** A file with the given bytes. */
    public static PlannedFile of(Path target, byte[] content, int mode) {
        return new PlannedFile(target, content.length, mode, null, content);
    }

    InputStream open() throws IOException {
        return source != null ? Files.newInputStream(source) : new java.io.ByteArrayInputStream(content);
    }

    /** @return the mode as ls prints it, e.g. {@code rwxr-xr-x} */
    public String modeString() {
        return modeString(mode);
    }

    static String modeString(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder b = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            b.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return b.toString();
    }
}
