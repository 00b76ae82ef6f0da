package org.hoverla.core.unit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The unit record: an append-only file of JSON entries per unit (one per self-test,
 * calibration, repair…), each with the unit's identity, firmware version and build hash, the full
 * parameter set, calibration values and dates, the event's own payload and the operator.
 * Earlier entries are never rewritten.
 */
public final class UnitRecords {
    private UnitRecords() {
    }

    /**
     * Builds one entry.
     *
     * @param event    what happened: "selftest", "calibration", "note"
     * @param identity the unit's identity (UID, board, serials, chip ids)
     * @param params   the parameters now (all of them go in, with the calibration ones grouped)
     * @param operator who signs it off, "" when not given
     * @param payload  the event's own data (a self-test report, a calibration result)
     */
    public static ObjectNode entry(String event, UnitIdentity identity, org.hoverla.core.param.ParamStore params,
                                   String operator, JsonNode payload) {
        throw new UnsupportedOperationException("UnitRecords.entry: not implemented yet");
    }

    /**
     * Appends one entry to the record file, durably (the file and, for a new file, its directory
     * are synced). An earlier entry is never changed.
     *
     * @throws IOException naming the file and the cause when it cannot be written, or when the
     *                     file exists and is not a unit record (nothing is written then)
     */
    public static void append(Path file, ObjectNode entry) throws IOException {
        throw new UnsupportedOperationException("UnitRecords.append: not implemented yet");
    }

    /** Every entry of the file, oldest first. @throws IOException naming the line of a corrupt entry */
    public static List<ObjectNode> read(Path file) throws IOException {
        throw new UnsupportedOperationException("UnitRecords.read: not implemented yet");
    }
}
