package org.hoverla.core.unit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hoverla.storage.AtomicFiles;

/**
 * {@code STATE_DIR/unit-identity.json}: the identity as the last boot probed it (UID, host serial,
 * board, every device with its chip id). The vehicle writes it at each boot when it changed;
 * {@code ./hoverla unit} reads it, since probing chips again while the vehicle flies would reset
 * them under their driver. Not part of the record: a snapshot, replaced whole
 * ({@link AtomicFiles}: temporary file, fsync, atomic rename, directory fsync), never appended.
 */
public final class UnitIdentityFile {
    /** The snapshot's file name in the state directory. */
    public static final String FILE_NAME = "unit-identity.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private UnitIdentityFile() {
    }

    public static Path path(Path stateDir) {
        return stateDir.resolve(FILE_NAME);
    }

    /**
     * Writes the snapshot unless it already holds this identity.
     *
     * @return whether the file was (re)written
     */
    public static boolean write(Path stateDir, UnitIdentity identity) throws IOException {
        Path file = path(stateDir);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(UnitRecords.identityJson(identity)) + "\n";
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        AtomicFiles.writeString(file, text);
        return true;
    }

    /**
     * The snapshot, or null when no boot wrote one yet.
     *
     * @throws IOException naming the file when it is not an identity
     */
    public static UnitIdentity read(Path stateDir) throws IOException {
        Path file = path(stateDir);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return UnitRecords.identityFromJson(node);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a unit identity: " + firstLine(e.getMessage()), e);
        }
    }

    /** First line of a message (Jackson's run over several). */
    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
