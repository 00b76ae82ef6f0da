package org.hoverla.mission.plan;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.hoverla.mission.MissionPlan;
import org.hoverla.storage.AtomicFiles;

/**
 * Plan files by extension: {@code .plan} is QGroundControl JSON ({@link QgcPlanFormat}),
 * {@code .waypoints} and {@code .txt} are QGC WPL 110 ({@link WplFormat}). Reading checks the
 * limits below before parsing; writing is atomic (a temporary file moved over the target), so a
 * failed write never leaves half a file. Called from tool threads, never from the flight thread.
 */
public final class PlanFiles {
    /** Files larger than this are refused before they are read: 10 MB. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** More items than this (mission + fence + rally) are refused. */
    public static final int MAX_ITEMS = 10_000;

    /** The two file formats. */
    public enum Format {
        QGC_PLAN, WPL
    }

    private PlanFiles() {
    }

    /** The format of a file name by its extension, or null for an unknown extension. */
    public static Format formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".plan")) {
            return Format.QGC_PLAN;
        }
        if (name.endsWith(".waypoints") || name.endsWith(".txt")) {
            return Format.WPL;
        }
        return null;
    }

    /** Reads a {@code .plan}, {@code .waypoints} or {@code .txt} file. */
    public static PlanDocument read(Path file) throws PlanFileException {
        Format f = formatOf(file);
        if (f == null) {
            throw new PlanFileException(file.toString(),
                    "unknown plan file type (expected .plan, .waypoints or .txt)");
        }
        return f == Format.QGC_PLAN ? QgcPlanFormat.read(file) : WplFormat.read(file);
    }

    /** Writes a plan in the format its extension names. */
    public static void write(Path file, MissionPlan plan, HomePosition plannedHome) throws PlanFileException {
        Format f = formatOf(file);
        if (f == null) {
            throw new PlanFileException(file.toString(),
                    "unknown plan file type (expected .plan, .waypoints or .txt)");
        }
        if (f == Format.QGC_PLAN) {
            QgcPlanFormat.write(file, plan, plannedHome);
        } else {
            WplFormat.write(file, plan, plannedHome);
        }
    }

    /** The file's text (UTF-8, BOM dropped) after the size check. */
    static String readText(Path file) throws PlanFileException {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new PlanFileException(name, "file is " + size + " bytes, more than the limit of "
                        + MAX_FILE_BYTES + " (10 MB)");
            }
            if (Files.isDirectory(file)) {
                throw new PlanFileException(name, "is a directory");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PlanFileException(name, "no such file");
        } catch (AccessDeniedException e) {
            throw new PlanFileException(name, "permission denied");
        } catch (IOException e) {
            throw new PlanFileException(name, "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) { // grew between size() and read
            throw new PlanFileException(name, "file is more than the limit of " + MAX_FILE_BYTES + " bytes (10 MB)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PlanFileException(name, "not a text file (invalid UTF-8)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text;
    }

    /** Writes text durably and atomically ({@link AtomicFiles}): a kill leaves the old or the new plan. */
    static void writeText(Path file, String text) throws PlanFileException {
        try {
            AtomicFiles.writeString(file, text);
        } catch (AtomicFiles.SaveException e) {
            throw new PlanFileException(file.toString(), "cannot write: " + e.reason());
        }
    }
}
