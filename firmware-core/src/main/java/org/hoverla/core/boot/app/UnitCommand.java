package org.hoverla.core.boot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.unit.HostSerial;
import org.hoverla.core.unit.UnitIdentity;
import org.hoverla.core.unit.UnitIdentityFile;
import org.hoverla.core.unit.UnitRecords;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.storage.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoverla unit show|export|note}: this unit's identity and its record
 * ({@link UnitRecords}, docs/unit-record.md). The identity is the one the last boot probed
 * ({@code STATE_DIR/unit-identity.json}); nothing here touches a bus, so the commands are safe
 * while the vehicle runs. A corrupt or unwritable record is one line on stderr and exit status 1,
 * with nothing written.
 */
@Command(name = "unit", mixinStandardHelpOptions = true,
        description = {"Show or export this unit's identity and record, or add a note (a repair) to the record.",
                "The record is STATE_DIR/unit-record.jsonl: append-only JSON Lines, hash-chained (docs/unit-record.md)."},
        subcommands = {UnitCommand.Show.class, UnitCommand.Export.class, UnitCommand.Note.class})
public final class UnitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: show, export or note");
    }

    /** Options every subcommand takes. */
    static class Where {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The vehicle's state directory (default: $HOVERLA_STATE_DIR, else ~/.hoverla/vehicle).")
        Path stateDir;

        @Option(names = "--record", paramLabel = "FILE", description = "The record file (default: STATE_DIR/unit-record.jsonl).")
        Path record;

        Path state() {
            return stateDir != null ? stateDir : RunCommand.defaultStateDir();
        }

        Path record() {
            return record != null ? record : UnitRecords.defaultFile(state());
        }
    }

    /** Where the identity shown came from. */
    record Found(UnitIdentity identity, String source) {
    }

    /**
     * The unit's identity: the last boot's snapshot, else the newest record entry's, else (for
     * commands that write) the UID resolved in the state directory with no board or devices.
     */
    static Found identity(Path state, List<ObjectNode> entries, boolean mayCreate) throws IOException {
        UnitIdentity snapshot = UnitIdentityFile.read(state);
        if (snapshot != null) {
            return new Found(snapshot, "as the last boot probed it (" + UnitIdentityFile.path(state) + ")");
        }
        if (!entries.isEmpty()) {
            return new Found(UnitRecords.identityFromJson(entries.get(entries.size() - 1).path("unit")),
                    "from the newest record entry (no boot recorded one in " + state + ")");
        }
        String serial = HostSerial.read();
        Long kept = UnitIdentity.keptUid(state);
        if (kept == null && !mayCreate) {
            return null;
        }
        if (!Files.isDirectory(state)) {
            throw new IOException(state + ": no such state directory (boot the vehicle once, or give --state-dir)");
        }
        long uid = kept != null ? kept : UnitIdentity.resolveUid(state, serial);
        return new Found(new UnitIdentity(uid, "", "", serial, List.of()),
                "UID only: no boot has probed the devices yet (" + state + ")");
    }

    /** The record's entries, or none when there is no record file yet; a corrupt one throws. */
    static UnitRecords.Chain chain(Path record) throws IOException {
        if (!Files.exists(record)) {
            return new UnitRecords.Chain(List.of(), UnitRecords.GENESIS);
        }
        return UnitRecords.verify(record);
    }

    // -----------------------------------------------------------------------------------------

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the unit's identity and one line per record entry (time, event, operator, outcome).")
    static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        Where where = new Where();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Path record = where.record();
                UnitRecords.Chain chain = chain(record);
                Found found = identity(where.state(), chain.entries(), false);
                printIdentity(out, found);
                if (!Files.exists(record)) {
                    out.println("Record " + record + ": none yet (a self-test, calibration or note starts it)");
                } else {
                    out.println("Record " + record + ": " + chain.entries().size() + (chain.entries().size() == 1 ? " entry" : " entries")
                            + ", hash chain intact, last sha256 "
                            + chain.lastSha256());
                    if (chain.tornTailBytes() > 0) {
                        out.println("  (the last " + chain.tornTailBytes() + " bytes are an entry whose write was cut off:"
                                + " ignored, and removed by the next entry)");
                    }
                    JsonNode previous = null;
                    for (ObjectNode e : chain.entries()) {
                        out.println("  " + summary(e, previous));
                        previous = e;
                    }
                }
                out.flush();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }
    }

    static void printIdentity(PrintWriter out, Found found) {
        if (found == null) {
            out.println("Unit: not known yet (no boot, self-test or record in this state directory)");
            return;
        }
        UnitIdentity id = found.identity();
        out.println("Unit " + id.uidHex() + (id.uidFromHostSerial() ? " (UID from the host serial)" : " (UID kept in the state directory)"));
        out.println("  identity     " + found.source());
        out.println("  uid2         " + id.uid2Hex());
        out.println("  board        " + (id.boardName().isEmpty() ? "unknown" : id.boardName() + " (" + id.boardFile() + ")"));
        out.println("  host serial  " + (id.hostSerial().isEmpty() ? "none" : id.hostSerial()));
        for (UnitIdentity.ChipIdentity c : id.chips()) {
            out.println(String.format("  %-12s %s on %s%s, device id 0x%06x%s", c.device(), c.chip(), c.bus(),
                    c.address().isEmpty() ? "" : " " + c.address(),
                    c.deviceId(), c.chipId().isEmpty() ? "" : ", chip id " + c.chipId()));
        }
    }

    /** One line for an entry: time, event, operator, firmware commit, then what the event says. */
    static String summary(JsonNode e, JsonNode previous) {
        String operator = e.path("operator").asText("");
        String commit = e.path("firmware").path("git_commit").asText("");
        String what = switch (e.path("event").asText("")) {
            case "selftest" -> selftestSummary(e.path("payload"));
            case "calibration" -> calibrationSummary(e, previous);
            case "note" -> e.path("payload").path("text").asText("");
            default -> abbreviate(e.path("payload").toString(), 80);
        };
        return String.format("%-24s %-12s %-14s %-9s %s", e.path("time").asText(""), e.path("event").asText(""),
                operator.isEmpty() ? "-" : operator, commit.isEmpty() ? "unknown" : commit.substring(0, Math.min(8, commit.length())),
                what);
    }

    private static String selftestSummary(JsonNode p) {
        JsonNode checks = p.path("checks");
        List<String> failed = new ArrayList<>();
        for (JsonNode c : checks) {
            if (!c.path("passed").asBoolean(false)) {
                failed.add(c.path("device").asText("") + " " + c.path("check").asText(""));
            }
        }
        boolean passed = p.path("passed").isBoolean() ? p.path("passed").asBoolean() : !checks.isEmpty() && failed.isEmpty();
        String counts = checks.size() == 0 ? "" : " (" + (checks.size() - failed.size()) + "/" + checks.size() + " checks passed"
                + (failed.isEmpty() ? "" : "; failed: " + abbreviate(String.join(", ", failed), 80)) + ")";
        return (passed ? "PASS" : "FAIL") + counts;
    }

    /** The kind the payload names, and the calibration slots whose values changed since the previous entry. */
    private static String calibrationSummary(JsonNode e, JsonNode previous) {
        JsonNode p = e.path("payload");
        String kind = p.path("kind").asText(p.path("kinds").isArray() ? p.path("kinds").toString() : "");
        String outcome = p.has("passed") ? (p.path("passed").asBoolean() ? " PASS" : " FAIL")
                : p.has("success") ? (p.path("success").asBoolean() ? " PASS" : " FAIL") : "";
        List<String> changed = new ArrayList<>();
        JsonNode now = e.path("calibration");
        JsonNode before = previous == null ? null : previous.path("calibration");
        for (String group : new String[] {"sensors", "board", "esc"}) {
            for (Iterator<Map.Entry<String, JsonNode>> it = now.path(group).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> slot = it.next();
                boolean differs = before == null ? "sensors".equals(group) && slot.getValue().path("DATE").asInt(0) != 0
                        : !slot.getValue().equals(before.path(group).path(slot.getKey()));
                if (differs) {
                    changed.add(slot.getKey());
                }
            }
        }
        return (kind.isEmpty() ? "calibration" : kind) + outcome
                + (changed.isEmpty() ? ", no stored value changed" : ", changed: " + String.join(" ", changed));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    // -----------------------------------------------------------------------------------------

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write one JSON document: the unit's identity, this firmware, every record entry and the "
                    + "hash chain's verification.", "To standard output unless --out is given."})
    static final class Export implements Callable<Integer> {
        @CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--out", paramLabel = "FILE", description = "Write the document to FILE (replaced whole) instead of standard output.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Path record = where.record();
                if (out != null && Files.exists(out) && Files.exists(record) && Files.isSameFile(out, record)) {
                    throw new IOException(out + ": that is the record itself; an export never overwrites it");
                }
                UnitRecords.Chain chain = chain(record);
                Found found = identity(where.state(), chain.entries(), false);
                ObjectNode doc = JsonNodeFactory.instance.objectNode();
                doc.put("schema", "hoverla-unit-export/1");
                doc.put("exported_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                if (found == null) {
                    doc.putNull("unit");
                } else {
                    doc.set("unit", UnitRecords.identityJson(found.identity()));
                }
                doc.put("identity_source", found == null ? "not known yet" : found.source());
                doc.set("firmware", UnitRecords.firmwareJson());
                ObjectNode rec = doc.putObject("record");
                rec.put("file", record.toString());
                rec.put("exists", Files.exists(record));
                rec.put("entries", chain.entries().size());
                ObjectNode verification = rec.putObject("chain");
                verification.put("verified", true);
                verification.put("last_sha256", chain.lastSha256());
                verification.put("method", "each line's sha256 covers its bytes before ,\"sha256\": and prev_sha256 links "
                        + "it to the line before; tamper-evident, not a signature (docs/unit-record.md)");
                ArrayNode entries = doc.putArray("entries");
                chain.entries().forEach(entries::add);
                String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
                if (out == null) {
                    spec.commandLine().getOut().print(text);
                    spec.commandLine().getOut().flush();
                } else {
                    writeWhole(out, text);
                    spec.commandLine().getErr().println("unit export: " + chain.entries().size() + " entries written to " + out);
                }
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }
    }

    private static void writeWhole(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(file + ": directory " + dir + " does not exist");
        }
        try {
            AtomicFiles.writeString(abs, text);
        } catch (AtomicFiles.SaveException e) {
            throw new IOException(file + ": cannot write the export: " + e.reason(), e);
        }
    }

    // -----------------------------------------------------------------------------------------

    @Command(name = "note", mixinStandardHelpOptions = true,
            description = {"Append a note to the record, signed off by an operator (a repair, an inspection):",
                    "  hoverla unit note --operator 'A. Tech' repair: replaced motor 3",
                    "The entry carries the identity, firmware, every parameter and the calibration, like the others."})
    static final class Note implements Callable<Integer> {
        @CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--operator", required = true, paramLabel = "NAME", description = "Who signs the entry off.")
        String operator;

        @Option(names = "--params", paramLabel = "FILE", description = "The parameter file (default: STATE_DIR/params.txt).")
        Path params;

        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The note.")
        List<String> words;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String text = String.join(" ", words).trim();
            if (operator.isBlank() || hasControl(operator)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--operator must be a name, not '" + operator + "'");
            }
            if (text.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the note is empty");
            }
            try {
                Path record = where.record();
                UnitRecords.Chain chain = chain(record);
                Found found = identity(where.state(), chain.entries(), true);
                ParamStore store = new ParamStore();
                new FlightParams(store);
                Path paramPath = params != null ? params : where.state().resolve("params.txt");
                for (String warning : new ParamFile(paramPath).load(store).warnings()) {
                    spec.commandLine().getErr().println("unit note: parameters: " + warning);
                }
                ObjectNode payload = JsonNodeFactory.instance.objectNode();
                payload.put("text", text);
                UnitRecords.append(record, UnitRecords.entry("note", found.identity(), store, operator, payload));
                spec.commandLine().getOut().println("Note added to " + record + " (entry " + (chain.entries().size() + 1) + ")");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }

        private static boolean hasControl(String s) {
            return s.chars().anyMatch(Character::isISOControl);
        }
    }

    private static int fail(CommandLine.Model.CommandSpec spec, Exception e) {
        String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof java.nio.file.NoSuchFileException n) {
            msg = n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "no such file");
        }
        spec.commandLine().getErr().println("unit " + spec.name() + ": " + VehicleMain.firstLine(msg));
        spec.commandLine().getErr().flush();
        return VehicleMain.EXIT_FAILURE;
    }
}
