package org.hoverla.core.update;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The A/B install's state ({@code var/lib/hoverla/update/state.json}), written atomically
 * (temporary file, fsync, rename, fsync of the directory) by the updater and the boot check.
 *
 * @param current     the version {@code current} points at (null before the first update)
 * @param previous    the version installed before it, kept intact for a rollback (null if none)
 * @param committed   whether {@code current} passed its boot check
 * @param lastGood    the newest version that passed a boot check (a crash loop rolls back to it)
 * @param trialBoots  starts of {@code current} while not committed (the crash-loop counter)
 * @param lastEvent   the last install, commit, rollback or refusal, or null
 */
public record UpdateState(String current, String previous, boolean committed, String lastGood, int trialBoots,
                          Event lastEvent) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param kind   install, commit, rollback or refusal
     * @param from   the version running before (null if none)
     * @param to     the version installed, committed or rolled back to (null for a refusal before reading one)
     * @param keyId  the signer's key id (minisign's 16 hex digits), null when unknown
     * @param reason one line: why (empty for a plain install or commit)
     * @param time   ISO-8601 instant
     */
    public record Event(String kind, String from, String to, String keyId, String reason, String time) {
    }

    public static final UpdateState EMPTY = new UpdateState(null, null, false, null, 0, null);

    public UpdateState withEvent(Event e) {
        return new UpdateState(current, previous, committed, lastGood, trialBoots, e);
    }

    /** The state on disk, or {@link #EMPTY} when there is none. */
    public static UpdateState read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return EMPTY;
        }
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a valid update state (" + e.getMessage() + ")", e);
        }
        if (o == null || !o.isObject()) {
            throw new IOException(file + ": not a valid update state");
        }
        JsonNode ev = o.get("last_event");
        Event event = ev == null || ev.isNull() ? null : new Event(text(ev, "kind"), text(ev, "from"), text(ev, "to"),
                text(ev, "key_id"), text(ev, "reason"), text(ev, "time"));
        return new UpdateState(text(o, "current"), text(o, "previous"), o.path("committed").asBoolean(false),
                text(o, "last_good"), o.path("trial_boots").asInt(0), event);
    }

    /** As {@code ./hoverla update --status} prints it. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("current", current);
        o.put("previous", previous);
        o.put("committed", committed);
        o.put("last_good", lastGood);
        o.put("trial_boots", trialBoots);
        if (lastEvent == null) {
            o.putNull("last_event");
        } else {
            ObjectNode e = o.putObject("last_event");
            e.put("kind", lastEvent.kind());
            e.put("from", lastEvent.from());
            e.put("to", lastEvent.to());
            e.put("key_id", lastEvent.keyId());
            e.put("reason", lastEvent.reason());
            e.put("time", lastEvent.time());
        }
        return o;
    }

    /** Replaces the file atomically. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = (JSON.writeValueAsString(toJson()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        UpdateLayout.forceDirectory(file.getParent());
    }

    private static String text(JsonNode o, String f) {
        JsonNode v = o.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
