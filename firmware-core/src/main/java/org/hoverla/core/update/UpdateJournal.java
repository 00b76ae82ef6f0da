package org.hoverla.core.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.unit.UnitIdentityFile;
import org.hoverla.core.unit.UnitRecords;

/**
 * Appends every install, commit, rollback and refusal to the unit record
 * ({@code STATE_DIR/unit-record.jsonl}, docs/unit-record.md) as an entry of event
 * {@code "update"}, whose payload is the {@link UpdateState.Event} (kind, from, to, key id,
 * reason) and, where one ran, the self-test result. The unit's identity is the last boot's
 * snapshot ({@code unit-identity.json}); a unit that never booted is recorded with an empty
 * identity rather than not at all.
 */
public final class UpdateJournal {
    private UpdateJournal() {
    }

    /**
     * @param selftest the self-test report as the unit record keeps it, or null when none ran
     * @throws IOException when the record cannot be written (the caller says so; the update's
     *                     own state is already on disk)
     */
    public static void record(UpdateLayout layout, UpdateState.Event event, JsonNode selftest) throws IOException {
        Path stateDir = layout.stateDir();
        UnitIdentity identity = UnitIdentityFile.read(stateDir);
        if (identity == null) {
            Long uid = UnitIdentity.keptUid(stateDir);
            identity = new UnitIdentity(uid == null ? 0 : uid, "", "", "", List.of());
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("kind", event.kind());
        payload.put("from", event.from());
        payload.put("to", event.to());
        payload.put("key_id", event.keyId());
        payload.put("reason", event.reason());
        if (selftest != null) {
            payload.set("selftest", selftest);
        }
        Instant time = event.time() == null ? Instant.now() : Instant.parse(event.time());
        UnitRecords.append(UnitRecords.defaultFile(stateDir), UnitRecords.entry("update", identity, null, "", payload, time));
    }
}
