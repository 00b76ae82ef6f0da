package org.hoverla.sim.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hoverla.core.param.Param;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.ParamType;
import org.hoverla.core.param.SetResult;
import org.hoverla.core.param.metadata.ParamMetadataJson;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamFile;
import org.hoverla.core.param.persist.ParamSchema;
import org.hoverla.core.param.persist.ParamText;
import org.hoverla.core.param.persist.QgcParamsFormat;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.storage.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./hoverla params}: reads and edits a parameter file offline (no vehicle running), and
 * converts to and from QGroundControl {@code .params} files. The parameter set is every flight
 * parameter ({@code new FlightParams(new ParamStore())}) with the simulated sensors' factory
 * calibration in the defaults, as the SITL boots ({@link SimDevices#applyFactoryCalibration}); the
 * file holds the values that differ from their defaults ({@link ParamFile}), written atomically.
 *
 * <p>Exit status: 0 ok, 2 bad input (unknown name, refused value, malformed number, missing
 * input file: one line, no stack trace), 1 I/O failure.
 */
@Command(name = "params", mixinStandardHelpOptions = true,
        description = {"Show and edit the parameter file offline, import and export QGroundControl .params files.",
                "Default file: ~/.hoverla/sitl-params.txt (the one the simulator uses)."},
        subcommands = {ParamsCommand.ListCommand.class, ParamsCommand.GetCommand.class, ParamsCommand.SetCommand.class,
                ParamsCommand.ImportCommand.class, ParamsCommand.ExportCommand.class, ParamsCommand.ResetCommand.class,
                ParamsCommand.MetadataCommand.class, ParamsCommand.MigrateCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:ok", "1:I/O failure", "2:bad input (unknown parameter, refused value, bad number, missing file)"})
public final class ParamsCommand implements Runnable {

    /** The parameter file of the simulator and of {@code ./hoverla params} unless {@code --file} says otherwise. */
    public static final Path DEFAULT_FILE = Path.of(System.getProperty("user.home"), ".hoverla", "sitl-params.txt");

    @Option(names = "--file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Parameter file (default: ~/.hoverla/sitl-params.txt).")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Path file() {
        return file != null ? file : DEFAULT_FILE;
    }

    /** Every flight parameter, with the defaults the SITL boots with (its sensors' factory calibration, its log mode). */
    static FlightParams sitlParams() {
        FlightParams params = new FlightParams(new ParamStore());
        SimDevices.applyFactoryCalibration(params);
        SimDevices.applyLogDefaults(params);
        return params;
    }

    /** The parameter set loaded from the file; load warnings go to stderr (never fatal). */
    static final class Loaded {
        final FlightParams params;
        final ParamFile file;
        final LoadResult result;

        /** An already loaded file (warnings already handled by the caller). */
        Loaded(Path path, FlightParams params, ParamFile file, LoadResult result) {
            this.params = params;
            this.file = file;
            this.result = result;
        }

        Loaded(Path path, PrintWriter err) {
            params = sitlParams();
            file = new ParamFile(path);
            result = file.load(params.store);
            for (String w : result.warnings()) {
                err.println("params: warning: " + w);
            }
        }

        ParamStore store() {
            return params.store;
        }

        Param require(CommandLine cl, String name) {
            Param p = params.store.find(name);
            if (p == null) {
                throw new CommandLine.ParameterException(cl, "unknown parameter " + name);
            }
            return p;
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        ParamsCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        Loaded load() {
            return new Loaded(parent.file(), err());
        }

        /** Saves, turning a terse NIO message (often just a path) into one readable line. */
        void save(Loaded l) throws IOException {
            try {
                l.file.save(l.store());
            } catch (IOException e) {
                throw new IOException("cannot save " + l.file.path() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
            }
        }

        CommandLine.ParameterException bad(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every parameter: name, value, default, unit, range, description ('*' = changed).")
    static final class ListCommand extends Sub {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Loaded l = load();
            ParamStore s = l.store();
            if (json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ArrayNode arr = mapper.createArrayNode();
                for (int i = 0; i < s.count(); i++) {
                    Param p = s.get(i);
                    ObjectNode o = arr.addObject();
                    o.put("name", p.name());
                    o.put("index", p.index());
                    o.put("type", p.type() == ParamType.INT ? "INT32" : "REAL32");
                    putNumber(o, "value", p.doubleValue(), p.type());
                    putNumber(o, "default", p.defaultValue(), p.type());
                    putNumber(o, "min", p.min(), p.type());
                    putNumber(o, "max", p.max(), p.type());
                    o.put("unit", p.unit());
                    o.put("description", p.description());
                    o.put("changed", !p.isDefault());
                    o.put("read_only", p.isReadOnly());
                }
                out().println(mapper.writeValueAsString(arr));
                return 0;
            }
            out().printf("%-17s %10s %10s  %-16s %-16s %s%n", "NAME", "VALUE", "DEFAULT", "UNIT", "RANGE", "DESCRIPTION");
            for (int i = 0; i < s.count(); i++) {
                Param p = s.get(i);
                out().printf("%-17s %10s %10s  %-16s %-16s %s%n", p.name() + (p.isDefault() ? "" : "*"),
                        ParamText.value(p), ParamText.format(p.defaultValue(), p.type()), p.unit(),
                        ParamText.range(p), p.description());
            }
            return 0;
        }

        private static void putNumber(ObjectNode o, String key, double v, ParamType t) {
            if (t == ParamType.INT) {
                o.put(key, (long) v);
            } else {
                o.put(key, v);
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of one parameter.")
    static final class GetCommand extends Sub {
        @Parameters(paramLabel = "NAME", description = "Parameter name, e.g. MPC_XY_P.")
        String name;

        @Override
        public Integer call() {
            Loaded l = load();
            out().println(ParamText.value(l.require(spec.commandLine(), name)));
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set one parameter (validated: range, integer, finite) and save the file atomically.")
    static final class SetCommand extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "Parameter name.")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE", description = "New value.")
        String value;

        @Override
        public Integer call() throws IOException {
            Loaded l = load();
            Param p = l.require(spec.commandLine(), name);
            double v;
            try {
                v = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw bad(name + ": '" + value + "' is not a number");
            }
            String old = ParamText.value(p);
            SetResult r = p.set(v);
            if (r != SetResult.OK) {
                throw bad(name + ": " + ParamText.reason(r, p, v));
            }
            save(l);
            out().println(name + " = " + ParamText.value(p) + " (was " + old + ")");
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Apply a QGroundControl .params file and save.",
                    "Unknown names and refused values are reported with their line numbers and skipped."})
    static final class ImportCommand extends Sub {
        @Parameters(paramLabel = "FILE.params", description = "QGroundControl parameter file.")
        Path source;

        @Option(names = "--strict", description = "Exit with status 2 if any line was not applied (the others still are).")
        boolean strict;

        @Override
        public Integer call() throws IOException {
            Loaded l = load();
            QgcParamsFormat.ImportResult r;
            try (Reader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                r = QgcParamsFormat.importInto(l.store(), in);
            } catch (NoSuchFileException e) {
                throw bad("no such file: " + source);
            }
            for (QgcParamsFormat.Problem pr : r.warnings()) {
                err().println("params import: " + source.getFileName() + " warning: " + pr);
            }
            for (QgcParamsFormat.Problem pr : r.problems()) {
                err().println("params import: " + source.getFileName() + " " + pr);
            }
            save(l);
            out().println("Imported " + source + ": " + r.applied() + " applied (" + r.changed() + " changed), "
                    + r.problems().size() + " not applied; saved " + l.file.path());
            return strict && !r.problems().isEmpty() ? HoverlaMain.EXIT_USAGE : 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every parameter to a QGroundControl .params file.")
    static final class ExportCommand extends Sub {
        @Parameters(paramLabel = "FILE.params", description = "File to write.")
        Path target;

        @Option(names = "--system-id", defaultValue = "1", description = "Vehicle id column (default: ${DEFAULT-VALUE}).")
        int systemId;

        @Option(names = "--component-id", defaultValue = "1", description = "Component id column (default: ${DEFAULT-VALUE}).")
        int componentId;

        @Override
        public Integer call() throws IOException {
            Loaded l = load();
            String version = ParamsCommand.class.getPackage().getImplementationVersion();
            String text = QgcParamsFormat.export(l.store(), systemId, componentId, version == null ? "dev" : version);
            AtomicFiles.writeString(target, text);
            out().println("Exported " + l.store().count() + " parameters to " + target);
            return 0;
        }
    }

    @Command(name = "metadata", mixinStandardHelpOptions = true,
            description = {"Print the parameter metadata JSON the vehicle serves to ground stations over MAVLink FTP",
                    "(COMPONENT_METADATA): name, type, default, range, unit, description, enum values, group."})
    static final class MetadataCommand extends Sub {
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path target;

        @Override
        public Integer call() throws IOException {
            // Metadata depends on the definitions only, never on the values in the file.
            byte[] json = ParamMetadataJson.generate(sitlParams().store);
            if (target == null) {
                out().print(new String(json, StandardCharsets.UTF_8));
                out().flush();
                return 0;
            }
            AtomicFiles.write(target, json);
            out().println("Wrote metadata of " + new FlightParams(new ParamStore()).store.count() + " parameters to "
                    + target);
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Put parameters back to their defaults (all, or the NAMEs given) and save.")
    static final class ResetCommand extends Sub {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Parameters to reset (default: all).")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Loaded l = load();
            if (names.isEmpty()) {
                l.store().resetToDefaults();
            } else {
                List<Param> ps = new ArrayList<>();
                for (String n : names) {
                    ps.add(l.require(spec.commandLine(), n));
                }
                for (Param p : ps) {
                    p.set(p.defaultValue());
                }
            }
            save(l);
            out().println((names.isEmpty() ? "All parameters" : String.join(", ", names)) + " reset to defaults; saved "
                    + l.file.path());
            return 0;
        }
    }

    /**
     * {@code params migrate}: carries a parameter file of an older schema to this build's
     * ({@link ParamSchema}) and prints the report, one line per change; {@code --report} only
     * prints what a load would change. A file of a newer schema (a downgrade) or a corrupt one is
     * never rewritten here.
     */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Rewrite the parameter file in this build's schema and print what changed, one line each:",
                    "old name and value -> new name and value (or removed), and why. --report writes nothing.",
                    "A file of a newer schema (written by a newer version) is reported, never rewritten."})
    static final class MigrateCommand extends Sub {
        @Option(names = "--report", description = "Only report what loading the file changes; write nothing.")
        boolean reportOnly;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Path path = parent.file();
            if (!Files.exists(path)) {
                throw bad("no parameter file at " + path);
            }
            FlightParams params = sitlParams();
            ParamFile pf = new ParamFile(path);
            LoadResult r = pf.load(params.store);
            List<String> other = new ArrayList<>();
            for (String w : r.warnings()) {
                // The migrated entries' own lines are in the report; everything else is shown too.
                boolean migrationLine = false;
                for (ParamSchema.Change c : r.changes()) {
                    // ParamFile writes a migrated entry's warning as "line N: why" (a removal:
                    // "line N: NAME: removed (why)").
                    if (w.equals("line " + c.line() + ": " + c.why())
                            || w.equals("line " + c.line() + ": " + c.oldName() + ": removed (" + c.why() + ")")) {
                        migrationLine = true;
                        break;
                    }
                }
                if (!migrationLine && !w.startsWith("parameter file schema ")) {
                    other.add(w);
                }
            }
            String refusal = null;
            if (r.source() != LoadResult.Source.FILE) {
                refusal = path.getFileName() + " is not usable (" + r.source().name().toLowerCase(java.util.Locale.ROOT)
                        + " used): not rewritten";
            } else if (r.fileSchema() > ParamSchema.CURRENT) {
                refusal = path.getFileName() + " is schema " + r.fileSchema() + ", newer than this build's "
                        + ParamSchema.CURRENT + ": not rewritten (load it with the version that wrote it)";
            }
            boolean write = !reportOnly && refusal == null && r.fileSchema() < ParamSchema.CURRENT;
            if (write) {
                save(new Loaded(path, params, pf, r));
            }
            if (json) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                o.put("file", path.toString());
                o.put("file_schema", r.fileSchema());
                o.put("schema", ParamSchema.CURRENT);
                ArrayNode changes = o.putArray("changes");
                r.changes().forEach(c -> changes.add(c.toJson()));
                ArrayNode warnings = o.putArray("warnings");
                other.forEach(warnings::add);
                o.put("written", write);
                if (refusal == null) {
                    o.putNull("refused");
                } else {
                    o.put("refused", refusal);
                }
                out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
            } else {
                out().println(path + ": schema " + r.fileSchema() + " (this build: " + ParamSchema.CURRENT + ")");
                for (String line : r.report()) {
                    out().println("  " + line);
                }
                for (String w : other) {
                    out().println("  warning: " + w);
                }
                out().println(r.changes().size() + " change" + (r.changes().size() == 1 ? "" : "s") + "; "
                        + (refusal != null ? refusal
                        : write ? "rewritten as schema " + ParamSchema.CURRENT + " (the old file is " + pf.backupPath().getFileName() + ")"
                        : reportOnly ? "nothing written (--report)"
                        : "already schema " + ParamSchema.CURRENT + ": nothing written"));
            }
            return refusal != null && !reportOnly ? 1 : 0;
        }
    }
}
